"""A failure after a commit never says "nothing was changed", and never exits 5 (issue 11)."""

from __future__ import annotations

import json

from precisecli.cli import common
from precisecli.errors import InputError, Location


def _new_case(cli):
    assert cli("case", "new", "P1", "--birth-year", "1970").exit_code == 0


def _entries(workspace) -> int:
    return len((workspace / "P1" / "audit.jsonl").read_text().splitlines())


def test_render_failure_after_commit_is_not_exit_5(cli, workspace, monkeypatch):
    _new_case(cli)
    before = _entries(workspace)

    def broken_info(message):  # the renderer fails after the line was stored
        raise TypeError("renderer broke")

    monkeypatch.setattr("precisecli.cli.treatment.info", broken_info)
    r = cli("line", "start", "P1", "--regimen", "[/]x", "--drugs", "tucatinib",
            "--chosen-by", "clinician", "--reason", "r", "--date", "2024-10-01")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "nothing was changed" not in r.stderr
    assert "P1 was changed and saved" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert _entries(workspace) == before + 1
    record = json.loads((workspace / "P1" / "case.json").read_text())
    assert record["treatment"]["lines"][0]["regimen"] == "[/]x"


def test_error_after_commit_says_the_change_was_saved(cli, workspace, monkeypatch):
    _new_case(cli)

    def refuse(*args, **kwargs):
        raise InputError("cannot write there", location=Location(field="--out"))

    monkeypatch.setattr("precisecli.cli.treatment.info", refuse)
    r = cli("line", "start", "P1", "--regimen", "tdm1", "--chosen-by", "clinician",
            "--reason", "r", "--date", "2024-10-01")  # fmt: skip
    assert r.exit_code == 3
    assert "was saved before this error" in r.stderr


def test_failure_before_commit_still_says_nothing_changed(cli, workspace, monkeypatch):
    _new_case(cli)
    before = (workspace / "P1" / "case.json").read_bytes()

    def broken(*args, **kwargs):
        raise TypeError("bug before the commit")

    monkeypatch.setattr("precisecli.response.lines.start_line", broken)
    r = cli("line", "start", "P1", "--regimen", "tdm1", "--date", "2024-10-01")
    assert r.exit_code == 5 and "nothing was changed" in r.stderr
    assert (workspace / "P1" / "case.json").read_bytes() == before


def test_usage_errors_are_one_line_naming_the_option(cli):
    r = cli("pdo", "rank", "P1", "--threshold", "-50")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "--threshold" in r.stderr
    r = cli("cna", "import", "P1", "x.cns", "--sample-id", "S", "--purity", "nan")
    assert r.exit_code == 2 and "--purity" in r.stderr


def test_consoles_are_reset_between_runs():
    # the in-process runner relies on this; keep it true
    common.err_console.reset()
