"""Chart data of the organoid section: ranking bars with CIs and dose–response small multiples.

Only the data: charts.py draws them. Curves are pdo's fitted model evaluated by pdo's own
``pdo.curves.predict`` (through sources.fitted_curve), never a re-implementation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import num
from precisecli.report.labels import regimen_label

AXIS = {
    "inhibition": "inhibition (%)",
    "regression": "organoid regression (%)",
    "aac": "area above the curve (0–1)",
    "ic50": "IC50 (µM)",
}
# Where the `pdo rank` document (DESIGN §4) keeps each ranking metric and its 95 % CI; pdo gives
# no CI for AAC or IC50. A regimen without the metric is drawn as "not measured", never with
# another metric's value on this axis.
VALUE_KEY = {
    "inhibition": "inhibition_pct",
    "regression": "regression_pct",
    "aac": "aac",
    "ic50": "ic50_um",
}
CI_KEY = {"inhibition": "ci95", "regression": "regression_ci95"}
CURVE_POINTS = 60


def _bar(kb, r: dict[str, Any], metric: str) -> dict[str, Any]:
    ci = r.get(CI_KEY[metric]) if metric in CI_KEY else None
    ci = ci or [None, None]
    return {
        "label": regimen_label(kb, r["regimen"]),
        "value": num(r.get(VALUE_KEY.get(metric, metric))),
        "lo": num(ci[0]),
        "hi": num(ci[1]),
        "sensitive": bool(r.get("sensitive")),
        "assessable": r.get("assessable") is not False,
    }


def ranking_chart(sid: str, metric: str, regs: list[dict[str, Any]], kb) -> dict[str, Any]:
    with_ci = " with 95 % CI" if metric in CI_KEY else ""
    return {
        "id": f"rank-{sid}",
        "kind": "ranking",
        "title": f"Screen {sid}: {metric} by regimen{with_ci}",
        "axis": AXIS.get(metric, metric),
        "bars": [_bar(kb, r, metric) for r in regs],
    }


def _curves(case_dir: Path, screen, ranking, kb) -> list[dict[str, Any]]:
    """Observed points (from wells.tsv) and the fitted curve sampled by pdo's own model."""
    fits = sources.screen_fits(case_dir, screen)
    points = sources.screen_points(case_dir, screen)
    order = {r["regimen"]: (r.get("rank") or 1e9) for r in ranking.get("regimens", [])}
    out = []
    for reg in sorted(set(points) | set(fits), key=lambda r: (order.get(r, 1e9), r)):
        pts = sorted(points.get(reg, []))
        fit = fits.get(reg) or {}
        if not pts and not fit:
            continue
        lo = pts[0][0] if pts else fit.get("min_dose_um")
        hi = pts[-1][0] if pts else fit.get("max_dose_um")
        curve: list[list[float]] = []
        if lo and hi and hi > lo:
            last = CURVE_POINTS - 1
            xs = [lo * (hi / lo) ** (i / last) for i in range(CURVE_POINTS)]
            ys = sources.fitted_curve(fit, xs)
            if ys:
                curve = [[x, y] for x, y in zip(xs, ys, strict=True)]
        if not pts and not curve:
            continue
        out.append(
            {
                "regimen": regimen_label(kb, reg),
                "points": pts,
                "curve": curve,
                "ic50_um": num(fit.get("ic50_um")),
                "r2": num(fit.get("r2")),
            }
        )
    return out


def curves_chart(case_dir: Path, screen, ranking, kb) -> dict[str, Any] | None:
    """The dose–response small multiples of one screen, or None when nothing can be drawn."""
    curves = _curves(case_dir, screen, ranking, kb)
    if not curves:
        return None
    sid = screen["screen_id"]
    return {
        "id": f"curves-{sid}",
        "kind": "curves",
        "title": f"Screen {sid}: dose–response (viability %)",
        "curves": curves,
    }
