#!/usr/bin/env python3
"""Dose-response fitting speed: curves per second for 10 000 bounded 3-parameter fits.

Usage:  .venv/bin/python benchmarks/bench_fit.py [--curves N]

The curves are synthetic (fixed seed): 8 doses (3-fold dilutions) × 3 replicate wells, LL3u
truth with random EC50, Hill and Einf plus Gaussian noise (SD 0.05). When the ``thunor`` package
is importable, thunor's own LL3u fit (``thunor.curve_fit.fit_drc(..., HillCurveLL3u,
null_rejection_threshold=None)``) runs on the same curves and both rates are printed. thunor is
GPL and not a project dependency: run this script with a throwaway environment that has thunor
installed and the project on PYTHONPATH, e.g.
    PYTHONPATH=. /tmp/thunor-venv/bin/python benchmarks/bench_fit.py
(precisecli.pdo.curves needs only numpy and scipy.)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_curves(n: int, seed: int = 20261124):
    import numpy as np

    from precisecli.pdo.curves import Curve

    rng = np.random.default_rng(seed)
    doses = 10.0 / 3.0 ** np.arange(8)  # µM
    d = np.repeat(doses, 3)
    u = np.log10(d)
    curves = []
    for i in range(n):
        u50 = rng.uniform(u.min() - 0.5, u.max() + 0.5)
        hill = rng.uniform(0.5, 3.0)
        einf = rng.uniform(0.0, 0.6)
        y = einf + (1 - einf) / (1 + 10 ** (hill * (u - u50))) + rng.normal(0, 0.05, u.size)
        curves.append(Curve(f"c{i}", tuple(d), tuple(y)))
    return curves


def bench_precise(curves) -> tuple[float, int]:
    from precisecli.pdo.curves import fit_curves

    t0 = time.perf_counter()
    results = fit_curves(curves, "ll3u")
    elapsed = time.perf_counter() - t0
    return elapsed, sum(r.converged for r in results)


def bench_thunor(curves) -> tuple[float, int] | None:
    try:
        import warnings

        import numpy as np
        from thunor.curve_fit import HillCurveLL3u, fit_drc
    except ImportError:
        return None
    data = [(np.asarray(c.doses_um) * 1e-6, np.asarray(c.viability)) for c in curves]
    fitted = 0
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for doses, y in data:
            fit = fit_drc(doses, y, fit_cls=HillCurveLL3u, null_rejection_threshold=None)
            fitted += fit is not None
    return time.perf_counter() - t0, fitted


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curves", type=int, default=10_000)
    args = parser.parse_args(argv)
    curves = make_curves(args.curves)
    n = len(curves)
    elapsed, ok = bench_precise(curves)
    rate = n / elapsed
    print(f"precise  LL3u: {n} curves in {elapsed:.2f} s = {rate:,.0f} curves/s ({ok} converged)")
    thunor = bench_thunor(curves)
    if thunor is None:
        print("thunor: not importable here (see the module docstring to run the comparison)")
        return 0
    t_elapsed, t_ok = thunor
    t_rate = n / t_elapsed
    print(
        f"thunor   LL3u: {n} curves in {t_elapsed:.2f} s = {t_rate:,.0f} curves/s ({t_ok} fitted)"
    )
    print(f"speed-up: {t_elapsed / elapsed:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
