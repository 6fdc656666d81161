"""Curve bootstrap CIs against an independent bootstrap: scipy curve_fit refits per resample.

Both resample the wells of each dose level with replacement (different random streams), so the
95 % percentile bounds agree up to Monte Carlo error (~0.01 AAC with 400 resamples).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.optimize import curve_fit

from precisecli.pdo.bootstrap import curve_draws, percentile_ci
from precisecli.pdo.curves import Curve, fit_curves


def ll3(u, h, c, m):
    return c + (1.0 - c) / (1.0 + 10.0 ** (h * (u - m)))


def test_aac_ci_matches_a_scipy_bootstrap():
    rng = np.random.default_rng(11)
    doses = np.repeat(10.0 / 3.0 ** np.arange(8), 3)
    u = np.log10(doses)
    y = ll3(u, 1.2, 0.15, -1.2) + rng.normal(0, 0.08, u.size)
    curve = Curve("x", tuple(doses), tuple(y))
    fits = {f.key: f for f in fit_curves([curve])}
    ours = percentile_ci(curve_draws([curve], fits, "ll3u", n_boot=400)["x"]["aac"])

    grid = np.linspace(u.min(), u.max(), 4001)
    lo = [0.1, 0.0, u.min() - 2]
    hi = [10.0, 1.0, u.max() + 2]
    ref_rng = np.random.default_rng(2024)
    levels = np.unique(u)
    aacs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(400):
            idx = np.concatenate(
                [ref_rng.choice(np.flatnonzero(u == lv), size=3, replace=True) for lv in levels]
            )
            p, _ = curve_fit(ll3, u[idx], y[idx], p0=[1.0, 0.2, -1.0], bounds=(lo, hi),
                             method="trf", maxfev=20000)  # fmt: skip
            f = ll3(grid, *p)
            area = np.sum((f[1:] + f[:-1]) / 2 * np.diff(grid))  # trapezoid on a fine grid
            aacs.append(1 - area / (u.max() - u.min()))
    ref = np.percentile(aacs, [2.5, 97.5])
    assert ours[0] == pytest.approx(ref[0], abs=0.02)
    assert ours[1] == pytest.approx(ref[1], abs=0.02)
    assert ours[0] < fits["x"].aac < ours[1]
