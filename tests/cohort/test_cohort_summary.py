"""`cohort summary` over a generated cohort with known truth, and its exports."""

from __future__ import annotations

import csv
import zipfile

import pytest

from precisecli.cohort.synthetic import write_cohort

DESIGN_GROUP_KEYS = {"group", "n", "n_evaluable", "orr", "orr_ci95", "pfs_median_months",
                     "pfs_ci95", "n_events"}  # fmt: skip
DESIGN_PDO_KEYS = {"sensitivity", "specificity", "ppv", "npv", "n"}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    ws = tmp_path_factory.mktemp("cohort") / "ws"
    truths = write_cohort(ws, seed=7)
    return ws, truths


def _truth_km(truths):
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter().fit([t.pfs_days for t in truths], [t.pfs_event for t in truths])
    return kmf.median_survival_time_


def test_generated_cohort_recovers_the_known_truth(cohort, cli):
    ws, truths = cohort
    assert len(truths) >= 30
    result = cli("--workspace", ws, "cohort", "summary", "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["n_cases"] == len(truths)
    assert DESIGN_PDO_KEYS <= set(doc["pdo_prediction"])
    by_group = {g["group"]: g for g in doc["groups"]}
    assert sorted(by_group) == sorted({t.group for t in truths})
    for group, row in by_group.items():
        assert DESIGN_GROUP_KEYS <= set(row)
        members = [t for t in truths if t.group == group]
        responders = sum(t.responder for t in members)
        assert row["n"] == row["n_evaluable"] == len(members)
        assert row["orr"] == pytest.approx(responders / len(members))
        assert row["n_events"] == sum(t.pfs_event for t in members)
        # Median from the truth table (lifelines on the designed durations), in months.
        expected = _truth_km(members)
        if expected == float("inf"):
            assert row["pfs_median_months"] is None
        else:
            assert row["pfs_median_months"] == pytest.approx(expected / 30.4375, abs=1e-4)
        lo, hi = row["orr_ci95"]
        assert 0 <= lo <= row["orr"] <= hi <= 1
    # Organoid 2x2 from the truth table: only assessable regimens are compared.
    compared = [t for t in truths if t.organoid_assessable]
    tp = sum(t.organoid_sensitive and t.responder for t in compared)
    fn = sum(not t.organoid_sensitive and t.responder for t in compared)
    tn = sum(not t.organoid_sensitive and not t.responder for t in compared)
    fp = sum(t.organoid_sensitive and not t.responder for t in compared)
    pred = doc["pdo_prediction"]
    assert pred["n"] == len(compared)
    assert (pred["tp"], pred["fn"], pred["tn"], pred["fp"]) == (tp, fn, tn, fp)
    assert pred["sensitivity"] == pytest.approx(tp / (tp + fn))
    assert pred["npv"] == pytest.approx(tn / (tn + fn))
    assert doc["logrank"]["degrees_of_freedom"] == len(by_group) - 1


def test_truth_table_has_the_cases_the_rules_must_handle(cohort):
    _, truths = cohort
    assert any(not t.pfs_event for t in truths)  # censored
    assert any(t.pfs_event for t in truths)
    assert any(not t.organoid_assessable for t in truths)


def test_out_writes_plot_and_neutralised_exports(cohort, cli, tmp_path):
    ws, truths = cohort
    out = tmp_path / "out"
    first = cli("--workspace", ws, "cohort", "summary", "--json", "--out", out)
    assert first.exit_code == 0, first.stderr
    files = first.json()["files"]
    for name in ("pfs1_km.svg", "pfs1_km.png", "cohort_groups.csv", "cohort_cases.csv",
                 "cohort.xlsx"):  # fmt: skip
        assert name in files and (out / name).stat().st_size > 0
    svg = (out / "pfs1_km.svg").read_bytes()
    assert cli("--workspace", ws, "cohort", "summary", "--out", out).exit_code == 0
    assert (out / "pfs1_km.svg").read_bytes() == svg  # deterministic
    rows = list(csv.DictReader((out / "cohort_cases.csv").open()))
    assert len(rows) == len(truths)


def test_export_neutralises_formula_text(tmp_path):
    from precisecli.cohort import export

    rows = [{"a": "=HYPERLINK(\"x\")", "b": "+1", "c": "-2", "d": "@SUM(A1)", "e": -3.5,
             "f": "\tx", "g": "safe"}]  # fmt: skip
    cols = list(rows[0])
    text = export.to_csv(rows, cols)
    cells = next(csv.reader(text.splitlines()[1:]))
    assert cells[:4] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)"]
    assert cells[4] == "-3.5"  # a number stays a number
    assert cells[5] == "'\tx" and cells[6] == "safe"
    path = tmp_path / "x.xlsx"
    export.to_xlsx({"s": (rows, cols)}, path)
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    from openpyxl import load_workbook

    book = load_workbook(path)
    values = [c.value for c in book["s"][2]]
    assert values[0] == '=HYPERLINK("x")' and values[4] == -3.5
    assert book["s"]["A2"].data_type == "s"


def test_empty_workspace(cli, workspace):
    result = cli("cohort", "summary", "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["n_cases"] == 0 and doc["groups"] == [] and doc["pdo_prediction"]["n"] == 0
