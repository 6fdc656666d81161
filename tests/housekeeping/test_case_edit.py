"""`precise case edit`: amend the intake, re-validated; field paths (not values) audited."""

from __future__ import annotations

import json

from tests.housekeeping.conftest import tree_digest

CASE = "DEMO-001"


def record(workspace):
    return json.loads((workspace / CASE / "case.json").read_text("utf-8"))


def test_set_changes_the_field_and_audits_its_path(cli, workspace):
    r = cli(
        "case", "edit", CASE, "--set", "diagnosis.er_percent=0", "--set", "diagnosis.pr_percent=0",
        "--reason", "pathology revised", "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.json()["changed"] == ["diagnosis.er_percent", "diagnosis.pr_percent"]
    assert r.json()["stale"] == ["grouping", "report"]
    rec = record(workspace)
    assert rec["intake"]["diagnosis"]["er_percent"] == 0
    assert cli("case", "show", CASE, "--json").json()["derived"]["hr_status"] == "negative"
    log = cli("case", "log", CASE, "--json", "--verify").json()
    assert log["verified"]
    entry = log["entries"][-1]
    assert entry["command"] == "case edit"
    assert entry["args"] == {
        "source": "set",
        "reason": "pathology revised",
        "fields": ["diagnosis.er_percent", "diagnosis.pr_percent"],
    }
    # report refuses the stale grouping; re-running group clears it
    assert cli("report", CASE).exit_code == 3
    assert cli("group", CASE).exit_code == 0
    assert cli("report", CASE, "--html").exit_code == 0


def test_invalid_value_exits_3_naming_the_field_case_unchanged(cli, workspace):
    before = tree_digest(workspace)
    for argv, field in [
        (("--set", "diagnosis.er_percent=500"), "diagnosis.er_percent"),
        (("--set", "diagnosis.her2_ihc=4+"), "diagnosis.her2_ihc"),
        (("--set", "diagnosis_date=2024-01-01"), "diagnosis_date"),
        (("--set", "prior_therapy[0].end=2024-13-01"), "prior_therapy[0].end"),
        (("--set", "prior_therapy[5].end=2024-01-01"), "prior_therapy[5]"),
        (("--set", "case_id=OTHER"), "case_id"),
        (("--set", "no equals sign"), "--set"),
        # a prior line moved after the study line started is refused (lines re-checked)
        (
            (
                "--set",
                "prior_therapy[1].start=2024-05-01",
                "--set",
                "prior_therapy[1].end=2024-06-01",
            ),
            "line 3",
        ),
    ]:
        r = cli("case", "edit", CASE, *argv, "--reason", "test")
        assert r.exit_code == 3, (argv, r.stderr)
        assert field in r.stderr, (argv, r.stderr)
        assert "Traceback" not in r.stderr
        assert tree_digest(workspace) == before
    assert cli("case", "edit", CASE, "--set", "diagnosis.er_percent=5").exit_code == 2  # no reason
    assert cli("case", "edit", CASE, "--reason", "x").exit_code == 2  # nothing to set
    assert tree_digest(workspace) == before


def test_free_text_never_in_audit_or_messages(cli, workspace):
    secret = "Jane Doe MRN 0012345"
    r = cli("case", "edit", CASE, "--set", f"notes={secret}", "--reason", "note added", "--json")
    assert r.exit_code == 0 and r.json()["changed"] == ["notes"]
    assert record(workspace)["intake"]["notes"] == secret
    assert secret not in (workspace / CASE / "audit.jsonl").read_text()
    bad = cli("case", "edit", CASE, "--set", f"diagnosis.histology=[{secret}]", "--reason", "x")
    assert (
        bad.exit_code == 3 and "0012345" not in bad.stderr and "diagnosis.histology" in bad.stderr
    )
    # empty value removes the field
    r = cli("case", "edit", CASE, "--set", "notes=", "--reason", "removed", "--json")
    assert r.json()["changed"] == ["notes"] and "notes" not in record(workspace)["intake"]


def test_intake_file_replaces_and_lists_every_problem(cli, workspace, tmp_path, sample_case_dir):
    text = (sample_case_dir / "intake.yaml").read_text("utf-8")
    good = tmp_path / "intake.yaml"
    good.write_text(text.replace("er_percent: 90", "er_percent: 60"), encoding="utf-8")
    assert "er_percent: 60" in good.read_text()
    r = cli("case", "edit", CASE, "--intake", good, "--reason", "new pathology", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["changed"] == ["diagnosis.er_percent"]
    entry = json.loads((workspace / CASE / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["inputs"][0]["name"] == "intake.yaml" and entry["args"]["source"] == "intake"

    same = cli("case", "edit", CASE, "--intake", good, "--reason", "again")
    assert same.exit_code == 0 and "nothing changed" in same.stderr

    before = tree_digest(workspace)
    bad = tmp_path / "bad.yaml"
    broken = text.replace("er_percent: 90", "er_percent: 900")
    bad.write_text(broken.replace("status: post", "status: after"), encoding="utf-8")
    r = cli("case", "edit", CASE, "--intake", bad, "--reason", "x")
    assert r.exit_code == 3
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 3 and "er_percent" in lines[0] + lines[1]
    assert "menopausal_status" in lines[0] + lines[1] and "2 problems" in lines[2]
    assert tree_digest(workspace) == before
