"""Tumour fraction (TF) of a plasma draw from its variants that are truncal (clonal) in tissue.

A heterozygous clonal variant carried on m of the CN_t tumour copies has, at tumour fraction t,
expected plasma VAF  f(t) = t·m / (t·CN_t + 2·(1 − t))  (the purity formula of
precisecli.genomics.clonality with CCF 1; the tumour DNA in plasma is taken to have the tissue's
copy number). With alt reads a_i of depth d_i for each such variant, the log-likelihood
Σ a_i·log f_i(t) + (d_i − a_i)·log(1 − f_i(t)) is evaluated on a grid of t (step 0.0005 up to 1):
the estimate is its maximum, the 95 % interval the 2.5 % and 97.5 % quantiles of the normalised
likelihood. For one variant at CN 2 with m = 1 the estimate is 2 × VAF.

An imported estimate (ichorCNA ``*.params.txt``) or ``purity set --tumour-fraction`` wins over
this one; the method is stated either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GRID_STEP = 0.0005


@dataclass(frozen=True)
class TruncalPoint:
    alt: int
    depth: int
    multiplicity: int
    total_cn: float
    label: str  # "PIK3CA H1047R"


@dataclass(frozen=True)
class TumourFraction:
    value: float | None
    ci95: tuple[float, float] | None
    source: str | None  # "ichorCNA (file)", "--tumour-fraction option", "truncal variants ..."
    reason: str | None = None  # why value is None

    def as_dict(self) -> dict:
        return {
            "tumour_fraction": self.value,
            "tumour_fraction_ci95": list(self.ci95) if self.ci95 else None,
            "tumour_fraction_source": self.source,
            "tumour_fraction_reason": self.reason,
        }


def plasma_vaf(tf: float, multiplicity: float, total_cn: float, ccf: float = 1.0) -> float:
    return tf * ccf * multiplicity / (tf * total_cn + 2 * (1 - tf))


def estimate(points: list[TruncalPoint]) -> TumourFraction:
    usable = [p for p in points if p.depth > 0]
    if not usable:
        return TumourFraction(
            None, None, None, "no variant of this draw is known to be clonal in tissue"
        )
    n = int(round(1 / GRID_STEP))
    grid = [round((i + 1) * GRID_STEP, 10) for i in range(n)]
    logs = []
    for t in grid:
        total = 0.0
        for p in usable:
            f = plasma_vaf(t, p.multiplicity, p.total_cn)
            if f >= 1:
                total += 0.0 if p.alt == p.depth else -math.inf
            else:
                total += p.alt * math.log(f) + (p.depth - p.alt) * math.log1p(-f)
        logs.append(total)
    top = max(logs)
    best = grid[logs.index(top)]
    weights = [math.exp(v - top) if v > -math.inf else 0.0 for v in logs]
    z = sum(weights)
    cum, lower, upper = 0.0, None, None
    for t, w in zip(grid, weights, strict=True):
        cum += w / z
        if lower is None and cum >= 0.025 - 1e-12:
            lower = t
        if upper is None and cum >= 0.975 - 1e-12:
            upper = t
    labels = ", ".join(sorted({p.label for p in usable}))
    return TumourFraction(
        best,
        (float(lower or grid[0]), float(upper or grid[-1])),
        f"estimated from {len(usable)} variant(s) clonal in tissue ({labels}); "
        "copy-number-aware binomial likelihood",
    )
