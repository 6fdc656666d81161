"""Bootstrap uncertainty of ranking metrics, with fixed seeds (same data → same numbers).

* Curve metrics (AAC, IC50): the wells of each dose level are resampled with replacement
  (a stratified bootstrap: the dose design is kept), every resample is refitted from the point
  estimate with the batched solver, and the 2.5th/97.5th percentiles are the 95 % CI.
* Reference-dose means (inhibition %, regression %): the replicate wells are resampled.

Near ties compare neighbours of a ranking directly: two regimens are a near tie when the 95 %
percentile interval of the difference of their bootstrap draws (better minus worse) reaches 0 —
the data cannot tell which is better.

Each series' random stream is seeded from its key (sha256), so results do not depend on the order
of regimens or on which other regimens the screen holds.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

N_BOOT = 200  # resamples per curve / per mean (issue 16: at least 200)
REFIT_ITER = 20  # LM steps per resample, warm-started from the point estimate (CIs stable by ~15)
SEED = "precise-pdo-bootstrap-v1"


def rng_for(key: str, purpose: str):
    import numpy as np

    digest = hashlib.sha256(f"{SEED}|{purpose}|{key}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def mean_draws(values: list[float], key: str, purpose: str, n_boot: int = N_BOOT):
    """Bootstrap draws of the mean of ``values`` (None with fewer than 2 values)."""
    import numpy as np

    v = np.asarray([x for x in values if x is not None and math.isfinite(x)], dtype=float)
    if v.size < 2:
        return None
    idx = rng_for(key, purpose).integers(0, v.size, size=(n_boot, v.size))
    return v[idx].mean(axis=1)


def percentile_ci(draws) -> list[float] | None:
    import numpy as np

    if draws is None:
        return None
    d = np.asarray(draws, dtype=float)
    d = d[~np.isnan(d)]
    if d.size == 0:
        return None
    lo, hi = np.percentile(d, [2.5, 97.5], method="inverted_cdf")
    return [float(lo), float(hi)]


def is_near_tie(better, worse, higher_is_better: bool = True) -> bool | None:
    """True when the 95 % interval of (better − worse) reaches zero; None without draws."""
    import numpy as np

    if better is None or worse is None:
        return None
    with np.errstate(invalid="ignore"):
        diff = np.asarray(better) - np.asarray(worse)
    if not higher_is_better:
        diff = -diff
    diff = diff[~np.isnan(diff)]
    if diff.size == 0:
        return None
    with np.errstate(invalid="ignore"):
        return bool(np.percentile(diff, 2.5, method="inverted_cdf") <= 0.0)


def resample_within_doses(u, rng, n_boot: int):
    """n_boot resamples of a curve's wells: indices drawn with replacement within each dose
    level, levels in increasing dose order (n_boot × wells)."""
    import numpy as np

    levels, inv = np.unique(u, return_inverse=True)
    idx = np.empty((n_boot, u.size), dtype=int)
    col = 0
    for lv in range(levels.size):
        members = np.flatnonzero(inv == lv)
        pick = rng.integers(0, members.size, size=(n_boot, members.size))
        idx[:, col : col + members.size] = members[pick]
        col += members.size
    return idx


def pack(blocks: list, n_boot: int):
    """Resampled curves of different lengths as one padded batch for the solver: u (log dose),
    y, w (1 = a real point, 0 = padding at the first dose) of shape (curves × n_boot, longest),
    and each row's tested log-dose range (umin, umax)."""
    import numpy as np

    nmax = max(b[0].shape[1] for b in blocks)
    total = len(blocks) * n_boot
    u = np.zeros((total, nmax))
    y = np.zeros((total, nmax))
    w = np.zeros((total, nmax))
    for j, (ub, yb) in enumerate(blocks):
        rows = slice(j * n_boot, (j + 1) * n_boot)
        n = ub.shape[1]
        u[rows, :n], y[rows, :n], w[rows, :n] = ub, yb, 1.0
        u[rows, n:] = ub[:, :1]
    umin = np.where(w > 0, u, np.inf).min(axis=1)
    umax = np.where(w > 0, u, -np.inf).max(axis=1)
    return u, y, w, umin, umax


def curve_draws(curves, fits: dict[str, Any], model: str, n_boot: int = N_BOOT, advance=None):
    """Per fitted curve key: {"aac": draws, "ic50_log": draws (inf = not reached in range),
    "params": the refitted parameters (n_boot × P), "umin"/"umax": the curve's log10 range}."""
    import numpy as np

    from precisecli.pdo.curves import prepare
    from precisecli.pdo.llsolver import aac_fitted, bounds, ic50_log10, refit_from

    blocks, keys, starts = [], [], []
    for c in curves:
        f = fits.get(c.key)
        if f is None or f.status != "ok":
            continue
        got = prepare(c, model)
        if not isinstance(got, tuple):
            continue
        u, y = got
        idx = resample_within_doses(u, rng_for(c.key, "curve"), n_boot)
        p0 = [f.hill, f.einf, math.log10(f.ec50_um)] + ([f.top] if model == "ll4" else [])
        blocks.append((u[idx], y[idx]))
        keys.append(c.key)
        starts.append(p0)
    out: dict[str, dict[str, Any]] = {}
    if not keys:
        return out
    u, y, w, umin, umax = pack(blocks, n_boot)
    lo, hi = bounds(umin, umax, model)
    p0 = np.repeat(np.asarray(starts, dtype=float), n_boot, axis=0)
    p, _ = refit_from(np.clip(p0, lo, hi), u, y, w, lo, hi, model, REFIT_ITER)
    top = p[:, 3] if model == "ll4" else 1.0
    with np.errstate(all="ignore"):
        aac = aac_fitted(p[:, 0], p[:, 1], p[:, 2], umin, umax, top)
        i50 = ic50_log10(p[:, 0], p[:, 1], p[:, 2], top)
    i50 = np.where(np.isnan(i50) | (i50 > umax), np.inf, i50)
    for j, key in enumerate(keys):
        rows = slice(j * n_boot, (j + 1) * n_boot)
        out[key] = {
            "aac": aac[rows],
            "ic50_log": i50[rows],
            "params": p[rows],
            "umin": float(umin[j * n_boot]),
            "umax": float(umax[j * n_boot]),
        }
    if advance is not None:
        advance(len(keys))
    return out


def ic50_ci_um(draws, min_dose_um: float, max_dose_um: float) -> list[float | None] | None:
    """95 % CI of the IC50 in µM; a bound beyond the tested range is null (not extrapolated)."""
    import numpy as np

    if draws is None:
        return None
    d = np.asarray(draws, dtype=float)
    lo, hi = np.percentile(d, [2.5, 97.5], method="inverted_cdf")
    u_lo, u_hi = math.log10(min_dose_um), math.log10(max_dose_um)

    def bound(x):
        return None if not math.isfinite(x) or x < u_lo or x > u_hi else float(10.0**x)

    return [bound(float(lo)), bound(float(hi))]
