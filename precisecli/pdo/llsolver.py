"""Bounded log-logistic models and a least-squares solver that fits many curves at once.

Model (log10 form, u = log10 dose in µM, y = viability as a fraction of vehicle):

    f(u) = c + (d - c) / (1 + 10^(h (u - u50)))

``ll3u`` fixes the top d = 1 (thunor LL3u, GRmetrics LL.3u, PharmacoGx 3-parameter Hill);
``ll4`` frees d within [0.8, 1.2]. h > 0 means viability falls with dose (drc's sign).
Bounds: h in [0.1, 10], c (Einf) in [0, 1], u50 within two decades of the tested range.

Why a hand-written solver: scipy has no batched least-squares. A screen or a benchmark holds
thousands of small problems, and one Python-level scipy call per curve costs more than the
arithmetic. So every curve starts from the best points of a coarse grid (evaluated for all curves
in one array operation; the linear parameters c, d are solved in closed form there) and is refined
by a projected Levenberg-Marquardt iteration run on all unfinished curves at once (both models
share the same code; LL4 only adds a Jacobian column). Finished curves leave the working arrays,
so late iterations cost only what is still moving. A curve that has not converged after
``MAX_ITER`` steps gets up to ``STRAGGLER_ITER`` more; one still not converged is handed to
``scipy.optimize.least_squares`` (trust-region reflective, same bounds), and ``converged`` is what
scipy says about it.

Stopping rules follow scipy's least_squares: relative decrease of the sum of squares below
``FTOL``, step below ``XTOL`` relative to the parameters, or a projected gradient below ``GTOL``.
"""

from __future__ import annotations

import math

MODELS = ("ll3u", "ll4")
LN10 = math.log(10.0)
HILL_BOUNDS = (0.1, 10.0)
EINF_BOUNDS = (0.0, 1.0)
TOP_BOUNDS = (0.8, 1.2)
U50_MARGIN = 2.0  # decades beyond the tested range the midpoint may move
MAX_ITER = 200
STRAGGLER_ITER = 2000  # further steps for the few curves not done after MAX_ITER
N_STARTS = 4  # grid starts refined per curve: the best points of 4 of the 6 Hill values
FTOL = 1e-8  # scipy least_squares defaults
XTOL = 1e-8
GTOL = 1e-10
PHASE1_ITER = 8  # steps every start takes before the starts are pruned
# |Δh|, |Δc|, |Δu50|, |Δd| (a tuple: importing this module must not import numpy, which readers
# of the model algebra such as the report may not need; numpy compares against it as an array)
SAME_POINT = (0.25, 0.05, 0.1, 0.05)
PRUNE_REL = 0.05  # starts within 5 % of their curve's best sum of squares are refined further
PARAM_NAMES = ("hill", "einf", "ec50", "top")


def n_params(model: str) -> int:
    return 3 if model == "ll3u" else 4


# --- model algebra (numpy arrays; shared with plots and the report) -------------------------
def predict(u, hill, einf, u50, top=1.0):
    """Fitted viability at log10 dose u."""
    import numpy as np

    with np.errstate(over="ignore"):
        return einf + (top - einf) / (1.0 + np.power(10.0, hill * (u - u50)))


def ic50_log10(hill, einf, u50, top=1.0):
    """log10 of the dose where viability crosses 0.5; NaN where it never does.

    Works on scalars and arrays alike (scalars are promoted to numpy, so a flat curve with
    top == einf gives NaN, never a division error).
    """
    import numpy as np

    hill, einf, u50, top = (np.asarray(x, dtype=float) for x in (hill, einf, u50, top))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ok = (einf < 0.5) & (top > 0.5) & (hill > 0)
        s = np.where(ok, (0.5 - einf) / np.where(ok, top - einf, 1.0), 0.5)
        out = np.where(ok, u50 + np.log10(1.0 / s - 1.0) / np.where(ok, hill, 1.0), np.nan)
    return out if out.ndim else float(out)


def aac_fitted(hill, einf, u50, u_lo, u_hi, top=1.0):
    """Area over the fitted curve between u_lo and u_hi, divided by the range (closed form)."""
    import numpy as np

    def log10_1p10(x):
        return np.logaddexp(0.0, x * LN10) / LN10

    delta = u_hi - u_lo
    frac = 1.0 - (log10_1p10(hill * (u_hi - u50)) - log10_1p10(hill * (u_lo - u50))) / (
        hill * delta
    )
    auc = einf + (top - einf) * frac
    return 1.0 - auc


