"""Section 2: genomic findings per sample (genomics' case_samples and case_alterations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import fmt, pct, section, table
from precisecli.report.labels import sample_label

SAMPLE_COLUMNS = (
    "Sample",
    "Type",
    "Biopsy site / time point",
    "Collected",
    "Build",
    "Variants",
    "TMB (mut/Mb)",
    "Territory (Mb)",
)
ALTERATION_COLUMNS = (
    "Gene",
    "Alteration",
    "Type",
    "Consequence",
    "VAF",
    "Depth",
    "CN",
    "Annotation",
)


def report_samples(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's samples in report order: biopsies first, then ctDNA by collection date."""
    return sorted(
        sources.samples(record),
        key=lambda s: (s.get("kind") != "biopsy", s.get("collected") or "", s["sample_id"]),
    )


def _notable(a: dict[str, Any]) -> bool:
    return bool(
        a.get("oncogenic")
        or a.get("hotspot")
        or a.get("chip")
        or a.get("kind") in ("amplification", "deletion")
    )


def _others(found: list, shown: list) -> str:
    n = len(found) - len(shown)
    if not n:
        return ""
    return (
        f"{n} further alteration(s) (variants not known to be oncogenic, single-copy gains and "
        "losses) are not listed; `precise variants show` lists them."
    )


def _samples_table(samples: list[dict[str, Any]]) -> dict[str, Any]:
    return table(
        "Samples",
        list(SAMPLE_COLUMNS),
        "llllllrr",
        [
            [
                s["sample_id"],
                s.get("kind") or "–",
                s.get("site") or ("ctDNA" if s.get("kind") == "ctdna" else "–"),
                s.get("collected") or "–",
                s.get("build") or "–",
                fmt(s.get("n_variants")),
                fmt(s.get("tmb_per_mb"), 1),
                fmt(s.get("territory_mb"), 1),
            ]
            for s in samples
        ],
    )


def _alteration_row(a: dict[str, Any]) -> list[str]:
    tags = [
        t
        for t, on in (
            ("hotspot", a.get("hotspot")),
            ("oncogenic", a.get("oncogenic")),
            ("CHIP", a.get("chip")),
            ("clonal", a.get("clonal")),
        )
        if on
    ]
    if a.get("filtered_reason"):
        tags.append(f"not counted: {a['filtered_reason']}")
    return [
        a.get("gene", "–"),
        a.get("alteration") or a.get("hgvsp") or "–",
        a.get("kind", "–"),
        a.get("consequence") or "–",
        pct(a.get("vaf")),
        fmt(a.get("depth")),
        fmt(a.get("copy_number"), 1),
        ", ".join(tags) or "–",
    ]


def _sample_table(s: dict[str, Any], found: list[dict[str, Any]]) -> dict[str, Any]:
    # The board reads what can drive a decision: oncogenic/hotspot/CHIP variants and every
    # copy-number call; the rest is counted (the full list is in `precise variants show`).
    shown = [a for a in found if _notable(a)]
    rows = [
        _alteration_row(a)
        for a in sorted(
            shown,
            key=lambda a: (not a.get("oncogenic"), a.get("gene", ""), a.get("alteration", "")),
        )
    ]
    title = f"{sample_label(s)}: alterations"
    if not rows:
        return table(
            title,
            ["Gene"],
            "l",
            [],
            empty="No oncogenic alteration or copy-number call. " + _others(found, shown),
        )
    out = table(title, list(ALTERATION_COLUMNS), "llllrrrl", rows, empty=_others(found, shown))
    if len(found) > len(shown):
        out["legend"] = [_others(found, shown)]
    return out


def build(case_dir: Path, record: dict[str, Any], samples: list[dict[str, Any]]) -> dict:
    sec = section("genomics", "Genomic findings per sample", samples=samples)
    if not samples:
        sec["missing"].append("No sequencing data were imported (no biopsy and no ctDNA samples).")
        return sec
    sec["tables"].append(_samples_table(samples))
    if not any(s.get("kind") == "biopsy" for s in samples):
        sec["missing"].append("No tissue biopsy samples.")
    if not any(s.get("kind") == "ctdna" for s in samples):
        sec["missing"].append("No ctDNA samples.")
    by_sample: dict[str, list[dict]] = {}
    for a in sources.alterations(case_dir, record):
        by_sample.setdefault(a["sample_id"], []).append(a)
    for s in samples:
        sec["tables"].append(_sample_table(s, by_sample.get(s["sample_id"], [])))
    return sec
