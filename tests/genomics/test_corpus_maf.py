"""Real-world corpus: maftools' example MAFs and vcf2maf's MAFs. The TMB numerator precise
stores must equal maftools' non-synonymous count for the sample, computed here by maftools' own
definition (read_maf_dt.R ``vc.nonSilent`` after validateMaf's de-duplication) — a separate,
simple reading of the file, not precise's code."""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "data" / "genomics" / "corpus"
# maftools R/read_maf_dt.R: default vc.nonSilent
VC_NON_SILENT = {
    "Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site",
    "Nonsense_Mutation", "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation",
}  # fmt: skip


def _maf_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8")
    lines = [ln for ln in io.StringIO(text, newline=None) if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def maftools_non_synonymous(path: Path) -> Counter[str]:
    """Per Tumor_Sample_Barcode, as maftools read.maf counts it."""
    seen: set[tuple[str, ...]] = set()
    out: Counter[str] = Counter()
    for r in _maf_rows(path):
        key = (r["Chromosome"], r["Start_Position"], r["Tumor_Sample_Barcode"],
               r["Reference_Allele"], r["Tumor_Seq_Allele2"])  # fmt: skip
        if key in seen:
            continue
        seen.add(key)
        out[r["Tumor_Sample_Barcode"]] += r["Variant_Classification"] in VC_NON_SILENT
    return out


def _import(cli, path, sample_id, *extra):
    r = cli("variants", "import", "C1", str(path), "--sample-id", sample_id, *extra, "--json")
    assert r.exit_code == 0, r.stderr
    return r.json()


def _tmb(cli, sample_id):
    doc = cli("variants", "show", "C1", "--sample-id", sample_id, "--json").json()
    return doc["samples"][0]


def test_tcga_laml_numerator_equals_maftools(cli, case):
    expected = maftools_non_synonymous(CORPUS / "tcga_laml.maf.gz")
    assert expected["TCGA-AB-3009"] == 34  # the sample named in issue 12
    # Every 12th sample by barcode plus the largest: 18 imports of a 193-sample file.
    barcodes = sorted(expected)
    chosen = sorted(set(barcodes[::12]) | {"TCGA-AB-3009"})
    for i, barcode in enumerate(chosen):
        out = _import(cli, CORPUS / "tcga_laml.maf.gz", f"L{i}", "--tumor-sample", barcode)
        assert out["build"] == "GRCh37" and out["build_source"] == "NCBI_Build column"
        assert out["vaf_unknown"] == out["n_variants"] > 0  # no read counts in this MAF
        s = _tmb(cli, f"L{i}")
        assert s["tmb"]["eligible_variants"] == expected[barcode], barcode
        assert s["tmb_per_mb"] == pytest.approx(expected[barcode] / 34, abs=1e-3)
        assert s["tmb_status"] == "computed" and s["tmb_per_mb"] > 0


def test_brca_and_apl_numerators(cli, case):
    brca = maftools_non_synonymous(CORPUS / "brca.maf.gz")
    out = _import(cli, CORPUS / "brca.maf.gz", "B1", "--build", "GRCh37")
    assert out["n_variants"] == 1913
    assert _tmb(cli, "B1")["tmb"]["eligible_variants"] == brca["TCGA-A8-A08B"] == 31
    apl = maftools_non_synonymous(CORPUS / "APL_primary.maf.gz")
    out = _import(cli, CORPUS / "APL_primary.maf.gz", "A1", "--tumor-sample", "DS9D")
    assert out["build"] == "GRCh37"  # NCBI_Build hg19; '\r' line ends and 'chr' names read
    assert _tmb(cli, "A1")["tmb"]["eligible_variants"] == apl["DS9D"] == 17


def test_vcf2maf_maf_counts_and_hotspot_without_hgvsp(cli, case):
    """vcf2maf's test.maf has no HGVSp_Short/HGVSp columns. Its line 11 is PIK3CA
    3:178936091 G>A Missense_Mutation — on GRCh37 that is base 1 of codon 545 (GAG, Glu) of
    PIK3CA: G>A gives AAG (Lys), E545K, a hotspot. Read counts t_depth 43, t_alt_count 22."""
    _import(cli, CORPUS / "vcf2maf_test.maf", "M1")
    doc = cli("variants", "show", "C1", "--sample-id", "M1", "--all", "--json").json()
    rows = {(v["chrom"], v["pos"], v["alt"]): v for v in doc["variants"]}
    v = rows[("3", 178936091, "A")]
    assert (v["gene"], v["hgvsp"]) == ("PIK3CA", "p.E545K")
    assert v["hotspot"] and v["oncogenic"]
    assert (v["depth"], v["alt_depth"]) == (43, 22) and v["vaf"] == pytest.approx(22 / 43)
    # vcf2maf wrote the APC record 4 times (test.vcf lines 14-17): two exact duplicates
    # (5:112174758 AAGA>GA twice) — removed and reported, counted once in TMB.
    assert doc["samples"][0]["tmb"]["eligible_variants"] is not None
    dups = cli("variants", "import", "C1", str(CORPUS / "vcf2maf_test.maf"), "--sample-id",
               "M2", "--json").json()["duplicates"]  # fmt: skip
    assert dups == 1
    # Numerator: maftools' count minus the rows below the tissue floors (VAF/depth), each named.
    expected = maftools_non_synonymous(CORPUS / "vcf2maf_test.maf")["TUMOR"]
    floored = [
        x for x in doc["variants"]
        if x["filtered_reason"] and x["consequence"] and x["tmb_eligible"] is False
    ]  # fmt: skip
    eligible = doc["samples"][0]["tmb"]["eligible_variants"]
    assert eligible == expected - len([x for x in floored if _non_silent_row(x)])


def _non_silent_row(v) -> bool:
    return v["consequence"] in {
        "missense_variant", "stop_gained", "frameshift_variant", "splice_donor_variant",
        "inframe_deletion", "inframe_insertion", "stop_lost", "start_lost",
    }  # fmt: skip


def test_gzip_maf_with_duplicate_rows(cli, case, tmp_path):
    """A GDC-style gzipped MAF (here: maftools' brca.maf with its first data row repeated)."""
    text = gzip.decompress((CORPUS / "brca.maf.gz").read_bytes()).decode()
    lines = text.splitlines(keepends=True)
    path = tmp_path / "dup.maf.gz"
    path.write_bytes(gzip.compress("".join([lines[0], lines[1], *lines[1:]]).encode()))
    out = _import(cli, path, "D1", "--build", "GRCh37")
    assert out["duplicates"] == 1 and out["n_variants"] == 1913
    assert _tmb(cli, "D1")["tmb"]["eligible_variants"] == 31  # counted once
