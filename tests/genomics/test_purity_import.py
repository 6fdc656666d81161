"""Purity / ploidy / tumour-fraction import (issue 15): real PURPLE and ichorCNA-format outputs
(tests/data/clonality/SOURCES.md) give their published values; bad values are refused (exit 3)
naming the field, and the case is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from precisecli.errors import InputError
from precisecli.genomics.purity_readers import read_purity_file
from tests.genomics.conftest import snapshot
from tests.genomics.test_compare_patterns import _vcf

DATA = Path(__file__).resolve().parent.parent / "data" / "clonality"


def test_purple_published_values():
    colo = read_purity_file(DATA / "tumorPair_COLO829T.purple.purity.tsv")
    assert (colo.tool, colo.purity, colo.ploidy) == ("PURPLE", 0.56, 1.0)
    assert colo.ranges == {"purity": [0.55, 0.58], "ploidy": [1.0, 1.02]}
    seqc = read_purity_file(DATA / "SEQCII_50pc_purity_cell_line.purple.purity.tsv")
    assert (seqc.purity, seqc.ploidy) == (0.63, 2.0036)


def test_ichorcna_published_values():
    r = read_purity_file(DATA / "DummySampleID.params.txt")
    assert (r.tool, r.tumour_fraction, r.ploidy) == ("ichorCNA", 0.03898, 2.131)


def test_layouts_of_the_other_callers(tmp_path):
    # Sequenza confints_CP: rows lower / estimate / upper (sequenza.results layout)
    cp = tmp_path / "S_confints_CP.txt"
    cp.write_text('"cellularity"\t"ploidy.estimate"\t"ploidy.mean.cn"\n0.28\t2.5\t2.514\n'
                  "0.31\t2.6\t2.514\n0.33\t2.7\t2.514\n")  # fmt: skip
    r = read_purity_file(cp)
    assert (r.tool, r.purity, r.ploidy, r.ranges["purity"]) == ("Sequenza", 0.31, 2.6, [0.28, 0.33])
    alt = tmp_path / "S_alternative_solutions.txt"
    alt.write_text('"cellularity"\t"ploidy"\t"SLPP"\n0.31\t2.6\t0.31\n0.2\t3.2\t4.9e-11\n')
    assert (read_purity_file(alt).purity, read_purity_file(alt).ploidy) == (0.31, 2.6)
    facets = tmp_path / "s.vcf"  # cnv_facets writes the fit in its VCF header
    facets.write_text("##fileformat=VCFv4.2\n##purity=0.42\n##ploidy=3.1\n#CHROM\tPOS\n")
    assert (read_purity_file(facets).tool, read_purity_file(facets).purity) == ("FACETS", 0.42)
    suite = tmp_path / "s.out"  # facets-suite
    suite.write_text("# Purity = 0.37\n# Ploidy = 2.2\n")
    assert read_purity_file(suite).ploidy == 2.2
    ngs = tmp_path / "s.samplestatistics.txt"  # ascatNgs
    ngs.write_text("NormalContamination 0.38\nPloidy 2.95\nrho 0.62\npsi 2.95\n")
    r = read_purity_file(ngs)
    assert (r.tool, r.purity, r.ploidy) == ("ASCAT", 0.62, 2.95)


def _biopsy(cli, tmp_path, sid="B1"):
    r = cli("variants", "import", "C1", str(_vcf(tmp_path / f"{sid}.vcf", {"PIK3CA": (60, 200)})),
            "--sample-id", sid, "--collected", "2024-01-01")  # fmt: skip
    assert r.exit_code == 0, r.stderr


def test_purity_import_and_show(cli, case, tmp_path):
    _biopsy(cli, tmp_path)
    r = cli("purity", "import", "C1", str(DATA / "SEQCII_50pc_purity_cell_line.purple.purity.tsv"),
            "--sample-id", "B1", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["purity"] == 0.63 and doc["ploidy"] == 2.0036
    assert doc["purity_source"].startswith("PURPLE (SEQCII_50pc")
    sample = cli("variants", "show", "C1", "--json").json()["samples"][0]
    assert (sample["purity"], sample["ploidy"]) == (0.63, 2.0036)
    # no copy number yet: CCF unknown, with the reason
    v = cli("variants", "show", "C1", "--json").json()["variants"][0]
    assert v["ccf"] is None and v["clonal"] is None and "copy number" in v["clonality_reason"]


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--purity", "0"], "--purity"),
        (["--purity", "1.2"], "--purity"),
        (["--ploidy", "0"], "ploidy"),
        (["--ploidy", "-2"], "ploidy"),
    ],
)
def test_bad_values_exit_3_case_unchanged(cli, case, tmp_path, argv, field):
    _biopsy(cli, tmp_path)
    before = snapshot(case)
    r = cli("purity", "set", "C1", "--sample-id", "B1", *argv)
    assert r.exit_code == 3, r.stderr
    assert field in r.stderr and "Traceback" not in r.stderr
    assert snapshot(case) == before


def test_bad_file_value_names_file_line_field(cli, case, tmp_path):
    _biopsy(cli, tmp_path)
    bad = tmp_path / "x.purple.purity.tsv"
    text = (DATA / "SEQCII_50pc_purity_cell_line.purple.purity.tsv").read_text()
    bad.write_text(text.replace("\n0.6300\t", "\n0.0000\t"))
    before = snapshot(case)
    r = cli("purity", "import", "C1", str(bad), "--sample-id", "B1")
    assert r.exit_code == 3
    assert "x.purple.purity.tsv" in r.stderr and "line 2" in r.stderr and "purity" in r.stderr
    assert snapshot(case) == before
    (tmp_path / "u.tsv").write_text("a\tb\n1\t2\n")
    with pytest.raises(InputError, match="unrecognised purity file"):
        read_purity_file(tmp_path / "u.tsv")


def test_allele_specific_required(cli, case, tmp_path):
    _biopsy(cli, tmp_path)
    genes = tmp_path / "genes.tsv"
    genes.write_text("gene\tcopy_number\nPIK3CA\t2\n")
    before = snapshot(case)
    r = cli("cna", "import", "C1", str(genes), "--sample-id", "B1", "--allele-specific")
    assert r.exit_code == 3 and "nMinor" in r.stderr and "genes.tsv" in r.stderr
    assert snapshot(case) == before
    # real ASCAT segments (GRCh37) carry nMajor/nMinor: accepted (in a GRCh37 case)
    assert cli("case", "new", "C2").exit_code == 0
    r = cli("cna", "import", "C2", str(DATA / "A17.fast.segments.head30.txt"), "--sample-id",
            "B2", "--allele-specific", "--build", "GRCh37", "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.json()["format"] == "ASCAT segments (nMajor/nMinor)"


def test_purple_somatic_cnv_segments_keep_minor_cn(tmp_path):
    # PURPLE *.purple.cnv.somatic.tsv columns (hmftools purple README, "Copy Number File")
    from precisecli.genomics.cna import read_cna
    from precisecli.genomics.cna_allelic import segment_rows
    from precisecli.genomics.cnvkit_call import CnvkitThresholds
    from precisecli.knowledge import load_kb

    path = tmp_path / "T.purple.cnv.somatic.tsv"
    path.write_text(
        "chromosome\tstart\tend\tcopyNumber\tbafCount\tobservedBAF\tbaf\tsegmentStartSupport\t"
        "segmentEndSupport\tmethod\tdepthWindowCount\tgcContent\tminStart\tmaxStart\t"
        "minorAlleleCopyNumber\tmajorAlleleCopyNumber\n"
        "chr3\t1\t190000000\t3.0120\t500\t0.66\t0.66\tTELOMERE\tBND\tBAF_WEIGHTED\t900\t0.4\t1\t1"
        "\t1.0021\t2.0099\n"
        "chr17\t1\t83257441\t1.9870\t300\t0.99\t0.99\tTELOMERE\tTELOMERE\tBAF_WEIGHTED\t400\t0.4"
        "\t1\t1\t-0.0100\t1.9970\n"
    )
    cn = read_cna(path, 2.0, None, CnvkitThresholds.from_kb(load_kb()))
    assert cn.format.startswith("PURPLE somatic copy number")
    rows = segment_rows(cn)
    assert [(r["chrom"], r["copy_number"], r["minor_cn"]) for r in rows] == [
        ("17", 1.987, 0.0),  # PURPLE's slightly negative minor CN is clamped to 0
        ("3", 3.012, 1.0021),
    ]
