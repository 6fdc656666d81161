"""`precise line undo` / `line edit` through the CLI."""

from __future__ import annotations

import json

from tests.housekeeping.conftest import tree_digest

CASE = "DEMO-001"


def record(workspace):
    return json.loads((workspace / CASE / "case.json").read_text("utf-8"))


def last_audit(workspace):
    return json.loads((workspace / CASE / "audit.jsonl").read_text("utf-8").splitlines()[-1])


def test_edit_then_undo_restores_the_line(cli, workspace):
    original = record(workspace)["treatment"]["lines"]
    r = cli(
        "line", "edit", CASE, "--line", "3", "--end", "2024-09-20", "--reason", "typo", "--json"
    )
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["fields"] == ["end"] and doc["line"]["end"] == "2024-09-20"
    assert doc["stale"] == ["evaluation", "report"]  # same drugs: the grouping stands
    entry = last_audit(workspace)
    assert entry["command"] == "line edit"
    assert entry["args"] == {"line": 3, "reason": "typo", "fields": ["end"]}

    u = cli("line", "undo", CASE, "--json")
    assert u.exit_code == 0, u.stderr
    assert u.json()["undone"] == "line edit"
    assert record(workspace)["treatment"]["lines"] == original
    assert cli("case", "log", CASE, "--verify").exit_code == 0


def test_edit_refusals_leave_the_case_byte_identical(cli, workspace):
    before = tree_digest(workspace)
    cases = [
        (("--line", "4", "--end", "2024-09-20"), "no study line 4"),
        (("--line", "3", "--end", "2024-01-01"), "before its start"),
        (("--line", "3", "--start", "2023-01-01"), "prior therapy"),
        (("--line", "3", "--stop-reason", "bored"), "not known"),
        (("--line", "3", "--regimen", "no-such-regimen"), "not a regimen"),
        (("--line", "3", "--end", "2024-09-27"), "nothing to change"),
        (("--line", "3", "--end", "none"), None),  # reopening is allowed: checked below
    ]
    for argv, message in cases[:-1]:
        r = cli("line", "edit", CASE, *argv)
        assert r.exit_code == 3, (argv, r.stderr)
        assert message in r.stderr and r.stderr.count("\n") == 1
        assert tree_digest(workspace) == before
    r = cli("line", "edit", CASE, "--line", "3", "--end", "none", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["line"]["end"] is None and r.json()["line"]["stop_reason"] is None


def test_regimen_change_rederives_the_choice_and_stales_the_grouping(cli, workspace):
    r = cli(
        "line",
        "edit",
        CASE,
        "--line",
        "3",
        "--regimen",
        "trial-x",
        "--drugs",
        "tucatinib",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    line = r.json()["line"]
    assert line["drugs"] == ["tucatinib"] and line["chosen_by"] == "clinician"
    assert line["reason"] is None
    assert sorted(r.json()["stale"]) == ["evaluation", "grouping", "report"]


def test_undo_walks_back_stop_and_start_then_refuses(cli, workspace):
    # the demo case's start and stop were written before the history existed: undo infers them
    u = cli("line", "undo", CASE, "--json").json()
    assert u["undone"] == "line stop" and u["lines"][0]["end"] is None
    u = cli("line", "undo", CASE, "--json").json()
    assert u["undone"] == "line start" and u["lines"] == []
    before = tree_digest(workspace)
    r = cli("line", "undo", CASE)
    assert r.exit_code == 3 and "nothing" not in r.stderr and "no treatment line" in r.stderr
    assert tree_digest(workspace) == before

    # with the history: start, stop, undo → reopened; undo → gone
    assert cli("line", "start", CASE, "--regimen", "pyro-cape", "--date", "2024-10-01",
               "--chosen-by", "clinician", "--reason", "x").exit_code == 0  # fmt: skip
    started = record(workspace)["treatment"]["lines"]
    stop = cli("line", "stop", CASE, "--date", "2024-12-01", "--reason", "toxicity")
    assert stop.exit_code == 0
    assert cli("line", "undo", CASE).exit_code == 0
    assert record(workspace)["treatment"]["lines"] == started
    assert cli("line", "undo", CASE).exit_code == 0
    assert record(workspace)["treatment"]["lines"] == []
    assert cli("case", "validate", CASE).exit_code == 0
