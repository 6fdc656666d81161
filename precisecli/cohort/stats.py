"""Statistics of the study endpoints: exact binomial CIs, Kaplan–Meier, log-rank, and the
2×2 table of organoid prediction against patient response. Beta quantiles come from scipy;
Kaplan–Meier and log-rank from cohort/km.py (numpy, checked against lifelines in the tests)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DAYS_PER_MONTH = 30.4375  # 365.25 / 12 (DESIGN §4)


def clopper_pearson(k: int, n: int, level: float = 0.95) -> tuple[float, float] | None:
    """Exact (Clopper–Pearson) interval from beta quantiles; None when n is 0."""
    if n == 0:
        return None
    from scipy.special import betaincinv  # beta.ppf(q, a, b) without importing scipy.stats

    alpha = 1 - level
    lower = 0.0 if k == 0 else float(betaincinv(k, n - k + 1, alpha / 2))
    upper = 1.0 if k == n else float(betaincinv(k + 1, n - k, 1 - alpha / 2))
    return lower, upper


def _finite(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


@dataclass(frozen=True)
class KMSummary:
    n: int
    events: int
    median: float | None  # None when the curve never falls to 0.5
    ci95: tuple[float | None, float | None]


def kaplan_meier(durations: Sequence[float], events: Sequence[bool]) -> KMSummary | None:
    """Median and its 95 % CI (exponential Greenwood / log(-log) band, as lifelines)."""
    from precisecli.cohort.km import kaplan_meier as fit

    curve = fit(durations, events)
    if curve is None:
        return None
    lower, upper = curve.median_ci()
    return KMSummary(
        n=len(durations),
        events=int(sum(bool(e) for e in events)),
        median=curve.median(),
        ci95=(lower, upper),
    )


@dataclass(frozen=True)
class LogRank:
    test_statistic: float
    p_value: float
    degrees_of_freedom: int
    groups: list[str]


def logrank(
    durations: Sequence[float], groups: Sequence[str], events: Sequence[bool]
) -> LogRank | None:
    """Log-rank test across all groups (None with fewer than two groups or no event)."""
    labels = sorted(set(groups))
    if len(labels) < 2 or not any(events):
        return None
    from precisecli.cohort.km import logrank as test

    result = test(durations, groups, events)
    if result is None:
        return None
    return LogRank(
        test_statistic=result.test_statistic,
        p_value=result.p_value,
        degrees_of_freedom=result.degrees_of_freedom,
        groups=labels,
    )


def proportion(k: int, n: int) -> dict[str, object]:
    ci = clopper_pearson(k, n)
    return {"value": k / n if n else None, "k": k, "n": n, "ci95": list(ci) if ci else None}


def diagnostic(pairs: Sequence[tuple[bool, bool]]) -> dict[str, object]:
    """Organoid-sensitive (predicted) vs patient CR/PR (observed): sensitivity, specificity,
    PPV and NPV, each with its exact 95 % CI."""
    tp = sum(1 for pred, obs in pairs if pred and obs)
    fp = sum(1 for pred, obs in pairs if pred and not obs)
    tn = sum(1 for pred, obs in pairs if not pred and not obs)
    fn = sum(1 for pred, obs in pairs if not pred and obs)
    parts = {
        "sensitivity": proportion(tp, tp + fn),
        "specificity": proportion(tn, tn + fp),
        "ppv": proportion(tp, tp + fp),
        "npv": proportion(tn, tn + fn),
    }
    doc: dict[str, object] = {name: part["value"] for name, part in parts.items()}
    doc.update({f"{name}_ci95": part["ci95"] for name, part in parts.items()})
    doc.update({"n": len(pairs), "tp": tp, "fp": fp, "tn": tn, "fn": fn})
    return doc
