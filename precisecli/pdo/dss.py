"""Drug sensitivity score (DSS; Yadav et al., Sci Rep 4:5193, 2014), as Breeze and DSS-v2.0 do.

The fitted viability curve f(u) = c + (d − c)/(1 + 10^(h(u − u50))) (u = log10 dose, viability
fraction; precisecli.pdo.llsolver) is turned into % inhibition

    y(u) = 100(1 − f(u)) = D + (A − D)/(1 + 10^(h(u50 − u)))

with top A = 100(1 − c) (capped at 100) and bottom D = 100(1 − d) (0 for the bounded 3-parameter
model). With activity threshold t (%), the area of the curve above t over the concentration range
[umin, umax] is, in closed form (``yingjchen/DSS-v2.0:DSS.R`` ``dss()``, adapted from
``potdarswapnil/Breeze:dss.R``):

    x1  = max(umin, u50 − log10((A − t)/(t − D))/h),  x2 = umax
    int = [A·u + (A − D)·ln(1 + 10^(h(u50 − u)))/(h·ln 10)] from x1 to x2 − t(x2 − x1)
    DSS1 = 100·int/((umax − umin)(100 − t))
    DSS2 = DSS1/log10(A)                      (0 when above 50, as Breeze)
    DSS3 = DSS1·(log10 100/log10 A)·(x2 − x1)/(x2 − umin)   (Breeze/DSS-v2.0 form)

A score is 0 when the midpoint lies at or above the highest concentration, when A ≤ t, or when it
falls outside [0, 100] (Breeze's rules). ``DSS2`` is the score DSS-v2.0 reports as "patient DSS"
and the default here (knowledge base ``screen_metrics.dss``).

Every function takes numpy arrays so that bootstrap draws are scored in one call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

VARIANTS = ("dss1", "dss2", "dss3")
LN10 = math.log(10.0)


@dataclass(frozen=True)
class DSSSettings:
    """Activity threshold (% inhibition), the variant reported as ``dss`` and the range rule."""

    threshold_pct: float = 10.0
    variant: str = "dss2"
    conc_range_um: tuple[float, float] | None = None  # None: the tested range of each curve
    source: str = "default"

    @classmethod
    def from_kb(
        cls,
        kb,
        *,
        threshold_pct: float | None = None,
        variant: str | None = None,
        conc_range_um: tuple[float, float] | None = None,
    ) -> DSSSettings:
        from precisecli.knowledge.kb import setting

        thr = setting(kb, "screen_metrics.dss.activity_threshold_pct", None)
        var = setting(kb, "screen_metrics.dss.variant", None)
        source = "default" if thr is None and var is None else "kb"
        thr = 10.0 if thr is None else thr
        var = "dss2" if var is None else var
        if threshold_pct is not None or variant is not None or conc_range_um is not None:
            source = "option"
        var = (variant or var).lower()
        if var not in VARIANTS:
            raise ValueError(f"unknown DSS variant {var!r}")
        return cls(
            threshold_pct=float(thr if threshold_pct is None else threshold_pct),
            variant=var,
            conc_range_um=conc_range_um,
            source=source,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "threshold_pct": self.threshold_pct,
            "variant": self.variant,
            "conc_range_um": list(self.conc_range_um) if self.conc_range_um else None,
            "range_rule": "option" if self.conc_range_um else "tested-range",
            "source": self.source,
        }


def _antiderivative(u, top, bottom, hill, u50):
    """∫ y(u) du for y = bottom + (top − bottom)/(1 + 10^(hill(u50 − u))), overflow-safe."""
    import numpy as np

    with np.errstate(over="ignore", invalid="ignore"):
        log1p = np.logaddexp(0.0, hill * (u50 - u) * LN10)  # ln(1 + 10^(h(u50 − u)))
        return top * u + (top - bottom) * log1p / (hill * LN10)


def dss_scores(hill, einf, u50, top, u_min, u_max, threshold_pct: float = 10.0):
    """DSS1, DSS2, DSS3 arrays for fitted viability curves (log10 µM for u50, u_min, u_max)."""
    import numpy as np

    h = np.abs(np.asarray(hill, dtype=float))
    a = np.minimum(100.0 * (1.0 - np.asarray(einf, dtype=float)), 100.0)
    d = 100.0 * (1.0 - np.asarray(top, dtype=float)) * np.ones_like(a)
    c = np.asarray(u50, dtype=float) * np.ones_like(a)
    lo = np.asarray(u_min, dtype=float) * np.ones_like(a)
    x2 = np.asarray(u_max, dtype=float) * np.ones_like(a)
    t = float(threshold_pct)
    with np.errstate(all="ignore"):
        above = d >= t  # the whole curve is above the threshold: the area starts at umin
        x1 = np.where(above, lo, c - np.log10((a - t) / (t - d)) / h)
        x1 = np.clip(np.where(np.isfinite(x1), x1, lo), lo, x2)
        area = _antiderivative(x2, a, d, h, c) - _antiderivative(x1, a, d, h, c) - t * (x2 - x1)
        dss1 = 100.0 * area / ((x2 - lo) * (100.0 - t))
        log_a = np.log10(a)
        dss2 = dss1 / log_a
        dss3 = dss1 * (2.0 / log_a) * (x2 - x1) / (x2 - lo)
    zero = (c >= x2) | (h == 0) | (a <= t) | ~np.isfinite(dss1)
    dss2 = np.where(dss2 > 50.0, 0.0, dss2)
    out = []
    for s in (dss1, dss2, dss3):
        s = np.where(zero | (s < 0) | (s > 100) | ~np.isfinite(s), 0.0, s)
        out.append(s)
    return out[0], out[1], out[2]


def fit_dss(fit, settings: DSSSettings) -> dict[str, Any]:
    """DSS of one FitResult: {dss, dss1, dss2, dss3, dss_reason} (null + reason when unfitted)."""
    if fit is None or not fit.converged or fit.hill is None or fit.ec50_um is None:
        status = "not-fitted" if fit is None else fit.status
        return {
            "dss": None,
            "dss1": None,
            "dss2": None,
            "dss3": None,
            "dss_reason": f"no fitted curve ({status})",
        }
    lo_um, hi_um = settings.conc_range_um or (fit.min_dose_um, fit.max_dose_um)
    if not (lo_um and hi_um and hi_um > lo_um > 0):
        return {
            "dss": None,
            "dss1": None,
            "dss2": None,
            "dss3": None,
            "dss_reason": "no concentration range",
        }
    s1, s2, s3 = dss_scores(
        fit.hill,
        fit.einf,
        math.log10(fit.ec50_um),
        fit.top if fit.top is not None else 1.0,
        math.log10(lo_um),
        math.log10(hi_um),
        settings.threshold_pct,
    )
    scores = {"dss1": float(s1), "dss2": float(s2), "dss3": float(s3)}
    return dict(scores, dss=scores[settings.variant], dss_reason=None)


def draws_dss(params, u_min, u_max, settings: DSSSettings):
    """DSS (the settings' variant) of bootstrap parameter draws (columns hill, einf, u50, top)."""
    import numpy as np

    p = np.asarray(params, dtype=float)
    top = p[:, 3] if p.shape[1] > 3 else 1.0
    if settings.conc_range_um:
        u_min, u_max = (math.log10(x) for x in settings.conc_range_um)
    scores = dss_scores(p[:, 0], p[:, 1], p[:, 2], top, u_min, u_max, settings.threshold_pct)
    return scores[VARIANTS.index(settings.variant)]
