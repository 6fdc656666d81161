#!/usr/bin/env python3
"""Dose-response fitting speed, LL3 and LL4 side by side, and the Breeze screen rank time.

Usage:  .venv/bin/python benchmarks/bench_fit.py [--curves N] [--breeze]

The curves are synthetic (fixed seed): 8 doses (3-fold dilutions) × 3 replicate wells, LL4
truth with random EC50, Hill, Einf and top (top fixed at 1 for the LL3 set) plus Gaussian noise
(SD 0.05). On the same curves and in the same run it times, per model:
  * precise  — ``precisecli.pdo.curves.fit_curves`` (batched bounded LM; numba kernels when
               numba is importable, loaded before timing and used for these curves — a
               command uses them for a call of ``llsolver_numba.MIN_CURVES`` curves or more,
               e.g. a screen's bootstrap refits, where loading numba pays for itself);
  * numpy    — the same with PRECISE_NO_NUMBA=1 (the pure numpy path);
  * scipy    — a plain per-curve ``scipy.optimize.curve_fit`` loop (trf, the same bounds, one
               start from drc's heuristics as thunor does);
  * thunor   — thunor's own fit (``thunor.curve_fit.fit_drc(..., HillCurveLL3u | HillCurveLL4,
               null_rejection_threshold=None)``), when the package is importable.
thunor is GPL and not a project dependency: run this script with a throwaway environment that
has thunor installed and the project on PYTHONPATH, e.g.
    python3 -m venv /tmp/thunor-venv && /tmp/thunor-venv/bin/pip install thunor numba
    PYTHONPATH=. /tmp/thunor-venv/bin/python benchmarks/bench_fit.py --breeze
(precisecli.pdo.curves needs only numpy and scipy.)

``--breeze`` also loads the public Breeze demo screen (tests/data/pdo, 132 drugs × 5 doses ×
8 cell lines, 16 plates) into a temporary workspace with the project's own `precise` and times
`precise pdo rank --model ll3` and `--model ll4` end to end (process start to exit, best of 3).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

# Every figure is a process of its own: no command server (by default a burst of commands
# starts one, which would then run the measured commands; bench_startup_charts.py measures the
# default on purpose, in a row of its own).
os.environ["PRECISE_SERVER"] = "0"

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def make_curves(n: int, model: str = "ll3u", seed: int = 20261124):
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
        top = rng.uniform(0.85, 1.15) if model == "ll4" else 1.0
        y = einf + (top - einf) / (1 + 10 ** (hill * (u - u50))) + rng.normal(0, 0.05, u.size)
        curves.append(Curve(f"c{i}", tuple(d), tuple(y)))
    return curves


def bench_precise(curves, model, numba: bool = True) -> tuple[float, int]:
    """fit_curves on the curves, with the numba kernels (when importable) or numpy alone."""
    import scipy.optimize  # noqa: F401  (the fallback's import, as warm as thunor's and scipy's)

    from precisecli.pdo import llsolver_numba
    from precisecli.pdo.curves import fit_curves

    saved = os.environ.get("PRECISE_NO_NUMBA")
    saved_min = llsolver_numba.MIN_CURVES
    if not numba:
        os.environ["PRECISE_NO_NUMBA"] = "1"
    else:  # the compiled path for this job whatever its size (a command takes it from
        llsolver_numba.MIN_CURVES = 1  # MIN_CURVES curves on, where loading numba pays off)
    llsolver_numba.kernels.cache_clear()
    try:
        llsolver_numba.kernels()  # loading the compiled kernels is not fitting speed
        fit_curves(curves[:8], model)  # nor are imports and first-call costs
        t0 = time.perf_counter()
        results = fit_curves(curves, model)
        return time.perf_counter() - t0, sum(r.converged for r in results)
    finally:
        llsolver_numba.MIN_CURVES = saved_min
        if saved is None:
            os.environ.pop("PRECISE_NO_NUMBA", None)
        else:
            os.environ["PRECISE_NO_NUMBA"] = saved
        llsolver_numba.kernels.cache_clear()


def numba_start_up() -> str:
    """Cold (empty cache) and warm (cache present) cost of loading the kernels, each in a new
    process: what the first `pdo rank` on a machine and every later one pay."""
    code = (
        "import time; t = time.perf_counter(); from precisecli.pdo import llsolver_numba as m; "
        "k = m.kernels(); print(k is not None, time.perf_counter() - t)"
    )
    out = []
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PRECISE_NUMBA_CACHE=cache, PYTHONPATH=str(REPO))
        for label in ("cold (empty cache)", "warm (cached)"):
            proc = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            ok, seconds = proc.stdout.split()
            if ok != "True":
                return "numba kernels: not available (numba not importable or disabled)"
            out.append(f"{label} {float(seconds):.2f} s")
    return "numba kernels load, new process: " + ", ".join(out)


def bench_scipy(curves, model) -> tuple[float, int]:
    """One scipy.optimize.curve_fit call per curve, same model and bounds, drc-style start."""
    import numpy as np
    from scipy.optimize import curve_fit

    def ll4(u, h, c, m, d):
        return c + (d - c) / (1.0 + 10.0 ** (h * (u - m)))

    def ll3(u, h, c, m):
        return c + (1.0 - c) / (1.0 + 10.0 ** (h * (u - m)))

    f = ll4 if model == "ll4" else ll3
    data = [(np.log10(np.asarray(c.doses_um)), np.asarray(c.viability)) for c in curves]
    ok = 0
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for u, y in data:
            lo = [0.1, 0.0, u.min() - 2.0] + ([0.8] if model == "ll4" else [])
            hi = [10.0, 1.0, u.max() + 2.0] + ([1.2] if model == "ll4" else [])
            c0 = min(max(float(y.min()), 0.0), 1.0)
            p0 = [1.0, c0, float(np.median(u))] + ([1.0] if model == "ll4" else [])
            try:
                curve_fit(f, u, y, p0=p0, bounds=(lo, hi), method="trf", maxfev=10000)
                ok += 1
            except RuntimeError:
                pass
    return time.perf_counter() - t0, ok


def bench_thunor(curves, model) -> tuple[float, int] | None:
    try:
        import numpy as np
        from thunor.curve_fit import HillCurveLL3u, HillCurveLL4, fit_drc
    except ImportError:
        return None
    cls = HillCurveLL4 if model == "ll4" else HillCurveLL3u
    data = [(np.asarray(c.doses_um) * 1e-6, np.asarray(c.viability)) for c in curves]
    fitted = 0
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for doses, y in data:
            fit = fit_drc(doses, y, fit_cls=cls, null_rejection_threshold=None)
            fitted += fit is not None
    return time.perf_counter() - t0, fitted


def bench_breeze(repeats: int = 3) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """Best-of-N wall time and CPU time (user + sys) of `precise pdo rank` on the Breeze screen.

    The CPU time is what the wall time is on an idle machine; on a shared, overloaded one the
    wall time is longer (the 1-minute load average is printed with the figures)."""
    from breeze_case import breeze_case

    out = {}
    with breeze_case() as case:
        for model in ("ll3", "ll4"):
            times = []
            for _ in range(repeats):
                _, wall, cpu = case.timed("pdo", "rank", "BZ", "--model", model, "--json")
                times.append((wall, cpu))
            out[model] = (times[0], min(times))
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curves", type=int, default=3000)
    parser.add_argument("--breeze", action="store_true", help="also time the Breeze screen rank")
    parser.add_argument("--no-fit", action="store_true", help="skip the curve-fitting comparison")
    args = parser.parse_args(argv)
    n = args.curves
    if not args.no_fit:
        print(f"{n} curves per model, 8 doses x 3 replicates, same curves for every fitter")
        print(
            f"{'model':6} {'fitter':8} {'seconds':>8} {'curves/s':>10} {'ok':>6} {'precise is':>12}"
        )
    for model in ("ll3u", "ll4") if not args.no_fit else ():
        curves = make_curves(n, model)
        p_el, p_ok = bench_precise(curves, model)
        rows = [("precise", p_el, p_ok)]
        rows.append(("numpy", *bench_precise(curves, model, numba=False)))
        s_el, s_ok = bench_scipy(curves, model)
        rows.append(("scipy", s_el, s_ok))
        th = bench_thunor(curves, model)
        if th is not None:
            rows.append(("thunor", *th))
        for name, el, ok in rows:
            ratio = "" if name == "precise" else f"{el / p_el:.1f}x faster"
            print(f"{model:6} {name:8} {el:8.2f} {n / el:10,.0f} {ok:6d} {ratio:>12}")
        if th is None:
            print(f"{model:6} thunor: not importable here (see the module docstring)")
    if not args.no_fit:
        from precisecli.pdo import llsolver_numba

        path = "numba kernels" if llsolver_numba.kernels() else "numpy (numba unavailable)"
        print(f"precise ran with: {path}; 'numpy' is precise with PRECISE_NO_NUMBA=1")
        print(numba_start_up())
    if args.breeze:
        times = bench_breeze()
        load = os.getloadavg()[0]
        print(f"Breeze screen (132 drugs x 5 doses, 16 plates), `pdo rank` end to end; "
              f"load average {load:.1f} on {os.cpu_count()} cores")  # fmt: skip
        for model, ((w1, c1), (wb, cb)) in times.items():
            print(f"  --model {model}: first run {w1:.2f} s wall ({c1:.2f} s CPU), "
                  f"best of 3 {wb:.2f} s wall ({cb:.2f} s CPU; repeats skip unchanged "
                  "plots)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
