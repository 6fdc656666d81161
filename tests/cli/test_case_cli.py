"""`precise case …` through the real entry logic: exit codes, stdout JSON, stderr messages."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest

from tests.conftest import run_console_script


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_new_then_show_round_trips_every_intake_field(cli, sample_case_dir, workspace):
    intake_path = sample_case_dir / "intake.yaml"
    r = cli("case", "new", "X", "--intake", intake_path)
    assert r.exit_code == 0, r.stderr
    shown = cli("case", "show", "X", "--json")
    assert shown.exit_code == 0
    doc = shown.json()
    import yaml

    written = yaml.load(intake_path.read_text("utf-8"), Loader=yaml.BaseLoader)

    # BaseLoader keeps every scalar as text: compare field by field as text.
    def as_text(v):
        if isinstance(v, dict):
            return {k: as_text(x) for k, x in v.items()}
        if isinstance(v, list):
            return [as_text(x) for x in v]
        return str(v)

    assert as_text(doc["intake"]) == written
    assert doc["derived"]["hr_status"] == "positive"
    assert doc["derived"]["tdm1_exposed"] is True  # written as "trastuzumab emtansine"
    sha = hashlib.sha256(intake_path.read_bytes()).hexdigest()
    assert [i["sha256"] for i in doc["inputs"]] == [sha]


def test_second_new_exits_3_and_changes_nothing(cli, sample_case_dir, workspace):
    assert cli("case", "new", "X", "--intake", sample_case_dir / "intake.yaml").exit_code == 0
    before = tree_digest(workspace)
    r = cli("case", "new", "X", "--pr-percent", "0")
    assert r.exit_code == 3
    assert "already exists" in r.stderr and r.stderr.count("\n") == 1
    assert tree_digest(workspace) == before


BAD_INTAKES = [
    ("unknown field", "patient: {pseudonym: P1, favourite_colour: blue}\n", "favourite_colour"),
    ("wrong enum", "diagnosis: {menopausal_status: maybe}\n", "menopausal_status"),
    ("er above 100", "diagnosis:\n  er_percent: 150\n", "er_percent"),
    ("impossible date", "prior_therapy:\n  - {line: 1, start: 2024-13-01}\n", "start"),
    ("NaN", "diagnosis:\n  er_percent: .nan\n", "NaN"),
    ("duplicate key", "diagnosis:\n  er_percent: 10\n  er_percent: 20\n", "duplicate key"),
    (
        "end before start",
        "prior_therapy:\n  - {line: 1, start: 2024-02-01, end: 2024-01-01}\n",
        "before start",
    ),
]


@pytest.mark.parametrize(("label", "text", "needle"), BAD_INTAKES, ids=[b[0] for b in BAD_INTAKES])
def test_bad_intake_refused_with_one_line(cli, tmp_path, workspace, label, text, needle):
    f = tmp_path / "intake.yaml"
    f.write_text(text, encoding="utf-8")
    r = cli("case", "new", "P1", "--intake", f)
    assert r.exit_code == 3, r.stderr
    assert needle in r.stderr
    assert "intake.yaml" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert not (workspace / "P1").exists()


def test_bad_intake_message_gives_line_number(cli, tmp_path, workspace):
    f = tmp_path / "intake.yaml"
    f.write_text("patient:\n  sex: female\ndiagnosis:\n  er_percent: 150\n", encoding="utf-8")
    r = cli("case", "new", "P1", "--intake", f)
    assert "line 4" in r.stderr and "diagnosis.er_percent" in r.stderr


def test_json_intake_duplicate_and_nan(cli, tmp_path, workspace):
    f = tmp_path / "intake.json"
    f.write_text('{"diagnosis": {"er_percent": NaN}}', encoding="utf-8")
    assert cli("case", "new", "P1", "--intake", f).exit_code == 3
    f.write_text('{"notes": "a", "notes": "b"}', encoding="utf-8")
    r = cli("case", "new", "P1", "--intake", f)
    assert r.exit_code == 3 and "duplicate key 'notes'" in r.stderr


@pytest.mark.parametrize("bad_id", ["../x", "a/b", "", "/abs", ".."])
def test_bad_case_ids(cli, workspace, bad_id):
    r = cli("case", "new", bad_id)
    assert r.exit_code == 3
    assert "case id" in r.stderr
    assert not workspace.exists() or not any(workspace.iterdir())


def test_option_values_validated_too(cli, workspace):
    r = cli("case", "new", "P1", "--er-percent", "150")
    assert r.exit_code == 3 and "er_percent" in r.stderr
    r = cli("case", "new", "P1", "--her2-ihc", "4+")
    assert r.exit_code == 3 and "her2_ihc" in r.stderr


def test_workspace_private_and_list(cli, sample_case_dir, workspace):
    cli("case", "new", "A1", "--pseudonym", "P-A1", "--er-percent", "0", "--pr-percent", "0")
    cli("case", "new", "B2", "--intake", sample_case_dir / "intake.yaml")
    assert stat.S_IMODE(workspace.stat().st_mode) == 0o700
    for p in workspace.rglob("*"):
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode & 0o077 == 0, f"{p} is {oct(mode)}"
    listed = cli("case", "list", "--json").json()
    assert [c["case_id"] for c in listed["cases"]] == ["A1", "B2"]
    assert cli("case", "show", "A1", "--json").json()["derived"]["hr_status"] == "negative"


def test_show_unknown_case(cli, workspace):
    r = cli("case", "show", "NOPE")
    assert r.exit_code == 3 and "not found" in r.stderr


def test_audit_log_records_inputs_without_patient_text(cli, sample_case_dir, workspace):
    cli("case", "new", "X", "--intake", sample_case_dir / "intake.yaml", "--pseudonym", "ZZPHI")
    log = cli("case", "log", "X", "--json", "--verify").json()
    assert log["verified"] is True
    (entry,) = log["entries"]
    assert entry["command"] == "case new"
    assert (
        entry["inputs"][0]["sha256"]
        == hashlib.sha256((sample_case_dir / "intake.yaml").read_bytes()).hexdigest()
    )
    assert entry["tool_version"]
    assert "ZZPHI" not in json.dumps(entry)
    assert entry["args"]["fields_from_options"] == ["patient.pseudonym"]


def test_validate_command(cli, sample_case_dir, workspace):
    cli("case", "new", "X", "--intake", sample_case_dir / "intake.yaml")
    assert cli("case", "validate", "X").exit_code == 0
    case_json = workspace / "X" / "case.json"
    doc = json.loads(case_json.read_text())
    doc["intake"]["diagnosis"]["er_percent"] = 500
    case_json.write_text(json.dumps(doc))
    r = cli("case", "validate", "X")
    assert r.exit_code == 3 and "er_percent" in r.stderr


# --- the installed console script, in a subprocess ------------------------------------------


def test_console_script_help_version_and_errors(tmp_path):
    env = {"PRECISE_WORKSPACE": str(tmp_path / "ws")}
    r = run_console_script("--help", env=env)
    assert r.exit_code == 0 and "case" in r.stdout and "Example" in r.stdout
    r = run_console_script("--version", env=env)
    assert r.exit_code == 0 and r.stdout.startswith("precise ")
    r = run_console_script("case", "show", "NOPE", env=env)
    assert r.exit_code == 3 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    r = run_console_script("--debug", "case", "show", "NOPE", env=env)
    assert r.exit_code == 3 and "Traceback" in r.stderr
    r = run_console_script("case", "new", env=env)
    assert r.exit_code == 2  # usage error from the parser
    r = run_console_script("case", "frobnicate", env=env)
    assert r.exit_code == 2


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "precisecli", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("precise ")


def test_internal_error_is_one_line_exit_5(cli, workspace, monkeypatch):
    import precisecli.store.cases as cases

    def boom(*a, **k):
        raise RuntimeError("secret patient text")

    monkeypatch.setattr(cases.CaseStore, "create", boom)
    r = cli("case", "new", "P1")
    assert r.exit_code == 5
    assert "internal error" in r.stderr and "secret patient text" not in r.stderr


def test_debug_traceback_never_shows_local_variables(cli, workspace, monkeypatch):
    import precisecli.store.cases as cases

    def boom(self, case_id, intake, **kwargs):
        patient_secret = "ZZPHISENTINEL"  # noqa: F841 — a local a locals panel would print
        raise RuntimeError("bug")

    monkeypatch.setattr(cases.CaseStore, "create", boom)
    r = cli("--debug", "case", "new", "P1")
    assert r.exit_code == 5
    assert "Traceback" in r.stderr
    # The source line may be echoed (double quotes); a locals panel would show the repr.
    assert "'ZZPHISENTINEL'" not in r.stderr


def test_list_names_a_damaged_case_and_lists_the_others(cli, workspace):
    for cid in ("A1", "B1"):
        assert cli("case", "new", cid, "--pseudonym", "P").exit_code == 0
    (workspace / "B1" / "case.json").write_text("{broken")
    res = cli("case", "list", "--json")
    assert res.exit_code == 0, res.stderr
    rows = {r["case_id"]: r for r in res.json()["cases"]}
    assert rows["A1"]["status"] == "ok" and rows["A1"]["n_inputs"] == 0
    assert rows["B1"]["status"] == "unreadable" and rows["B1"]["created"] is None
    assert "B1/case.json, line 1" in rows["B1"]["problem"]
    assert "1 case(s) could not be read: B1 (unreadable)" in res.stderr


def test_emoji_codes_in_names_are_printed_as_written(cli, tmp_path):
    ws = tmp_path / "w:tada:s"
    res = cli("--workspace", ws, "case", "new", "E1", "--pseudonym", "P")
    assert res.exit_code == 0, res.stderr
    assert "w:tada:s" in res.stdout + res.stderr
    assert "\N{PARTY POPPER}" not in res.stdout + res.stderr
