"""Text view of the screen metrics of `pdo rank` (DSS, bootstrap intervals, GR, ZIP/Loewe)."""

from __future__ import annotations

from precisecli.cli.common import info, out_console
from precisecli.pdo import metric_cells as cells


def _n(v, fmt: str) -> str:
    return cells.value(v, fmt, cells.TERMINAL)


def _ci(ci, fmt: str) -> str:
    return cells.interval(ci, fmt, cells.TERMINAL)


def render_screen_metrics(doc: dict) -> None:
    from rich.table import Table

    sm = doc.get("screen_metrics") or {}
    gr_ok = (sm.get("gr") or {}).get("available")
    dss = sm.get("dss") or {}
    title = (
        f"{doc['screen']} screen metrics — {dss.get('variant', 'dss2').upper()} "
        f"(threshold {dss.get('threshold_pct', 10):g} %), bootstrap 95 % intervals"
    )
    table = Table(title=title)
    cols = ["rank", "regimen", "DSS", "DSS 95 % CI", "IC50 95 % CI µM", "AAC 95 % CI"]
    if gr_ok:
        cols += ["GR50 µM", "GR50 95 % CI", "GRmax", "GR_AOC", "effect"]
    cols += ["ZIP", "Loewe"]
    organoids = any(r.get("organoid_n") for r in doc["regimens"])
    cols += ["organoids ≥ thr.", "median (IQR) %"] if organoids else []
    for c in cols:
        table.add_column(c)
    for r in doc["regimens"]:
        row = [
            str(r["rank"]),
            r["regimen"],
            _n(r.get("dss"), "{:.1f}"),
            _ci(r.get("dss_ci95"), "{:.1f}"),
            _ci(r.get("ic50_ci95"), "{:.3g}"),
            _ci(r.get("aac_ci95"), "{:.2f}"),
        ]
        if gr_ok:
            row += [
                cells.bounded(r, "gr50", cells.TERMINAL),
                _ci(r.get("gr50_ci95"), "{:.3g}"),
                _n(r.get("grmax"), "{:.2f}"),
                _n(r.get("gr_aoc"), "{:.2f}"),
                r.get("gr_effect") or "—",
            ]
        row += [_n(r.get("zip"), "{:+.1f}"), _n(r.get("loewe"), "{:+.1f}")]
        if organoids:
            row += cells.organoid_cells(r, cells.TERMINAL)
        table.add_row(*row)
    out_console.print(table)
    if not gr_ok:
        info(f"GR metrics not computable: {(sm.get('gr') or {}).get('reason')}")
