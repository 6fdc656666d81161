"""The demo patient's genomics (sample_cases/gen_20_genomics.py) through the CLI: the story the
generator wrote must come back out of `variants compare`."""

from __future__ import annotations

import pytest

from precisecli.store.documents import load_document
from tests.conftest import REPO

CASE = REPO / "sample_cases" / "DEMO-001"


@pytest.fixture
def demo(cli):
    assert cli("case", "new", "DEMO-001", "--intake", CASE / "intake.yaml").exit_code == 0
    steps = load_document(CASE / "workup.d" / "20-genomics.yaml").data["steps"]
    for step in steps:
        r = cli(*[t.replace("{case}", str(CASE)) for t in step])
        assert r.exit_code == 0, (step, r.stderr)
    return cli


def test_demo_compare(demo):
    doc = demo("variants", "compare", "DEMO-001", "--json").json()
    cat = {(a["gene"], a["alteration"]): a for a in doc["alterations"]}
    assert cat[("PIK3CA", "H1047R")]["category"] == "truncal"
    assert cat[("TP53", "R196*")]["category"] == "truncal"
    assert cat[("ERBB2", "amplification")]["category"] == "truncal"
    assert cat[("CCND1", "amplification")]["category"] == "private"
    assert cat[("ESR1", "D538G")]["category"] == "ctdna-only"
    assert cat[("DNMT3A", "R882H")]["category"] == "chip"
    # 2 oncogenic mutations in both tissue and plasma (PIK3CA, TP53), 1 plasma-only (ESR1);
    # DNMT3A is clonal haematopoiesis and stays out: 2 / 3
    assert doc["concordance"]["both"] == 2 and doc["concordance"]["ctdna_only"] == 1
    assert doc["concordance"]["fraction"] == pytest.approx(2 / 3, abs=1e-4)
    esr1 = next(t for t in doc["ctdna_timeline"] if t["gene"] == "ESR1")
    assert esr1["pattern"] == "new" and [p["vaf"] is None for p in esr1["points"]] == [True, False]


def test_demo_tmb_low_and_ch_excluded(demo):
    doc = demo("variants", "show", "DEMO-001", "--json").json()
    for s in doc["samples"]:
        assert s["tmb_per_mb"] is not None and s["tmb_per_mb"] < 10
        assert s["territory_mb"] == 34  # knowledge-base assay 'wes'
    dnmt = [v for v in doc["variants"] if v["gene"] == "DNMT3A"]
    assert dnmt and all(v["chip"] and not v["tmb_eligible"] for v in dnmt)
    # TMB = counted variants / territory, recomputed here from the table
    for s in doc["samples"]:
        n = sum(
            1 for v in doc["variants"] if v["sample_id"] == s["sample_id"] and v["tmb_eligible"]
        )
        assert s["tmb_per_mb"] == pytest.approx(n / 34, abs=1e-3)
