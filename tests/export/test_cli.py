"""The CLI contract of `precise export` and `precise cohort export`: --json, exit codes, one-line
errors for a bad case or a bad --out, stale results refused."""

from __future__ import annotations

import json


def test_json_summary_validates_and_counts(export_env, tmp_path):
    out = tmp_path / "case.fhir.json"
    code, stdout, err = export_env.run(
        "export", "DEMO-001", "--format", "fhir", "--out", str(out), "--json"
    )
    assert code == 0, err
    doc = json.loads(stdout)
    assert doc["path"] == str(out) and doc["bytes"] == out.stat().st_size
    entries = json.loads(out.read_text("utf-8"))["entry"]
    assert sum(doc["resources"].values()) == len(entries)
    assert doc["variants"] == 9 and doc["treatment_lines"] == 3


def test_unknown_case_is_one_line_exit_3(export_env):
    code, out, err = export_env.run("export", "NOPE", "--format", "fhir")
    assert code == 3 and out == ""
    assert len(err.strip().splitlines()) == 1 and "NOPE" in err and "Traceback" not in err


def test_bad_out_paths(export_env, tmp_path):
    folder = tmp_path / "adir"
    folder.mkdir()
    afile = tmp_path / "afile"
    afile.write_text("x")
    for out in (folder, afile / "below.json", "/proc/precise.json"):
        code, stdout, err = export_env.run(
            "export", "DEMO-001", "--format", "fhir", "--out", str(out)
        )
        assert code == 3, (out, err)
        assert len(err.strip().splitlines()) == 1 and "--out" in err
    assert afile.read_text() == "x"


def test_usage_errors(export_env):
    code, _, err = export_env.run("export", "DEMO-001", "--format", "csv")
    assert code == 2 and "--format" in err
    code, _, err = export_env.run("export", "DEMO-001", "--format", "fhir", "--json")
    assert code == 2 and "--out" in err


def test_help_has_example(export_env):
    for args in (("export", "--help"), ("cohort", "export", "--help")):
        code, out, _ = export_env.run(*args)
        assert code == 0 and "Example:" in out


def test_cohort_export_one_file_per_case(copied_ws, tmp_path):
    # a second case: the same case imported under another id
    bundle = tmp_path / "b.tar.gz"
    assert copied_ws.run("case", "export", "DEMO-001", "--out", str(bundle))[0] == 0
    assert copied_ws.run("case", "import", str(bundle), "--as", "DEMO-002")[0] == 0
    out = tmp_path / "out"
    code, stdout, err = copied_ws.run(
        "cohort", "export", "--format", "phenopacket", "--out", str(out), "--json"
    )
    assert code == 0, err
    doc = json.loads(stdout)
    assert [f["case_id"] for f in doc["files"]] == ["DEMO-001", "DEMO-002"]
    assert sorted(p.name for p in out.iterdir()) == [
        "DEMO-001.phenopacket.json",
        "DEMO-002.phenopacket.json",
    ]
    # different case ids give different resource ids (uuid5 of the case), same content otherwise
    a, b = (json.loads((out / n).read_text("utf-8")) for n in sorted(p.name for p in out.iterdir()))
    assert a["id"] != b["id"] and a["subject"] == b["subject"]


def test_stale_grouping_is_refused(copied_ws, tmp_path):
    code, _, err = copied_ws.run(
        "variants", "remove", "DEMO-001", "--sample-id", "CTDNA-T2", "--reason", "test"
    )
    assert code == 0, err
    code, out, err = copied_ws.run("export", "DEMO-001", "--format", "fhir")
    assert code == 3 and out == "" and "group" in err
    code, _, err = copied_ws.run(
        "cohort", "export", "--format", "fhir", "--out", str(tmp_path / "o")
    )
    assert code == 3 and "DEMO-001" in err
