"""Organoid-level heterogeneity of response: per organoid regression, per regimen its spread.

A well's mean regression (precisecli.pdo.regression) hides whether every organoid shrank a little
or a few shrank a lot. Diameter tables carry ``organoid_id``; an organoid measured on its well's
first (day 0) and last day gets its own regression 100·(D0 − Dt)/D0. Per regimen, at the dose
level the ranking used (its ``reference``), this module reports the number of organoids, the
fraction regressing by at least the knowledge base's ``screen_metrics.heterogeneity
.regressing_pct`` (30 %, by analogy with RECIST 1.1's partial response), the median and the
interquartile range (numpy's linear percentiles). Organoids seen on one day only are not counted
(their number is reported as ``organoid_untracked``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

ORGANOID_COLUMNS = (
    "plate_id",
    "well",
    "organoid_id",
    "day0",
    "day_t",
    "d0_um",
    "dt_um",
    "regression_pct",
)
DEFAULT_REGRESSING_PCT = 30.0


def organoid_rows(records) -> list[dict[str, Any]]:
    """One row per organoid measured on its well's first and last day (DiameterRecords)."""
    by_well: dict[tuple[str, str], dict[float, dict[str, float]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for r in records:
        by_well[(r.plate, r.well)][r.day][r.organoid_id] = r.diameter_um
    out = []
    for (plate, well), days in by_well.items():
        if len(days) < 2:
            continue
        first, last = min(days), max(days)
        for org in sorted(set(days[first]) & set(days[last]), key=_org_key):
            d0, dt = days[first][org], days[last][org]
            out.append(
                {
                    "plate_id": plate,
                    "well": well,
                    "organoid_id": org,
                    "day0": first,
                    "day_t": last,
                    "d0_um": d0,
                    "dt_um": dt,
                    "regression_pct": 100.0 * (d0 - dt) / d0,
                }
            )
    return out


def _org_key(organoid: str) -> tuple:
    return (0, int(organoid), "") if organoid.isdigit() else (1, 0, organoid)


def regressing_threshold(kb) -> float:
    from precisecli.knowledge.kb import setting

    return float(setting(kb, "screen_metrics.heterogeneity.regressing_pct", DEFAULT_REGRESSING_PCT))


def summarise(values: list[float], threshold: float) -> dict[str, Any]:
    import numpy as np

    v = np.asarray(values, dtype=float)
    q1, med, q3 = np.percentile(v, [25, 50, 75])
    return {
        "organoid_n": int(v.size),
        "organoid_regressing_fraction": float(np.mean(v >= threshold)),
        "organoid_regression_median": float(med),
        "organoid_regression_iqr": [float(q1), float(q3)],
    }


EMPTY = {
    "organoid_n": None,
    "organoid_regressing_fraction": None,
    "organoid_regression_median": None,
    "organoid_regression_iqr": None,
    "organoid_regressing_threshold_pct": None,
}


def add_to_rows(rows, regressions, organoids, kb) -> None:
    """Add the organoid-level fields to ranking rows in place (null + ``organoid_reason``)."""
    threshold = regressing_threshold(kb)
    if organoids is None:
        reason = (
            "no organoid diameters in this screen"
            if not regressions
            else "the diameters were loaded before organoid-level tables were stored: "
            "load them again with --replace"
        )
        for row in rows:
            row.update(EMPTY, organoid_reason=reason)
        return
    well_of = {(r.plate_id, r.well): r for r in regressions if r.role == "treatment"}
    per_well: dict[tuple[str, str], list[float]] = defaultdict(list)
    for o in organoids:
        if math.isfinite(o["regression_pct"]):
            per_well[(o["plate_id"], o["well"])].append(o["regression_pct"])
    for row in rows:
        level = tuple((row.get("reference") or {}).get("concs_um", {}).values())
        values, n_wells = [], 0
        for key, w in well_of.items():
            if w.regimen != row["regimen"] or not _same_level(w.concs_um, level):
                continue
            n_wells += 1
            values += per_well.get(key, [])
        if not values:
            row.update(EMPTY, organoid_reason="no tracked organoid at the reference dose")
            continue
        row.update(summarise(values, threshold))
        row["organoid_regressing_threshold_pct"] = threshold
        row["organoid_reason"] = None


def _same_level(a, b) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=1e-6) for x, y in zip(a, b, strict=True)
    )
