"""Report section: clonality and ctDNA interpretation (issue 15) — purity/ploidy and tumour
fraction per sample with their source, CCF and clonal call of each oncogenic tissue mutation,
what each plasma draw could and could not have seen, and how clonal haematopoiesis was called.
Built from the `variants compare` document (sources.comparison) and the stored purity blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import fmt, pct, section, table

_STATUS = {
    "detected": "detected",
    "not-detected": "not detected",
    "below-detection-limit": "below detection limit",
    "not-assayed": "not assayed",
}


def _purity_facts(record: dict[str, Any], doc: dict[str, Any]) -> list[list[str]]:
    from precisecli.genomics.purity import resolved

    samples = (record.get("genomics") or {}).get("samples") or {}
    tf = {s["sample_id"]: s for s in doc.get("samples", [])}
    facts = []
    for sid in sorted(samples):
        sample = samples[sid]
        if sample["kind"] == "normal":
            continue
        block = resolved(sample)
        if sample["kind"] == "ctdna":
            d = tf.get(sid) or {}
            value = d.get("tumour_fraction")
            text = (
                f"{pct(value, 2)} ({d.get('tumour_fraction_source')})"
                if value is not None
                else f"unknown ({d.get('tumour_fraction_reason') or 'not given'})"
            )
            facts.append([f"Tumour fraction, {sid}", text])
        else:
            purity = block["purity"]
            text = (
                f"{fmt(purity, 2)} ({block['purity_source']})"
                if purity is not None
                else "unknown: CCF and clonality not computed"
            )
            if block["ploidy"] is not None:
                text += f"; ploidy {fmt(block['ploidy'], 2)} ({block['ploidy_source']})"
            facts.append([f"Purity, {sid}", text])
    facts.append(["Clonal haematopoiesis called from", str(doc.get("ch_method") or "gene list")])
    return facts


def build(case_dir: Path, record: dict[str, Any]) -> dict[str, Any]:
    sec = section("clonality", "Clonality and ctDNA interpretation")
    doc = sources.comparison(case_dir, record)
    if doc is None:
        sec["missing"].append("No genomic data: clonality and ctDNA were not assessed.")
        return sec
    sec["facts"] += _purity_facts(record, doc)
    ccf_rows, draw_rows = [], []
    for a in doc.get("alterations", []):
        if a.get("kind") != "mutation":
            continue
        for sid, clonal in sorted((a.get("clonal") or {}).items()):
            ccf = (a.get("ccf") or {}).get(sid)
            ci = (a.get("ccf_ci95") or {}).get(sid)
            word = {True: "clonal", False: "subclonal"}.get(clonal, "unknown")
            ci_text = f"{fmt(ci[0], 2)}–{fmt(ci[1], 2)}" if ci else "–"
            ccf_rows.append([a["gene"], a["alteration"], sid, fmt(ccf, 2), ci_text, word])
        for d in a.get("draws") or []:
            if d["status"] == "detected":
                continue
            p = "–" if d.get("p_detect") is None else fmt(d["p_detect"], 2)
            draw_rows.append([a["gene"], a["alteration"], d["sample_id"],
                              _STATUS[d["status"]], p])  # fmt: skip
    sec["tables"].append(
        table(
            "Cancer-cell fraction of oncogenic tissue mutations (McGranahan 2016: clonal when "
            "the 95 % interval reaches 1)",
            ["Gene", "Alteration", "Sample", "CCF", "95 % CI", "Call"],
            "lllrrl",
            ccf_rows,
            empty="No tissue mutation has a CCF (purity or copy number missing).",
        )
    )
    if any(s.get("kind") == "ctdna" for s in doc.get("samples", [])):
        sec["tables"].append(
            table(
                "Mutations not seen in a plasma draw: could the draw have seen them?",
                ["Gene", "Alteration", "Draw", "Status", "p(detect)"],
                "llllr",
                draw_rows,
                empty="Every mutation was detected in every draw that assayed it.",
                legend=[
                    "not detected: the draw would have called it with p(detect) at least the "
                    "knowledge-base minimum; below detection limit: it could not have."
                ],
            )
        )
    return sec
