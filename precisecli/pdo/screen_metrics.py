"""Per-regimen screen metrics beyond inhibition/AAC/IC50: DSS, GR metrics, ZIP/Loewe synergy.

Every value a screen cannot support is ``None`` with a reason (``dss_reason``, ``gr_reason``,
``synergy_reason``), never invented:

* DSS (precisecli.pdo.dss) needs a fitted viability curve.
* GR (precisecli.pdo.gr) needs a day-0 read: wells with layout role ``day0`` (or a ``timepoint``
  column equal to 0) on the same plate, else on any plate of the screen (a day-0 plate). Reads are
  cell-count proxies: blank (medium-only) wells of a plate, when present, are subtracted first.
  GR per well uses that plate's vehicle mean and day-0 mean.
* ZIP/Loewe (precisecli.pdo.synergy_models) need a dose matrix: a two-drug combination tested at
  every pairing of at least 3 doses of each drug, with both drugs alone at each of those doses.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from precisecli.pdo.synergy import REL_TOL

NO_DAY0 = (
    "no day-0 (time-zero) read in this screen: GR needs the cell count when treatment started "
    "(layout role day0, or a timepoint column equal to 0)"
)


def _finite(x) -> bool:
    return x is not None and math.isfinite(x)


def _mean(values):
    return sum(values) / len(values) if values else None


def gr_inputs(wells) -> tuple[dict[str, tuple[list[float], list[float]]], str | None]:
    """Per regimen (doses µM, GR values) of its treated wells, or ({}, reason)."""
    from precisecli.pdo.gr import gr_value

    by_plate: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for w in wells:
        if _finite(w.raw) and not (w.excluded and w.role == "treatment"):
            by_plate[w.plate_id][w.role].append(w.raw)
    pooled_day0 = [v for roles in by_plate.values() for v in roles.get("day0", [])]
    if not pooled_day0:
        return {}, NO_DAY0
    out: dict[str, tuple[list[float], list[float]]] = {}
    missing_vehicle = set()
    for w in wells:
        if w.role != "treatment" or w.excluded or not _finite(w.raw) or not w.concs_um:
            continue
        roles = by_plate[w.plate_id]
        blank = _mean(roles.get("blank", [])) or 0.0
        day0 = roles.get("day0") or pooled_day0
        x0 = _mean(day0) - blank
        vehicle = _mean(roles.get("vehicle", []))
        if vehicle is None:
            missing_vehicle.add(w.plate_id)
            continue
        ctrl = vehicle - blank
        if not (x0 > 0 and ctrl > x0):
            continue  # no growth of the vehicle over the assay: GR is undefined on this plate
        doses, grs = out.setdefault(w.regimen, ([], []))
        doses.append(w.dose_um)
        grs.append(float(gr_value(w.raw - blank, ctrl, x0)))
    if not out:
        return {}, "the vehicle wells did not grow beyond the day-0 read: GR is undefined"
    return out, None


def gr_by_regimen(wells, kb) -> tuple[dict[str, dict[str, Any]], str | None]:
    """GR metrics per regimen (GRFit.as_dict + ``effect``), or ({}, screen-level reason)."""
    from precisecli.pdo.gr import effect_class, fit_gr

    inputs, reason = gr_inputs(wells)
    if reason:
        return {}, reason
    out = {}
    for regimen, (doses, grs) in sorted(inputs.items()):
        fit = fit_gr(doses, grs)
        if fit is None:
            out[regimen] = {"gr_reason": "fewer than 3 dose levels with a GR value"}
            continue
        d = fit.as_dict()
        d["effect"] = effect_class(fit.grmax, kb)
        d["gr_reason"] = None
        out[regimen] = d
    return out, None


def gr50_draws(inputs, gr: dict[str, dict[str, Any]], n_boot: int, rng_for):
    """Bootstrap draws of log10 GR50 (µM) per regimen with a sigmoid GR fit (wells resampled
    within each dose level, refitted from the point estimate in one batch)."""
    import numpy as np

    from precisecli.pdo.bootstrap import pack, resample_within_doses
    from precisecli.pdo.gr import gr50_from, gr_bounds
    from precisecli.pdo.llsolver import refit_from

    keys, blocks, starts = [], [], []
    for regimen, (doses, grs) in sorted(inputs.items()):
        g = gr.get(regimen) or {}
        if g.get("fit") != "sigmoid":
            continue
        u = np.log10(np.asarray(doses, dtype=float))
        y = np.asarray(grs, dtype=float)
        idx = resample_within_doses(u, rng_for(regimen, "gr"), n_boot)
        keys.append(regimen)
        blocks.append((u[idx], (y[idx] + 1.0) / 2.0))  # GR in [-1, 1] on the solver's 0-1 scale
        starts.append([g["hill"], (g["grinf"] + 1.0) / 2.0, math.log10(g["gec50_um"])])
    if not keys:
        return {}
    u, y, w, umin, umax = pack(blocks, n_boot)
    lo, hi = gr_bounds(umin, umax)
    p0 = np.repeat(np.asarray(starts, dtype=float), n_boot, axis=0)
    p, _ = refit_from(np.clip(p0, lo, hi), u, y, w, lo, hi, "ll3u", 30)
    lg = gr50_from(p[:, 0], 2.0 * p[:, 1] - 1.0, p[:, 2])
    return {k: lg[j * n_boot : (j + 1) * n_boot] for j, k in enumerate(keys)}


def gr_aoc_draws(inputs, n_boot: int, rng_for):
    """Bootstrap draws of GR_AOC per regimen (wells resampled within each dose level)."""
    import numpy as np

    out = {}
    for regimen, (doses, grs) in sorted(inputs.items()):
        u = np.log10(np.asarray(doses, dtype=float))
        y = np.asarray(grs, dtype=float)
        levels, inv = np.unique(u, return_inverse=True)
        if levels.size < 2:
            continue
        rng = rng_for(regimen, "gr_aoc")
        means = np.empty((n_boot, levels.size))
        for lv in range(levels.size):
            v = y[inv == lv]
            means[:, lv] = v[rng.integers(0, v.size, size=(n_boot, v.size))].mean(axis=1)
        area = np.sum(np.diff(levels) * ((1 - means[:, 1:]) + (1 - means[:, :-1])) / 2.0, axis=1)
        out[regimen] = area / (levels[-1] - levels[0])
    return out


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL)


def _single_mean(singles: list[tuple[float, float]], conc: float) -> float | None:
    return _mean([i for c, i in singles if _close(c, conc)])


def dose_matrices(wells) -> dict[str, tuple[Any, list[float], list[float]] | str]:
    """Per two-drug regimen: (matrix of % inhibition with zero row/column, row doses, col doses),
    or the reason it has no dose matrix."""
    singles: dict[str, list[tuple[float, float]]] = defaultdict(list)
    combos: dict[str, dict[tuple[float, float], list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    drugs_of: dict[str, tuple[str, ...]] = {}
    for w in wells:
        if w.role != "treatment" or w.excluded or not _finite(w.inhibition_pct) or not w.drugs:
            continue
        if len(w.drugs) == 1:
            singles[w.drugs[0]].append((w.concs_um[0], w.inhibition_pct))
        elif len(w.drugs) == 2 and all(_finite(c) for c in w.concs_um):
            drugs_of[w.regimen] = w.drugs
            combos[w.regimen][(w.concs_um[0], w.concs_um[1])].append(w.inhibition_pct)
    out: dict[str, Any] = {}
    for regimen, cells in sorted(combos.items()):
        a, b = drugs_of[regimen]
        rows = sorted({k[0] for k in cells})
        cols = sorted({k[1] for k in cells})
        if len(rows) < 3 or len(cols) < 3:
            out[regimen] = (
                "no dose matrix: the combination is not tested at 3 or more doses of each drug "
                "in every pairing (fixed-ratio or single-dose design)"
            )
            continue
        if len(cells) != len(rows) * len(cols):
            out[regimen] = "no dose matrix: some dose pairings of the combination are missing"
            continue
        row_single = [_single_mean(singles.get(a, []), c) for c in rows]
        col_single = [_single_mean(singles.get(b, []), c) for c in cols]
        if any(v is None for v in row_single + col_single):
            out[regimen] = (
                "no dose matrix: each drug alone is not on the plates at every dose of the matrix"
            )
            continue
        m = [[0.0] + col_single]
        for r, rs in zip(rows, row_single, strict=True):
            m.append([rs] + [_mean(cells[(r, c)]) for c in cols])
        out[regimen] = (m, [0.0] + rows, [0.0] + cols)
    return out


def synergy_by_regimen(wells) -> dict[str, dict[str, Any]]:
    """ZIP/Loewe per two-drug regimen: BlockSynergy.as_dict() + synergy_reason."""
    from precisecli.pdo.synergy_models import block_synergy

    out = {}
    for regimen, got in dose_matrices(wells).items():
        if isinstance(got, str):
            out[regimen] = {"zip": None, "loewe": None, "synergy_reason": got}
            continue
        try:
            res = block_synergy(*got).as_dict()
        except (ValueError, RuntimeError, FloatingPointError) as exc:
            out[regimen] = {"zip": None, "loewe": None, "synergy_reason": f"not computable: {exc}"}
            continue
        res["synergy_reason"] = None
        out[regimen] = res
    return out
