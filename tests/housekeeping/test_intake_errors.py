"""A bad intake lists every problem (file, line, field), with "did you mean", never a value."""

from __future__ import annotations

import pytest

NAME = "Jane Doe, MRN 0012345"


@pytest.fixture
def empty_ws(tmp_path, monkeypatch):
    ws = tmp_path / "empty-ws"
    monkeypatch.setenv("PRECISE_WORKSPACE", str(ws))
    return ws


def lines_of(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.strip()]


def test_every_problem_listed_one_line_each_then_the_summary(cli, tmp_path, empty_ws):
    f = tmp_path / "intake.yaml"
    f.write_text(
        "diagnosis_date: 2024-01-01\n"  # 1
        "patient:\n"  # 2
        "  sex: femal\n"  # 3
        "diagnosis:\n"  # 4
        "  er_percent: 500\n"  # 5
        "  her2_ihc: '4+'\n"  # 6
        f"  histology: ['{NAME}']\n"  # 7
        "prior_therapy:\n"  # 8
        "  - {line: 1, start: 2024-13-01}\n",  # 9
        encoding="utf-8",
    )
    r = cli("case", "new", "P1", "--intake", f)
    assert r.exit_code == 3
    lines = lines_of(r.stderr)
    assert lines[:-1] == [
        "intake.yaml, line 1, field 'diagnosis_date': unknown field — did you mean "
        "'diagnosis.date'?",
        "intake.yaml, line 3, field 'patient.sex': not one of the allowed values: female, male, "
        "other, unknown",
        "intake.yaml, line 5, field 'diagnosis.er_percent': must be at most 100",
        "intake.yaml, line 6, field 'diagnosis.her2_ihc': not one of the allowed values: 0, 1+, "
        "2+, 3+",
        "intake.yaml, line 7, field 'diagnosis.histology': must be text",
        "intake.yaml, line 9, field 'prior_therapy[0].start': not a valid date (write YYYY-MM-DD)",
    ]
    assert lines[-1].startswith("error: intake.yaml: 6 problems in the intake")
    assert "Jane" not in r.stderr and "0012345" not in r.stderr
    assert not (empty_ws / "P1").exists()


def test_one_problem_stays_one_line(cli, tmp_path, empty_ws):
    f = tmp_path / "intake.yaml"
    f.write_text("patient: {pseudonym: P1, sexe: female}\n", encoding="utf-8")
    r = cli("case", "new", "P1", "--intake", f)
    assert r.exit_code == 3
    assert lines_of(r.stderr) == [
        "error: intake.yaml, line 1, field 'patient.sexe': unknown field — did you mean "
        "'patient.sex'? — see the intake format in README.md"
    ]


def test_enum_values_listed_once(cli, tmp_path, empty_ws):
    # the schema accepts her2_ihc 0 as a number and as text: the message names it once
    f = tmp_path / "intake.yaml"
    f.write_text("diagnosis: {her2_ihc: 'zero'}\n", encoding="utf-8")
    r = cli("case", "new", "P1", "--intake", f)
    assert "not one of the allowed values: 0, 1+, 2+, 3+ — see" in r.stderr
    assert "zero" not in r.stderr


def test_no_suggestion_for_a_far_away_name(cli, tmp_path, empty_ws):
    f = tmp_path / "intake.yaml"
    f.write_text("favourite_colour: blue\n", encoding="utf-8")
    r = cli("case", "new", "P1", "--intake", f)
    assert "unknown field" in r.stderr and "did you mean" not in r.stderr
    assert "blue" not in r.stderr


def test_long_free_text_never_echoed_and_messages_bounded(cli, tmp_path, empty_ws):
    f = tmp_path / "intake.yaml"
    note = (NAME + "; ") * 100_000
    f.write_text(
        f"notes: '{note}'\npatient: {{pseudonym: '{NAME * 5}'}}\n'{NAME}': x\n", encoding="utf-8"
    )
    r = cli("case", "new", "P1", "--intake", f)
    assert r.exit_code == 3
    assert "Jane" not in r.stderr and "0012345" not in r.stderr
    assert all(len(line) <= 300 for line in lines_of(r.stderr))
    assert "<a key that is not a field name>" in r.stderr and "line 3" in r.stderr
