"""``variants compare``: alteration × sample matrix, tissue categories, tissue–ctDNA
concordance and the ctDNA time pattern of each mutation (categories defined in docs/genomics.md).

Tissue categories: ``truncal`` (every assessed biopsy), ``shared`` (several biopsies but not all,
or one biopsy and plasma), ``private`` (one biopsy of several, never seen in plasma),
``biopsy`` (only one biopsy could be compared), ``ctdna-only``, ``chip``.

ctDNA time pattern, first vs last draw (plasma draws in date order): a draw *assayed* a
position when its assay covers the whole exome/genome (knowledge-base ``assays``) or when it
reports that position (a call, or a row below the VAF floor); otherwise it is *not assayed* —
absence from a panel's VCF says nothing. ``new`` (not detected in the first draw, detected in
the last), ``rising`` / ``falling`` (detected in both; VAF changed by at least the knowledge-base
fold change ``ctdna_trend.fold_change``), ``persistent`` (detected in both, less change),
``cleared`` (detected earlier, the last draw assayed the position and did not detect it),
``not assayed`` (the last draw did not assay it: nothing can be said).
"""

from __future__ import annotations

from pathlib import Path

from precisecli.genomics.alterations import case_alterations, case_samples
from precisecli.genomics.model import Alteration
from precisecli.genomics.record import genomics
from precisecli.genomics.table import CNA_COLUMNS, VARIANT_COLUMNS, read_table


def _key(a: Alteration) -> tuple[str, str, str]:
    if a.kind == "mutation":
        detail = a.hgvsp or f"{a.chrom}:{a.pos}{a.ref}>{a.alt}"
        return (a.gene, "mutation", detail)
    return (a.gene, a.kind, a.kind)


def _draw_coverage(record: dict, case_dir: Path, sample_id: str, whole: set[str]):
    """(covers everything: reason or None, positions the draw reports)."""
    variants = genomics(record)["samples"][sample_id].get("variants") or {}
    assay = variants.get("assay")
    if assay is None:  # imported before the assay was stored: read it from the TMB source
        source = str((variants.get("tmb") or {}).get("territory_source", ""))
        if source.startswith("knowledge base assay '"):
            assay = source.split("'")[1]
    if assay in whole:
        return f"assay {assay} covers the exome", set()
    positions: set[tuple[str, int]] = set()
    if variants.get("table"):
        for row in read_table(case_dir / variants["table"], VARIANT_COLUMNS):
            positions.add((str(row["chrom"]), int(row["pos"])))  # type: ignore[arg-type]
    return None, positions


def _pattern(points: list[dict], fold: float) -> tuple[str, str]:
    first, last = points[0], points[-1]
    if last["status"] == "not assayed":
        return "not assayed", f"the last draw ({last['sample_id']}) did not assay this position"
    if first["status"] == "detected" and last["status"] == "detected":
        a, b = first["vaf"], last["vaf"]
        if a and b and b >= a * fold:
            return "rising", f"VAF {a:.4g} -> {b:.4g}, at least {fold:g}-fold up"
        if a and b and b <= a / fold:
            return "falling", f"VAF {a:.4g} -> {b:.4g}, at least {fold:g}-fold down"
        return "persistent", f"VAF {a:.4g} -> {b:.4g}, within {fold:g}-fold"
    if last["status"] == "detected":
        return "new", "not detected in the first draw, detected in the last"
    return "cleared", "detected in an earlier draw; the last draw assayed it and did not detect it"


def _ch_method(record: dict) -> str:
    from precisecli.genomics.ch import GENE_LIST, WHITE_CELLS

    samples = genomics(record).get("samples", {})
    normal = any(v["kind"] == "normal" and v.get("variants") for v in samples.values())
    return WHITE_CELLS if normal else GENE_LIST


def compare_document(case_id: str, record: dict, case_dir: Path, all_rows: bool) -> dict:
    """Alteration × sample matrix. An alteration is present in a sample when it was called there
    and not filtered (VAF floor, depth); ctDNA absence is 'not detected', not wild type."""
    from precisecli.knowledge.kb import load_kb, setting

    kb = load_kb()
    fold = float(setting(kb, "ctdna_trend.fold_change", 2))
    whole = set(kb.data.get("assays") or {})
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
            elif len(in_biopsy) >= 2 or in_ctdna:
                category = "shared"  # several foci, or one focus and the blood
            else:
                category = "private"  # one focus of several, and never in plasma
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
                "ccf": {sid: a.ccf for sid, a in sorted(by_sample.items()) if a.ccf is not None},
                "ccf_ci95": {
                    sid: list(a.ccf_ci95) for sid, a in sorted(by_sample.items()) if a.ccf_ci95
                },
                "clonal": {
                    sid: a.clonal
                    for sid, a in sorted(by_sample.items())
                    if a.sample_kind == "biopsy" and a.kind == "mutation"
                },
                "chip_basis": next((a.chip_basis for a in found if a.chip_basis), None),
                "_position": (first.chrom, first.pos),
                "_key": key,
            }
        )
    coverage = {s.sample_id: _draw_coverage(record, case_dir, s.sample_id, whole) for s in plasma}
    from precisecli.genomics.ctdna_status import draw_statuses

    tfs = draw_statuses(case_dir, record, plasma, rows, groups, coverage, kb)
    timeline = []
    for row in rows:
        if not row["ctdna"] or row["kind"] != "mutation":
            continue
        points = []
        for s in plasma:
            vaf = row["vaf"][s.sample_id]
            whole_reason, positions = coverage[s.sample_id]
            if s.sample_id in row["ctdna"]:
                status, why = "detected", "called in this draw"
            elif whole_reason:
                status, why = "not detected", whole_reason
            elif row["_position"] in positions:
                status, why = "not detected", "the draw reports this position (below its floor)"
            else:
                status, why = "not assayed", None
            points.append(
                {
                    "sample_id": s.sample_id,
                    "collected": s.collected,
                    "vaf": vaf if status == "detected" else None,
                    "status": status,
                    "assayed_by": why,
                }
            )
        for point, draw in zip(points, row.get("draws") or [], strict=False):
            point["p_detect"] = draw["p_detect"]
            point["detection"] = draw["reason"] if point["status"] == "not detected" else None
        pattern, rule = _pattern(points, fold)
        last_draw = (row.get("draws") or [{}])[-1]
        if pattern == "cleared" and last_draw.get("status") == "below-detection-limit":
            pattern, rule = (
                "below detection limit",
                (
                    f"not called in the last draw ({last_draw['sample_id']}), which could not have "
                    f"seen it: {last_draw['reason']}"
                ),
            )
        elif pattern == "cleared" and last_draw.get("p_detect") is not None:
            rule += f"; {last_draw['reason']}"
        elif pattern == "cleared":
            rule += f"; {last_draw.get('reason') or 'detection probability unknown'}"
        first_vaf, last_vaf = points[0]["vaf"], points[-1]["vaf"]
        timeline.append(
            {
                "gene": row["gene"],
                "alteration": row["alteration"],
                "points": points,
                "pattern": pattern,
                "pattern_rule": rule,
                "vaf_change": None
                if first_vaf is None or last_vaf is None
                else round(last_vaf - first_vaf, 6),
            }
        )
    for row in rows:
        del row["_position"], row["_key"]
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
            {
                "sample_id": s.sample_id,
                "kind": s.kind,
                "site": s.site,
                "collected": s.collected,
                **(tfs[s.sample_id].as_dict() if s.sample_id in tfs else {}),
            }
            for s in infos
        ],
        "ch_method": _ch_method(record),
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
