"""Organoid screen metrics for the report: DSS, bootstrap intervals, GR, ZIP/Loewe landscapes.

Reads only the stored `pdo rank` documents (record["pdo"]["screens"][i]["ranking"]); values a
screen cannot support are shown as "–" with the reason, never filled in.
"""

from __future__ import annotations

from typing import Any

from precisecli.pdo import metric_cells as cells
from precisecli.report.formatting import table


def _n(v, f: str = "{:.1f}") -> str:
    return cells.value(v, f, cells.REPORT)


def _ci(ci, f: str) -> str:
    return cells.interval(ci, f, cells.REPORT)


def metrics_table(sid: str, doc: dict[str, Any], only: set[str] | None = None) -> dict[str, Any]:
    """One screen's metrics table: every ranked regimen, or those in `only` (the body's)."""
    sm = doc.get("screen_metrics") or {}
    dss = sm.get("dss") or {}
    gr_ok = (sm.get("gr") or {}).get("available")
    cols = ["Rank", "Regimen", "DSS", "DSS 95 % CI", "IC50 95 % CI (µM)", "AAC 95 % CI"]
    cols += ["GR_AOC", "GRmax", "Effect"] if gr_ok else []
    cols += ["ZIP", "Loewe"]
    organoids = any(r.get("organoid_n") for r in doc.get("regimens", []))
    cols += ["Organoids regressing", "Regression median (IQR) %"] if organoids else []
    rows = []
    regs = sorted(doc.get("regimens", []), key=lambda r: (r.get("rank") or 1e9, r["regimen"]))
    for r in regs:
        if only is not None and r["regimen"] not in only:
            continue
        row = [
            str(r["rank"]),
            r["regimen"],
            _n(r.get("dss")),
            _ci(r.get("dss_ci95"), "{:.1f}"),
            _ci(r.get("ic50_ci95"), "{:.3g}"),
            _ci(r.get("aac_ci95"), "{:.2f}"),
        ]
        if gr_ok:
            row += [_n(r.get("gr_aoc"), "{:.2f}"), _n(r.get("grmax"), "{:.2f}")]
            row += [r.get("gr_effect") or "–"]
        row += [_n(r.get("zip"), "{:+.1f}"), _n(r.get("loewe"), "{:+.1f}")]
        if organoids:
            row += cells.organoid_cells(r, cells.REPORT)
        rows.append(row)
    legend = [
        f"DSS: {dss.get('variant', 'dss2').upper()}, activity threshold "
        f"{dss.get('threshold_pct', 10):g} % (Yadav 2014). Intervals: seeded bootstrap of wells "
        f"({doc.get('bootstrap', {}).get('resamples', '–')} resamples).",
        "ZIP/Loewe: mean delta over the dose matrix, percentage points; > 0 synergy "
        "(– for a single agent or a combination without a dose matrix).",
    ]
    if organoids:
        cut = next(
            (r["organoid_regressing_threshold_pct"] for r in regs
             if r.get("organoid_regressing_threshold_pct") is not None),
            None,
        )  # fmt: skip
        legend.append(
            "Organoids regressing: share of tracked organoids whose diameter fell by at least "
            + ("the knowledge base's threshold" if cut is None else f"{cut:g} %")
            + " at the reference dose."
        )
    if not gr_ok:
        legend.append(f"GR metrics not computable: {(sm.get('gr') or {}).get('reason')}")
    title = f"Screen {sid}: screen metrics" + ("" if only is None else " (regimens above)")
    return table(title, cols, "rl" + "r" * (len(cols) - 2), rows,
                 legend=legend)  # fmt: skip


def landscapes(sid: str, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The ZIP landscape table of every combination with a dose matrix."""
    return [
        _landscape(sid, m) for m in (doc.get("screen_metrics") or {}).get("synergy_matrices", [])
    ]


def _landscape(sid: str, m: dict[str, Any]) -> dict[str, Any]:
    cols = ["row dose µM \\ column dose µM"] + [f"{c:.3g}" for c in m["col_doses_um"]]
    rows = [
        [f"{r:.3g}"] + [f"{v:+.1f}" for v in m["zip_pct"][i]]
        for i, r in reversed(list(enumerate(m["row_doses_um"])))
    ]
    return table(
        f"Screen {sid}: {m['regimen']} ZIP synergy landscape (percentage points)",
        cols,
        "l" + "r" * (len(cols) - 1),
        rows,
        legend=[f"Heat map: pdo/{sid}/plots/synergy_{m['regimen']}_zip.svg (and _loewe.svg)."],
    )
