"""Report: evidence levels in the grouping section (issue 20)."""

from __future__ import annotations

import json

import pytest

from precisecli.clinical import clinical_facts
from precisecli.grouping import assign_group
from precisecli.knowledge import load_kb
from precisecli.report.formatting import section
from precisecli.report.sections import evidence
from tests.grouping.scenarios import SCENARIOS, intake, mut


def _g2_document():
    kb = load_kb()
    result = assign_group(
        mut("PIK3CA", "H1047R", "B1", "B2"),
        clinical_facts(intake("pos")),
        kb,
        SCENARIOS[0].build_samples(),
    )
    return result.to_document("X"), kb


def _tables(sec):
    return {t["title"]: t for t in sec["tables"]}


def test_g2_section_names_levels_sources_and_indirect_trials():
    g, kb = _g2_document()
    sec = section("grouping", "Genomic group")
    evidence.extend(sec, g, kb)
    tables = _tables(sec)
    alt_rows = tables["Evidence levels of the driving alterations"]["rows"]
    assert [
        "PIK3CA H1047R",
        "ESCAT I-A",
        "alpelisib + fulvestrant — HR+/HER2- advanced breast cancer after an aromatase inhibitor",
        "indirect (not HER2-positive patients)",
        "CONDORELLI-2019",
    ] in alt_rows
    reg_rows = tables["Evidence level of each regimen"]["rows"]
    first = [r for r in reg_rows if r[0] == "first choice"]
    assert first == [
        [
            "first choice",
            "everolimus + trastuzumab + nab-paclitaxel",
            "ESCAT II-A",
            "extrapolated: everolimus + trastuzumab + chemotherapy (paclitaxel or vinorelbine)"
            " — HER2-positive",
            "LEVEL-PROPOSAL",
        ]
    ]
    trials = tables["Trials behind the first choice (everolimus + trastuzumab + nab-paclitaxel)"]
    by_trial = {r[0]: r for r in trials["rows"]}
    assert by_trial["BOLERO-3"][5] == "indirect: did not test this regimen"
    assert by_trial["SOLAR-1"][2].startswith("HER2 negative, HR positive")
    cited = dict(tables["Sources of the evidence levels"]["rows"])
    assert cited["CONDORELLI-2019"].startswith("Condorelli R, Mosele F")
    assert cited["ANDRE-2016"].startswith("Andre F et al.")
    assert any("indirect evidence: BOLERO-3" in p for p in sec["paragraphs"])


def test_a_grouping_stored_without_levels_says_so():
    g, kb = _g2_document()
    g = json.loads(json.dumps(g))
    g["regimen"].pop("evidence_level")
    sec = section("grouping", "Genomic group")
    evidence.extend(sec, g, kb)
    assert sec["tables"] == [] and "run `precise group` again" in sec["missing"][0]


@pytest.mark.slow
def test_demo_report_g2_section_shows_levels_with_sources(cli, tmp_path):
    from tests.report.test_report import flat, pdf_text

    out = tmp_path / "demo"
    assert cli("demo", "--out", out).exit_code == 0
    model = json.loads(next((out / "reports").glob("DEMO-001_*_report.json")).read_text("utf-8"))
    grouping = next(s for s in model["sections"] if s["id"] == "grouping")
    titles = {t["title"] for t in grouping["tables"]}
    assert "Evidence levels of the driving alterations" in titles
    text = flat(pdf_text(next((out / "reports").glob("DEMO-001_*_report.pdf")).read_bytes()))
    for needle in ("PIK3CA H1047R", "ESCAT I-A", "CONDORELLI-2019", "ESCAT II-A", "indirect"):
        assert needle in text, needle
