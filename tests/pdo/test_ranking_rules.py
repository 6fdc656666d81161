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


def test_near_ties_are_overlapping_neighbours():
    def row(name, v, ci):
        return {"regimen": name, "assessable": True, "inhibition_pct": v, "ci95": ci,
                "aac": None, "ic50_um": None, "regression_pct": None, "rank": None,
                "near_tie": None}  # fmt: skip

    rows = [row("a", 80, [75, 85]), row("b", 60, [50, 70]), row("c", 66, [62, 71])]
    _order(rows, "inhibition")
    assert [(r["regimen"], r["rank"], r["near_tie"]) for r in rows] == [
        ("a", 1, False),
        ("c", 2, True),
        ("b", 3, True),
    ]


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
