"""The organoid ranking chart shows the metric the screen was ranked by, with that metric's CI."""

from __future__ import annotations

import pytest

from precisecli.report.sections.organoid_charts import ranking_chart

ROW = {
    "rank": 1,
    "regimen": "pyro-cape",
    "sensitive": True,
    "assessable": True,
    "inhibition_pct": 80.0,
    "ci95": [70.0, 90.0],
    "regression_pct": 40.0,
    "regression_ci95": [35.0, 45.0],
    "aac": 0.6,
    "ic50_um": 0.05,
}


@pytest.mark.parametrize(
    ("metric", "value", "lo", "hi", "title"),
    [
        ("inhibition", 80.0, 70.0, 90.0, "Screen S1: inhibition by regimen with 95 % CI"),
        ("regression", 40.0, 35.0, 45.0, "Screen S1: regression by regimen with 95 % CI"),
        # pdo gives no CI for AAC or IC50: no whisker borrowed from inhibition.
        ("aac", 0.6, None, None, "Screen S1: aac by regimen"),
        ("ic50", 0.05, None, None, "Screen S1: ic50 by regimen"),
    ],
)
def test_bar_value_and_ci_follow_the_ranking_metric(metric, value, lo, hi, title):
    chart = ranking_chart("S1", metric, [ROW], None)
    bar = chart["bars"][0]
    assert (bar["value"], bar["lo"], bar["hi"]) == (value, lo, hi)
    assert chart["title"] == title


def test_unmeasured_metric_is_not_replaced_by_inhibition():
    row = dict(ROW, regression_pct=None, regression_ci95=None)
    bar = ranking_chart("S1", "regression", [row], None)["bars"][0]
    assert bar["value"] is None and bar["lo"] is None
