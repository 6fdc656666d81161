"""The bad-input matrix of issue 3: each input exits 3 with one line naming the file and the
record, prints no traceback and no raw record text, and leaves the case folder byte-identical."""

from __future__ import annotations

import gzip
import struct

import pytest

from tests.genomics.conftest import GDATA, snapshot

MUTECT = GDATA / "vcf2maf_test_mutect.vcf"
SOMATIC_GZ = GDATA / "pVACtools_input_somatic.vcf.gz"  # GRCh38

HEADER = (
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=chr17,length=81195210>\n"
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
)
GOOD = "chr17\t39724000\t.\tC\tT\t.\tPASS\t.\tAF:AD\t0.25:30,10\n"


def _cut_mid_record(text: str) -> str:
    """Cut the text in the middle of its 150th data line (as an interrupted copy would)."""
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    cut = lines[: first + 149] + [lines[first + 149][:25]]
    return "".join(cut)


def _bgzf_blocks(data: bytes) -> list[int]:
    """Offsets where BGZF blocks end (BSIZE in the 'BC' extra subfield, SAM spec §4.1)."""
    ends, offset = [], 0
    while offset < len(data):
        bsize = struct.unpack("<H", data[offset + 16 : offset + 18])[0]
        offset += bsize + 1
        ends.append(offset)
    return ends


