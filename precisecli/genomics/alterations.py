"""What genomics hands to grouping and the report: samples and their alterations, read from the
case record and the per-sample tables (model.py holds the types)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.genomics.model import Alteration, SampleInfo
from precisecli.genomics.record import genomics
from precisecli.genomics.table import CNA_COLUMNS, VARIANT_COLUMNS, read_table


def case_samples(record: dict[str, Any], include_normal: bool = False) -> list[SampleInfo]:
    """Every tumour sample of the case (and matched normals with include_normal), sorted by kind
    (biopsies first), date, then id."""
    out = []
    for sid, sample in genomics(record).get("samples", {}).items():
        if sample["kind"] == "normal" and not include_normal:
            continue
        variants = sample.get("variants") or {}
        tmb = variants.get("tmb") or {}
        out.append(
            SampleInfo(
                sample_id=sid,
                kind=sample["kind"],
                site=sample.get("site"),
                collected=sample.get("collected"),
                build=sample["build"],
                n_variants=int(variants.get("n_variants", 0)),
                tmb_per_mb=tmb.get("per_mb"),
                territory_mb=tmb.get("territory_mb"),
            )
        )
    order = {"biopsy": 0, "ctdna": 1, "normal": 2}
    return sorted(out, key=lambda s: (order[s.kind], s.collected or "", s.sample_id))


def _label(row: dict[str, Any]) -> str:
    if row["hgvsp"]:
        return str(row["hgvsp"]).removeprefix("p.")
    return f"{row['chrom']}:{row['pos']}{row['ref']}>{row['alt']}"


def case_alterations(case_dir: Path, record: dict[str, Any]) -> list[Alteration]:
    """All variants and all non-neutral gene-level copy-number calls of all samples, with their
    flags (oncogenic, hotspot, truncating, chip) and VAF as a fraction. Sorted deterministically.

    Tissue variants carry their CCF, multiplicity and clonal call (precisecli.genomics.ccf_case);
    plasma variants their CH call from the matched white cells or the gene list
    (precisecli.genomics.ch). Matched-normal samples contribute no alterations."""
    from precisecli.genomics.ccf_case import CaseCcf
    from precisecli.genomics.ch import ch_evidence
    from precisecli.knowledge.kb import load_kb

    kb = load_kb()
    ccfs = CaseCcf(case_dir, record, kb)
    ch = ch_evidence(case_dir, record, kb)
    out: list[Alteration] = []
    for info in case_samples(record):
        sample = genomics(record)["samples"][info.sample_id]
        common = {
            "sample_id": info.sample_id,
            "sample_kind": info.kind,
            "site": info.site,
            "collected": info.collected,
        }
        if sample.get("variants"):
            path = case_dir / sample["variants"]["table"]
            for row in read_table(path, VARIANT_COLUMNS):
                if not row["gene"]:
                    continue  # intergenic / unassigned: nothing a grouping rule could name
                extra: dict[str, Any] = {}
                if info.kind == "biopsy":
                    c = ccfs.of(info.sample_id, row)
                    here = ccfs.local(info.sample_id, row)
                    extra = {
                        "local_cn": here[0] if here else None,
                        "clonal": c.clonal,
                        "ccf": c.ccf,
                        "ccf_ci95": c.ccf_ci95,
                        "multiplicity": c.multiplicity,
                        "clonality_reason": c.reason,
                    }
                    chip = bool(row["chip"])
                else:
                    chip, basis = ch.call(row)
                    extra = {"chip_basis": basis}
                out.append(
                    Alteration(
                        **common,
                        gene=str(row["gene"]),
                        kind="mutation",
                        alteration=_label(row),
                        hgvsp=row["hgvsp"],
                        hgvsc=row["hgvsc"],
                        consequence=row["consequence"],
                        chrom=row["chrom"],
                        pos=row["pos"],
                        ref=row["ref"],
                        alt=row["alt"],
                        vaf=row["vaf"],
                        depth=row["depth"],
                        oncogenic=bool(row["oncogenic"]),
                        hotspot=bool(row["hotspot"]),
                        truncating=bool(row["truncating"]),
                        chip=chip,
                        filtered_reason=row["filtered_reason"],
                        **extra,
                    )
                )
        if sample.get("cna"):
            path = case_dir / sample["cna"]["table"]
            for row in read_table(path, CNA_COLUMNS):
                if row["call"] == "neutral":
                    continue
                out.append(
                    Alteration(
                        **common,
                        gene=str(row["gene"]),
                        kind=row["call"],
                        alteration=str(row["call"]),
                        chrom=row["chrom"],
                        pos=row["start"],
                        copy_number=row["copy_number"],
                        oncogenic=row["call"] in ("amplification", "deletion"),
                    )
                )
    return sorted(
        out, key=lambda a: (a.gene, a.kind, a.alteration, a.sample_id, a.pos or 0, a.alt or "")
    )
