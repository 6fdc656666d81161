"""Kaplan–Meier estimate and log-rank test in numpy, with the conventions of lifelines (the
tests compare every number with lifelines on the same data): product-limit estimate over the
timeline of every observed time (0 included), S(t) = exp(sum log(1 - d/n)) as lifelines computes
it (a curve exactly at 0.5 in exact arithmetic falls on the same side of 0.5), exponential
Greenwood (log(-log)) 95 % band, the median as the first time at which the curve (or band) is at
or below 0.5 (None when it never gets there), and the multivariate log-rank chi-square with
k - 1 degrees of freedom.

Computed here rather than through lifelines because importing lifelines alone takes longer
than reading 3 000 cases' summaries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054  # standard normal 0.975 quantile


@dataclass(frozen=True)
class Curve:
    times: list[float]  # timeline: 0 and every distinct observed time, ascending
    at_risk: list[int]  # at risk just before each time
    events: list[int]
    censored: list[int]
    survival: list[float]
    lower: list[float]  # 95 % band (exponential Greenwood), lifelines' fill: 1.0
    upper: list[float]

    def median(self) -> float | None:
        return _first_at_or_below(self.times, self.survival)

    def median_ci(self) -> tuple[float | None, float | None]:
        return _first_at_or_below(self.times, self.lower), _first_at_or_below(
            self.times, self.upper
        )

    def at(self, t: float) -> float:
        """S(t), right-continuous step function."""
        value = 1.0
        for time, s in zip(self.times, self.survival, strict=True):
            if time > t:
                break
            value = s
        return value

    def at_risk_at(self, t: float) -> int:
        """Numbers-at-risk table at time t, as lifelines' add_at_risk_counts (and R) give it:
        at risk after the last observed time <= t, i.e. patients whose time is > t."""
        value = self.at_risk[0] if self.times else 0
        for time, n, d, c in zip(self.times, self.at_risk, self.events, self.censored, strict=True):
            if time > t:
                break
            value = n - d - c
        return value


def _first_at_or_below(times: list[float], values: list[float], q: float = 0.5) -> float | None:
    if not values or values[-1] > q:
        return None
    for t, v in zip(times, values, strict=True):
        if v <= q:
            return t
    return None


def kaplan_meier(durations: Sequence[float], events: Sequence[bool]) -> Curve | None:
    if not durations:
        return None
    import numpy as np

    t = np.asarray(durations, dtype=float)
    e = np.asarray([bool(x) for x in events], dtype=bool)
    timeline = np.unique(np.concatenate([[0.0], t]))
    deaths = np.array([int(np.sum(e & (t == x))) for x in timeline])
    removed = np.array([int(np.sum(t == x)) for x in timeline])
    at_risk = len(t) - np.concatenate([[0], np.cumsum(removed)[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        # exp of the summed log factors, as lifelines computes it: where S is exactly 0.5 in
        # exact arithmetic the two agree on which side of 0.5 it falls, hence on the median.
        log_factor = np.where(at_risk > 0, np.log(at_risk - deaths) - np.log(at_risk), 0.0)
        survival = np.exp(np.cumsum(log_factor))
        var = np.where(
            (at_risk > deaths) & (at_risk > 0),
            deaths / (at_risk.astype(float) * (at_risk - deaths)),
            0.0,
        )
        cum = np.cumsum(var)
        v = np.log(survival)
        lower = np.exp(-np.exp(np.log(-v) - Z95 * np.sqrt(cum) / v))
        upper = np.exp(-np.exp(np.log(-v) + Z95 * np.sqrt(cum) / v))
    lower = np.where(np.isnan(lower), 1.0, lower)
    upper = np.where(np.isnan(upper), 1.0, upper)
    return Curve(
        times=[float(x) for x in timeline],
        at_risk=[int(x) for x in at_risk],
        events=[int(x) for x in deaths],
        censored=[int(r - d) for r, d in zip(removed, deaths, strict=True)],
        survival=[float(x) for x in survival],
        lower=[float(x) for x in lower],
        upper=[float(x) for x in upper],
    )


@dataclass(frozen=True)
class LogRankResult:
    test_statistic: float
    p_value: float
    degrees_of_freedom: int


def logrank(
    durations: Sequence[float], groups: Sequence[str], events: Sequence[bool]
) -> LogRankResult | None:
    """Multivariate log-rank test (Mantel–Haenszel): sum over event times of observed minus
    expected events per group and its hypergeometric covariance; chi-square on k - 1 df."""
    labels = sorted(set(groups))
    k = len(labels)
    if k < 2 or not any(events):
        return None
    import numpy as np
    from scipy.special import chdtrc

    t = np.asarray(durations, dtype=float)
    e = np.asarray([bool(x) for x in events], dtype=bool)
    g = np.array([labels.index(x) for x in groups])
    o_minus_e = np.zeros(k)
    cov = np.zeros((k, k))
    for time in np.unique(t[e]):
        risk = t >= time
        n = int(risk.sum())
        d = int((e & (t == time)).sum())
        n_j = np.array([int((risk & (g == j)).sum()) for j in range(k)], dtype=float)
        d_j = np.array([int((e & (t == time) & (g == j)).sum()) for j in range(k)], dtype=float)
        o_minus_e += d_j - d * n_j / n
        if n > 1:
            share = n_j / n
            cov += d * (n - d) / (n - 1) * (np.diag(share) - np.outer(share, share))
    u = o_minus_e[:-1]
    v = cov[:-1, :-1]
    stat = float(u @ np.linalg.pinv(v) @ u)
    return LogRankResult(stat, float(chdtrc(k - 1, stat)), k - 1)


def finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)
