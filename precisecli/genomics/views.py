"""Documents for ``variants show`` and ``variants compare`` (keys: DESIGN.md §4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.genomics.alterations import case_alterations, case_samples
from precisecli.genomics.model import Alteration
from precisecli.genomics.record import genomics
from precisecli.genomics.table import CNA_COLUMNS, VARIANT_COLUMNS, read_table


def tmb_status(tmb: dict) -> dict[str, Any]:
    """'computed' / 'not computable' (with the reason) / 'no variants imported'; cases imported
    before the status was stored get it from per_mb and the note."""
    if not tmb:
        return {"tmb_status": "no variants imported", "tmb_reason": None}
    if "status" in tmb:
        return {"tmb_status": tmb["status"], "tmb_reason": tmb.get("reason")}
    if tmb.get("per_mb") is None:
        note = str(tmb.get("note") or "unknown reason")
        return {"tmb_status": "not computable", "tmb_reason": note.removeprefix("not computed: ")}
    return {"tmb_status": "computed", "tmb_reason": None}


def _sample_doc(info, sample: dict) -> dict[str, Any]:
    tmb = (sample.get("variants") or {}).get("tmb") or {}
    return {
        "sample_id": info.sample_id,
        "kind": info.kind,
        "site": info.site,
        "collected": info.collected,
        "build": info.build,
        "n_variants": info.n_variants,
        "tmb_per_mb": info.tmb_per_mb,
        "territory_mb": info.territory_mb,
        "tmb": tmb or None,
        **tmb_status(tmb),
        "cna": {
            k: v
            for k, v in (sample.get("cna") or {}).items()
            if k in ("format", "ploidy", "purity")
        }
        or None,
    }


def show_document(
    case_id: str, record: dict, case_dir: Path, sample_id: str | None, gene: str | None
) -> dict[str, Any]:
    from precisecli.errors import InputError

    samples = genomics(record).get("samples", {})
    if sample_id and sample_id not in samples:
        raise InputError(
            f"case {case_id} has no sample {sample_id}",
            hint=f"samples: {', '.join(sorted(samples)) or '(none)'}",
        )
    infos = [s for s in case_samples(record) if not sample_id or s.sample_id == sample_id]
    variants, copy_number = [], []
    for info in infos:
        sample = samples[info.sample_id]
        if sample.get("variants"):
            for row in read_table(case_dir / sample["variants"]["table"], VARIANT_COLUMNS):
                if gene and row["gene"] != gene:
                    continue
                variants.append(
                    {
                        "sample_id": info.sample_id,
                        **{k: row[k] for k in VARIANT_COLUMNS},
                    }
                )
        if sample.get("cna"):
            for row in read_table(case_dir / sample["cna"]["table"], CNA_COLUMNS):
                if gene and row["gene"] != gene:
                    continue
                copy_number.append({"sample_id": info.sample_id, **row})
    return {
        "case_id": case_id,
        "build": genomics(record).get("build"),
        "samples": [_sample_doc(i, samples[i.sample_id]) for i in infos],
        "variants": variants,
        "copy_number": copy_number,
    }


def _key(a: Alteration) -> tuple[str, str, str]:
    if a.kind == "mutation":
        detail = a.hgvsp or f"{a.chrom}:{a.pos}{a.ref}>{a.alt}"
        return (a.gene, "mutation", detail)
    return (a.gene, a.kind, a.kind)


def compare_document(case_id: str, record: dict, case_dir: Path, all_rows: bool) -> dict:
    """Alteration × sample matrix. An alteration is present in a sample when it was called there
    and not filtered (VAF floor, depth); ctDNA absence is 'not detected', not wild type."""
    infos = case_samples(record)
    biopsies = [s.sample_id for s in infos if s.kind == "biopsy"]
    plasma = sorted(
        (s for s in infos if s.kind == "ctdna"), key=lambda s: (s.collected or "", s.sample_id)
    )
    # (sample, gene) pairs a CN file assessed, neutral included: absence elsewhere is unknown.
    assessed: set[tuple[str, str]] = set()
    for s in infos:
        cna_meta = genomics(record)["samples"][s.sample_id].get("cna")
        if cna_meta:
            for row in read_table(case_dir / cna_meta["table"], CNA_COLUMNS):
                assessed.add((s.sample_id, str(row["gene"])))
    groups: dict[tuple[str, str, str], list[Alteration]] = {}
    for alt in case_alterations(case_dir, record):
        if alt.filtered_reason:
            continue
        groups.setdefault(_key(alt), []).append(alt)
    rows = []
    counts = {"truncal": 0, "shared": 0, "private": 0, "ctdna-only": 0, "chip": 0, "biopsy": 0}
    for key in sorted(groups):
        found = groups[key]
        first = found[0]
        in_biopsy = sorted({a.sample_id for a in found if a.sample_kind == "biopsy"})
        in_ctdna = sorted({a.sample_id for a in found if a.sample_kind == "ctdna"})
        chip = any(a.chip for a in found)
        if chip:
            category = "chip"
        elif not in_biopsy:
            category = "ctdna-only"
        elif len(biopsies) < 2:
            category = "biopsy"
        else:
            # CN calls can only be compared across biopsies that had a CN file.
            eligible = [b for b in biopsies if first.kind == "mutation" or (b, key[0]) in assessed]
            if len(eligible) < 2:
                category = "biopsy"  # only one focus was assessed for this gene
            elif len(in_biopsy) == len(eligible):
                category = "truncal"
            elif len(in_biopsy) >= 2:
                category = "shared"
            else:
                category = "private"
        counts[category] += 1
        oncogenic = any(a.oncogenic for a in found)
        if not all_rows and not (oncogenic or chip):
            continue
        by_sample = {a.sample_id: a for a in found}
        rows.append(
            {
                "gene": key[0],
                "kind": key[1],
                "alteration": first.alteration,
                "hgvsp": first.hgvsp,
                "oncogenic": oncogenic,
                "hotspot": any(a.hotspot for a in found),
                "chip": chip,
                "category": category,
                "biopsies": in_biopsy,
                "ctdna": in_ctdna,
                "vaf": {
                    s.sample_id: getattr(by_sample.get(s.sample_id), "vaf", None) for s in infos
                },
                "copy_number": {
                    sid: a.copy_number for sid, a in sorted(by_sample.items()) if a.copy_number
                },
            }
        )
    timeline = []
    for row in rows:
        if not row["ctdna"] or row["kind"] != "mutation":
            continue
        points = [
            {"sample_id": s.sample_id, "collected": s.collected, "vaf": row["vaf"][s.sample_id]}
            for s in plasma
        ]
        first_vaf, last_vaf = points[0]["vaf"], points[-1]["vaf"]
        if first_vaf is None and last_vaf is not None:
            pattern = "new"
        elif first_vaf is not None and last_vaf is None:
            pattern = "cleared"
        elif first_vaf is not None and last_vaf is not None:
            pattern = "persistent"
        else:
            pattern = "intermittent"
        timeline.append(
            {
                "gene": row["gene"],
                "alteration": row["alteration"],
                "points": points,
                "pattern": pattern,
                "vaf_change": None
                if first_vaf is None or last_vaf is None
                else round(last_vaf - first_vaf, 6),
            }
        )
    tissue = {
        (r["gene"], r["kind"], r["alteration"]) for r in rows if r["biopsies"] and not r["chip"]
    }
    blood = {
        (r["gene"], r["kind"], r["alteration"])
        for r in rows
        if r["ctdna"] and not r["chip"] and r["kind"] == "mutation"
    }
    tissue_mut = {k for k in tissue if k[1] == "mutation"}
    union = tissue_mut | blood
    return {
        "case_id": case_id,
        "samples": [
            {"sample_id": s.sample_id, "kind": s.kind, "site": s.site, "collected": s.collected}
            for s in infos
        ],
        "counts": counts,
        "alterations": rows,
        "concordance": {
            "scope": "oncogenic mutations, clonal-haematopoiesis genes excluded"
            if not all_rows
            else "all mutations, clonal-haematopoiesis genes excluded",
            "both": len(tissue_mut & blood),
            "tissue_only": len(tissue_mut - blood),
            "ctdna_only": len(blood - tissue_mut),
            "fraction": round(len(tissue_mut & blood) / len(union), 4) if union else None,
        }
        if plasma and biopsies
        else None,
        "ctdna_timeline": timeline,
    }
