"""Bounded LL3u fits on thunor's breast-cancer viability table against an independent scipy fit.

The reference fit here is written from the model's definition (own residual function, scipy's
trust-region least squares from many starts) and shares no code with precisecli.pdo.curves.
AAC is checked against numerical integration (scipy.integrate.quad) of the reference curve.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import least_squares

from precisecli.pdo.curves import Curve, fit_curves
from tests.conftest import DATA

TABLE = DATA / "pdo-analysis" / "thunor_hts007_viability72h.csv"


def _curves() -> list[Curve]:
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with TABLE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            groups[f"{row['cell_line']}|{row['drug']}"].append(
                (float(row["dose_M"]) * 1e6, float(row["viability"]))
            )
    return [
        Curve(key, tuple(d for d, _ in pts), tuple(v for _, v in pts))
        for key, pts in sorted(groups.items())
    ]


def _reference_fit(u: np.ndarray, y: np.ndarray):
    """LL3u: y = c + (1 − c)/(1 + 10^(h(u − m))), h ∈ [0.1, 10], c ∈ [0, 1], m ∈ range ± 2."""

    def residual(p):
        h, c, m = p
        return c + (1.0 - c) / (1.0 + 10.0 ** (h * (u - m))) - y

    lo = [0.1, 0.0, u.min() - 2.0]
    hi = [10.0, 1.0, u.max() + 2.0]
    # Starts: for each Hill value of a dense (h, c, m) grid, its best (c, m) point, so the
    # reference finds the global minimum of noisy curves that have several local ones (a steep
    # step near one dose against a shallow decline).
    hs, cs, ms = np.meshgrid(
        np.logspace(-1, 1, 9), np.linspace(0, 1, 11), np.linspace(lo[2], hi[2], 93), indexing="ij"
    )
    grid = np.stack([hs.ravel(), cs.ravel(), ms.ravel()], axis=1)
    pred = grid[:, 1:2] + (1 - grid[:, 1:2]) / (1 + 10.0 ** (grid[:, 0:1] * (u - grid[:, 2:3])))
    sse = ((pred - y) ** 2).sum(axis=1)
    best = None
    per_hill = sse.reshape(9, -1).argmin(axis=1) + np.arange(9) * (sse.size // 9)
    for start in grid[per_hill]:
        fit = least_squares(residual, start, bounds=(lo, hi), xtol=1e-12, ftol=1e-12)
        if best is None or fit.cost < best.cost:
            best = fit
    return best


@pytest.fixture(scope="module")
def fitted():
    curves = _curves()
    return curves, fit_curves(curves, "ll3u")


def test_all_216_curves_are_reported(fitted):
    curves, results = fitted
    assert len(curves) == 216
    assert [r.key for r in results] == [c.key for c in curves]
    assert all(r.status in ("ok", "no-convergence", "too-few-points") for r in results)


@pytest.mark.slow
def test_ic50_and_aac_agree_with_an_independent_scipy_fit(fitted):
    curves, results = fitted
    compared = 0
    for curve, ours in zip(curves, results, strict=True):
        u = np.log10(np.asarray(curve.doses_um))
        y = np.asarray(curve.viability)
        ref = _reference_fit(u, y)
        h, c, m = ref.x
        # AAC of the reference curve by quadrature, normalised over the tested log-dose range
        area, _ = quad(
            lambda x, h=h, c=c, m=m: c + (1 - c) / (1 + 10 ** (h * (x - m))), u.min(), u.max()
        )
        ref_aac = 1.0 - area / (u.max() - u.min())
        assert ours.converged, curve.key
        assert abs(ours.aac - ref_aac) <= 0.02, (curve.key, ours.aac, ref_aac)
        ref_ic50 = m + math.log10(0.5 / (0.5 - c)) / h if c < 0.5 else None
        both_fit = (
            ref.success
            and ref_ic50 is not None
            and u.min() <= ref_ic50 <= u.max()
            and ours.ic50_um is not None
            and ours.ic50_flag == "in-range"
        )
        if both_fit:
            compared += 1
            assert abs(math.log10(ours.ic50_um) - ref_ic50) <= 0.1, (curve.key, ours.ic50_um)
    assert compared >= 100  # most of the table has an IC50 inside the tested range


def test_model_free_aac_is_the_normalised_trapezoid(fitted):
    curves, results = fitted
    curve, ours = curves[0], results[0]
    u = np.log10(np.asarray(curve.doses_um))
    y = np.asarray(curve.viability)
    levels = sorted(set(u.tolist()))
    means = [float(np.mean(y[u == lv])) for lv in levels]
    area = sum(
        (levels[i + 1] - levels[i]) * (means[i] + means[i + 1]) / 2 for i in range(len(levels) - 1)
    )
    assert ours.aac_obs == pytest.approx(1 - area / (levels[-1] - levels[0]), abs=1e-12)


def test_ll4_fits_a_known_curve_and_short_series_are_flagged():
    u = np.linspace(-3, 1, 8)
    truth = 0.1 + (0.95 - 0.1) / (1 + 10 ** (1.3 * (u + 1.0)))
    res = fit_curves(
        [
            Curve("exact", tuple(10**u), tuple(truth)),
            Curve("short", (0.1, 1.0), (0.9, 0.5)),
        ],
        "ll4",
    )
    exact, short = res
    assert exact.converged
    assert exact.top == pytest.approx(0.95, abs=1e-4)
    assert exact.einf == pytest.approx(0.1, abs=1e-4)
    assert exact.hill == pytest.approx(1.3, abs=1e-3)
    assert exact.ec50_um == pytest.approx(0.1, rel=1e-3)
    # absolute IC50 by hand: 0.5 = 0.1 + 0.85/(1 + (x/0.1)^1.3)
    assert exact.ic50_um == pytest.approx(0.1 * (0.85 / 0.4 - 1) ** (1 / 1.3), rel=1e-3)
    assert short.status == "too-few-points" and not short.converged
    assert short.hill is None
