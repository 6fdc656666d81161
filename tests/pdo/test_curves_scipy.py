"""LL3 (bounded, top 1) and LL4 fits, R² and residual SE checked against scipy's curve_fit.

The reference is ``scipy.optimize.curve_fit`` (trust-region reflective, the same bounds) run per
curve from a grid of starts, with its own model function written here; R² and the residual
standard error are recomputed by hand from scipy's parameters. Nothing is taken from
precisecli.pdo except the values under test.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy.optimize import curve_fit

from precisecli.pdo.curves import Curve, fit_curves


def ll4(u, h, c, m, d):
    return c + (d - c) / (1.0 + 10.0 ** (h * (u - m)))


def ll3(u, h, c, m):
    return ll4(u, h, c, m, 1.0)


def _curves(n: int, seed: int, model: str):
    rng = np.random.default_rng(seed)
    doses = 10.0 / 3.0 ** np.arange(8)
    d = np.repeat(doses, 3)
    u = np.log10(d)
    out = []
    for i in range(n):
        m = rng.uniform(u.min() - 0.5, u.max() + 0.5)
        top = rng.uniform(0.85, 1.15) if model == "ll4" else 1.0
        y = ll4(u, rng.uniform(0.5, 3), rng.uniform(0, 0.6), m, top)
        y = y + rng.normal(0, rng.uniform(0.02, 0.12), u.size)
        out.append(Curve(f"c{i}", tuple(d), tuple(y)))
    return out


def _scipy_best(u, y, model):
    lo = [0.1, 0.0, u.min() - 2.0] + ([0.8] if model == "ll4" else [])
    hi = [10.0, 1.0, u.max() + 2.0] + ([1.2] if model == "ll4" else [])
    f = ll4 if model == "ll4" else ll3
    best = None
    for h0 in (0.3, 1.0, 3.0):
        for m0 in np.linspace(lo[2] + 0.5, hi[2] - 0.5, 5):
            p0 = [h0, 0.2, m0] + ([1.0] if model == "ll4" else [])
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    popt, _ = curve_fit(f, u, y, p0=p0, bounds=(lo, hi), method="trf",
                                        maxfev=20000)  # fmt: skip
            except RuntimeError:
                continue
            sse = float(np.sum((f(u, *popt) - y) ** 2))
            if best is None or sse < best[1]:
                best = (popt, sse)
    return best


@pytest.mark.parametrize("model", ["ll3u", "ll4"])
def test_fits_match_scipy_curve_fit(model):
    curves = _curves(30, 20261130, model)
    ours = fit_curves(curves, model)
    npar = 3 if model == "ll3u" else 4
    compared = 0
    for curve, fit in zip(curves, ours, strict=True):
        u = np.log10(np.asarray(curve.doses_um))
        y = np.asarray(curve.viability)
        popt, sse = _scipy_best(u, y, model)
        assert fit.converged
        ours_sse = float(
            np.sum((ll4(u, fit.hill, fit.einf, math.log10(fit.ec50_um), fit.top) - y) ** 2)
        )
        # the batched solver finds a minimum at least as low as scipy's best start
        assert ours_sse <= sse * (1 + 1e-4) + 1e-10, (curve.key, ours_sse, sse)
        sst = float(np.sum((y - y.mean()) ** 2))
        assert fit.r2 == pytest.approx(1 - sse / sst, abs=2e-3)
        assert fit.rse == pytest.approx(math.sqrt(sse / (y.size - npar)), rel=2e-3)
        # same minimum → same parameters where they are identifiable: no bound hit and the
        # midpoint inside the tested range (outside it, Einf and the midpoint trade off)
        inside = u.min() <= popt[2] <= u.max()
        if inside and "at-bound" not in fit.flags and abs(ours_sse - sse) <= 1e-6 * (1 + sse):
            assert math.log10(fit.ec50_um) == pytest.approx(popt[2], abs=0.02)
            assert fit.einf == pytest.approx(popt[1], abs=0.02)
            compared += 1
    assert compared >= 10


def test_ic50_outside_the_range_is_a_bound_not_a_number():
    doses = tuple(10.0 / 3.0**k for k in range(6))  # 0.0412 … 10 µM
    u = np.log10(doses)
    potent = ll3(u, 1.5, 0.02, math.log10(0.001))  # IC50 far below the lowest dose
    weak = ll3(u, 1.5, 0.02, math.log10(1000.0))  # IC50 far above the highest dose
    plateau = ll3(u, 1.5, 0.7, math.log10(0.5))  # never reaches 50 %
    fits = fit_curves(
        [Curve("potent", doses, tuple(potent)), Curve("weak", doses, tuple(weak)),
         Curve("plateau", doses, tuple(plateau))], "ll3u")  # fmt: skip
    p, w, pl = fits
    assert (
        p.ic50_um is None
        and p.ic50_qualifier == "<"
        and p.ic50_bound_um == pytest.approx(doses[-1])
    )
    assert "ic50-below-range" in p.flags
    assert w.ic50_um is None and w.ic50_qualifier == ">" and w.ic50_bound_um == pytest.approx(10.0)
    assert "ic50-above-range" in w.flags
    assert pl.ic50_um is None and pl.ic50_qualifier == ">" and pl.ic50_flag == "not-reached"


def test_flat_curve_where_top_equals_einf_does_not_crash():
    """The Breeze crash: a fit with einf == top (1.0) divided by zero in ic50_log10."""
    from precisecli.pdo.llsolver import ic50_log10

    assert math.isnan(ic50_log10(1.0, 1.0, 0.0, 1.0))
    fits = fit_curves([Curve("flat", (0.1, 0.1, 1.0, 1.0, 10.0, 10.0), (1.0,) * 6)], "ll3u")
    assert fits[0].status == "ok" and fits[0].ic50_qualifier == ">" and fits[0].r2 is None
