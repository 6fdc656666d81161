"""Section 3: heterogeneity across foci and ctDNA (genomics' `variants compare` document)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import fmt, pct, section, table
from precisecli.report.labels import sample_label


def _matrix_rows(doc: dict[str, Any], ids: list[str]) -> list[list[str]]:
    rows = []
    for r in doc.get("alterations", []):
        cells = []
        for sid in ids:
            if r.get("kind") == "mutation":
                vaf = (r.get("vaf") or {}).get(sid)
                cells.append(pct(vaf) if vaf is not None else "·")
            else:
                cn = (r.get("copy_number") or {}).get(sid)
                present = sid in (r.get("biopsies") or []) or sid in (r.get("ctdna") or [])
                cells.append(f"CN {fmt(cn, 1)}" if cn is not None else ("+" if present else "·"))
        rows.append(
            [r.get("gene", "–"), r.get("alteration") or "–", *cells, r.get("category") or "–"]
        )
    return rows


def _facts(doc: dict[str, Any]) -> list[list[str]]:
    facts = []
    counts = doc.get("counts") or {}
    if counts:
        facts.append(
            ["Alterations by category (all)", ", ".join(f"{k} {v}" for k, v in counts.items())]
        )
    conc = doc.get("concordance")
    if conc:
        facts.append(
            [
                "Tissue–ctDNA concordance",
                f"{pct(conc.get('fraction'))} ({conc.get('both')} in both, "
                f"{conc.get('tissue_only')} tissue only, {conc.get('ctdna_only')} ctDNA only; "
                f"{conc.get('scope')})",
            ]
        )
    return facts


def _ctdna_table(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    dates = [p.get("collected") or p["sample_id"] for p in timeline[0]["points"]]
    return table(
        "ctDNA VAF over time",
        ["Gene", "Alteration", *dates, "Pattern"],
        "ll" + "r" * len(dates) + "l",
        [
            [
                t["gene"],
                t["alteration"],
                *[pct(p.get("vaf")) if p.get("vaf") is not None else "·" for p in t["points"]],
                t["pattern"],
            ]
            for t in timeline
        ],
    )


def build(case_dir: Path, record: dict[str, Any], samples: list[dict[str, Any]]) -> dict:
    """The comparison (truncal / shared / private / ctDNA-only), shown as a matrix."""
    het = section("heterogeneity", "Heterogeneity across foci and ctDNA")
    if not samples:
        het["missing"].append("No samples to compare.")
        return het
    doc = sources.comparison(case_dir, record)
    if doc is None:
        het["missing"].append(
            "The genomics comparison (truncal / shared / private) is not available."
        )
        return het
    ids = [s["sample_id"] for s in samples]
    rows = _matrix_rows(doc, ids)
    het["facts"] += _facts(doc)
    if rows:
        het["tables"].append(
            table(
                "Oncogenic alterations × sample (VAF for mutations, copy number for CNAs; "
                "· = not detected)",
                ["Gene", "Alteration", *ids, "Category"],
                "ll" + "r" * len(ids) + "l",
                rows,
                legend=["Samples: " + "; ".join(sample_label(s) for s in samples)],
            )
        )
    else:
        het["missing"].append("No oncogenic alterations to compare across samples.")
    timeline = doc.get("ctdna_timeline") or []
    if timeline:
        het["tables"].append(_ctdna_table(timeline))
    return het


def charts(case_dir: Path, record: dict[str, Any], kb) -> list[dict[str, Any]]:
    """The ctDNA VAF course as a chart (log scale, detection floor, CH drawn apart)."""
    from precisecli.report.sections.course import vaf_chart

    doc = sources.comparison(case_dir, record) if sources.samples(record) else None
    chart = vaf_chart(doc, kb) if doc else None
    return [chart] if chart else []
