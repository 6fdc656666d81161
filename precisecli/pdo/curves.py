"""Dose-response fits: bounded log-logistic models fitted to many curves at once.

Model (log10 form, u = log10 dose in µM, y = viability as a fraction of vehicle):

    f(u) = c + (d - c) / (1 + 10^(h (u - u50)))

``ll3u`` fixes the top d = 1 (thunor LL3u, GRmetrics LL.3u, PharmacoGx 3-parameter Hill);
``ll4`` frees d within [0.8, 1.2]. h > 0 means viability falls with dose (drc's sign).
Bounds: h in [0.1, 10], c (Einf) in [0, 1], u50 within two decades of the tested range.

Why a hand-written solver: scipy has no batched least-squares. A screen or a benchmark holds
thousands of 3-parameter problems, and one Python-level scipy call per curve costs more than the
arithmetic. So every curve starts from the best point of a coarse grid (evaluated for all curves in
one array operation; the linear parameters c, d are solved in closed form there) and is refined by a
projected Levenberg-Marquardt iteration run on all unfinished curves at once. A curve that has not
converged after ``MAX_ITER`` steps is handed to ``scipy.optimize.least_squares`` (trust-region
reflective, same bounds), and ``converged`` is what scipy says about it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

MODELS = ("ll3u", "ll4")
LN10 = math.log(10.0)
HILL_BOUNDS = (0.1, 10.0)
EINF_BOUNDS = (0.0, 1.0)
TOP_BOUNDS = (0.8, 1.2)
U50_MARGIN = 2.0  # decades beyond the tested range the midpoint may move
MAX_ITER = 200
N_STARTS = 6  # grid starts refined per curve: one per Hill value of the grid
CHUNK = 2048  # curves per array block: keeps the start grid under ~100 MB


@dataclass(frozen=True)
class Curve:
    """One dose-response series: doses in µM (> 0) and viability fractions, one per well."""

    key: str
    doses_um: tuple[float, ...]
    viability: tuple[float, ...]


@dataclass(frozen=True)
class FitResult:
    key: str
    model: str
    status: str  # ok | too-few-points | no-convergence
    converged: bool
    n_points: int
    min_dose_um: float
    max_dose_um: float
    hill: float | None = None
    einf: float | None = None  # c, fitted viability at infinite dose
    top: float | None = None  # d (1 for ll3u)
    ec50_um: float | None = None  # the curve's midpoint
    ic50_um: float | None = None  # absolute: fitted viability crosses 0.5
    ic50_flag: str = "not-fitted"  # in-range | below-range | not-reached | not-fitted
    emax: float | None = None  # fitted viability at the highest tested dose
    aac: float | None = None  # fitted area over the curve / log-dose range (0-1)
    aac_obs: float | None = None  # model-free: trapezoid of dose-mean viability
    r2: float | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "model": self.model,
            "status": self.status,
            "converged": self.converged,
            "n_points": self.n_points,
            "min_dose_um": self.min_dose_um,
            "max_dose_um": self.max_dose_um,
            "hill": self.hill,
            "einf": self.einf,
            "top": self.top,
            "ec50_um": self.ec50_um,
            "ic50_um": self.ic50_um,
            "ic50_flag": self.ic50_flag,
            "emax": self.emax,
            "aac": self.aac,
            "aac_obs": self.aac_obs,
            "r2": self.r2,
            "flags": list(self.flags),
        }


# --- model algebra (numpy arrays; shared with plots) ------------------------------------------
def predict(u, hill, einf, u50, top=1.0):
    """Fitted viability at log10 dose u."""
    import numpy as np

    return einf + (top - einf) / (1.0 + np.power(10.0, hill * (u - u50)))


def ic50_log10(hill, einf, u50, top=1.0):
    """log10 of the dose where viability crosses 0.5; NaN where it never does."""
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        s = (0.5 - einf) / (top - einf)
        ok = (einf < 0.5) & (top > 0.5)
        return np.where(ok, u50 + np.log10(1.0 / s - 1.0) / hill, np.nan)


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

    levels = np.unique(u)
    if levels.size < 2:
        return None
    means = np.array([y[u == lv].mean() for lv in levels])
    area = np.sum(np.diff(levels) * (means[1:] + means[:-1]) / 2.0)
    return float(1.0 - area / (levels[-1] - levels[0]))


# --- batched solver ----------------------------------------------------------------------------
def _model_jac(p, u, model):
    """Values and Jacobian of the model for K curves × N points (parameters h, c, u50[, d])."""
    import numpy as np

    h, c, u50 = p[:, 0:1], p[:, 1:2], p[:, 2:3]
    d = p[:, 3:4] if model == "ll4" else 1.0
    z = np.clip(LN10 * h * (u - u50), -700, 700)
    s = 1.0 / (1.0 + np.exp(z))
    ss = s * (1.0 - s)
    f = c + (d - c) * s
    cols = [
        -(d - c) * ss * LN10 * (u - u50),  # ∂f/∂h
        1.0 - s,  # ∂f/∂c
        (d - c) * ss * LN10 * h,  # ∂f/∂u50
    ]
    if model == "ll4":
        cols.append(s)  # ∂f/∂d
    return f, np.stack(cols, axis=-1)


def _sse(p, u, y, w, model):
    import numpy as np

    h, c, u50 = p[:, 0:1], p[:, 1:2], p[:, 2:3]
    d = p[:, 3:4] if model == "ll4" else 1.0
    z = np.clip(LN10 * h * (u - u50), -700, 700)
    f = c + (d - c) / (1.0 + np.exp(z))
    return np.sum(w * (f - y) ** 2, axis=1)


def _grid_starts(u, y, w, lo, hi, model, n_starts):
    """The ``n_starts`` best points of a (u50, h) grid per curve, one per Hill value tried.

    c (and d) are solved in closed form at every grid point. Several starts are kept because
    noisy, shallow curves have more than one local minimum (e.g. a steep drop below the range
    against a slow decline across it). Returns an array n_starts × K × P.
    """
    import numpy as np

    k = u.shape[0]
    umin = np.where(w > 0, u, np.inf).min(axis=1)
    umax = np.where(w > 0, u, -np.inf).max(axis=1)
    # The u50 grid spans the whole allowed interval: shallow curves can have their optimum there.
    frac = np.linspace(0.0, 1.0, 17)
    hills = np.array([0.15, 0.4, 0.8, 1.5, 3.0, 6.0])
    u_lo, u_hi = umin - U50_MARGIN, umax + U50_MARGIN
    u50s = u_lo[:, None] + frac[None, :] * (u_hi - u_lo)[:, None]  # K × G
    cands, sses = [], []
    rows = np.arange(k)
    ww = w[:, None, :]
    yy = y[:, None, :]
    for hv in hills:
        s = 1.0 / (1.0 + np.power(10.0, hv * (u[:, None, :] - u50s[:, :, None])))  # K×G×N
        if model == "ll3u":
            # y - s = c (1 - s)  →  c = Σ(1-s)(y-s) / Σ(1-s)²
            one_s = 1.0 - s
            c = np.sum(ww * one_s * (yy - s), axis=2) / np.maximum(
                np.sum(ww * one_s**2, axis=2), 1e-12
            )
            c = np.clip(c, *EINF_BOUNDS)
            d = np.ones_like(c)
        else:
            # y = c (1 - s) + d s: 2×2 normal equations per grid point
            a11 = np.sum(ww * (1 - s) ** 2, axis=2)
            a12 = np.sum(ww * (1 - s) * s, axis=2)
            a22 = np.sum(ww * s**2, axis=2)
            b1 = np.sum(ww * (1 - s) * yy, axis=2)
            b2 = np.sum(ww * s * yy, axis=2)
            det = a11 * a22 - a12**2
            det = np.where(np.abs(det) < 1e-12, 1e-12, det)
            c = np.clip((a22 * b1 - a12 * b2) / det, *EINF_BOUNDS)
            d = np.clip((a11 * b2 - a12 * b1) / det, *TOP_BOUNDS)
        f = c[:, :, None] + (d - c)[:, :, None] * s
        sse = np.sum(ww * (f - yy) ** 2, axis=2)  # K×G
        j = np.argmin(sse, axis=1)
        cand = [np.full(k, hv), c[rows, j], u50s[rows, j]]
        if model == "ll4":
            cand.append(d[rows, j])
        cands.append(np.stack(cand, axis=1))
        sses.append(sse[rows, j])
    order = np.argsort(np.stack(sses, axis=0), axis=0, kind="stable")[:n_starts]  # S × K
    stacked = np.stack(cands, axis=0)  # H × K × P
    return np.clip(stacked[order, rows[None, :]], lo, hi)


def _lm(p, u, y, w, lo, hi, model):
    """Projected Levenberg-Marquardt on all curves at once. Returns params and a done mask."""
    import numpy as np

    k, npar = p.shape
    lam = np.full(k, 1e-3)
    sse = _sse(p, u, y, w, model)
    done = np.zeros(k, dtype=bool)
    eye = np.eye(npar)
    for _ in range(MAX_ITER):
        idx = np.flatnonzero(~done)
        if idx.size == 0:
            break
        pi, ui, yi, wi = p[idx], u[idx], y[idx], w[idx]
        lo_i, hi_i = lo[idx], hi[idx]
        f, jac = _model_jac(pi, ui, model)
        jac = jac * wi[:, :, None]
        r = (f - yi) * wi
        g = np.einsum("knp,kn->kp", jac, r)
        a = np.einsum("knp,knq->kpq", jac, jac)
        # Parameters pinned at a bound with the gradient pushing outward are held fixed.
        pinned = ((pi <= lo_i + 1e-12) & (g > 0)) | ((pi >= hi_i - 1e-12) & (g < 0))
        free = ~pinned
        diag = np.einsum("kpp->kp", a)
        damped = a + (lam[idx, None, None] * (diag[:, :, None] + 1e-12)) * eye
        mask = free[:, :, None] & free[:, None, :]
        damped = np.where(mask, damped, eye)
        rhs = np.where(free, -g, 0.0)
        try:
            step = np.linalg.solve(damped, rhs[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            step = rhs / np.maximum(np.einsum("kpp->kp", damped), 1e-12)
        trial = np.clip(pi + step, lo_i, hi_i)
        sse_new = _sse(trial, ui, yi, wi, model)
        old = sse[idx]
        better = sse_new < old
        gain = old - sse_new
        p[idx[better]] = trial[better]
        sse[idx[better]] = sse_new[better]
        lam[idx] = np.where(better, np.maximum(lam[idx] / 3.0, 1e-12), lam[idx] * 4.0)
        moved = np.max(np.abs(trial - pi), axis=1)
        small_gain = better & (gain <= 1e-12 * (1.0 + old)) & (moved <= 1e-7)
        pg = np.where(free, g, 0.0)
        stationary = np.max(np.abs(pg), axis=1) <= 1e-10 * (1.0 + old)
        stuck = lam[idx] > 1e10  # no damping finds a lower point: a minimum within precision
        done[idx[small_gain | stationary | stuck]] = True
    return p, done


def _scipy_refit(u, y, lo, hi, start, model):
    import numpy as np
    from scipy.optimize import least_squares

    def resid(p):
        f, _ = _model_jac(p[None, :], u[None, :], model)
        return f[0] - y

    def jac(p):
        _, j = _model_jac(p[None, :], u[None, :], model)
        return j[0]

    res = least_squares(
        resid, np.clip(start, lo, hi), jac=jac, bounds=(lo, hi), method="trf", max_nfev=2000
    )
    return res.x, bool(res.success)


def fit_curves(curves: list[Curve], model: str = "ll3u") -> list[FitResult]:
    """Fit every curve; too-short or non-converging curves come back flagged, never dropped."""
    import numpy as np

    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}")
    npar = 3 if model == "ll3u" else 4
    results: list[FitResult | None] = [None] * len(curves)
    fit_idx: list[int] = []
    prepared: list[tuple[Any, Any]] = []
    for i, cv in enumerate(curves):
        d = np.asarray(cv.doses_um, dtype=float)
        v = np.asarray(cv.viability, dtype=float)
        keep = np.isfinite(d) & np.isfinite(v) & (d > 0)
        d, v = d[keep], v[keep]
        if v.size < npar + 1 or np.unique(d).size < 3:
            results[i] = FitResult(
                key=cv.key,
                model=model,
                status="too-few-points",
                converged=False,
                n_points=int(v.size),
                min_dose_um=float(d.min()) if d.size else float("nan"),
                max_dose_um=float(d.max()) if d.size else float("nan"),
                aac_obs=aac_observed(np.log10(d), v) if d.size else None,
                flags=("too-few-points",),
            )
            continue
        fit_idx.append(i)
        prepared.append((np.log10(d), v))
    for start in range(0, len(fit_idx), CHUNK):
        block = fit_idx[start : start + CHUNK]
        data = prepared[start : start + CHUNK]
        nmax = max(len(x[0]) for x in data)
        k = len(block)
        u = np.zeros((k, nmax))
        y = np.zeros((k, nmax))
        w = np.zeros((k, nmax))
        for j, (uu, yy) in enumerate(data):
            u[j, : uu.size] = uu
            y[j, : uu.size] = yy
            w[j, : uu.size] = 1.0
            u[j, uu.size :] = uu[0]
        umin = np.array([x[0].min() for x in data])
        umax = np.array([x[0].max() for x in data])
        lo = np.column_stack(
            [np.full(k, HILL_BOUNDS[0]), np.full(k, EINF_BOUNDS[0]), umin - U50_MARGIN]
            + ([np.full(k, TOP_BOUNDS[0])] if model == "ll4" else [])
        )
        hi = np.column_stack(
            [np.full(k, HILL_BOUNDS[1]), np.full(k, EINF_BOUNDS[1]), umax + U50_MARGIN]
            + ([np.full(k, TOP_BOUNDS[1])] if model == "ll4" else [])
        )
        starts = _grid_starts(u, y, w, lo, hi, model, N_STARTS)
        n_s = starts.shape[0]
        # All starts of all curves go through the solver as one batch; keep each curve's best.
        tile = (n_s, 1)
        p_all, done_all = _lm(
            starts.reshape(n_s * k, npar),
            np.tile(u, tile),
            np.tile(y, tile),
            np.tile(w, tile),
            np.tile(lo, tile),
            np.tile(hi, tile),
            model,
        )
        sse_all = _sse(p_all, np.tile(u, tile), np.tile(y, tile), np.tile(w, tile), model)
        pick = np.argmin(sse_all.reshape(n_s, k), axis=0)
        flat = pick * k + np.arange(k)
        p, done = p_all[flat], done_all[flat]
        converged = done.copy()
        for j in np.flatnonzero(~done):
            uu, yy = data[j]
            p[j], converged[j] = _scipy_refit(uu, yy, lo[j], hi[j], p[j], model)
        for j, i in enumerate(block):
            results[i] = _summarise(
                curves[i].key, model, data[j], p[j], bool(converged[j]), lo[j], hi[j]
            )
    return [r for r in results if r is not None]


def _summarise(key, model, data, p, converged, lo, hi) -> FitResult:
    import numpy as np

    u, y = data
    hill, einf, u50 = float(p[0]), float(p[1]), float(p[2])
    top = float(p[3]) if model == "ll4" else 1.0
    u_lo, u_hi = float(u.min()), float(u.max())
    fitted = predict(u, hill, einf, u50, top)
    sse = float(np.sum((fitted - y) ** 2))
    sst = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - sse / sst if sst > 0 else None
    names = ("hill", "einf", "ec50", "top")
    flags = []
    for i in range(len(p)):
        if p[i] <= lo[i] + 1e-9 or p[i] >= hi[i] - 1e-9:
            flags.append(f"{names[i]}-at-bound")
    if u50 < u_lo:
        flags.append("ec50-below-range")
    elif u50 > u_hi:
        flags.append("ec50-above-range")
    ic50_log = float(ic50_log10(hill, einf, u50, top))
    if math.isnan(ic50_log) or ic50_log > u_hi:
        ic50, ic50_flag = None, "not-reached"
    elif ic50_log < u_lo:
        # Reported, extrapolated, and flagged: a potent drug still has to rank first.
        ic50, ic50_flag = 10.0**ic50_log, "below-range"
        flags.append("ic50-below-range")
    else:
        ic50, ic50_flag = 10.0**ic50_log, "in-range"
    if not converged:
        flags.append("no-convergence")
    return FitResult(
        key=key,
        model=model,
        status="ok" if converged else "no-convergence",
        converged=converged,
        n_points=int(u.size),
        min_dose_um=float(10.0**u_lo),
        max_dose_um=float(10.0**u_hi),
        hill=hill,
        einf=einf,
        top=top,
        ec50_um=float(10.0**u50),
        ic50_um=ic50,
        ic50_flag=ic50_flag,
        emax=float(predict(u_hi, hill, einf, u50, top)),
        aac=float(aac_fitted(hill, einf, u50, u_lo, u_hi, top)),
        aac_obs=aac_observed(u, y),
        r2=r2,
        flags=tuple(flags),
    )
