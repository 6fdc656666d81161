"""The solver's hot loops compiled with numba, when numba is importable.

``llsolver.lm`` and ``llsolver.grid_starts`` call ``kernels()``; it returns None (use the numpy
code) when numba is not installed, when ``PRECISE_NO_NUMBA=1`` is set, or when compiling fails.
The kernels run the same algorithm curve by curve instead of on arrays of curves: the same grid,
the same projected Levenberg-Marquardt step, damping schedule and stopping rules
(tests/pdo/test_llsolver_numba.py checks IC50s against the numpy path to 1e-6). Two differences
are in rounding only: sums are accumulated in a plain loop, and the damped normal equations are
solved by Gaussian elimination with partial pivoting (a singular system falls back to the
diagonal step for that curve alone; the numpy path does so for its whole batch).

Compiled code is cached on disk in the user's cache folder (precisecli/jit.py: never next
to the sources; in memory only when that folder cannot be written). A cold compile costs a
few seconds once per machine (per numba version); later processes load the cache. Jobs too
small to repay loading numba use numpy (``MIN_CURVES``, ``expect``).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from precisecli import jit as jit_support

# A process loads the kernels only for a job of at least this many curves (``expect`` or one
# solver call that large): importing numba and loading the cached kernels costs ~1.5 s CPU,
# which the kernels repay (~0.09 ms saved per curve fitted) from ~17 000 curves on. A screen of
# a few thousand curves is fitted by numpy; bootstrap refits of a whole screen use numba.
MIN_CURVES = 20_000

LN10 = math.log(10.0)


# Kept under their old names (tests and callers use them).
cache_dir = jit_support.cache_dir
_writable = jit_support.writable
enabled = jit_support.enabled


def expect(n_curves: int) -> None:
    """Announce a job of n_curves fits: load the kernels now if it is large enough."""
    if n_curves >= MIN_CURVES:
        kernels()


@cache
def kernels():
    """(lm_batch, grid_batch) compiled, or None: use the numpy code."""
    jit = jit_support.compiler()
    if jit is None:
        return None
    try:
        global _sse1_jit
        _sse1_jit = jit(_sse1)
        lm_batch = jit(_lm_batch)
        grid_batch = jit(_grid_batch)
        _warm_up(lm_batch, grid_batch)  # compile (or load from the cache) now, failures here
    except Exception:  # numba present but unusable here: numpy does the work
        return None
    return lm_batch, grid_batch


def _warm_up(lm_batch, grid_batch) -> None:
    """Compile both kernels for both models with the argument types the solver passes."""
    hills, frac = np.array([0.5, 2.0]), np.linspace(0.0, 1.0, 3)
    u = np.array([[-2.0, -1.0, 0.0, 1.0]])
    y = np.array([[1.0, 0.9, 0.5, 0.1]])
    w = np.ones_like(u)
    for ll4 in (False, True):
        npar = 4 if ll4 else 3
        lo = np.array([[0.1, 0.0, -4.0, 0.8][:npar]])
        hi = np.array([[10.0, 1.0, 3.0, 1.2][:npar]])
        starts = grid_batch(u, y, w, lo, hi, ll4, hills, frac, 1)
        lm_batch(np.ascontiguousarray(starts[0]), u, y, w, lo, hi, ll4, 5)


# --- kernels (plain Python, compiled by numba; also runnable as Python for debugging) --------
def _sse1(q, u, y, w, ll4):
    h, c, u50 = q[0], q[1], q[2]
    d = q[3] if ll4 else 1.0
    total = 0.0
    for j in range(u.shape[0]):
        z = LN10 * h * (u[j] - u50)
        if z > 700.0:
            z = 700.0
        elif z < -700.0:
            z = -700.0
        f = c + (d - c) / (1.0 + math.exp(z))
        r = f - y[j]
        total += w[j] * r * r
    return total


_sse1_jit = _sse1  # replaced by its compiled version in kernels()


def _lm_batch(p, u, y, w, lo, hi, ll4, max_iter):
    """Projected Levenberg-Marquardt, curve by curve (llsolver.lm's algorithm)."""
    k, npar = p.shape
    n = u.shape[1]
    out = p.copy()
    done = np.zeros(k, dtype=np.bool_)
    cp = np.empty(npar)
    trial = np.empty(npar)
    stp = np.empty(npar)
    g = np.empty(npar)
    a = np.empty((npar, npar))
    m = np.empty((npar, npar + 1))
    jrow = np.empty(npar)
    free = np.empty(npar, dtype=np.bool_)
    ftol, xtol, gtol = 1e-8, 1e-8, 1e-10
    for i in range(k):
        for q in range(npar):
            cp[q] = p[i, q]
        lam = 1e-3
        cur = _sse1_jit(cp, u[i], y[i], w[i], ll4)
        finished = False
        for _ in range(max_iter):
            h, c, u50 = cp[0], cp[1], cp[2]
            d = cp[3] if ll4 else 1.0
            for q in range(npar):
                g[q] = 0.0
                for r in range(npar):
                    a[q, r] = 0.0
            for j in range(n):
                du = u[i, j] - u50
                z = LN10 * h * du
                if z > 700.0:
                    z = 700.0
                elif z < -700.0:
                    z = -700.0
                s = 1.0 / (1.0 + math.exp(z))
                amp = (d - c) * s * (1.0 - s) * LN10
                f = c + (d - c) * s
                wj = w[i, j]
                jrow[0] = -amp * du * wj
                jrow[1] = (1.0 - s) * wj
                jrow[2] = amp * h * wj
                if ll4:
                    jrow[3] = s * wj
                res = (f - y[i, j]) * wj
                for q in range(npar):
                    g[q] += jrow[q] * res
                    for r in range(npar):
                        a[q, r] += jrow[q] * jrow[r]
            bad = False
            for q in range(npar):
                pinned = (cp[q] <= lo[i, q] + 1e-12 and g[q] > 0) or (
                    cp[q] >= hi[i, q] - 1e-12 and g[q] < 0
                )
                free[q] = not pinned
            for q in range(npar):
                for r in range(npar):
                    if free[q] and free[r]:
                        v = a[q, r]
                        if q == r:
                            v += lam * (a[q, q] + 1e-12)
                    else:
                        v = 1.0 if q == r else 0.0
                    m[q, r] = v
                    if not math.isfinite(v):
                        bad = True
                rhs = -g[q] if free[q] else 0.0
                m[q, npar] = rhs
                if not math.isfinite(rhs):
                    bad = True
            if bad:
                for q in range(npar):
                    for r in range(npar):
                        m[q, r] = 1.0 if q == r else 0.0
                    m[q, npar] = 0.0
            # Gaussian elimination with partial pivoting on [M | rhs]
            singular = False
            for col in range(npar):
                piv = col
                best = abs(m[col, col])
                for r in range(col + 1, npar):
                    if abs(m[r, col]) > best:
                        best = abs(m[r, col])
                        piv = r
                if best == 0.0:
                    singular = True
                    break
                if piv != col:
                    for cc in range(npar + 1):
                        tmp = m[col, cc]
                        m[col, cc] = m[piv, cc]
                        m[piv, cc] = tmp
                for r in range(col + 1, npar):
                    factor = m[r, col] / m[col, col]
                    for cc in range(col, npar + 1):
                        m[r, cc] -= factor * m[col, cc]
            if singular:  # the numpy path's LinAlgError fallback: a diagonal step
                for q in range(npar):
                    dq = a[q, q] + lam * (a[q, q] + 1e-12) if free[q] else 1.0
                    rhs = -g[q] if free[q] else 0.0
                    trial[q] = cp[q] + rhs / max(dq, 1e-12)
            else:
                for q in range(npar - 1, -1, -1):
                    acc = m[q, npar]
                    for r in range(q + 1, npar):
                        acc -= m[q, r] * stp[r]
                    stp[q] = acc / m[q, q]
                for q in range(npar):
                    trial[q] = cp[q] + stp[q]
            moved = 0.0
            for q in range(npar):
                t = trial[q]
                if t < lo[i, q]:
                    t = lo[i, q]
                if t > hi[i, q]:
                    t = hi[i, q]
                trial[q] = t
            new = _sse1_jit(trial, u[i], y[i], w[i], ll4)
            better = new < cur
            gain = cur - new
            for q in range(npar):
                dq = abs(trial[q] - cp[q])
                if dq > moved or dq != dq:
                    moved = dq
            if better:
                for q in range(npar):
                    cp[q] = trial[q]
            scale = 0.0
            for q in range(npar):
                if abs(cp[q]) > scale or cp[q] != cp[q]:
                    scale = abs(cp[q])
            scale += 1.0
            small = better and (gain <= ftol * cur or moved <= xtol * scale)
            if better:
                cur = new
            lam = max(lam / 3.0, 1e-12) if better else lam * 4.0
            pgmax = 0.0
            for q in range(npar):
                if free[q] and abs(g[q]) > pgmax:
                    pgmax = abs(g[q])
            stationary = pgmax <= gtol * (1.0 + cur)
            stuck = lam > 1e10
            if small or stationary or stuck or bad:
                for q in range(npar):
                    out[i, q] = cp[q]
                done[i] = (not bad) or stationary
                finished = True
                break
        if not finished:
            for q in range(npar):
                out[i, q] = cp[q]
    return out, done


def _grid_batch(u, y, w, lo, hi, ll4, hills, frac, n_starts):
    """llsolver.grid_starts curve by curve: for each Hill value the best u50 of the grid
    (c, d in closed form), then the n_starts best of those. Returns n_starts × K × P."""
    k, n = u.shape
    npar = 4 if ll4 else 3
    nh = hills.shape[0]
    ng = frac.shape[0]
    starts = np.empty((n_starts, k, npar))
    cand = np.empty((nh, npar))
    cand_err = np.empty(nh)
    s = np.empty(n)
    for i in range(k):
        u_lo, u_hi = lo[i, 2], hi[i, 2]
        for hi_ in range(nh):
            hv = hills[hi_]
            best_err = np.inf
            best_g = 0
            best_c = 0.0
            best_d = 1.0
            first = True
            for gi in range(ng):
                u50 = u_lo + frac[gi] * (u_hi - u_lo)
                for j in range(n):
                    s[j] = 1.0 / (1.0 + math.exp((LN10 * hv) * (u[i, j] - u50)))
                if not ll4:
                    num = 0.0
                    den = 0.0
                    for j in range(n):
                        o = 1.0 - s[j]
                        num += w[i, j] * o * (y[i, j] - s[j])
                        den += w[i, j] * o * o
                    c = num / max(den, 1e-12)
                    c = min(max(c, 0.0), 1.0)
                    d = 1.0
                else:
                    a11 = a12 = a22 = b1 = b2 = 0.0
                    for j in range(n):
                        o = 1.0 - s[j]
                        wj = w[i, j]
                        a11 += wj * o * o
                        a12 += wj * o * s[j]
                        a22 += wj * s[j] * s[j]
                        b1 += wj * o * y[i, j]
                        b2 += wj * s[j] * y[i, j]
                    det = a11 * a22 - a12 * a12
                    if abs(det) < 1e-12:
                        det = 1e-12
                    c = min(max((a22 * b1 - a12 * b2) / det, 0.0), 1.0)
                    d = min(max((a11 * b2 - a12 * b1) / det, 0.8), 1.2)
                err = 0.0
                for j in range(n):
                    r = c + (d - c) * s[j] - y[i, j]
                    err += w[i, j] * r * r
                if not math.isfinite(err):
                    err = np.inf
                if first or err < best_err:
                    best_err, best_g, best_c, best_d = err, gi, c, d
                    first = False
            cand[hi_, 0] = hv
            cand[hi_, 1] = best_c
            cand[hi_, 2] = u_lo + frac[best_g] * (u_hi - u_lo)
            if ll4:
                cand[hi_, 3] = best_d
            cand_err[hi_] = best_err
        order = np.argsort(cand_err, kind="mergesort")
        for si in range(n_starts):
            for q in range(npar):
                v = cand[order[si], q]
                if not math.isfinite(v):
                    v = (lo[i, q] + hi[i, q]) / 2.0
                starts[si, i, q] = min(max(v, lo[i, q]), hi[i, q])
    return starts
