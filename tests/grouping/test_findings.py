"""The qualification rule: oncogenic AND (>= 2 foci OR ctDNA OR clonal)."""

from __future__ import annotations

from precisecli.grouping.findings import build_findings
from precisecli.knowledge import load_kb
from tests.grouping.scenarios import cn, mut


def _one(alterations):
    (finding,) = build_findings(alterations, load_kb().data)
    return finding


def test_two_foci_qualify():
    f = _one(mut("PIK3CA", "H1047R", "B1", "B2"))
    assert f.qualified
    assert f.qualified_by == ("present in 2 foci (axillary lymph node, liver)",)
    assert f.oncogenic_by == ("variant list pik3ca_hotspots",)


def test_same_site_twice_is_one_focus():
    f = _one(cn("CCND1", "amplification", "B1", "B3"))
    assert f.secondary and not f.qualified
    assert f.not_qualified_reason == "seen in 1 focus (liver), not in ctDNA, clonality unknown"


def test_ctdna_alone_qualifies_and_is_ctdna_only():
    f = _one(mut("ESR1", "D538G", "C2"))
    assert f.qualified and f.ctdna_only
    assert f.qualified_by == ("detected in ctDNA (C2)",)


def test_clonal_single_focus_qualifies_subclonal_does_not():
    assert _one(mut("AKT1", "E17K", "B1", clonal=True)).qualified_by == ("clonal",)
    f = _one(mut("AKT1", "E17K", "B1", clonal=False))
    assert f.secondary
    assert "subclonal" in f.not_qualified_reason


def test_not_oncogenic_is_neither_qualified_nor_secondary():
    f = _one(mut("ERBB2", "P1170A", "B1", "B2", "C1"))
    assert not f.qualified and not f.secondary
    assert f.not_qualified_reason == "not oncogenic"


def test_truncating_counts_only_for_tumour_suppressors():
    assert _one(mut("PTEN", "R130*", "B1", "B2", truncating=True)).qualified
    assert not _one(mut("ERBB2", "Q100*", "B1", "B2", truncating=True)).oncogenic


def test_chip_and_filtered_observations_do_not_count():
    kb = load_kb()
    chip = mut("DNMT3A", "R882H", "C1", chip=True, oncogenic=True)
    low = mut("PIK3CA", "H1047R", "C1", filtered_reason="below ctDNA VAF floor")
    assert build_findings(chip + low, kb.data) == []


def test_evidence_record_has_the_design_keys():
    trail = _one(mut("PIK3CA", "H1047R", "B1", "C1", vaf=0.25)).trail()
    assert {"gene", "alteration", "sample_ids", "vaf"} <= set(trail)
    assert trail["sample_ids"] == ["B1", "C1"]
    assert trail["vaf"] == 0.25
    assert trail["alteration"] == "H1047R"
