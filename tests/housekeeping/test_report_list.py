"""`precise report list`: the reports filed in a case, with sha256 and staleness."""

from __future__ import annotations

import hashlib

CASE = "DEMO-001"


def test_lists_every_report_with_its_sha256(cli, workspace):
    r = cli("report", "list", CASE, "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    folder = workspace / CASE / "reports"
    on_disk = sorted(p.name for p in folder.iterdir())
    assert sorted(x["name"] for x in doc["reports"]) == on_disk and len(on_disk) == 3
    for x in doc["reports"]:
        data = (folder / x["name"]).read_bytes()
        assert x["sha256"] == hashlib.sha256(data).hexdigest() and x["bytes"] == len(data)
        assert x["name"] == f"{CASE}_{x['report_date']}_report.{x['format']}"
    assert doc["stale"] is False

    assert cli("pdo", "remove", CASE, "--screen", "PDO1").exit_code == 0
    doc = cli("report", "list", CASE, "--json").json()
    assert doc["stale"] is True and "pdo remove PDO1" in doc["stale_because"]
    text = cli("report", "list", CASE)
    assert text.exit_code == 0 and "stale" in text.stderr


def test_report_itself_still_works_and_unknown_case(cli, workspace):
    assert cli("report", "list", "NOPE").exit_code == 3
    r = cli("report", CASE, "--html", "--json")
    assert r.exit_code == 0 and r.json()["case_id"] == CASE
    assert "Example:" in cli("report", "list", "--help").stdout
