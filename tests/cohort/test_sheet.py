"""The cohort sample sheet: parsed from CSV or TSV, every problem located (line, row, column)
and refused before anything runs; `cohort import` creates and updates the cases it names."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from precisecli.cohort.sheet import SheetError, check_new_cases, read_sheet
from precisecli.resources import resource_dir

DEMO = resource_dir("sample_cases") / "DEMO-001"


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DEMO / "intake.yaml", folder / "intake.yaml")
    shutil.copy(DEMO / "recist_measurements.csv", folder / "recist.csv")
    shutil.copy(DEMO / "genomics" / "axilla_gene_cn.tsv", folder / "not_a.vcf")
    return folder


def _write(path: Path, rows: list[list[str]], sep: str = ",") -> Path:
    path.write_text("\n".join(sep.join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_csv_and_tsv_with_relative_paths(inputs):
    rows = [["case_id", "input", "file", "sample_id", "kind", "purity"],
            ["A1", "intake", "intake.yaml", "", "", ""],
            ["A1", "recist", "recist.csv", "", "", ""],
            ["A1", "cna", "recist.csv", "S-1", "biopsy", "0.6"]]  # fmt: skip
    for name, sep in (("s.csv", ","), ("s.tsv", "\t"), ("s.txt", "\t")):
        sheet = read_sheet(_write(inputs / name, rows, sep))
        assert [r.input for r in sheet.rows] == ["intake", "recist", "cna"]
        assert sheet.rows[0].path == inputs / "intake.yaml"  # relative to the sheet
        assert sheet.rows[2].values["purity"] == 0.6
        assert [r.line for r in sheet.rows] == [2, 3, 4]


def test_every_problem_is_located_and_no_cell_text_is_echoed(inputs):
    rows = [["case_id", "input", "file", "sample_id", "kind", "collected", "purity", "screen"],
            ["A1", "intake", "intake.yaml", "", "", "", "", ""],
            ["A1", "variants", "intake.yaml", "S 1", "JaneDoe", "2024-02-31", "", ""],
            ["A1", "cna", "absent.cns", "S2", "", "", "1.5", ""],
            ["A1", "pdo", "recist.csv", "", "", "", "", "P1"],
            ["A1", "recist", "recist.csv", "", "", "2024-01-01", "", ""],
            ["A1", "intake", "intake.yaml", "", "", "", "", ""],
            ["bad/id", "recist", "recist.csv"],
            ["A2", "scan", "recist.csv", "", "", "", "", ""]]  # fmt: skip
    with pytest.raises(SheetError) as info:
        read_sheet(_write(inputs / "bad.csv", rows))
    found = {(p.location.line, p.location.record, p.location.field) for p in info.value.problems}
    assert found == {
        (3, 2, "sample_id"), (3, 2, "kind"), (3, 2, "collected"),
        (4, 3, "file"), (4, 3, "purity"),
        (5, 4, "screen"),  # a pdo screen without a layout row
        (6, 5, "collected"),  # a column the input does not use
        (7, 6, "input"),  # a second intake for A1
        (8, 7, "case_id"),
        (9, 8, "input"),
    }  # fmt: skip
    text = "\n".join(info.value.detail_lines()) + info.value.one_line()
    assert "JaneDoe" not in text and "absent.cns" not in text
    assert all(line.startswith("bad.csv, line ") for line in info.value.detail_lines())


def test_header_problems(inputs):
    with pytest.raises(SheetError) as info:
        read_sheet(_write(inputs / "h.csv", [["case_id", "input", "patient name"], ["A1", "x"]]))
    where = {(p.location.line, p.location.field) for p in info.value.problems}
    assert where == {(1, "column 3"), (1, "file")}


def test_new_case_needs_its_intake(inputs):
    sheet = read_sheet(_write(inputs / "n.csv", [["case_id", "input", "file"],
                                                  ["A1", "recist", "recist.csv"]]))  # fmt: skip
    with pytest.raises(SheetError) as info:
        check_new_cases(sheet, set())
    assert (info.value.location.line, info.value.location.field) == (2, "case_id")
    check_new_cases(sheet, {"A1"})  # an existing case may be updated without one


def test_bad_sheet_runs_nothing(inputs, cli, workspace):
    rows = [["case_id", "input", "file"], ["A1", "intake", "intake.yaml"],
            ["A2", "intake", "intake.yaml"], ["A2", "recist", "nowhere.csv"]]  # fmt: skip
    result = cli("cohort", "import", _write(inputs / "s.csv", rows))
    assert result.exit_code == 3
    assert "s.csv, line 4, record 3, field 'file'" in result.stderr
    assert not workspace.exists() or not any(workspace.iterdir())


def test_import_creates_updates_and_lists_failures(inputs, cli, workspace):
    rows = [["case_id", "input", "file", "sample_id"],
            ["A1", "intake", "intake.yaml", ""], ["A1", "recist", "recist.csv", ""],
            ["A2", "intake", "intake.yaml", ""], ["A2", "variants", "not_a.vcf", "S1"],
            ["A3", "intake", "intake.yaml", ""]]  # fmt: skip
    sheet = _write(inputs / "s.csv", rows)
    first = cli("cohort", "import", sheet)
    assert first.exit_code == 3
    assert "1 of 3 case(s) failed: A2 (variants import)" in first.stderr
    assert {p.name for p in workspace.iterdir() if not p.name.startswith(".")} == {"A1", "A2", "A3"}
    record = json.loads((workspace / "A1" / "case.json").read_text())
    assert len(record["treatment"]["measurements"]) > 0
    audit = (workspace / "A1" / "audit.jsonl").read_bytes()
    # Same sheet again without the bad row: existing cases are updated (here: nothing changes).
    again = cli("cohort", "import", _write(inputs / "s2.csv", rows[:4] + rows[5:]))
    assert again.exit_code == 0, again.stderr
    assert (workspace / "A1" / "audit.jsonl").read_bytes() == audit
