"""Growth-rate inhibition (GR) metrics (Hafner, Niepel, Chung, Sorger, Nat Methods 2016).

GR needs a cell-count proxy at the start of treatment (a day-0 / time-zero read) besides the
treated and vehicle reads at the end (``datarail/gr_metrics``, ``uc-bd2k/GRmetrics``):

    GR(c) = 2^(log2(x(c)/x0) / log2(x_ctrl/x0)) − 1       (ratios floored at 1e-6, as gr_metrics)

GR = 1 no effect, 0 complete cytostasis, < 0 cell death. Per regimen the GR values are fitted by

    GR(c) = GRinf + (1 − GRinf)/(1 + (c/GEC50)^h)

with gr_metrics' bounds (GRinf ∈ [−1, 1], h ∈ [0.1, 5], GEC50 within two decades of the tested
range). The fit reuses the batched log-logistic solver (precisecli.pdo.llsolver) on the rescaled
response (GR + 1)/2, which is exactly its bounded 3-parameter model with c = (GRinf + 1)/2.
An F-test of the sigmoid against a flat line (df 2 and n − 2, as gr_metrics) decides the fit:
p > 0.05 (or no convergence) gives gr_metrics' "flat" fit — GEC50 0, h 0.01, GRinf the mean and
GR50 ±∞ by whether the mean is above 0.5.

Other metrics, as gr_metrics: GR50 = GEC50·((1 − GRinf)/(0.5 − GRinf) − 1)^(1/h) (∞ when GRinf
≥ 0.5); GRmax = the lower of the mean GR at the two highest concentrations; GR_AOC = trapezoid
of 1 − mean GR over log10 concentration divided by the log10 range; r² of the sigmoid.
Cytotoxic vs cytostatic from GRmax (knowledge base ``screen_metrics.gr``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

HILL_BOUNDS = (0.1, 5.0)
GRINF_BOUNDS = (-1.0, 1.0)
U50_MARGIN = 2.0  # decades beyond the tested range (gr_metrics: min/100 .. max*100)
ALPHA = 0.05
FLOOR = 1e-6


def gr_value(x, x_ctrl, x0):
    """GR of treated reads ``x`` given the vehicle mean ``x_ctrl`` and the day-0 mean ``x0``."""
    import numpy as np

    with np.errstate(all="ignore"):
        num = np.log2(np.maximum(np.asarray(x, dtype=float) / x0, FLOOR))
        den = np.log2(np.maximum(np.asarray(x_ctrl, dtype=float) / x0, FLOOR))
        return np.power(2.0, num / den) - 1.0


@dataclass(frozen=True)
class GRFit:
    fit: str  # sigmoid | flat
    gr50_um: float  # may be ±inf (never reaches 0.5 / always below it)
    grmax: float
    gr_aoc: float
    gec50_um: float
    grinf: float
    hill: float
    r2: float | None
    pval: float | None
    n_points: int
    min_dose_um: float
    max_dose_um: float

    def as_dict(self) -> dict[str, Any]:
        def num(x):
            return x if x is not None and math.isfinite(x) else None

        return {
            "fit": self.fit,
            "gr50_um": num(self.gr50_um),
            "gr50_infinite": (
                None if math.isfinite(self.gr50_um) else ("+" if self.gr50_um > 0 else "-")
            ),
            "grmax": num(self.grmax),
            "gr_aoc": num(self.gr_aoc),
            "gec50_um": num(self.gec50_um),
            "grinf": num(self.grinf),
            "hill": num(self.hill),
            "r2": num(self.r2),
            "pval": num(self.pval),
            "n_points": self.n_points,
            "min_dose_um": self.min_dose_um,
            "max_dose_um": self.max_dose_um,
        }


def gr_bounds(umin, umax):
    """Lower and upper bounds (K × 3: hill, c' = (GRinf + 1)/2, u50) for the rescaled fit."""
    import numpy as np

    umin = np.asarray(umin, dtype=float)
    umax = np.asarray(umax, dtype=float)
    k = umin.shape[0]
    lo = np.column_stack([np.full(k, HILL_BOUNDS[0]), np.zeros(k), umin - U50_MARGIN])
    hi = np.column_stack([np.full(k, HILL_BOUNDS[1]), np.ones(k), umax + U50_MARGIN])
    return lo, hi


def fit_gr_block(u, y, w):
    """Fit K padded GR series (u = log10 µM, y = GR, w = 1 real / 0 padding).

    Returns params K × 3 (hill, GRinf, log10 GEC50) and converged flags.
    """
    import numpy as np

    from precisecli.pdo.llsolver import fit_block, refit_from

    ys = (np.asarray(y, dtype=float) + 1.0) / 2.0
    p, conv, _, _ = fit_block(u, ys, w, "ll3u")
    umin = np.where(w > 0, u, np.inf).min(axis=1)
    umax = np.where(w > 0, u, -np.inf).max(axis=1)
    lo, hi = gr_bounds(umin, umax)
    p, conv2 = refit_from(np.clip(p, lo, hi), u, ys, w, lo, hi, "ll3u")
    out = p.copy()
    out[:, 1] = 2.0 * p[:, 1] - 1.0
    return out, conv2


def gr50_from(hill, grinf, u50):
    """log10 GR50 (µM); +inf when GRinf ≥ 0.5 (GR never falls to 0.5)."""
    import numpy as np

    hill = np.asarray(hill, dtype=float)
    grinf = np.asarray(grinf, dtype=float)
    with np.errstate(all="ignore"):
        ratio = (1.0 - grinf) / (0.5 - grinf) - 1.0
        out = np.asarray(u50, dtype=float) + np.log10(ratio) / hill
    return np.where(grinf < 0.5, out, np.inf)


def fit_gr(doses_um, gr_values, alpha: float = ALPHA) -> GRFit | None:
    """GR metrics of one regimen (None with fewer than 3 dose levels)."""
    import numpy as np
    from scipy.stats import f as f_dist

    d = np.asarray(doses_um, dtype=float)
    g = np.asarray(gr_values, dtype=float)
    keep = np.isfinite(d) & np.isfinite(g) & (d > 0)
    d, g = d[keep], g[keep]
    u = np.log10(d)
    levels = np.unique(u)
    if levels.size < 3 or g.size < 4:
        return None
    order = np.argsort(u, kind="stable")
    u, g, d = u[order], g[order], d[order]
    p, conv = fit_gr_block(u[None, :], g[None, :], np.ones((1, u.size)))
    hill, grinf, u50 = (float(x) for x in p[0])
    with np.errstate(all="ignore"):
        fitted = grinf + (1.0 - grinf) / (1.0 + np.power(10.0, hill * (u - u50)))
    rss2 = float(np.sum((g - fitted) ** 2))
    tss = float(np.sum((g - g.mean()) ** 2))
    n = g.size
    df1, df2 = 2, n - 3 + 1
    if rss2 > 0 and df2 > 0:
        fstat = ((tss - rss2) / df1) / (rss2 / df2)
        pval = float(f_dist.sf(fstat, df1, df2))
    else:
        pval = 0.0 if rss2 == 0 and tss > 0 else 1.0
    means = np.array([g[u == lv].mean() for lv in levels])
    grmax = float(min(means[-2:]))
    aoc = float(np.trapezoid(1.0 - means, levels) / (levels[-1] - levels[0]))
    base = {
        "grmax": grmax,
        "gr_aoc": aoc,
        "n_points": int(n),
        "min_dose_um": float(d.min()),
        "max_dose_um": float(d.max()),
    }
    if pval > alpha or not bool(conv[0]):
        mean = float(g.mean())
        return GRFit(
            fit="flat",
            gr50_um=math.inf if mean > 0.5 else -math.inf,
            gec50_um=0.0,
            grinf=mean,
            hill=0.01,
            r2=0.0 if tss > 0 else None,
            pval=pval,
            **base,
        )
    lg50 = float(gr50_from(hill, grinf, u50))
    return GRFit(
        fit="sigmoid",
        gr50_um=10.0**lg50 if math.isfinite(lg50) else math.inf,
        gec50_um=10.0**u50,
        grinf=grinf,
        hill=hill,
        r2=(1.0 - rss2 / tss) if tss > 0 else None,
        pval=pval,
        **base,
    )


def effect_class(grmax: float | None, kb=None) -> str | None:
    """cytotoxic (GRmax below the kill line), cytostatic, partial or none (knowledge base)."""
    if grmax is None or not math.isfinite(grmax):
        return None
    from precisecli.knowledge.kb import setting

    toxic = setting(kb, "screen_metrics.gr.cytotoxic_below_grmax", 0.0)
    static = setting(kb, "screen_metrics.gr.cytostatic_below_grmax", 0.5)
    inactive = setting(kb, "screen_metrics.gr.inactive_above_grmax", 0.9)
    if grmax < toxic:
        return "cytotoxic"
    if grmax < static:
        return "cytostatic"
    if grmax < inactive:
        return "partial"
    return "none"
