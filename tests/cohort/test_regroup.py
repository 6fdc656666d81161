"""`cohort regroup --kb NEW.yaml [--dry-run]`: only cases whose grouping result changes are
written; who changes group or regimen is listed; a knowledge base that changes nothing but its
version rewrites nothing."""

from __future__ import annotations

import json

import pytest
import yaml

from precisecli.resources import resource_dir, resource_file

DEMO = resource_dir("sample_cases") / "DEMO-001"


@pytest.fixture
def grouped(cli, workspace):
    assert cli("case", "new", "A1", "--intake", DEMO / "intake.yaml").exit_code == 0
    step = ["variants", "import", "A1", DEMO / "genomics" / "liver_biopsy.vcf",
            "--sample-id", "LIVER-B1", "--collected", "2024-02-20"]  # fmt: skip
    assert cli(*step).exit_code == 0
    assert cli("group", "A1").exit_code == 0
    assert cli("case", "new", "B1", "--intake", DEMO / "intake.yaml").exit_code == 0  # not grouped
    return workspace


def _kb(tmp_path, name: str, change) -> str:
    kb = yaml.safe_load(resource_file("knowledge", "her2_refractory.yaml").read_text())
    kb["version"] = "9.9.9"
    kb["changelog"].insert(0, {"version": "9.9.9", "date": "2026-11-30",
                               "changes": f"test knowledge base {name}"})  # fmt: skip
    change(kb)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(kb, sort_keys=False, allow_unicode=True))
    return path


def _first_regimen_last(kb):
    for group in kb["groups"]:
        group["regimens"] = group["regimens"][1:] + group["regimens"][:1]


def test_regroup_writes_only_changed_cases(grouped, cli, tmp_path):
    before = json.loads((grouped / "A1" / "case.json").read_text())["grouping"]
    audit = (grouped / "A1" / "audit.jsonl").read_bytes()
    same = _kb(tmp_path, "same.yaml", lambda kb: None)
    result = cli("cohort", "regroup", "--kb", same, "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["changes"] == [] and doc["n_unchanged"] == 1
    assert [s["case_id"] for s in doc["skipped"]] == ["B1"]
    assert (grouped / "A1" / "audit.jsonl").read_bytes() == audit  # a new stamp alone: no write

    moved = _kb(tmp_path, "moved.yaml", _first_regimen_last)
    dry = cli("cohort", "regroup", "--kb", moved, "--dry-run", "--json").json()
    assert [c["case_id"] for c in dry["changes"]] == ["A1"]
    change = dry["changes"][0]
    assert change["before"] == {"group": before["group"]["id"], "regimen": before["regimen"]["id"]}
    assert change["regimen_changed"] and not change["group_changed"] and not change["written"]
    assert (grouped / "A1" / "audit.jsonl").read_bytes() == audit  # dry run: nothing written

    text = cli("cohort", "regroup", "--kb", moved)
    assert text.exit_code == 0
    assert f"A1: group {before['group']['id']} → {before['group']['id']}" in text.stdout
    after = json.loads((grouped / "A1" / "case.json").read_text())["grouping"]
    assert after["regimen"]["id"] == change["after"]["regimen"] != before["regimen"]["id"]
    assert after["kb"]["version"] == "9.9.9"
    assert cli("cohort", "regroup", "--kb", moved, "--json").json()["changes"] == []