def aac_observed(u, y):
    """1 - normalised trapezoid area of the dose-averaged viability over log10 dose."""
    import numpy as np

    # Dose-level sums accumulated in point order, as np.bincount(inverse, weights=y) does
    # (a dict instead of np.unique: ~10 x faster for one curve's few points).
    sums: dict[float, float] = {}
    counts: dict[float, int] = {}
    for uu, yy in zip(u.tolist(), y.tolist(), strict=True):
        if uu in sums:
            sums[uu] += yy
            counts[uu] += 1
        else:
            sums[uu] = 0.0 + yy
            counts[uu] = 1
    if len(sums) < 2:
        return None
    order = sorted(sums)
    levels = np.array(order)
    means = np.array([sums[v] for v in order]) / np.array([counts[v] for v in order], dtype=float)
    area = np.sum(np.diff(levels) * (means[1:] + means[:-1]) / 2.0)
    return float(1.0 - area / (levels[-1] - levels[0]))


# --- batched solver ----------------------------------------------------------------------------
def _compiled(n_curves: int):
    """The numba kernels (llsolver_numba) for a call on n_curves curves, or None for numpy.
    Decided by the call alone, never by what this process loaded before: the two paths agree
    to ~1e-12, not to the last bit, and a result must not depend on the process's history
    (`precise demo`, a command server's preloaded kernels)."""
    from precisecli.pdo import llsolver_numba

    if n_curves >= llsolver_numba.MIN_CURVES:
        return llsolver_numba.kernels()
    return None


def bounds(umin, umax, model):
    """Lower and upper bounds, K × P, for curves whose tested log10 doses span [umin, umax]."""
    import numpy as np

    k = umin.shape[0]
    lo = [np.full(k, HILL_BOUNDS[0]), np.full(k, EINF_BOUNDS[0]), umin - U50_MARGIN]
    hi = [np.full(k, HILL_BOUNDS[1]), np.full(k, EINF_BOUNDS[1]), umax + U50_MARGIN]
    if model == "ll4":
        lo.append(np.full(k, TOP_BOUNDS[0]))
        hi.append(np.full(k, TOP_BOUNDS[1]))
    return np.column_stack(lo), np.column_stack(hi)


def _model_jac(p, u, model):
    """Values and Jacobian of the model for K curves × N points (parameters h, c, u50[, d])."""
    import numpy as np

    h, c, u50 = p[:, 0:1], p[:, 1:2], p[:, 2:3]
    d = p[:, 3:4] if model == "ll4" else 1.0
    du = u - u50
    z = np.clip(LN10 * h * du, -700, 700)
    s = 1.0 / (1.0 + np.exp(z))
    amp = (d - c) * s * (1.0 - s) * LN10
    f = c + (d - c) * s
    jac = np.empty(u.shape + (p.shape[1],))
    jac[:, :, 0] = -amp * du  # ∂f/∂h
    jac[:, :, 1] = 1.0 - s  # ∂f/∂c
    jac[:, :, 2] = amp * h  # ∂f/∂u50
    if model == "ll4":
        jac[:, :, 3] = s  # ∂f/∂d
    return f, jac


def sse(p, u, y, w, model):
    """Weighted sum of squared residuals per curve."""
    import numpy as np

    h, c, u50 = p[:, 0:1], p[:, 1:2], p[:, 2:3]
    d = p[:, 3:4] if model == "ll4" else 1.0
    z = np.clip(LN10 * h * (u - u50), -700, 700)
    f = c + (d - c) / (1.0 + np.exp(z))
    return np.sum(w * (f - y) ** 2, axis=1)


