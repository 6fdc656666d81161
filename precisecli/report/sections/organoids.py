"""Section 5: organoid drug screen (pdo's plate QC and `pdo rank` document, per screen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import fmt, num, section, table
from precisecli.report.labels import regimen_label
from precisecli.report.sections import organoid_charts

RANKING_COLUMNS = (
    "Rank",
    "Regimen",
    "Inhib. %",
    "95 % CI",
    "AAC",
    "IC50 µM",
    "R²",
    "Regr. %",
    "Wells",
    "Sensitive",
    "Flags",
)


def _qc_table(sid: str, qc: list[dict[str, Any]]) -> dict[str, Any]:
    return table(
        f"Screen {sid}: plate QC",
        ["Plate", "Z′", "SSMD", "Vehicle CV", "Passed", "Flags"],
        "lrrrcl",
        [
            [
                q.get("plate_id", "–"),
                fmt(num(q.get("z_prime")), 2),
                fmt(num(q.get("ssmd")), 1),
                fmt(num(q.get("cv_vehicle_pct")), 1, " %"),
                "yes" if q.get("passed") else "NO",
                ", ".join(q.get("flags") or []) or "–",
            ]
            for q in sorted(qc, key=lambda q: str(q.get("plate_id")))
        ],
    )


def _ic50(r: dict[str, Any]) -> str:
    """IC50 inside the tested range, else "< lowest" / "> highest" tested dose."""

    def sig(v) -> str:  # 3 significant digits: a nanomolar IC50 never prints as 0.000
        x = num(v)
        return "–" if x is None else f"{x:.3g}"

    if r.get("ic50_um") is not None:
        return sig(r.get("ic50_um"))
    if r.get("ic50_qualifier") and r.get("ic50_bound_um") is not None:
        return f"{r['ic50_qualifier']} {sig(r['ic50_bound_um'])}"
    return "–"


def _ranking_row(kb, r: dict[str, Any]) -> list[str]:
    ci = r.get("ci95") or [None, None]
    flags = list(r.get("fit_flags") or [])
    if r.get("assessable") is False:
        flags.append("not assessable: " + (r.get("assessable_note") or "on organoids"))
    if r.get("near_tie"):
        flags.append("near tie")
    return [
        fmt(r.get("rank")),
        regimen_label(kb, r["regimen"]),
        fmt(num(r.get("inhibition_pct")), 1),
        f"{fmt(num(ci[0]), 1)} – {fmt(num(ci[1]), 1)}" if ci[0] is not None else "–",
        fmt(num(r.get("aac")), 2),
        _ic50(r),
        fmt(num(r.get("r2")), 2),
        fmt(num(r.get("regression_pct")), 1),
        fmt(r.get("n_wells")),
        {True: "yes", False: "no"}.get(r.get("sensitive"), "–"),
        ", ".join(flags) or "–",
    ]


def _screen(sec: dict[str, Any], case_dir: Path, screen: dict[str, Any], kb) -> dict | None:
    """Add one screen's tables and charts; its ranking summary, or None when not ranked."""
    sid = screen["screen_id"]
    qc = sources.screen_qc(case_dir, screen)
    if qc:
        sec["tables"].append(_qc_table(sid, qc))
    else:
        sec["missing"].append(f"Screen {sid}: no plate QC recorded (run `precise pdo qc`).")
    ranking = screen.get("ranking")
    if not ranking or not ranking.get("regimens"):
        sec["missing"].append(
            f"Screen {sid} ({screen.get('readout', 'viability')}): "
            "not ranked yet (run `precise pdo rank`)."
        )
        return None
    regs = sorted(ranking["regimens"], key=lambda r: (r.get("rank") or 1e9, r["regimen"]))
    metric = ranking.get("metric") or "inhibition"
    sec["tables"].append(
        table(
            f"Screen {sid}: regimen ranking (metric: {metric})",
            list(RANKING_COLUMNS),
            "rlrrrrrrrcl",
            [_ranking_row(kb, r) for r in regs],
        )
    )
    sec["charts"].append(organoid_charts.ranking_chart(sid, metric, regs, kb))
    curves = organoid_charts.curves_chart(case_dir, screen, ranking, kb)
    if curves:
        sec["charts"].append(curves)
    return {"screen_id": sid, "metric": metric, "regimens": regs}


def build(case_dir: Path, record: dict[str, Any], kb) -> tuple[dict, list[dict]]:
    """The section, and per ranked screen {screen_id, metric, regimens in rank order}."""
    sec = section("organoids", "Organoid drug screen")
    screens = sources.screens(record)
    if not screens:
        sec["missing"].append("No organoid screen was performed or loaded.")
        return sec, []
    ranked = []
    for screen in sorted(screens, key=lambda s: s["screen_id"]):
        summary = _screen(sec, case_dir, screen, kb)
        if summary is not None:
            ranked.append(summary)
    return sec, ranked
