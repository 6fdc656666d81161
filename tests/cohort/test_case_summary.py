"""The per-case summary document: written (and schema-valid) at every commit, read by `cohort
summary` instead of the full case, and rebuilt from the full case when missing or stale."""

from __future__ import annotations

import hashlib
import json

import pytest

from precisecli.cohort.outcomes import case_outcome
from precisecli.cohort.synthetic import write_cohort
from precisecli.response.recist import RecistRules
from precisecli.store.case_summary import SUMMARY_FILE, read_summary
from precisecli.store.schema import schema_errors


@pytest.fixture
def small(workspace):
    truths = write_cohort(workspace, seed=3, limit=6)
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace

    return workspace, truths, CaseStore(Workspace.locate(workspace))


def test_commit_writes_a_valid_summary_of_exactly_that_record(small):
    ws, truths, st = small
    for t in truths:
        case_dir = ws / t.case_id
        doc = json.loads((case_dir / SUMMARY_FILE).read_text())
        assert schema_errors(doc, "case-summary.schema.json") == []
        assert (
            doc["case_sha256"] == hashlib.sha256((case_dir / "case.json").read_bytes()).hexdigest()
        )
        # The outcome is the one the RECIST engine gives on the full record, and the truth.
        full = case_outcome(st.load(t.case_id), RecistRules())
        o = doc["outcome"]
        assert (o["pfs_days"], o["pfs_event"], o["responder"]) == (
            full.pfs_days, full.pfs_event, full.responder)  # fmt: skip
        assert (o["pfs_days"], o["pfs_event"], o["responder"]) == (
            t.pfs_days, t.pfs_event, t.responder)  # fmt: skip
        assert doc["group"]["id"] == t.group


def test_missing_or_stale_summary_is_rebuilt_from_the_full_case(small):
    ws, truths, st = small
    first, second = truths[0].case_id, truths[1].case_id
    good = (ws / first / SUMMARY_FILE).read_bytes()
    (ws / first / SUMMARY_FILE).unlink()  # an older workspace
    stale = json.loads((ws / second / SUMMARY_FILE).read_text())
    stale["outcome"]["responder"] = not stale["outcome"]["responder"]
    stale["case_sha256"] = "0" * 64  # computed from another case.json
    (ws / second / SUMMARY_FILE).write_text(json.dumps(stale))
    assert read_summary(st, first)["outcome"] == json.loads(good)["outcome"]
    assert (ws / first / SUMMARY_FILE).read_bytes() == good  # rebuilt, same bytes
    rebuilt = read_summary(st, second)
    assert rebuilt["outcome"]["responder"] == truths[1].responder
    assert json.loads((ws / second / SUMMARY_FILE).read_text()) == rebuilt


def test_summary_of_another_case_json_is_not_trusted(small):
    ws, truths, st = small
    cid = truths[0].case_id
    doc = json.loads((ws / cid / SUMMARY_FILE).read_text())
    doc["outcome"]["pfs_days"] = 99999
    (ws / cid / SUMMARY_FILE).write_text(json.dumps(doc))
    case_json = (ws / cid / "case.json").read_bytes()
    (ws / cid / "case.json").write_bytes(case_json + b"\n")  # case.json changed outside precise
    assert read_summary(st, cid)["outcome"]["pfs_days"] == truths[0].pfs_days


def test_cohort_summary_uses_summaries_and_gains_km(small, cli):
    from lifelines import KaplanMeierFitter

    ws, truths, _ = small
    result = cli("cohort", "summary", "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    for row in doc["groups"]:
        members = [t for t in truths if t.group == row["group"]]
        kmf = KaplanMeierFitter().fit([t.pfs_days for t in members], [t.pfs_event for t in members])
        table = kmf.event_table
        assert [k["at_risk"] for k in row["km"]] == list(table["at_risk"])
        assert [k["events"] for k in row["km"]] == list(table["observed"])
        assert [k["censored"] for k in row["km"]] == list(table["censored"])
        assert [k["time_months"] * 30.4375 for k in row["km"]] == pytest.approx(list(table.index))
        assert [k["survival"] for k in row["km"]] == pytest.approx(
            list(kmf.survival_function_.iloc[:, 0]))  # fmt: skip


def test_case_validate_checks_the_summary(cli, workspace):
    from precisecli.resources import resource_dir

    intake = resource_dir("sample_cases") / "DEMO-001" / "intake.yaml"
    assert cli("case", "new", "C1", "--intake", intake).exit_code == 0
    assert (workspace / "C1" / SUMMARY_FILE).is_file()  # case new writes one too
    assert cli("case", "validate", "C1").exit_code == 0
    doc = json.loads((workspace / "C1" / SUMMARY_FILE).read_text())
    assert doc["outcome"]["treated"] is False and doc["group"] is None
    doc["outcome"]["pfs_days"] = "long"
    (workspace / "C1" / SUMMARY_FILE).write_text(json.dumps(doc))
    bad = cli("case", "validate", "C1")
    assert bad.exit_code == 3
    assert SUMMARY_FILE in bad.stderr + bad.stdout
