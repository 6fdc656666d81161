"""Normalisation and plate QC against hand calculations on small plates built in the test."""

from __future__ import annotations

import math
import statistics

import pytest

from precisecli.pdo.model import Layout, PlateRead, WellSpec
from precisecli.pdo.normalise import iqr_clean, join_plate
from precisecli.pdo.qc import QcThresholds, assess_plate, control_statistics

THRESHOLDS = QcThresholds(
    z_prime_min=0.5, vehicle_cv_max_pct=20, ssmd_min=3, edge_ratio_tolerance=0.15
)


def test_control_statistics_by_hand():
    v = [100.0, 104.0, 96.0, 100.0]
    k = [10.0, 12.0, 8.0, 10.0]
    stats = control_statistics(v, k)
    sv, sk = statistics.stdev(v), statistics.stdev(k)  # 3.266, 1.633
    assert stats["z_prime"] == pytest.approx(1 - 3 * (sv + sk) / 90.0)
    assert stats["ssmd"] == pytest.approx(90.0 / math.sqrt(sv**2 + sk**2))
    assert stats["cv_vehicle_pct"] == pytest.approx(100 * sv / 100.0)
    assert stats["signal_to_background"] == pytest.approx(10.0)
    # robust: medians 100 / 10, MADs 1.4826·2 and 1.4826·1
    assert stats["robust_z_prime"] == pytest.approx(1 - 3 * 1.4826 * (2 + 1) / 90.0)


def test_iqr_rule_drops_a_bubble():
    kept = iqr_clean([100, 101, 99, 100, 102, 20])
    assert sorted(kept.tolist()) == [99, 100, 100, 101, 102]


def _plate(values, roles):
    read = PlateRead("p.csv", "long-table", "1", 8, 12, "lum", dict(values))
    specs = []
    for well, role in roles.items():
        if role == "treatment":
            specs.append(WellSpec("*", well, "treatment", "tdm1", ("t-dm1",), (1.0,)))
        else:
            specs.append(WellSpec("*", well, role))
    return join_plate(read, Layout("layout.csv", tuple(specs)))


def test_viability_uses_vehicle_and_kill_means():
    values = {"B2": 1000.0, "C2": 1100.0, "D2": 900.0, "B3": 100.0, "C3": 120.0, "D3": 80.0}
    values["E5"] = 550.0
    roles = {w: ("vehicle" if w.endswith("2") else "kill") for w in list(values)[:6]}
    roles["E5"] = "treatment"
    plate, qc = assess_plate(_plate(values, roles), THRESHOLDS)
    well = next(w for w in plate.wells if w.well == "E5")
    assert well.viability_pct == pytest.approx(100 * (550 - 100) / (1000 - 100))
    assert well.inhibition_pct == pytest.approx(50.0)
    assert qc.floor_role == "kill" and qc.passed
    assert "few-controls" not in qc.flags


def test_blank_replaces_a_missing_kill_control_and_unlisted_wells_are_ignored():
    values = {"B2": 1000.0, "C2": 1000.0, "B3": 50.0, "C3": 50.0, "E5": 525.0, "H12": 7.0}
    roles = {"B2": "vehicle", "C2": "vehicle", "B3": "blank", "C3": "blank", "E5": "treatment"}
    plate, qc = assess_plate(_plate(values, roles), THRESHOLDS)
    assert {w.well for w in plate.wells} == set(roles)
    assert next(w for w in plate.wells if w.well == "E5").viability_pct == pytest.approx(50.0)
    assert qc.floor_role == "blank" and "few-controls" in qc.flags


def test_edge_effect_uses_interior_controls_and_drops_treated_edge_wells():
    values, roles = {}, {}
    for r in "ABCDEFGH":
        values[f"{r}1"], roles[f"{r}1"] = 700.0, "vehicle"  # edge, 30 % low
        values[f"{r}12"], roles[f"{r}12"] = 70.0, "kill"
    for r in "BCDEFG":
        values[f"{r}6"], roles[f"{r}6"] = 1000.0 + (5 if r in "BCD" else -5), "vehicle"
        values[f"{r}7"], roles[f"{r}7"] = 100.0, "kill"
    values["D4"], roles["D4"] = 550.0, "treatment"
    values["A4"], roles["A4"] = 550.0, "treatment"
    plate, qc = assess_plate(_plate(values, roles), THRESHOLDS)
    assert qc.edge_ratio == pytest.approx(700 / 1000.0, rel=0.01)
    assert "edge-effect" in qc.flags and qc.controls_from == "interior"
    inner = next(w for w in plate.wells if w.well == "D4")
    assert inner.viability_pct == pytest.approx(100 * (550 - 100) / (1000 - 100))
    assert next(w for w in plate.wells if w.well == "A4").excluded == "edge-effect"


def test_a_noisy_plate_fails_on_z_prime():
    values = {"B2": 1000.0, "C2": 600.0, "D2": 1400.0, "E2": 1000.0}
    values |= {"B3": 100.0, "C3": 110.0, "D3": 90.0, "E3": 100.0}
    roles = {w: ("vehicle" if w.endswith("2") else "kill") for w in values}
    _, qc = assess_plate(_plate(values, roles), THRESHOLDS)
    assert qc.z_prime < 0.5 and not qc.passed
    assert {"z-prime-low", "vehicle-cv-high"} <= set(qc.flags)