def _make(kind: str, tmp_path):
    """Return (path, expected record number or None, text expected in the message)."""
    if kind == "not-a-vcf":
        p = tmp_path / "notes.vcf"
        p.write_text("this is a discharge letter, not a VCF\n")
        return p, None, "not a VCF"
    if kind == "empty":
        p = tmp_path / "empty.vcf"
        p.write_bytes(b"")
        return p, None, "empty"
    if kind == "truncated-gzip":
        data = gzip.compress(MUTECT.read_bytes())  # plain (non-BGZF) gzip, GRCh37
        p = tmp_path / "cut.vcf.gz"
        p.write_bytes(data[: len(data) // 2 + 1234])  # cut inside a compressed block
        return p, "any", "truncated"
    if kind == "truncated-bgzf":
        data = SOMATIC_GZ.read_bytes()  # cut before the header is checked: build never read
        ends = _bgzf_blocks(data)
        p = tmp_path / "cut_at_block.vcf.gz"
        p.write_bytes(data[: ends[len(ends) // 2]])  # whole blocks, no EOF block
        return p, None, "BGZF file is truncated"
    if kind == "cut-mid-record-plain":
        p = tmp_path / "cut.vcf"
        p.write_text(_cut_mid_record(MUTECT.read_text()))
        return p, 150, "columns"
    if kind == "cut-mid-record-gzip":
        p = tmp_path / "cut_plain_gzip.vcf.gz"
        p.write_bytes(gzip.compress(_cut_mid_record(MUTECT.read_text()).encode()))
        return p, 150, "columns"
    if kind == "too-few-columns":
        p = tmp_path / "short.vcf"
        p.write_text(HEADER + GOOD + "chr17\t39724100\t.\tC\tT\t.\tPASS\n" + GOOD)
        return p, 2, "7 tab-separated columns, expected 10"
    if kind == "non-numeric-af":
        p = tmp_path / "bad_af.vcf"
        p.write_text(HEADER + GOOD + GOOD.replace("0.25:", "abc:"))
        return p, 2, "AF value 'abc' is not a number"
    if kind == "segfault-reproducer":
        # research/reliability.md §2.2: cyvcf2 0.35 dies with SIGSEGV on this record
        p = tmp_path / "crash.vcf"
        p.write_text("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                     "chr17\t39724000\n")  # fmt: skip
        return p, 1, "columns"
    if kind == "undeclared-contig":
        p = tmp_path / "contig.vcf"
        p.write_text(HEADER + GOOD + GOOD.replace("chr17", "chrX"))
        return p, 2, "not declared"
    if kind == "af-above-one":
        p = tmp_path / "af_big.vcf"
        p.write_text(HEADER + GOOD.replace("0.25:", "1.7:"))
        return p, 1, "outside 0-1"
    raise AssertionError(kind)


CASES = [
    "not-a-vcf",
    "empty",
    "truncated-gzip",
    "truncated-bgzf",
    "cut-mid-record-plain",
    "cut-mid-record-gzip",
    "too-few-columns",
    "non-numeric-af",
    "segfault-reproducer",
    "undeclared-contig",
    "af-above-one",
]


@pytest.mark.parametrize("kind", CASES)
def test_bad_vcf_rejected_case_unchanged(kind, cli, case, tmp_path):
    # the case already holds one sample, so "unchanged" covers existing data too
    assert cli("variants", "import", "C1", MUTECT, "--sample-id", "OK").exit_code == 0
    before = snapshot(case)
    path, record, text = _make(kind, tmp_path)
    r = cli("variants", "import", "C1", path, "--sample-id", "BAD", "--build", "GRCh37")
    assert r.exit_code == 3, (r.stdout, r.stderr)
    message = r.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert path.name in message and text in message
    if record == "any":
        assert "record" in message or "line" in message
    elif record is not None:
        assert f"record {record}" in message
    assert "Traceback" not in r.stderr and "[W::" not in r.stderr and "[E::" not in r.stderr
    assert snapshot(case) == before


def test_sample_not_in_file(cli, case):
    before = snapshot(case)
    r = cli("variants", "import", "C1", MUTECT, "--sample-id", "X", "--tumor-sample", "NOPE")
    assert r.exit_code == 3
    assert "'NOPE' is not in the file; it has: NORMAL, TUMOR" in r.stderr
    assert MUTECT.name in r.stderr
    assert snapshot(case) == before


def test_build_conflicting_with_case(cli, case):
    assert cli("variants", "import", "C1", MUTECT, "--sample-id", "G37").exit_code == 0
    before = snapshot(case)
    r = cli("variants", "import", "C1", SOMATIC_GZ, "--sample-id", "G38")
    assert r.exit_code == 3
    assert "mixed builds" in r.stderr and SOMATIC_GZ.name in r.stderr
    assert snapshot(case) == before
    # and --build contradicting the file's own header
    r = cli("variants", "import", "C1", MUTECT, "--sample-id", "G37b", "--build", "GRCh38")
    assert r.exit_code == 3 and "conflicts with the file" in r.stderr
    assert snapshot(case) == before


def test_bad_sample_id_and_date(cli, case):
    before = snapshot(case)
    r = cli("variants", "import", "C1", MUTECT, "--sample-id", "../x")
    assert r.exit_code == 3 and "sample id" in r.stderr
    r = cli("variants", "import", "C1", MUTECT, "--sample-id", "S", "--collected", "20/02/2024")
    assert r.exit_code == 3 and "not a date" in r.stderr
    assert snapshot(case) == before


def test_bad_cna_inputs(cli, case, tmp_path):
    before = snapshot(case)
    bad = tmp_path / "genes.tsv"
    bad.write_text("gene\tcopy_number\nERBB2\t12\nCCND1\tmany\n")
    r = cli("cna", "import", "C1", bad, "--sample-id", "L1", "--build", "GRCh38")
    assert r.exit_code == 3 and "genes.tsv, line 3" in r.stderr and "copy_number" in r.stderr
    # The first three rows of tr95t.cns end within both builds' chromosome 1: no build evidence.
    head = tmp_path / "tr95t_head.cns"
    head.write_text("".join((GDATA / "cnvkit_tr95t.cns").read_text().splitlines(True)[:3]))
    r = cli("cna", "import", "C1", head, "--sample-id", "L1")
    assert r.exit_code == 3 and "--build" in r.stderr
    # The whole file has chr1 segments ending at 249,240,121 > 248,956,422 (GRCh38 chr1): GRCh37.
    r = cli("cna", "import", "C1", GDATA / "cnvkit_tr95t.cns", "--sample-id", "L1",
            "--build", "GRCh38")  # fmt: skip
    assert r.exit_code == 3 and "so it is GRCh37" in r.stderr
    assert snapshot(case) == before
