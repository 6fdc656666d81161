"""Chart data of the organoid section: ranking bars with CIs and dose–response small multiples.

Only the data: charts.py draws them. Curves are pdo's fitted model evaluated by pdo's own
``pdo.curves.predict`` (through sources.fitted_curves), never a re-implementation.
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


def _bar(kb, r: dict[str, Any], metric: str, given=None) -> dict[str, Any]:
    ci = r.get(CI_KEY[metric]) if metric in CI_KEY else None
    ci = ci or [None, None]
    return {
        "label": regimen_label(kb, r["regimen"]),
        "value": num(r.get(VALUE_KEY.get(metric, metric))),
        "lo": num(ci[0]),
        "hi": num(ci[1]),
        "sensitive": bool(r.get("sensitive")),
        "assessable": r.get("assessable") is not False,
        "given": bool(given and given.of(r["regimen"], r.get("drugs"))),
    }


def ranking_chart(
    sid: str, metric: str, regs: list[dict[str, Any]], kb, given=None, part: str = ""
) -> dict[str, Any]:
    with_ci = " with 95 % CI" if metric in CI_KEY else ""
    return {
        "id": f"rank-{sid}{part}",
        "kind": "ranking",
        "title": f"Screen {sid}: {metric} by regimen{with_ci}",
        "axis": AXIS.get(metric, metric),
        "ci": metric in CI_KEY,
        "bars": [_bar(kb, r, metric, given) for r in regs],
    }


def x_label(kb, regimen: str, drugs: list[str] | None) -> str:
    """Whose concentration is on x: pdo's dose axis is the first drug in the KB's order."""
    known = kb.regimen(regimen) if kb is not None else None
    drugs = list((known or {}).get("drugs") or drugs or [])
    if len(drugs) > 1:
        return f"{drugs[0]} (µM; with {' + '.join(drugs[1:])})"
    return f"{drugs[0]} (µM)" if drugs else "concentration (µM)"


def _curves(case_dir: Path, screen, ranking, kb, given=None) -> list[dict[str, Any]]:
    """Observed points (from wells.tsv) and the fitted curve sampled by pdo's own model."""
    fits = sources.screen_fits(case_dir, screen)
    points = sources.screen_points(case_dir, screen)
    order = {r["regimen"]: (r.get("rank") or 1e9) for r in ranking.get("regimens", [])}
    drugs = {r["regimen"]: r.get("drugs") for r in ranking.get("regimens", [])}
    todo = []
    for reg in sorted(set(points) | set(fits), key=lambda r: (order.get(r, 1e9), r)):
        pts = sorted(points.get(reg, []))
        fit = fits.get(reg) or {}
        if not pts and not fit:
            continue
        lo = pts[0][0] if pts else fit.get("min_dose_um")
        hi = pts[-1][0] if pts else fit.get("max_dose_um")
        xs: list[float] = []
        if lo and hi and hi > lo:
            last = CURVE_POINTS - 1
            xs = [lo * (hi / lo) ** (i / last) for i in range(CURVE_POINTS)]
        todo.append((reg, pts, fit, xs))
    # all curves of the screen in one call (one cache entry, see sources.fitted_curves)
    sampled = sources.fitted_curves([(fit, xs) for _, _, fit, xs in todo if xs])
    ys_of = iter(sampled)
    out = []
    for reg, pts, fit, xs in todo:
        curve: list[list[float]] = []
        ys = next(ys_of) if xs else None
        if ys:
            curve = [[x, y] for x, y in zip(xs, ys, strict=True)]
        if not pts and not curve:
            continue
        out.append(
            {
                "regimen": regimen_label(kb, reg),
                "id": reg,
                "given": bool(given and given.of(reg, drugs.get(reg))),
                "x_label": x_label(kb, reg, drugs.get(reg)),
                "points": pts,
                "curve": curve,
                "ic50_um": num(fit.get("ic50_um")),
                "r2": num(fit.get("r2")),
            }
        )
    return out


PER_PAGE = 12  # 3 × 4 small multiples: one chart never taller than a page


def curves_charts(
    case_dir: Path, screen, ranking, kb, given=None, only: set[str] | None = None, part: str = ""
) -> list[dict[str, Any]]:
    """Dose–response small multiples of one screen in pages of PER_PAGE panels ([] if none);
    ``only``: the regimen ids to draw (default all)."""
    curves = [
        c for c in _curves(case_dir, screen, ranking, kb, given) if only is None or c["id"] in only
    ]
    sid = screen["screen_id"]
    pages = [curves[i : i + PER_PAGE] for i in range(0, len(curves), PER_PAGE)]
    out = []
    for k, page in enumerate(pages, 1):
        of = f" ({k} of {len(pages)})" if len(pages) > 1 else ""
        out.append(
            {
                "id": f"curves-{sid}{part}-{k}",
                "kind": "curves",
                "title": f"Screen {sid}: dose–response (viability %){of}",
                "curves": page,
            }
        )
    return out