def grid_starts(u, y, w, lo, hi, model, n_starts=N_STARTS):
    """The ``n_starts`` best points of a (u50, h) grid per curve, one per Hill value tried.

    c (and d) are solved in closed form at every grid point. Several starts are kept because
    noisy, shallow curves have more than one local minimum (e.g. a steep drop below the range
    against a slow decline across it). Returns an array n_starts × K × P.
    """
    import numpy as np

    k = u.shape[0]
    # The u50 grid spans the whole allowed interval: shallow curves can have their optimum there.
    frac = np.linspace(0.0, 1.0, 17)
    hills = np.array([0.15, 0.4, 0.8, 1.5, 3.0, 6.0])
    compiled = _compiled(k)
    if compiled is not None:
        return compiled[1](u, y, w, lo, hi, model == "ll4", hills, frac, min(n_starts, hills.size))
    u_lo, u_hi = lo[:, 2], hi[:, 2]
    u50s = u_lo[:, None] + frac[None, :] * (u_hi - u_lo)[:, None]  # K × G
    cands, sses = [], []
    rows = np.arange(k)
    ww = w[:, None, :]
    yy = y[:, None, :]
    with np.errstate(over="ignore", invalid="ignore"):
        for hv in hills:
            s = 1.0 / (1.0 + np.exp((LN10 * hv) * (u[:, None, :] - u50s[:, :, None])))  # K×G×N
            one_s = 1.0 - s
            if model == "ll3u":
                # y - s = c (1 - s)  →  c = Σ(1-s)(y-s) / Σ(1-s)²
                c = np.sum(ww * one_s * (yy - s), axis=2) / np.maximum(
                    np.sum(ww * one_s**2, axis=2), 1e-12
                )
                c = np.clip(c, *EINF_BOUNDS)
                d = np.ones_like(c)
            else:
                # y = c (1 - s) + d s: 2×2 normal equations per grid point
                a11 = np.sum(ww * one_s**2, axis=2)
                a12 = np.sum(ww * one_s * s, axis=2)
                a22 = np.sum(ww * s**2, axis=2)
                b1 = np.sum(ww * one_s * yy, axis=2)
                b2 = np.sum(ww * s * yy, axis=2)
                det = a11 * a22 - a12**2
                det = np.where(np.abs(det) < 1e-12, 1e-12, det)
                c = np.clip((a22 * b1 - a12 * b2) / det, *EINF_BOUNDS)
                d = np.clip((a11 * b2 - a12 * b1) / det, *TOP_BOUNDS)
            f = c[:, :, None] + (d - c)[:, :, None] * s
            err = np.sum(ww * (f - yy) ** 2, axis=2)  # K×G
            err = np.where(np.isfinite(err), err, np.inf)
            j = np.argmin(err, axis=1)
            cand = [np.full(k, hv), c[rows, j], u50s[rows, j]]
            if model == "ll4":
                cand.append(d[rows, j])
            cands.append(np.stack(cand, axis=1))
            sses.append(err[rows, j])
    order = np.argsort(np.stack(sses, axis=0), axis=0, kind="stable")[:n_starts]  # S × K
    stacked = np.stack(cands, axis=0)  # H × K × P
    starts = stacked[order, rows[None, :]]
    starts = np.where(np.isfinite(starts), starts, (lo + hi)[None] / 2.0)
    return np.clip(starts, lo, hi)


def lm(p, u, y, w, lo, hi, model, max_iter=MAX_ITER):
    """Projected Levenberg-Marquardt on all curves at once. Returns params and a done mask."""
    import numpy as np

    compiled = _compiled(p.shape[0])
    if compiled is not None:
        return compiled[0](
            np.ascontiguousarray(p, dtype=float), u, y, w, lo, hi, model == "ll4", int(max_iter)
        )
    p = p.copy()
    k, npar = p.shape
    done = np.zeros(k, dtype=bool)
    eye = np.eye(npar)
    active = np.arange(k)
    cp, cu, cy, cw, clo, chi = p, u, y, w, lo, hi
    cp = p.copy()
    lam = np.full(k, 1e-3)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        cur = sse(cp, cu, cy, cw, model)
        for _ in range(max_iter):
            if active.size == 0:
                break
            f, jac = _model_jac(cp, cu, model)
            jac *= cw[:, :, None]
            r = (f - cy) * cw
            jt = jac.transpose(0, 2, 1)
            g = (jt @ r[:, :, None])[:, :, 0]
            a = jt @ jac
            # Parameters pinned at a bound with the gradient pushing outward are held fixed.
            pinned = ((cp <= clo + 1e-12) & (g > 0)) | ((cp >= chi - 1e-12) & (g < 0))
            free = ~pinned
            diag = np.diagonal(a, axis1=1, axis2=2)
            damped = a + (lam[:, None, None] * (diag[:, :, None] + 1e-12)) * eye
            mask = free[:, :, None] & free[:, None, :]
            damped = np.where(mask, damped, eye)
            rhs = np.where(free, -g, 0.0)
            bad = ~np.all(np.isfinite(damped), axis=(1, 2)) | ~np.all(np.isfinite(rhs), axis=1)
            damped[bad] = eye
            rhs[bad] = 0.0
            try:
                step = np.linalg.solve(damped, rhs[:, :, None])[:, :, 0]
            except np.linalg.LinAlgError:
                step = rhs / np.maximum(np.diagonal(damped, axis1=1, axis2=2), 1e-12)
            trial = np.clip(cp + step, clo, chi)
            new = sse(trial, cu, cy, cw, model)
            better = new < cur
            gain = cur - new
            moved = np.max(np.abs(trial - cp), axis=1)
            cp = np.where(better[:, None], trial, cp)
            scale = 1.0 + np.max(np.abs(cp), axis=1)
            small = better & ((gain <= FTOL * cur) | (moved <= XTOL * scale))
            cur = np.where(better, new, cur)
            lam = np.where(better, np.maximum(lam / 3.0, 1e-12), lam * 4.0)
            pg = np.where(free, g, 0.0)
            stationary = np.max(np.abs(pg), axis=1) <= GTOL * (1.0 + cur)
            stuck = lam > 1e10  # no damping finds a lower point: a minimum within precision
            fin = small | stationary | stuck | bad
            if fin.any():
                idx = active[fin]
                p[idx] = cp[fin]
                done[idx] = ~bad[fin] | stationary[fin]
                keep = ~fin
                active = active[keep]
                cp, cu, cy, cw, clo, chi = (
                    cp[keep],
                    cu[keep],
                    cy[keep],
                    cw[keep],
                    clo[keep],
                    chi[keep],
                )
                lam, cur = lam[keep], cur[keep]
        p[active] = cp
    return p, done


