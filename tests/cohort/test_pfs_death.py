"""PFS1 counts death as an event (RECIST 1.1 / standard PFS: progression or death from any
cause, whichever comes first), through the real CLI and the cohort export."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from precisecli.cohort.synthetic import grouping_document

INTAKE = """\
patient: {pseudonym: P-1, sex: female}
diagnosis: {er_percent: 80, pr_percent: 10, her2_ihc: "3+"}
prior_therapy:
  - {line: 1, regimen: THP, drugs: [trastuzumab, pertuzumab, docetaxel],
     start: "2022-01-10", end: "2023-03-01"}
"""
HEADER = "date,lesion_id,organ,category,lymph_node,diameter_mm,status\n"
BASELINE = "2024-01-02"  # SoD 30 + 20 = 50 mm
START = "2024-01-05"


def _scans(*follow_ups):
    rows = [f"{BASELINE},T1,liver,target,no,30,", f"{BASELINE},T2,lung,target,no,20,"]
    for when, t1, t2 in follow_ups:
        rows += [f"{when},T1,liver,target,no,{t1},", f"{when},T2,lung,target,no,{t2},"]
    return HEADER + "\n".join(rows) + "\n"


STABLE = ("2024-02-16", 28, 18)  # SoD 46: -8 % from baseline, SD
STABLE2 = ("2024-03-29", 27, 18)  # SoD 45: SD
GROWING = ("2024-02-16", 37, 25)  # SoD 62: +24 % and +12 mm over the nadir (50), PD

# case -> (group, scans, stop (date, reason) or None)
CASES = {
    "DEATH": ("G2", _scans(STABLE), ("2024-03-10", "death")),
    "PROG": ("G2", _scans(GROWING), ("2024-02-20", "progression")),
    "CENS": ("G2", _scans(STABLE, STABLE2), None),
    "PROG-THEN-DEATH": ("G3", _scans(GROWING), ("2024-03-01", "death")),
}


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


@pytest.fixture
def cohort(cli, workspace, tmp_path):
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace

    intake = tmp_path / "intake.yaml"
    intake.write_text(INTAKE)
    for case_id, (group, scans, stop) in CASES.items():
        assert cli("case", "new", case_id, "--intake", intake).exit_code == 0
        doc = grouping_document(case_id, group, group, "pyro-cape", ["pyrotinib", "capecitabine"])
        with CaseStore(Workspace.locate(workspace)).update(case_id, command="test setup") as txn:
            txn.record["grouping"] = doc
        table = tmp_path / f"{case_id}.csv"
        table.write_text(scans)
        assert cli("response", "import", case_id, table).exit_code == 0
        started = cli("line", "start", case_id, "--regimen", "pyro-cape", "--date", START)
        assert started.exit_code == 0, started.stderr
        if stop:
            stopped = cli("line", "stop", case_id, "--date", stop[0], "--reason", stop[1])
            assert stopped.exit_code == 0, stopped.stderr
    return workspace


def test_death_is_a_pfs_event(cli, cohort, tmp_path):
    out = tmp_path / "out"
    result = cli("cohort", "summary", "--json", "--out", out)
    assert result.exit_code == 0, result.stderr
    rows = {r["case_id"]: r for r in csv.DictReader((out / "cohort_cases.csv").open())}
    # Death on the line without progression: an event on the day of death (65 days).
    assert _days(START, "2024-03-10") == 65
    assert rows["DEATH"]["pfs1_days"] == "65" and rows["DEATH"]["pfs1_event"] == "true"
    assert rows["DEATH"]["pfs1_rule"] == "death"
    # Progression at the 2024-02-16 scan: 42 days, an event.
    assert rows["PROG"]["pfs1_days"] == "42" and rows["PROG"]["pfs1_event"] == "true"
    # Progression first, death later: the event is the progression (whichever comes first).
    assert rows["PROG-THEN-DEATH"]["pfs1_days"] == "42"
    assert rows["PROG-THEN-DEATH"]["pfs1_rule"] == "progression"
    # Alive without progression: censored at the last adequate assessment (84 days).
    assert rows["CENS"]["pfs1_days"] == "84" and rows["CENS"]["pfs1_event"] == "false"

    # Kaplan-Meier by hand for G2 (42 event, 65 event, 84 censored):
    # S(42) = 2/3, S(65) = 2/3 * 1/2 = 1/3 -> the median is the first time S <= 0.5: 65 days.
    # Were death censored, S would stay at 2/3 and the median would not be reached.
    g2 = next(g for g in result.json()["groups"] if g["group"] == "G2")
    assert g2["n_events"] == 2
    assert g2["pfs_median_months"] == pytest.approx(65 / 30.4375)
