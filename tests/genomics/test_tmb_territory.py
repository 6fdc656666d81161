"""TMB denominators: a ctDNA or panel TMB needs its assay's territory; without one it is null
"not computable" with the reason and a hint, never a 34 Mb exome guess and never 0."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001" / "genomics"
CTDNA = DEMO / "ctdna_2024-02-20.vcf"


def _import(cli, sample, *extra):
    r = cli("variants", "import", "C1", str(CTDNA), "--sample-id", sample, "--kind", "ctdna",
            *extra, "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    return r.json()


def test_ctdna_without_assay_is_not_computable(cli, case):
    out = _import(cli, "T0")
    assert out["tmb_per_mb"] is None and out["tmb_status"] == "not computable"
    assert "--assay" in out["tmb_reason"]
    s = cli("variants", "show", "C1", "--json").json()["samples"][0]
    assert s["tmb_per_mb"] is None and s["tmb_status"] == "not computable"
    assert s["tmb"]["note"].startswith("not computable: ")
    text = cli("variants", "show", "C1")
    assert "not computable" in text.stdout


def test_panel_territories_from_the_knowledge_base(cli, case):
    wes = _import(cli, "T1", "--assay", "wes")
    eligible = cli("variants", "show", "C1", "--json").json()["samples"][0]["tmb"][
        "eligible_variants"]  # fmt: skip
    assert eligible > 0
    assert wes["tmb_per_mb"] == pytest.approx(round(eligible / 34, 3))
    tso = _import(cli, "T2", "--assay", "tso500-ctdna")
    assert tso["territory_mb"] == 1.33
    assert tso["tmb_per_mb"] == pytest.approx(round(eligible / 1.33, 3))
    g360 = _import(cli, "T3", "--assay", "guardant360-cdx")
    assert g360["tmb_per_mb"] is None and "no published TMB territory" in g360["tmb_reason"]
    own = _import(cli, "T4", "--assay", "guardant360-cdx", "--territory-mb", "2")
    assert own["tmb_per_mb"] == pytest.approx(round(eligible / 2, 3))


def test_unknown_assay_lists_panels(cli, case):
    r = cli("variants", "import", "C1", str(CTDNA), "--sample-id", "T5", "--assay", "nope")
    assert r.exit_code == 3 and "foundationone-cdx" in r.stderr


def test_annotated_vcf_without_any_vaf_is_not_computable(cli, case, tmp_path):
    """A VEP-annotated VCF whose tumour column has no AD/AF/DP: every variant lacks a VAF, so the
    floors cannot be applied — TMB is null with the reason, not 0."""
    vcf = tmp_path / "novaf.vcf"
    vcf.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=chr3,length=198295559>\n"
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from '
        'Ensembl VEP. Format: Allele|Consequence|SYMBOL|HGVSp|HGVSc|Feature">\n'
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
        "chr3\t179234297\t.\tA\tG\t.\tPASS\tCSQ=G|missense_variant|PIK3CA|"
        "ENSP00000263967.3:p.His1047Arg|ENST00000263967.4:c.3140A>G|ENST00000263967.4\tGT\t0/1\n"
    )
    r = cli("variants", "import", "C1", str(vcf), "--sample-id", "NV", "--json")
    assert r.exit_code == 0, r.stderr
    out = r.json()
    assert out["tmb_per_mb"] is None and out["tmb_status"] == "not computable"
    assert "no variant in the file has a VAF" in out["tmb_reason"]


def test_cna_purity_change_needs_replace_and_recalls(cli, case):
    path = Path(__file__).resolve().parent.parent / "data" / "genomics" / "cnvkit_tr95t.cns"
    r = cli("cna", "import", "C1", str(path), "--sample-id", "T", "--json")
    assert r.exit_code == 0, r.stderr
    assert {c["gene"]: c for c in r.json()["calls"]}["CDK4"]["copy_number"] == 24
    r = cli("cna", "import", "C1", str(path), "--sample-id", "T", "--purity", "0.5")
    assert r.exit_code == 3 and "--replace" in r.stderr and "nothing changed" not in r.stderr
    r = cli("cna", "import", "C1", str(path), "--sample-id", "T", "--purity", "0.5",
            "--replace", "--json")  # fmt: skip
    assert r.exit_code == 0 and r.json()["status"] == "replaced"
    # CNVkit's purity rescaling: ceil((2 * 2**3.53273 - 1) / 0.5) = 45 (see test_public_files)
    assert {c["gene"]: c for c in r.json()["calls"]}["CDK4"]["copy_number"] == 45
    r = cli("cna", "import", "C1", str(path), "--sample-id", "T", "--purity", "0.5", "--json")
    assert r.json()["status"] == "unchanged"
