"""Dose-response fits: bounded log-logistic models fitted to many curves at once.

The model, its bounds and the batched solver are in ``precisecli.pdo.llsolver``; fit-quality
measures and the rule that makes a fit assessable are in ``precisecli.pdo.fitquality``. This module
turns raw curves (doses in µM, viability fractions) into one ``FitResult`` per curve — every curve
gets a status, none is dropped and no exception escapes for odd data:

  * ``ok`` / ``no-convergence``: fitted (the latter only when scipy's fallback also failed);
  * ``too-few-points``: fewer usable points than parameters + 1, or fewer than 3 dose levels
    (wells with a missing, non-finite or non-positive dose or viability are not usable);
  * ``invalid-values``: a viability beyond ±``MAX_ABS_VIABILITY`` (as a fraction of vehicle),
    which no normalisation of a real plate produces — fitting it would only hide the error.

Summaries (IC50, AAC, R², residual standard error, flags) are computed for a whole block of
curves in array operations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from precisecli.pdo.llsolver import (  # noqa: F401  (re-exported for plots, report and tests)
    MODELS,
    PARAM_NAMES,
    aac_fitted,
    aac_observed,
    fit_block,
    ic50_log10,
    n_params,
    predict,
)

CHUNK = 2048  # curves per array block: keeps the start grid under ~100 MB
MAX_ABS_VIABILITY = 1e3  # 100 000 % of vehicle: beyond any real normalised well
MODEL_ALIASES = {"ll3": "ll3u", "ll3u": "ll3u", "ll4": "ll4"}


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
    status: str  # ok | too-few-points | no-convergence | invalid-values
    converged: bool
    n_points: int
    min_dose_um: float | None
    max_dose_um: float | None
    hill: float | None = None
    einf: float | None = None  # c, fitted viability at infinite dose
    top: float | None = None  # d (1 for ll3u)
    ec50_um: float | None = None  # the curve's midpoint
    ic50_um: float | None = None  # absolute: fitted viability crosses 0.5 inside the range
    ic50_flag: str = "not-fitted"  # in-range | below-range | not-reached | not-fitted
    ic50_qualifier: str | None = None  # "<" below the lowest dose, ">" above the highest
    ic50_bound_um: float | None = None  # the tested dose the qualifier refers to
    emax: float | None = None  # fitted viability at the highest tested dose
    aac: float | None = None  # fitted area over the curve / log-dose range (0-1)
    aac_obs: float | None = None  # model-free: trapezoid of dose-mean viability
    r2: float | None = None
    rse: float | None = None  # residual standard error, sqrt(SSE / (n - p)), viability fraction
    sd_total: float | None = None  # SD of all points around their mean (viability fraction)
    params_at_bound: tuple[str, ...] = ()
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
            "ic50_qualifier": self.ic50_qualifier,
            "ic50_bound_um": self.ic50_bound_um,
            "emax": self.emax,
            "aac": self.aac,
            "aac_obs": self.aac_obs,
            "r2": self.r2,
            "rse": self.rse,
            "params_at_bound": list(self.params_at_bound),
            "flags": list(self.flags),
        }


def canonical_model(model: str) -> str:
    """``ll3`` is accepted for the bounded 3-parameter model (stored as ``ll3u``)."""
    try:
        return MODEL_ALIASES[model.lower()]
    except KeyError:
        raise ValueError(f"unknown model {model!r}") from None


def prepare(curve: Curve, model: str):
    """(log10 doses, viability) of the usable points, or a FitResult for an unfittable curve."""
    import numpy as np

    with np.errstate(all="ignore"):
        d = np.asarray(curve.doses_um, dtype=float).ravel()
        v = np.asarray(curve.viability, dtype=float).ravel()
        if d.size != v.size:
            n = min(d.size, v.size)
            d, v = d[:n], v[:n]
        keep = np.isfinite(d) & np.isfinite(v) & (d > 0)
        d, v = d[keep], v[keep]
        u = np.log10(d)
        keep = np.isfinite(u)
        u, d, v = u[keep], d[keep], v[keep]
    lo = float(d.min()) if d.size else None
    hi = float(d.max()) if d.size else None
    status = None
    if v.size and np.max(np.abs(v)) > MAX_ABS_VIABILITY:
        status = "invalid-values"
    elif v.size < n_params(model) + 1 or len(set(u.tolist())) < 3:
        status = "too-few-points"
    if status is None:
        return u, v
    aac_obs = aac_observed(u, v) if status == "too-few-points" and v.size else None
    return FitResult(
        key=curve.key,
        model=model,
        status=status,
        converged=False,
        n_points=int(v.size),
        min_dose_um=lo,
        max_dose_um=hi,
        aac_obs=None if aac_obs is None or not math.isfinite(aac_obs) else aac_obs,
        flags=(status,),
    )


def fit_curves(curves: list[Curve], model: str = "ll3u", advance=None) -> list[FitResult]:
    """Fit every curve; unfittable curves come back with a status, never dropped.

    ``advance(n)``, when given, is called as blocks of curves finish (for a progress bar).
    """

    from precisecli.pdo import llsolver_numba

    model = canonical_model(model)
    llsolver_numba.expect(len(curves))  # compiled kernels for a job large enough to repay them
    results: list[FitResult | None] = [None] * len(curves)
    fit_idx: list[int] = []
    prepared: list[tuple[Any, Any]] = []
    for i, cv in enumerate(curves):
        got = prepare(cv, model)
        if isinstance(got, FitResult):
            results[i] = got
        else:
            fit_idx.append(i)
            prepared.append(got)
    if advance is not None and len(curves) > len(fit_idx):
        advance(len(curves) - len(fit_idx))
    for start in range(0, len(fit_idx), CHUNK):
        block = fit_idx[start : start + CHUNK]
        data = prepared[start : start + CHUNK]
        u, y, w = pad(data)
        p, converged, lo, hi = fit_block(u, y, w, model)
        for j, res in enumerate(summarise_block(model, data, u, y, w, p, converged, lo, hi)):
            results[block[j]] = FitResult(key=curves[block[j]].key, **res)
        if advance is not None:
            advance(len(block))
    return [r for r in results if r is not None]


def pad(data):
    """Stack variable-length curves into K × N arrays with weights 0 on the padding."""
    import numpy as np

    nmax = max(len(x[0]) for x in data)
    k = len(data)
    u = np.zeros((k, nmax))
    y = np.zeros((k, nmax))
    w = np.zeros((k, nmax))
    for j, (uu, yy) in enumerate(data):
        n = uu.size
        u[j, :n] = uu
        y[j, :n] = yy
        w[j, :n] = 1.0
        u[j, n:] = uu[0]
    return u, y, w


def summarise_block(model, data, u, y, w, p, converged, lo, hi) -> list[dict[str, Any]]:
    """Keyword arguments of FitResult (without key) for every curve of a fitted block."""
    import numpy as np

    npar = p.shape[1]
    hill, einf, u50 = p[:, 0], p[:, 1], p[:, 2]
    top = p[:, 3] if model == "ll4" else np.ones_like(hill)
    n = w.sum(axis=1)
    umin = np.where(w > 0, u, np.inf).min(axis=1)
    umax = np.where(w > 0, u, -np.inf).max(axis=1)
    with np.errstate(all="ignore"):
        fitted = predict(u, hill[:, None], einf[:, None], u50[:, None], top[:, None])
        sse = np.sum(w * (fitted - y) ** 2, axis=1)
        mean = np.sum(w * y, axis=1) / n
        sst = np.sum(w * (y - mean[:, None]) ** 2, axis=1)
        r2 = np.where(sst > 1e-12 * np.maximum(1.0, mean**2), 1.0 - sse / sst, np.nan)
        rse = np.where(n > npar, np.sqrt(sse / np.maximum(n - npar, 1)), np.nan)
        sd_total = np.sqrt(sst / np.maximum(n - 1, 1))
        ic50 = ic50_log10(hill, einf, u50, top)
        aac = aac_fitted(hill, einf, u50, umin, umax, top)
        emax = predict(umax, hill, einf, u50, top)
    at_bound = (p <= lo + 1e-9) | (p >= hi - 1e-9)
    finite = np.all(np.isfinite(p), axis=1) & np.isfinite(sse)
    out = []
    for j, (uu, yy) in enumerate(data):
        u_lo, u_hi = float(umin[j]), float(umax[j])
        ok = bool(converged[j]) and bool(finite[j])
        base = {
            "model": model,
            "n_points": int(uu.size),
            "min_dose_um": float(10.0**u_lo),
            "max_dose_um": float(10.0**u_hi),
            "aac_obs": _finite(aac_observed(uu, yy)),
            "sd_total": _finite(sd_total[j]),
        }
        if not finite[j]:
            out.append(
                dict(base, status="no-convergence", converged=False, flags=("not-converged",))
            )
            continue
        flags = []
        bound_names = tuple(PARAM_NAMES[i] for i in range(npar) if at_bound[j, i])
        if bound_names:
            flags.append("at-bound")
        i50 = float(ic50[j])
        qualifier = bound = ic50_um = None
        if math.isnan(i50) or i50 > u_hi:
            ic50_flag, qualifier, bound = "not-reached", ">", 10.0**u_hi
            flags.append("ic50-above-range")
        elif i50 < u_lo:
            ic50_flag, qualifier, bound = "below-range", "<", 10.0**u_lo
            flags.append("ic50-below-range")
        else:
            ic50_flag, ic50_um = "in-range", 10.0**i50
        if not ok:
            flags.append("not-converged")
        out.append(
            dict(
                base,
                status="ok" if ok else "no-convergence",
                converged=ok,
                hill=float(hill[j]),
                einf=float(einf[j]),
                top=float(top[j]),
                ec50_um=float(10.0 ** u50[j]),
                ic50_um=ic50_um,
                ic50_flag=ic50_flag,
                ic50_qualifier=qualifier,
                ic50_bound_um=bound,
                emax=_finite(emax[j]),
                aac=_finite(aac[j]),
                r2=_finite(r2[j]),
                rse=_finite(rse[j]),
                params_at_bound=bound_names,
                flags=tuple(flags),
            )
        )
    return out


def _finite(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None
