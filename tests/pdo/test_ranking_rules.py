"""Reference-dose rules, near ties and diameter regression (hand-checked small inputs)."""

from __future__ import annotations

import pytest

from precisecli.knowledge import load_kb
from precisecli.pdo.model import DiameterRecord, Layout, WellSpec
from precisecli.pdo.ranking import _order, choose_reference, summary
from precisecli.pdo.regression import well_regressions


def test_reference_from_kb_concentrations_is_the_nearest_tested_level():
    levels = [(0.01, 1.0), (0.1, 10.0), (1.0, 100.0)]
    kb_regimen = {"reference_concentrations_um": {"pyrotinib": 0.25}}
    level, rule, requested = choose_reference(("pyrotinib", "capecitabine"), levels, kb_regimen)
    assert level == (0.1, 10.0) and rule == "kb-reference" and requested == {"pyrotinib": 0.25}


def test_reference_without_kb_is_the_middle_of_the_range_higher_on_a_tie():
    levels = [(10 / 3**k,) for k in range(8)]
    level, rule, requested = choose_reference(("t-dm1",), levels, None)
    assert rule == "middle-of-tested-range" and requested is None
    assert level[0] == pytest.approx(10 / 27)
    level, _, _ = choose_reference(("t-dm1",), [(0.1,), (1.0,), (10.0,)], None)
    assert level == (1.0,)


def test_summary_ci_is_t_based():
    mean, sd, n, ci = summary([50.0, 60.0, 70.0])
    assert (mean, sd, n) == (60.0, 10.0, 3)
    half = 4.302652729911275 * 10.0 / 3**0.5  # t(0.975, 2) from tables
    assert ci == pytest.approx([60 - half, 60 + half])


def test_near_ties_come_from_a_real_comparison_of_neighbours():
    """Near tie ⇔ the bootstrap interval of the neighbours' difference reaches 0.

    Checked against Welch's t-test (scipy.stats.ttest_ind, equal_var=False) on the same wells:
    clearly separated neighbours are not ties, overlapping ones are.
    """
    from scipy.stats import ttest_ind

    from precisecli.pdo.bootstrap import mean_draws

    wells = {
        "a": [82.0, 80.0, 84.0, 81.0],
        "b": [60.0, 63.0, 58.0, 61.0],  # far below a: Welch p < 0.001
        "c": [59.0, 62.0, 57.0, 64.0],  # next to b: Welch p > 0.5
    }

    def row(name):
        v = wells[name]
        mean, _, _, ci = summary(v)
        return {"regimen": name, "assessable": True, "inhibition_pct": mean, "ci95": ci,
                "aac": None, "ic50_um": None, "regression_pct": None, "rank": None,
                "near_tie": None}  # fmt: skip

    rows = [row(n) for n in ("c", "a", "b")]
    draws = {n: mean_draws(v, n, "inhibition") for n, v in wells.items()}
    _order(rows, "inhibition", draws)
    assert ttest_ind(wells["a"], wells["b"], equal_var=False).pvalue < 0.001
    assert ttest_ind(wells["b"], wells["c"], equal_var=False).pvalue > 0.5
    assert [(r["regimen"], r["rank"], r["near_tie"]) for r in rows] == [
        ("a", 1, False),
        ("b", 2, True),
        ("c", 3, True),
    ]
    # without draws (a single well) nothing can be compared: near_tie stays null
    rows = [row("a")]
    _order(rows, "inhibition", {"a": None})
    assert rows[0]["near_tie"] is None


def test_diameter_regression_per_well_by_hand():
    layout = Layout(
        "layout.csv",
        (
            WellSpec(
                "1", "B2", "treatment", "pyro-cape", ("pyrotinib", "capecitabine"), (0.1, 10.0)
            ),
            WellSpec("1", "B3", "vehicle"),
        ),
    )
    records = [
        DiameterRecord("1", "B2", "O1", 0, 100.0),
        DiameterRecord("1", "B2", "O2", 0, 140.0),
        DiameterRecord("1", "B2", "O1", 7, 60.0),
        DiameterRecord("1", "B2", "O2", 7, 84.0),
        DiameterRecord("1", "B3", "O1", 0, 100.0),
        DiameterRecord("1", "B3", "O1", 7, 130.0),
    ]
    out = {r.well: r for r in well_regressions(records, layout, "d.csv", None)}
    assert out["B2"].regression_pct == pytest.approx(100 * (120 - 72) / 120)  # 40 %
    assert out["B3"].regression_pct == pytest.approx(-30.0)
    assert out["B2"].regimen == "pyro-cape" and out["B3"].regimen is None


def test_kb_has_the_qc_keys_used():
    qc = load_kb().data["pdo"]["qc"]
    assert {"z_prime_min", "vehicle_cv_max_pct", "ssmd_min", "edge_ratio_tolerance"} <= set(qc)
