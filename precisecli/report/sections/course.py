"""Chart data of the patient's course: RECIST spider and waterfall, ctDNA VAF, timeline.

Only data taken from the case (the response domain's evaluation and measurements, genomics'
ctDNA timeline, the lines and samples); charts_course draws them. RECIST thresholds are those
of RECIST 1.1 (PD at +20 % over the nadir, PR at −30 % from baseline; Eisenhauer 2009); the
ctDNA detection floor and the clonal-haematopoiesis genes come from the knowledge base.
"""

from __future__ import annotations

from datetime import date
from typing import Any

RECIST_THRESHOLDS = (20.0, -30.0)


def _days(a: str, b: str) -> int:
    return date.fromisoformat(b[:10]).toordinal() - date.fromisoformat(a[:10]).toordinal()


def _target_lesions(record: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    meas = ((record.get("treatment") or {}).get("measurements")) or []
    out: dict[str, list[tuple[str, float]]] = {}
    for m in meas:
        if m.get("category") == "target" and isinstance(m.get("diameter_mm"), int | float):
            key = f"{m.get('lesion_id')} {m.get('organ') or ''}".strip()
            out.setdefault(key, []).append((m["date"], float(m["diameter_mm"])))
    return {k: sorted(v) for k, v in sorted(out.items())}


def spider_chart(record: dict[str, Any], ev: dict[str, Any]) -> dict[str, Any] | None:
    tps = [t for t in ev.get("timepoints") or [] if t.get("change_from_baseline_pct") is not None]
    if len(tps) < 2:
        return None
    start = (ev.get("line") or {}).get("start") or tps[0]["date"]
    line = (ev.get("line") or {}).get("line")
    series = [
        {
            "label": "sum of target lesions",
            "sum": True,
            "points": [
                [round(_days(start, t["date"]) / 7, 2), float(t["change_from_baseline_pct"])]
                for t in tps
            ],
        }
    ]
    for name, pts in _target_lesions(record).items():
        base = pts[0][1]
        if base > 0 and len(pts) > 1:
            series.append(
                {
                    "label": name,
                    "sum": False,
                    "points": [
                        [round(_days(start, d) / 7, 2), round(100 * (v - base) / base, 1)]
                        for d, v in pts
                    ],
                }
            )
    return {
        "id": "spider",
        "kind": "spider",
        "title": "Target lesions: change from baseline per assessment (spider plot)",
        "x_label": f"weeks since the start of line {line}" if line else "weeks since start",
        "thresholds": list(RECIST_THRESHOLDS),
        "series": series,
    }


def waterfall_chart(record: dict[str, Any], ev: dict[str, Any]) -> dict[str, Any] | None:
    tps = [
        t
        for t in ev.get("timepoints") or []
        if t.get("role") != "baseline" and t.get("change_from_baseline_pct") is not None
    ]
    if not tps:
        return None
    bars = [
        {
            "label": "sum",
            "sum": True,
            "value": min(float(t["change_from_baseline_pct"]) for t in tps),
        }
    ]
    for name, pts in _target_lesions(record).items():
        base = pts[0][1]
        if base > 0 and len(pts) > 1:
            best = min(100 * (v - base) / base for _, v in pts[1:])
            bars.append({"label": name, "sum": False, "value": round(best, 1)})
    bars.sort(key=lambda b: -b["value"])
    return {
        "id": "waterfall",
        "kind": "waterfall",
        "title": "Best change from baseline per target lesion (waterfall)",
        "thresholds": list(RECIST_THRESHOLDS),
        "bars": bars,
    }


def vaf_chart(doc: dict[str, Any], kb) -> dict[str, Any] | None:
    timeline = doc.get("ctdna_timeline") or []
    if not timeline:
        return None
    floor, ch_genes = 0.002, set()
    if kb is not None:
        ct = (kb.data.get("thresholds") or {}).get("ctdna") or {}
        floor = float((ct.get("min_vaf") or {}).get("value") or floor)
        ch_genes = set((ct.get("clonal_hematopoiesis_genes") or {}).get("value") or [])
    chip = {
        (r.get("gene"), r.get("alteration"))
        for r in doc.get("alterations") or []
        if r.get("chip") or r.get("category") == "chip"
    }
    series = []
    for t in timeline:
        pts = [
            [p.get("collected") or "", p.get("vaf"), p.get("status") or ""]
            for p in t.get("points") or []
            if p.get("collected")
        ]
        if pts:
            series.append(
                {
                    "label": f"{t.get('gene')} {t.get('alteration')}",
                    "ch": t.get("gene") in ch_genes or (t.get("gene"), t.get("alteration")) in chip,
                    "points": pts,
                }
            )
    if not series:
        return None
    return {
        "id": "vaf",
        "kind": "vaf",
        "title": "ctDNA: variant allele fraction per draw (log scale)",
        "floor": floor,
        "series": series,
    }


def timeline_chart(
    timeline: list[dict[str, Any]],
    samples: list[dict[str, Any]],
    ev: dict[str, Any] | None,
    today: str,
) -> dict[str, Any] | None:
    lines = [
        {
            "label": f"L{t['line']} {t['regimen'] or ''}".strip(),
            "start": t["start"],
            "end": t["end"],
            "study": t["source"] == "study",
        }
        for t in timeline
        if t.get("start")
    ]
    events = [
        {"kind": "biopsy" if s.get("kind") == "biopsy" else "ctdna", "date": s["collected"]}
        for s in samples
        if s.get("collected") and s.get("kind") in ("biopsy", "ctdna")
    ]
    events += [
        {"kind": "recist", "date": t["date"]}
        for t in (ev or {}).get("timepoints") or []
        if t.get("date")
    ]
    if not lines and not events:
        return None
    dates = [d for ln in lines for d in (ln["start"], ln["end"]) if d]
    dates += [e["date"] for e in events]
    ongoing = any(ln["end"] is None for ln in lines)
    return {
        "id": "timeline",
        "kind": "timeline",
        "title": "Patient timeline: treatment lines, biopsies, ctDNA draws, RECIST assessments",
        "today": today if ongoing else max(dates),
        "ongoing": ongoing,
        "lines": lines,
        "events": sorted(events, key=lambda e: (e["date"], e["kind"])),
    }
