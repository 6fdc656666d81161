"""SnpEff ANN and GDC MAF, from small files written by hand from the formats' specifications
(tests/data/genomics/SOURCES.md). Every expected value is worked out here from the file's text."""

from __future__ import annotations

import pytest

SNPEFF = "handwritten_snpeff_ann.vcf"
MAF = "handwritten_gdc.maf"


def _rows(cli, sample):
    doc = cli("variants", "show", "C1", "--sample-id", sample, "--json").json()
    return {(v["chrom"], v["pos"], v["alt"]): v for v in doc["variants"]}


def test_snpeff_ann_vcf(cli, case, gdata):
    r = cli("variants", "import", "C1", gdata / SNPEFF, "--sample-id", "SE", "--json")
    assert r.exit_code == 0, r.stderr
    out = r.json()
    assert out["annotation"] == "SnpEff" and out["build"] == "GRCh38"  # ##reference=GRCh38
    # 5 records; the chr17:7674219 one fails weak_evidence; the chr17:7673806 one has 2 ALTs
    assert out["records"] == 5 and out["filtered_records"] == 1
    assert out["n_variants"] == 4 - 1 + 2
    rows = _rows(cli, "SE")
    assert ("17", 7674219, "T") not in rows  # FILTER weak_evidence, dropped by default

    # chr3 179234297 A>G: first ANN entry PIK3CA missense p.His1047Arg (the GNB4 downstream
    # entry after it is not picked: SnpEff sorts entries by impact). TUMOR AD=120,80 DP=200,
    # no AF: VAF = alt / DP (= alt / (ref + alt) here).
    v = rows[("3", 179234297, "G")]
    assert (v["gene"], v["hgvsp"], v["consequence"]) == ("PIK3CA", "p.H1047R", "missense_variant")
    assert v["hgvsc"] == "c.3140A>G" and v["transcript"] == "ENST00000263967.4"
    assert v["vaf"] == pytest.approx(80 / (120 + 80))
    assert v["depth"] == 200 and v["alt_depth"] == 80 and v["vaf_source"] == "FORMAT/AD"
    assert v["hotspot"] and v["oncogenic"] and v["tmb_eligible"]

    # chr17 7673806 C>T,A: entries are matched to each ALT by their Allele field (A's is first
    # in the file). AD=50,30,20, DP=100: each ALT's VAF is its count over the total depth
    # (vcf2maf: t_alt_count / t_depth), not over REF + that count (which would give 30/80).
    t = rows[("17", 7673806, "T")]
    assert (t["gene"], t["hgvsp"], t["hgvsc"]) == ("TP53", "p.V272M", "c.814G>A")
    assert t["vaf"] == pytest.approx(30 / 100) and t["alt_depth"] == 30
    a = rows[("17", 7673806, "A")]
    assert (a["gene"], a["hgvsp"], a["hgvsc"]) == ("TP53", "p.V272L", "c.814G>T")
    assert a["vaf"] == pytest.approx(20 / 100) and a["alt_depth"] == 20
    assert t["depth"] == a["depth"] == 100  # DP

    # chr17 7674894 G>A: stop_gained p.Arg213* in TP53, a tumour suppressor → truncating.
    s = rows[("17", 7674894, "A")]
    assert (s["gene"], s["hgvsp"], s["consequence"]) == ("TP53", "p.R213*", "stop_gained")
    assert s["truncating"] and s["oncogenic"]
    assert s["vaf"] == pytest.approx(30 / 121, abs=1e-6) and s["depth"] == 121  # alt / DP

    # chr3 179218303 G>A PIK3CA p.Glu545Lys at AD=396,4: VAF 0.01 is under the tissue floor
    # 0.02 (knowledge base), so it stays in the table but does not count.
    e = rows[("3", 179218303, "A")]
    assert e["hgvsp"] == "p.E545K" and e["vaf"] == pytest.approx(4 / 400)
    assert e["filtered_reason"] == "VAF below the tissue floor 0.02" and not e["tmb_eligible"]

    # TMB: H1047R, V272M, V272L, R213* are coding non-silent and above the floors; 34 Mb is
    # the knowledge-base default territory.
    sample = cli("variants", "show", "C1", "--json").json()["samples"][0]
    assert sample["tmb_per_mb"] == round(4 / 34, 3)


def test_gdc_maf(cli, case, gdata):
    r = cli("variants", "import", "C1", gdata / MAF, "--sample-id", "MF", "--json")
    assert r.exit_code == 0, r.stderr
    out = r.json()
    assert out["annotation"] == "MAF" and out["build"] == "GRCh38"  # NCBI_Build column
    assert out["tumor_sample"] == "SYNTH-T1" and out["records"] == out["n_variants"] == 5
    rows = _rows(cli, "MF")

    # PIK3CA row: HGVSp_Short p.H1047R, t_depth 150, t_alt_count 45 → VAF 45/150.
    v = rows[("3", 179234297, "G")]
    assert (v["gene"], v["hgvsp"], v["consequence"]) == ("PIK3CA", "p.H1047R", "missense_variant")
    assert v["vaf"] == pytest.approx(45 / 150) and v["depth"] == 150 and v["alt_depth"] == 45

    # TP53 chr17 7674220 C>T p.R248Q: 80 of 200 reads.
    t = rows[("17", 7674220, "T")]
    assert (t["gene"], t["hgvsp"]) == ("TP53", "p.R248Q")
    assert t["vaf"] == pytest.approx(80 / 200) and t["depth"] == 200

    # PTEN p.R130* (Nonsense_Mutation, Consequence stop_gained): truncating tumour suppressor.
    p = rows[("10", 87933147, "T")]
    assert (p["gene"], p["hgvsp"], p["consequence"]) == ("PTEN", "p.R130*", "stop_gained")
    assert p["truncating"] and p["oncogenic"] and p["vaf"] == pytest.approx(15 / 60)

    # ERBB2 p.L755S has no t_depth: depth = t_ref_count + t_alt_count = 70 + 30.
    e = rows[("17", 39723967, "C")]
    assert (e["gene"], e["hgvsp"]) == ("ERBB2", "p.L755S")
    assert e["depth"] == 70 + 30 and e["vaf"] == pytest.approx(30 / (70 + 30))

    # ESR1 p.Y537S at 4/400 reads is under the tissue VAF floor.
    s = rows[("6", 152098788, "C")]
    assert s["hgvsp"] == "p.Y537S" and s["vaf"] == pytest.approx(4 / 400)
    assert s["filtered_reason"] == "VAF below the tissue floor 0.02"

    sample = cli("variants", "show", "C1", "--json").json()["samples"][0]
    assert sample["tmb_per_mb"] == round(4 / 34, 3)  # all but the ESR1 row
