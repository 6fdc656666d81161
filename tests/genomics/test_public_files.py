"""Every public VCF/CNA fixture imports, and concrete values read by hand from the files come out.

Each expected value names the line of the file it was read from; the arithmetic is done in the
test so the reader can check it against that line.
"""

from __future__ import annotations

import math

import pytest


def _variant(doc, sample, chrom, pos, alt=None):
    rows = [
        v
        for v in doc["variants"]
        if v["sample_id"] == sample and v["chrom"] == chrom and v["pos"] == pos
    ]
    if alt is not None:
        rows = [v for v in rows if v["alt"] == alt]
    assert len(rows) == 1, rows
    return rows[0]


def test_vep_mutect2_tp53_r175h(cli, case, gdata):
    r = cli("variants", "import", "C1", gdata / "pVACtools_input_somatic.vcf.gz",
            "--sample-id", "S1", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    out = r.json()
    assert out["build"] == "GRCh38" and out["annotation"] == "VEP"
    assert out["records"] == 2734  # `zcat | grep -vc '^#'`
    doc = cli("variants", "show", "C1", "--json").json()
    # line 5589: chr17 7675088 C>T ... CSQ=T|missense_variant|...|TP53|...|175|R/H|...
    #            GT:AD:AF:... 0/1:1,86:0.988:...  (no HGVSp in this VEP run, no DP key)
    v = _variant(doc, "S1", "17", 7675088)
    assert v["gene"] == "TP53"
    assert v["hgvsp"] == "p.R175H"  # built from Protein_position 175 and Amino_acids R/H
    assert v["consequence"] == "missense_variant"
    assert v["vaf"] == pytest.approx(0.988)
    assert v["alt_depth"] == 86
    assert v["depth"] == 1 + 86  # no FORMAT DP: depth is the sum of AD
    assert v["hotspot"] and v["oncogenic"]
    assert v["chrom"] == "17"  # 'chr' stripped


def test_mutect1_pass_filtering_and_tumour_column(cli, case, gdata):
    r = cli("variants", "import", "C1", gdata / "vcf2maf_test_mutect.vcf", "--sample-id", "M1",
            "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    out = r.json()
    assert out["build"] == "GRCh37"  # ##reference ...GRCh37.74... and chr1 length 249250621
    assert out["records"] == 500 and out["filtered_records"] == 495 and out["n_variants"] == 5
    doc = cli("variants", "show", "C1", "--json").json()
    # line 146: 1 204429832 C>A PASS GT:AD:BQ:DP:FA:SS NORMAL 0:43,0:.. TUMOR 0/1:39,3:32:42:0.071:2
    v = _variant(doc, "M1", "1", 204429832)
    # VAF = t_alt_count / t_depth = 3/42 as vcf2maf reports it (AD of the TUMOR column, not the
    # NORMAL's); MuTect's FA 0.071 is not used when AD gives counts.
    assert v["vaf"] == pytest.approx(3 / 42, abs=1e-6)
    assert v["depth"] == 42 and v["alt_depth"] == 3
    assert v["filtered_reason"] is None
    # line 590: X 77041551 PASS, the NORMAL carries the allele, TUMOR 0:8,0:.:8:0.00
    x = _variant(doc, "M1", "X", 77041551)
    assert x["vaf"] == 0.0 and x["alt_depth"] == 0
    assert "floor" in x["filtered_reason"]
    assert doc["samples"][0]["tmb_per_mb"] is None  # unannotated: TMB not computed


def test_strelka_tier_counts(cli, case, gdata):
    r = cli("variants", "import", "C1", gdata / "vcf2maf_test_strelka.vcf", "--sample-id", "ST",
            "--build", "GRCh37")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "[W::" not in r.stderr and "vcf_parse" not in r.stderr  # htslib chatter captured
    doc = cli("variants", "show", "C1", "--json").json()
    # line 54: 1 35944648 G>A  TUMOR DP=58 AU=56,57 GU=2,2 → tier-1 alt 56, ref 2; VAF = alt/DP
    snv = _variant(doc, "ST", "1", 35944648)
    assert snv["vaf"] == pytest.approx(56 / 58, abs=1e-6)
    assert snv["depth"] == 58 and snv["alt_depth"] == 56
    # line 77: 2 102626146 CG>C  TUMOR DP=89 TAR=19,19 TIR=57,58 (keys undeclared in the header)
    indel = _variant(doc, "ST", "2", 102626146)
    assert indel["vaf"] == pytest.approx(57 / 89, abs=1e-6)  # vcf2maf: t_alt_count / t_depth
    assert indel["depth"] == 89 and indel["alt_depth"] == 57


def test_pcgr_info_tvaf_and_unannotated_hotspot(cli, case, gdata):
    r = cli("variants", "import", "C1", gdata / "pcgr_T001-BRCA.grch38.vcf.gz", "--sample-id",
            "P1", "--build", "GRCh38", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.json()["records"] == 196
    doc = cli("variants", "show", "C1", "--json").json()
    # line 53: 3 179234297 A>G TVAF=0.418918918919;TDP=74 ... ADT 43,31 (no CSQ in the file)
    v = _variant(doc, "P1", "3", 179234297)
    assert v["vaf"] == pytest.approx(0.418919, abs=1e-6)
    assert v["depth"] == 74 and v["alt_depth"] == 31
    # GRCh38 3:179234297 is base 2 of PIK3CA codon 1047 (CAT); A>G gives CGT = Arg
    assert v["gene"] == "PIK3CA" and v["hgvsp"] == "p.H1047R"
    assert v["hotspot"] and v["oncogenic"]
    # line 165: 17 7673806 C>T — TP53 (minus strand) codon 272 GTG base 1: G>A → ATG = Met
    t = _variant(doc, "P1", "17", 7673806)
    assert t["gene"] == "TP53" and t["hgvsp"] == "p.V272M" and t["hotspot"]


def test_pik3ca_h1047r_in_unannotated_grch37(cli, case, tmp_path):
    """The same mutation written on GRCh37 (3:178952085 A>G, SOURCES.md liftover check)."""
    vcf = tmp_path / "h1047r_grch37.vcf"
    vcf.write_text(
        "##fileformat=VCFv4.2\n"
        "##contig=<ID=3,length=198022430>\n"
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
        "3\t178952085\t.\tA\tG\t.\tPASS\t.\tAD:DP\t60,40:100\n"
    )
    r = cli("variants", "import", "C1", vcf, "--sample-id", "G37", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["build"] == "GRCh37"
    v = cli("variants", "show", "C1", "--json").json()["variants"][0]
    assert (v["gene"], v["hgvsp"], v["hotspot"]) == ("PIK3CA", "p.H1047R", True)
    assert v["vaf"] == pytest.approx(40 / 100)


def test_multi_sample_needs_tumour_choice(cli, case, gdata):
    path = gdata / "pVACtools_input_multi_sample.vcf"
    r = cli("variants", "import", "C1", path, "--sample-id", "MS")
    assert r.exit_code == 3
    assert "H_NJ-HCC1395-HCC1395, second_sample" in r.stderr
    r = cli("variants", "import", "C1", path, "--sample-id", "MS",
            "--tumor-sample", "H_NJ-HCC1395-HCC1395", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.json()["build"] == "GRCh37"  # ##reference .../GRCh37-lite.fa.gz
    doc = cli("variants", "show", "C1", "--json").json()
    # line 87: 2 217498305 T>TGCTGCC, FILTER '.', tumour AD=90 DP=101 TAR=90,91 TIR=4,4:
    # a one-value AD is the ALT count for vcf2maf (VarScan's convention; AD wins over TIR/TAR),
    # so t_alt_count 90 and t_depth 101, whatever Strelka's own counts say.
    v = _variant(doc, "MS", "2", 217498305)
    assert v["vaf"] == pytest.approx(90 / 101, abs=1e-6)
    assert v["depth"] == 101
    assert v["gene"] == "IGFBP2" and v["consequence"] == "inframe_insertion"
    assert v["hgvsp"] == "p.L21_L22insPL"  # ENSP...:p.Leu21_Leu22insProLeu shortened


def test_pcgr_allele_specific_erbb2_amplification(cli, case, gdata):
    r = cli("cna", "import", "C1", gdata / "pcgr_T001-BRCA.grch38.cna.tsv", "--sample-id", "P1",
            "--build", "GRCh38", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    calls = {c["gene"]: c for c in r.json()["calls"]}
    # line 221: 17 39600010 40000000 nMajor 8 nMinor 1 covers ERBB2 (GRCh38 17:39687914-39730426)
    assert calls["ERBB2"]["copy_number"] == 8 + 1
    assert calls["ERBB2"]["call"] == "amplification"  # 9 >= 5 (knowledge base, PCGR)
    alts = {(a["gene"], a["call"]) for a in cli("variants", "show", "C1", "--json").json()[
        "copy_number"]}  # fmt: skip
    assert ("ERBB2", "amplification") in alts


def test_cnvkit_cdk4_amplification_from_log2(cli, case, gdata):
    r = cli("cna", "import", "C1", gdata / "cnvkit_tr95t.cns", "--sample-id", "T95",
            "--build", "GRCh37", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    calls = {c["gene"]: c for c in r.json()["calls"]}
    # line 63: chr12 57914722 58520144 CDK4 log2 3.53273 > 0.7 (CNVkit's last threshold), so
    # CNVkit's threshold call gives ceil(2 * 2**3.53273) = ceil(23.147) = 24 copies
    assert calls["CDK4"]["copy_number"] == math.ceil(2 * 2**3.53273) == 24
    assert calls["CDK4"]["call"] == "amplification"
    # with purity 0.5 (cnvkit.py call --purity 0.5): n = (2*2**log2 - 2*(1-0.5)) / 0.5, then
    # log2 := log2(n/2) and again ceil(2 * 2**log2) = ceil(n)
    r = cli("cna", "import", "C1", gdata / "cnvkit_tr95t.cns", "--sample-id", "T95P",
            "--build", "GRCh37", "--purity", "0.5", "--json")  # fmt: skip
    cdk4 = {c["gene"]: c for c in r.json()["calls"]}["CDK4"]
    assert cdk4["copy_number"] == math.ceil((2 * 2**3.53273 - 1) / 0.5) == 45


def test_cnvkit_called_cn_column(cli, case, gdata):
    r = cli("cna", "import", "C1", gdata / "cnvkit_p2-9_2.call.cns", "--sample-id", "P29",
            "--build", "GRCh37", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    out = r.json()
    assert out["format"] == "CNVkit .call.cns (cn column)"
    calls = {c["gene"]: c for c in out["calls"]}
    assert calls["CDKN2A"]["copy_number"] == 1 and calls["CDKN2A"]["call"] == "loss"


def test_reimport_is_noop_and_replace_replaces(cli, case, gdata):
    path = gdata / "vcf2maf_test_mutect.vcf"
    assert cli("variants", "import", "C1", path, "--sample-id", "M1").exit_code == 0
    before = (case / "audit.jsonl").read_bytes()
    r = cli("variants", "import", "C1", path, "--sample-id", "M1")
    assert r.exit_code == 0 and "nothing changed" in r.stderr
    assert (case / "audit.jsonl").read_bytes() == before
    other = gdata / "vcf2maf_test_strelka.vcf"
    r = cli("variants", "import", "C1", other, "--sample-id", "M1", "--build", "GRCh37")
    assert r.exit_code == 3 and "--replace" in r.stderr
    r = cli("variants", "import", "C1", other, "--sample-id", "M1", "--build", "GRCh37",
            "--replace", "--json")  # fmt: skip
    assert r.exit_code == 0 and r.json()["status"] == "replaced"
    assert r.json()["n_variants"] == 240


def test_case_alterations_contract(cli, case, gdata, workspace):
    from precisecli.genomics.alterations import case_alterations, case_samples
    from precisecli.store.cases import read_case_json

    cli("variants", "import", "C1", gdata / "pcgr_T001-BRCA.grch38.vcf.gz", "--sample-id", "P1",
        "--build", "GRCh38", "--site", "liver", "--collected", "2024-02-20")  # fmt: skip
    cli("cna", "import", "C1", gdata / "pcgr_T001-BRCA.grch38.cna.tsv", "--sample-id", "P1")
    record = read_case_json(case)
    samples = case_samples(record)
    assert [(s.sample_id, s.kind, s.site, s.build) for s in samples] == [
        ("P1", "biopsy", "liver", "GRCh38")
    ]
    alts = case_alterations(case, record)
    pik = [a for a in alts if a.gene == "PIK3CA" and a.kind == "mutation"]
    assert pik[0].alteration == "H1047R" and pik[0].hotspot and pik[0].oncogenic
    assert 0 < pik[0].vaf < 1
    erbb2 = [a for a in alts if a.gene == "ERBB2" and a.kind == "amplification"]
    assert erbb2[0].copy_number == 9 and erbb2[0].oncogenic
