"""Cohort statistics against published values and reference libraries (scipy, lifelines)."""

from __future__ import annotations

import math

import pytest

from precisecli.cohort import stats

# Freireich EJ et al., Blood 1963;21:699-716 (6-mercaptopurine vs placebo, remission in weeks),
# as tabulated by Gehan, Biometrika 1965;52:203-23 and Kleinbaum & Klein, Survival Analysis
# (3rd ed., 2012), ch. 1-2. Censored times marked by event 0.
SIX_MP_TIMES = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
SIX_MP_EVENTS = [1] * 9 + [0] * 12
PLACEBO_TIMES = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


@pytest.mark.parametrize(
    ("k", "n"), [(0, 10), (1, 10), (5, 10), (10, 10), (3, 7), (12, 33), (0, 1)]
)
def test_clopper_pearson_equals_scipy_exact(k, n):
    from scipy.stats import binomtest

    expected = binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    lower, upper = stats.clopper_pearson(k, n)
    assert lower == pytest.approx(expected.low, abs=1e-12)
    assert upper == pytest.approx(expected.high, abs=1e-12)


def test_clopper_pearson_closed_forms():
    # k = 0: upper = 1 - (alpha/2)^(1/n); k = n: lower = (alpha/2)^(1/n).
    assert stats.clopper_pearson(0, 10) == (0.0, pytest.approx(1 - 0.025 ** (1 / 10)))
    assert stats.clopper_pearson(10, 10) == (pytest.approx(0.025 ** (1 / 10)), 1.0)
    assert stats.clopper_pearson(0, 0) is None


def test_freireich_medians_and_logrank_match_the_published_values():
    six_mp = stats.kaplan_meier(SIX_MP_TIMES, SIX_MP_EVENTS)
    placebo = stats.kaplan_meier(PLACEBO_TIMES, [1] * 21)
    # Published KM medians: 23 weeks (6-MP), 8 weeks (placebo).
    assert six_mp.median == 23 and placebo.median == 8
    assert (six_mp.events, placebo.events) == (9, 21)
    # Published log-rank chi-square 16.79 (Kleinbaum & Klein), 1 df, p < 0.0001.
    test = stats.logrank(
        SIX_MP_TIMES + PLACEBO_TIMES, ["6-MP"] * 21 + ["placebo"] * 21, SIX_MP_EVENTS + [1] * 21
    )
    assert round(test.test_statistic, 2) == 16.79
    assert test.degrees_of_freedom == 1 and test.p_value < 1e-4


def _lifelines_reference(durations, events):
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    kmf = KaplanMeierFitter().fit(durations, events)
    ci = median_survival_times(kmf.confidence_interval_).iloc[0].tolist()
    return kmf.median_survival_time_, ci


def _same(a, b):
    return (a is None and math.isinf(b)) or a == pytest.approx(b)


@pytest.mark.parametrize("dataset", ["waltons", "freireich"])
def test_km_median_and_ci_equal_lifelines(dataset):
    if dataset == "waltons":
        # lifelines' bundled Walton et al. Drosophila lifespans (lifelines.datasets.load_waltons).
        from lifelines.datasets import load_waltons

        frame = load_waltons()
        groups = {g: (sub["T"].tolist(), sub["E"].tolist()) for g, sub in frame.groupby("group")}
    else:
        groups = {"6-MP": (SIX_MP_TIMES, SIX_MP_EVENTS), "placebo": (PLACEBO_TIMES, [1] * 21)}
    for durations, events in groups.values():
        ours = stats.kaplan_meier(durations, events)
        median, (lower, upper) = _lifelines_reference(durations, events)
        assert _same(ours.median, median)
        assert _same(ours.ci95[0], lower) and _same(ours.ci95[1], upper)


def test_km_median_by_hand():
    # 5 patients, events at 2, 4, 6 and a censoring at 3: S(2)=0.8, S(4)=0.8*2/3=0.533,
    # S(6)=0.533*1/2=0.267 -> the first time S <= 0.5 is 6.
    assert stats.kaplan_meier([2, 3, 4, 6, 8], [1, 0, 1, 1, 0]).median == 6


def test_diagnostic_table_by_hand():
    # TP 4, FN 1, FP 2, TN 3.
    pairs = [(True, True)] * 4 + [(False, True)] + [(True, False)] * 2 + [(False, False)] * 3
    doc = stats.diagnostic(pairs)
    assert (doc["tp"], doc["fn"], doc["fp"], doc["tn"], doc["n"]) == (4, 1, 2, 3, 10)
    assert doc["sensitivity"] == pytest.approx(4 / 5)
    assert doc["specificity"] == pytest.approx(3 / 5)
    assert doc["ppv"] == pytest.approx(4 / 6)
    assert doc["npv"] == pytest.approx(3 / 4)
    from scipy.stats import binomtest

    ci = binomtest(4, 6).proportion_ci(method="exact")
    assert doc["ppv_ci95"] == [pytest.approx(ci.low), pytest.approx(ci.high)]
    empty = stats.diagnostic([])
    assert empty["sensitivity"] is None and empty["sensitivity_ci95"] is None
