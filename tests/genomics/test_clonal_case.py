"""Issue 15 end to end: a single-biopsy case whose PIK3CA H1047R is clonal by CCF is G2 without
the single-sample fallback; at VAF 0.06 it is subclonal and secondary. Real imports and commands.

PIK3CA H1047R is GRCh38 3:179234297 A>G (knowledge/hotspots_grch38.tsv); the allele-specific
segment holding it is 1+1 (CN 2); purity 0.6. Hand computation (McGranahan 2016):
VAF 0.30: n_mut = 0.30/0.6 × (0.6·2 + 2·0.4) = 1.0 → m = 1, CCF 1.0 (clonal);
VAF 0.06: n_mut = 0.2 → CCF 0.2 (subclonal)."""

from __future__ import annotations

import pytest

from precisecli.store.schema import validate
from tests.genomics.test_compare_patterns import _vcf

SEGMENTS = "Chromosome\tStart\tEnd\tnMajor\tnMinor\n3\t100000000\t190000000\t1\t1\n"


def _case(cli, tmp_path, alt: int, depth: int = 200):
    assert cli("case", "new", "P1", "--er-percent", "0", "--pr-percent", "0").exit_code == 0
    vcf = _vcf(tmp_path / "B1.vcf", {"PIK3CA": (alt, depth)})
    r = cli("variants", "import", "P1", str(vcf), "--sample-id", "B1", "--site", "liver")
    assert r.exit_code == 0, r.stderr
    seg = tmp_path / "B1.segments.tsv"
    seg.write_text(SEGMENTS)
    r = cli("cna", "import", "P1", str(seg), "--sample-id", "B1", "--allele-specific")
    assert r.exit_code == 0, r.stderr
    r = cli("purity", "set", "P1", "--sample-id", "B1", "--purity", "0.6", "--ploidy", "2")
    assert r.exit_code == 0, r.stderr


def test_clonal_single_biopsy_is_g2_without_fallback(cli, workspace, tmp_path):
    _case(cli, tmp_path, alt=60)
    show = cli("variants", "show", "P1", "--json").json()
    validate(show, "cli/variants-show.schema.json")
    v = show["variants"][0]
    assert (v["gene"], v["hgvsp"]) == ("PIK3CA", "p.H1047R")
    assert (v["ccf"], v["multiplicity"], v["clonal"]) == (1.0, 1, True)
    assert v["ccf_ci95"][1] == 1.0
    assert show["samples"][0]["purity"] == 0.6
    assert show["samples"][0]["purity_source"] == "--purity option"
    doc = cli("group", "P1", "--json").json()
    assert doc["group"]["id"] == "G2"
    assert "single-sample" not in {f["id"] for f in doc["flags"]}
    trail = next(a for a in doc["alterations"] if a["gene"] == "PIK3CA")
    assert trail["qualified_by"] == ["clonal"]
    assert trail["clonality"][0]["ccf"] == 1.0 and trail["clonality"][0]["clonal"] is True
    text = cli("variants", "show", "P1")
    assert "clonal" in text.stdout and "1.00" in text.stdout


def test_subclonal_single_biopsy_is_secondary(cli, workspace, tmp_path):
    _case(cli, tmp_path, alt=12)
    v = cli("variants", "show", "P1", "--json").json()["variants"][0]
    assert v["ccf"] == 0.2 and v["clonal"] is False
    doc = cli("group", "P1", "--json").json()
    assert doc["group"]["id"] == "G6"
    assert "secondary-alteration" in {f["id"] for f in doc["flags"]}
    trail = next(a for a in doc["alterations"] if a["gene"] == "PIK3CA")
    assert trail["qualified"] is False and "subclonal" in trail["not_qualified_reason"]


@pytest.mark.slow
def test_segments_are_validated_and_removed_with_the_cna(cli, workspace, tmp_path):
    _case(cli, tmp_path, alt=60)
    assert (workspace / "P1" / "segments" / "B1.tsv").is_file()
    r = cli("case", "validate", "P1")
    assert r.exit_code == 0, r.stderr
    r = cli("cna", "remove", "P1", "--sample-id", "B1")
    assert r.exit_code == 0, r.stderr
    assert not (workspace / "P1" / "segments" / "B1.tsv").exists()
    v = cli("variants", "show", "P1", "--json").json()["variants"][0]
    assert v["clonal"] is None and "copy number" in v["clonality_reason"]


@pytest.mark.slow
def test_ichorcna_into_a_plasma_draw(cli, workspace, tmp_path):
    from pathlib import Path

    _case(cli, tmp_path, alt=60)
    vcf = _vcf(tmp_path / "D1.vcf", {"PIK3CA": (10, 500)})
    r = cli("variants", "import", "P1", str(vcf), "--sample-id", "D1", "--kind", "ctdna")
    assert r.exit_code == 0, r.stderr
    params = (
        Path(__file__).resolve().parent.parent / "data" / "clonality" / "DummySampleID.params.txt"
    )
    r = cli("purity", "import", "P1", str(params), "--sample-id", "D1", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["tumour_fraction"] == 0.03898
    assert r.json()["tumour_fraction_source"] == "ichorCNA (DummySampleID.params.txt)"
    d1 = next(s for s in cli("variants", "show", "P1", "--json").json()["samples"]
              if s["sample_id"] == "D1")  # fmt: skip
    assert d1["tumour_fraction"] == 0.03898 and d1["ploidy"] == 2.131


@pytest.mark.slow
def test_purity_change_marks_the_grouping_stale(cli, workspace, tmp_path):
    _case(cli, tmp_path, alt=60)
    assert cli("group", "P1").exit_code == 0
    r = cli("purity", "set", "P1", "--sample-id", "B1", "--purity", "0.9")
    assert r.exit_code == 0, r.stderr
    import json

    stale = json.loads((workspace / "P1" / "case.json").read_text()).get("stale") or {}
    assert "grouping" in stale and "purity" in stale["grouping"]["because"]
