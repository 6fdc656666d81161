"""Student t quantiles for integer degrees of freedom, without scipy (its import costs ~0.3 s).

P(|T| ≤ t) for ν degrees of freedom has a closed form (Abramowitz & Stegun 26.7.3 and 26.7.4),
with θ = arctan(t / √ν):
  ν odd:  2/π · (θ + sin θ · (cos θ + 2/3 cos³θ + … + (2·4…(ν−3))/(1·3…(ν−2)) cos^(ν−2) θ))
  ν even: sin θ · (1 + 1/2 cos²θ + 1·3/(2·4) cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2)) cos^(ν−2) θ)
The quantile is found by bisection on t (monotone), to 1e-13 relative.
"""

from __future__ import annotations

import math


def abs_cdf(t: float, df: int) -> float:
    """P(|T| ≤ t) for t ≥ 0."""
    theta = math.atan(t / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    if df % 2 == 1:
        total, term = 0.0, c
        if df > 1:
            total = term
            for k in range(3, df - 1, 2):  # terms cos^3 … cos^(ν−2)
                term *= (k - 1) / k * c * c
                total += term
        return 2.0 / math.pi * (theta + s * total)
    total, term = 1.0, 1.0
    for k in range(2, df - 1, 2):  # terms cos^2 … cos^(ν−2)
        term *= (k - 1) / k * c * c
        total += term
    return s * total


def t_quantile(p: float, df: int) -> float:
    """The p-quantile (p > 0.5) of Student's t with ``df`` ≥ 1 degrees of freedom."""
    if df < 1 or not 0.5 < p < 1.0:
        raise ValueError("t_quantile needs df >= 1 and 0.5 < p < 1")
    target = 2.0 * p - 1.0  # P(|T| ≤ q)
    lo, hi = 0.0, 1.0
    while abs_cdf(hi, df) < target:
        hi *= 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if abs_cdf(mid, df) < target:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * hi:
            break
    return (lo + hi) / 2.0
