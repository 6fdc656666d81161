"""`variants|cna|pdo|response remove` through the CLI: audit, exit codes, staleness, refusals."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO
from tests.housekeeping.conftest import tree_digest

DEMO = REPO / "sample_cases" / "DEMO-001"
CASE = "DEMO-001"


def last_audit(workspace):
    lines = (workspace / CASE / "audit.jsonl").read_text("utf-8").splitlines()
    return json.loads(lines[-1])


@pytest.mark.parametrize(
    "argv, hint",
    [
        (("variants", "remove", CASE, "--sample-id", "NOPE"), "LIVER-B1"),
        (("cna", "remove", CASE, "--sample-id", "CTDNA-T1"), "LIVER-B1, NODE-B1"),
        (("pdo", "remove", CASE, "--screen", "PDO9"), "PDO1"),
        (("response", "remove", CASE, "--date", "2030-01-01"), "2024-"),
    ],
)
def test_missing_target_exits_3_and_changes_nothing(cli, workspace, argv, hint):
    before = tree_digest(workspace)
    r = cli(*argv)
    assert r.exit_code == 3, r.stderr
    assert r.stderr.count("\n") == 1 and hint in r.stderr
    assert tree_digest(workspace) == before


def test_wrong_screen_removed_is_gone_from_rank_next_and_report(cli, workspace):
    # a plate loaded under the wrong screen id and ranked: it becomes the guiding screen
    plate, layout = DEMO / "pdo" / "pdo_plate1_envision.csv", DEMO / "pdo" / "pdo_layout.csv"
    assert cli("pdo", "load", CASE, plate, "--layout", layout, "--screen", "PDO2").exit_code == 0
    assert cli("pdo", "rank", CASE, "--screen", "PDO2").exit_code == 0
    assert cli("next", CASE, "--json").json()["screen"] == "PDO2"

    r = cli(
        "pdo", "remove", CASE, "--screen", "PDO2", "--reason", "plate of another case", "--json"
    )
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["removed"]["screen"] == "PDO2" and doc["stale"] == ["report"]
    assert all(f.startswith("pdo/PDO2/") for f in doc["files"]) and doc["files"]
    assert doc["inputs"] == []  # the same plate and layout files feed PDO1: they stay
    assert not (workspace / CASE / "pdo" / "PDO2").exists()

    entry = last_audit(workspace)
    assert entry["command"] == "pdo remove"
    assert entry["args"] == {"screen": "PDO2", "reason": "plate of another case"}
    assert cli("case", "log", CASE, "--verify").exit_code == 0

    rank = cli("pdo", "rank", CASE, "--json")
    assert rank.exit_code == 0 and rank.json()["screen"] == "PDO1"
    nxt = cli("next", CASE, "--json").json()
    assert nxt["screen"] == "PDO1"
    assert "PDO2" not in json.dumps(nxt)
    show = cli("case", "show", CASE, "--json").json()
    assert [i["result"] for i in show["needs_rerun"]] == ["report"]
    assert "PDO2" not in json.dumps(show["record"]["pdo"])

    rep = cli("report", CASE, "--json")
    assert rep.exit_code == 0, rep.stderr
    for f in rep.json()["files"]:
        if f["format"] in ("json", "html"):
            text = (workspace / CASE / "reports" / f["name"]).read_text("utf-8")
            assert "PDO2" not in text and "PDO1" in text
    assert cli("case", "show", CASE, "--json").json()["needs_rerun"] == []


def test_variants_remove_makes_grouping_stale_until_group_reruns(cli, workspace):
    r = cli("variants", "remove", CASE, "--sample-id", "CTDNA-T2", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["stale"] == ["grouping", "report"]
    # its VCF leaves the input list (and the report's provenance); the audit log keeps it
    assert r.json()["inputs"] == ["ctdna_2024-04-02.vcf"]
    names = [i["name"] for i in cli("case", "show", CASE, "--json").json()["inputs"]]
    assert "ctdna_2024-04-02.vcf" not in names and "ctdna_2024-02-20.vcf" in names
    log = (workspace / CASE / "audit.jsonl").read_text("utf-8")
    assert "ctdna_2024-04-02.vcf" in log
    assert not (workspace / CASE / "variants" / "CTDNA-T2.tsv").exists()
    assert cli("case", "validate", CASE).exit_code == 0

    before = tree_digest(workspace)
    for argv in (("next", CASE), ("report", CASE)):
        refused = cli(*argv)
        assert refused.exit_code == 3
        assert "grouping" in refused.stderr and f"precise group {CASE}" in refused.stderr
        assert refused.stderr.count("\n") == 1
    assert tree_digest(workspace) == before

    text = cli("case", "show", CASE)
    assert "stale" in text.stdout and f"precise group {CASE}" in text.stdout

    g = cli("group", CASE, "--json")
    assert g.exit_code == 0
    # ESR1 D538G was only in the second ctDNA draw: its flag must be gone with the sample
    assert "ESR1" not in json.dumps(g.json()["flags"])
    assert cli("next", CASE).exit_code == 0
    assert cli("report", CASE, "--html").exit_code == 0
    assert cli("case", "show", CASE, "--json").json()["needs_rerun"] == []


def test_cna_remove_keeps_the_sample_while_it_has_variants(cli, workspace):
    r = cli("cna", "remove", CASE, "--sample-id", "NODE-B1", "--reason", "wrong file", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["inputs"] == ["axilla_gene_cn.tsv"]
    record = json.loads((workspace / CASE / "case.json").read_text("utf-8"))
    sample = record["genomics"]["samples"]["NODE-B1"]
    assert "cna" not in sample and "variants" in sample
    assert not (workspace / CASE / "cna" / "NODE-B1.tsv").exists()
    assert last_audit(workspace)["args"] == {"sample_id": "NODE-B1", "reason": "wrong file"}
    again = cli("cna", "remove", CASE, "--sample-id", "NODE-B1")
    assert again.exit_code == 3


def test_response_remove_makes_the_evaluation_stale(cli, workspace):
    record = json.loads((workspace / CASE / "case.json").read_text("utf-8"))
    dates = sorted({m["date"] for m in record["treatment"]["measurements"]})
    last = dates[-1]
    n_rows = sum(m["date"] == last for m in record["treatment"]["measurements"])
    r = cli("response", "remove", CASE, "--date", last, "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["removed"] == {"date": last, "n_rows": n_rows}
    assert r.json()["stale"] == ["evaluation", "report"]
    refused = cli("report", CASE)
    assert refused.exit_code == 3 and "response evaluate" in refused.stderr
    ev = cli("response", "evaluate", CASE, "--json")
    assert ev.exit_code == 0
    assert last not in [t["date"] for t in ev.json()["timepoints"]]
    assert cli("report", CASE, "--html").exit_code == 0


def test_reason_is_bounded(cli, workspace):
    before = tree_digest(workspace)
    r = cli("pdo", "remove", CASE, "--screen", "PDO1", "--reason", "x" * 201)
    assert r.exit_code == 3 and "--reason" in r.stderr
    assert tree_digest(workspace) == before


def test_removing_the_only_screen_drops_its_inputs_and_next_says_so(cli, workspace):
    whole = cli("pdo", "remove", CASE, "--screen", "PDO1", "--json").json()
    assert whole["inputs"] == ["pdo_diameters.csv", "pdo_layout.csv", "pdo_plate1_envision.csv"]
    assert cli("case", "log", CASE, "--verify").exit_code == 0
    nxt = cli("next", CASE, "--json").json()
    assert nxt["screen"] is None and nxt["recommendation"] is None
    assert cli("pdo", "rank", CASE).exit_code == 3
    rep = cli("report", CASE, "--json")
    assert rep.exit_code == 0
    model = (workspace / CASE / "reports" / rep.json()["files"][0]["name"]).read_text("utf-8")
    assert "pdo_plate1_envision.csv" not in model and "PDO1" not in model
