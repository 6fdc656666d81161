"""Kaplan–Meier curves, numbers at risk, medians with CI and the log-rank test of cohort/km.py
equal lifelines' on the same data (random cohorts with ties, censoring, events at 0)."""

from __future__ import annotations

import random

import pytest

from precisecli.cohort.km import kaplan_meier, logrank


def _cohort(seed: int, n: int = 40):
    rng = random.Random(seed)
    durations = [float(rng.choice([0, 42, 84, 126, 168, 210, 252, 300, 336])) for _ in range(n)]
    durations += [round(rng.expovariate(1 / 200.0), 1) for _ in range(n)]
    events = [rng.random() < 0.7 for _ in durations]
    groups = [rng.choice(["G1", "G2", "G3"]) for _ in durations]
    return durations, events, groups


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_curve_at_risk_and_median_equal_lifelines(seed):
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    durations, events, _ = _cohort(seed)
    curve = kaplan_meier(durations, events)
    kmf = KaplanMeierFitter(alpha=0.05).fit(durations, events)
    table = kmf.event_table
    assert curve.times == [float(t) for t in table.index]
    assert curve.at_risk == [int(x) for x in table["at_risk"]]
    assert curve.events == [int(x) for x in table["observed"]]
    assert curve.censored == [int(x) for x in table["censored"]]
    assert curve.survival == pytest.approx(list(kmf.survival_function_.iloc[:, 0]), abs=1e-12)
    ci = kmf.confidence_interval_
    assert curve.lower == pytest.approx(list(ci.iloc[:, 0]), abs=1e-12)
    assert curve.upper == pytest.approx(list(ci.iloc[:, 1]), abs=1e-12)
    expected = kmf.median_survival_time_
    assert curve.median() == (None if expected == float("inf") else expected)
    lo, hi = (float(x) for x in median_survival_times(ci).iloc[0])
    assert curve.median_ci() == (
        None if lo == float("inf") else lo,
        None if hi == float("inf") else hi,
    )


def test_median_on_an_exact_half_step_follows_lifelines():
    """S(168) is exactly 1/2 in exact arithmetic (G1 of the synthetic design); lifelines'
    exp-of-log-sum puts it just above 0.5, so its median is the next event time (336)."""
    from lifelines import KaplanMeierFitter

    d = [84, 126, 126, 168, 252, 336, 420]
    e = [False, True, True, True, False, True, False]
    assert kaplan_meier(d, e).median() == KaplanMeierFitter().fit(d, e).median_survival_time_
    assert kaplan_meier(d, e).median() == 336


def test_hand_calculated_curve():
    # 5 patients: events at 1, 3, 3; censored at 2 and 4. S(1)=4/5, S(3)=4/5*(1/3)=0.2667.
    curve = kaplan_meier([1, 2, 3, 3, 4], [True, False, True, True, False])
    assert curve.times == [0, 1, 2, 3, 4]
    assert curve.at_risk == [5, 5, 4, 3, 1]
    assert curve.survival == pytest.approx([1, 0.8, 0.8, 0.8 / 3, 0.8 / 3])
    assert curve.median() == 3
    assert curve.at(2.5) == pytest.approx(0.8)
    assert curve.at_risk_at(2.5) == 3


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_logrank_equals_lifelines(seed):
    from lifelines.statistics import multivariate_logrank_test

    durations, events, groups = _cohort(seed)
    ours = logrank(durations, groups, events)
    ref = multivariate_logrank_test(durations, groups, events)
    assert ours.test_statistic == pytest.approx(float(ref.test_statistic), rel=1e-9)
    assert ours.p_value == pytest.approx(float(ref.p_value), rel=1e-9)
    assert ours.degrees_of_freedom == int(ref.degrees_of_freedom)


def test_logrank_two_groups_equals_lifelines():
    from lifelines.statistics import logrank_test

    durations, events, groups = _cohort(9)
    pairs = [(d, e, g) for d, e, g in zip(durations, events, groups, strict=True) if g != "G3"]
    d, e, g = zip(*pairs, strict=True)
    ours = logrank(d, g, e)
    a = [i for i, x in enumerate(g) if x == "G1"]
    b = [i for i, x in enumerate(g) if x == "G2"]
    ref = logrank_test([d[i] for i in a], [d[i] for i in b], [e[i] for i in a], [e[i] for i in b])
    assert ours.p_value == pytest.approx(float(ref.p_value), rel=1e-9)


def test_logrank_needs_two_groups_and_an_event():
    assert logrank([1, 2], ["G1", "G1"], [True, True]) is None
    assert logrank([1, 2], ["G1", "G2"], [False, False]) is None