def scipy_refit(u, y, lo, hi, start, model):
    """One curve through scipy's trust-region reflective least squares (the fallback)."""
    import numpy as np
    from scipy.optimize import least_squares

    def resid(p):
        f, _ = _model_jac(p[None, :], u[None, :], model)
        return f[0] - y

    def jac(p):
        _, j = _model_jac(p[None, :], u[None, :], model)
        return j[0]

    try:
        res = least_squares(
            resid, np.clip(start, lo, hi), jac=jac, bounds=(lo, hi), method="trf", max_nfev=2000
        )
    except (ValueError, np.linalg.LinAlgError):
        return np.clip(start, lo, hi), False
    return res.x, bool(res.success)


def fit_block(u, y, w, model, n_starts=N_STARTS):
    """Fit K padded curves (weights 0 on padding). Returns params K × P, converged, lo, hi."""
    import numpy as np

    k = u.shape[0]
    npar = n_params(model)
    umin = np.where(w > 0, u, np.inf).min(axis=1)
    umax = np.where(w > 0, u, -np.inf).max(axis=1)
    lo, hi = bounds(umin, umax, model)
    starts = grid_starts(u, y, w, lo, hi, model, n_starts)
    n_s = starts.shape[0]
    # Phase 1: every start of every curve, a few steps, as one batch. Phase 2: only the starts
    # within PRUNE_REL of their curve's best sum of squares go on (the others are heading for a
    # worse local minimum); each curve keeps its best finished start.
    tile = (n_s, 1)
    uu, yy, ww = np.tile(u, tile), np.tile(y, tile), np.tile(w, tile)
    lo_t, hi_t = np.tile(lo, tile), np.tile(hi, tile)
    p_all, done_all = lm(
        starts.reshape(n_s * k, npar), uu, yy, ww, lo_t, hi_t, model, max_iter=PHASE1_ITER
    )
    with np.errstate(over="ignore", invalid="ignore"):
        err = sse(p_all, uu, yy, ww, model)
    err = np.where(np.isfinite(err), err, np.inf).reshape(n_s, k)
    best = err.min(axis=0)
    lead = np.argmin(err, axis=0)
    p_lead = p_all.reshape(n_s, k, npar)[lead, np.arange(k)]  # K × P
    # a start heading for the same point as its curve's best one is redundant
    same = np.all(
        np.abs(p_all.reshape(n_s, k, npar) - p_lead[None]) <= np.asarray(SAME_POINT[:npar]), axis=2
    )
    is_lead = np.arange(n_s)[:, None] == lead[None, :]
    close = err <= best * (1.0 + PRUNE_REL) + 1e-15
    go_on = (is_lead | (close & ~same)).ravel() & ~done_all
    idx = np.flatnonzero(go_on)
    if idx.size:
        p2, d2 = lm(p_all[idx], uu[idx], yy[idx], ww[idx], lo_t[idx], hi_t[idx], model)
        p_all[idx], done_all[idx] = p2, d2
        with np.errstate(over="ignore", invalid="ignore"):
            e2 = sse(p2, uu[idx], yy[idx], ww[idx], model)
        err.reshape(-1)[idx] = np.where(np.isfinite(e2), e2, np.inf)
    pick = np.argmin(err, axis=0)
    flat = pick * k + np.arange(k)
    p, converged = p_all[flat], done_all[flat]
    slow = np.flatnonzero(~converged)
    if slow.size:  # stragglers (e.g. a Hill slope creeping to its bound): more LM steps first
        p[slow], converged[slow] = lm(
            p[slow], u[slow], y[slow], w[slow], lo[slow], hi[slow], model, STRAGGLER_ITER
        )
    for j in np.flatnonzero(~converged):
        keep = w[j] > 0
        p[j], converged[j] = scipy_refit(u[j, keep], y[j, keep], lo[j], hi[j], p[j], model)
    return p, converged, lo, hi


def refit_from(p0, u, y, w, lo, hi, model, max_iter=MAX_ITER):
    """Refit K curves from given starts (bootstrap resamples). Returns params and converged."""
    return lm(p0, u, y, w, lo, hi, model, max_iter=max_iter)
