"""`precise demo` ends with the tumour-board report; its PDF carries the key facts."""

from __future__ import annotations

import hashlib
import json
import time

from tests.report.test_report import flat, pdf_text


def test_demo_produces_both_reports_with_the_key_facts(cli, tmp_path, sample_case_dir):
    out = tmp_path / "demo"
    started = time.perf_counter()
    result = cli("demo", "--out", out)
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.stderr
    assert elapsed <= 30, f"precise demo took {elapsed:.1f} s"
    reports = out / "reports"
    pdf = next(reports.glob("DEMO-001_*_report.pdf"))
    assert next(reports.glob("DEMO-001_*_report.html")).stat().st_size > 0
    assert f"{reports}/" in result.stderr  # the closing lines say where the reports are
    model = json.loads(next(reports.glob("DEMO-001_*_report.json")).read_text(encoding="utf-8"))
    record = json.loads((out / "workspace" / "DEMO-001" / "case.json").read_text("utf-8"))
    text = flat(pdf_text(pdf.read_bytes()))
    group = record["grouping"]["group"]
    assert f"{group['id']} — {group['name']}" in text
    assert model["summary"]["regimen"] in text
    screens = [s for s in record.get("pdo", {}).get("screens", []) if s.get("ranking")]
    if screens:  # the top-ranked organoid regimen, as ranked by pdo
        top = min(screens[-1]["ranking"]["regimens"], key=lambda r: r["rank"])
        assert model["summary"]["top_organoid"] != "no organoid ranking"
        from precisecli.knowledge import load_kb

        kb_regimen = load_kb().regimen(top["regimen"])
        label = kb_regimen["label"] if kb_regimen else top["regimen"]
        assert model["summary"]["top_organoid"] == label
        assert label in text
    sites = {s.get("site") for s in record["genomics"]["samples"].values() if s.get("site")}
    assert sites and all(site in text for site in sites)
    compact = text.replace(" ", "")
    for item in record["inputs"]:
        assert item["sha256"][:16] in compact, item["name"]
    # Page 1 is the board's page: the next line from the organoid ranking with its basis, the
    # patient's status, and the group's regimen marked as already given (line 3, progression).
    from tests.report.test_report import pdf_text as _pages

    page1 = flat(_pages(pdf.read_bytes()).split("Page 1 of")[0])
    assert "Next line to decide: line 4 pyrotinib + capecitabine Basis: organoid rank." in page1
    assert "rank 1 in screen PDO1" in page1
    assert "PR, confirmed on line 3" in page1 and "Progression 2024-09-27" in page1
    assert "driven by PIK3CA H1047R" in page1
    assert (
        "everolimus + trastuzumab + nab-paclitaxel (given: line 3, stopped for progression)"
        in page1
    )
    assert "Recommended regimen" not in text
    # flags name the alteration, never an internal id
    assert "ESR1 D538G" in page1
    html = next(reports.glob("DEMO-001_*_report.html")).read_text(encoding="utf-8")
    ids = {f["id"] for f in record["grouping"]["flags"]} - {"ctdna-only"}  # also a category
    assert "esr1-lbd-ai-inactive" in ids
    for flag_id in ids:
        assert flag_id not in text and flag_id not in html
    # the timeline's study line shows the RECIST best response the summary states
    assert "2024-09-27 PR (confirmed)" in text
    # G6 (the default group) matched too: the decision must not call G2 the only match
    assert "is the only matched signature" not in text
    # the hashes in the report are those of the bundled files themselves
    intake = hashlib.sha256((sample_case_dir / "intake.yaml").read_bytes()).hexdigest()
    assert intake[:16] in compact


def test_two_demo_runs_give_identical_report_bytes(cli, tmp_path, monkeypatch):
    """Same inputs, same steps, same versions → the same bytes (no clock in the report)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    digests = []
    for name in ("first", "second"):
        assert cli("demo", "--out", tmp_path / name).exit_code == 0
        reports = sorted((tmp_path / name / "reports").glob("DEMO-001_*_report.*"))
        assert [p.suffix for p in reports] == [".html", ".json", ".pdf"]
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in reports})
    assert digests[0] == digests[1]
