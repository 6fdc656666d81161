"""The text path's chunk readers — columns in Python (vcf_block) and compiled kernels
(vcf_native) — give the rows, counts and summary of the line-by-line path and of cyvcf2, byte
for byte.

Chunks of a few lines, with no skipping after a refused chunk, so that on one file both the
chunk readers and the line-by-line path read many chunks and hand over to each other at every
kind of record: the generated file of test_vcf_text (every caller's layout), the corpus, and a
file of the records a chunk reader must refuse or must read exactly (leading zeros, INFO keys
before and after the annotation, odd INFO entries, ten-digit values, several FORMATs, contig
aliases, unsorted and repeated positions, AF above 1, depths that do not add up, genes a rule
names, unresolved protein changes, non-ASCII text, several annotation entries on filtered
records).
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from precisecli.genomics import vcf_block, vcf_native, vcf_text, vcf_worker
from tests.genomics.test_vcf_text import HEADER, VCFS, _cfg, _generated

NATIVE = vcf_native.kernels() is not None
READERS = ["block", pytest.param("native", marks=pytest.mark.skipif(not NATIVE, reason="numba"))]


def _synthetic(path: Path, n: int, seed: int) -> Path:
    """The benchmark's synthetic Mutect2/VEP file (benchmarks/make_synthetic_vcf.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_synthetic_vcf",
        Path(__file__).resolve().parents[2] / "benchmarks" / "make_synthetic_vcf.py",
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write(path, n, seed=seed)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(vcf_block.BlockReader, "chunk", 4)
    monkeypatch.setattr(vcf_native.NativeReader, "chunk", 4)
    monkeypatch.setattr(vcf_block, "MAX_SKIP", 0)


def _run(path: Path, tumour, kind, mode, out: Path, reader: str | None):
    cfg = _cfg(path, tumour, kind, mode, out)
    if reader is None:
        return vcf_worker.run(dict(cfg, parser="cyvcf2")), out.read_bytes()
    cfg["native"] = reader == "native"
    if reader == "lines":
        original = vcf_block.BlockReader.try_rows
        vcf_block.BlockReader.try_rows = lambda self, chunk, state: None
        try:
            summary = vcf_text.run(cfg)
        finally:
            vcf_block.BlockReader.try_rows = original
    else:
        summary = vcf_text.run(cfg)
    return summary, out.read_bytes()


def _compare(path, tumour, tmp_path, rules=(("biopsy", "pass"), ("ctdna", "any")), reader="block"):
    """The reader's table and summary equal cyvcf2's; returns the share of records it read."""
    shares = []
    for kind, mode in rules:
        ref, ref_table = _run(path, tumour, kind, mode, tmp_path / "ref.tsv", None)
        try:
            text, table = _run(path, tumour, kind, mode, tmp_path / "text.tsv", reader)
        except vcf_text.Fallback:
            with pytest.raises(vcf_text.Fallback):  # the line-by-line path gives up too
                _run(path, tumour, kind, mode, tmp_path / "lines.tsv", "lines")
            continue
        assert text == ref, (kind, mode)
        if not ref["ok"]:
            continue  # refused at a record: the same words; its table is dropped, no stats
        assert table == ref_table, (kind, mode)
        stats = vcf_text.LAST_STATS
        if stats["block_rows"]:
            assert stats["native"] is (reader == "native")
        shares.append(stats["block_rows"] / max(1, stats["records"]))
    return max(shares, default=0.0)


@pytest.mark.parametrize("reader", READERS)
def test_generated_file_identical(tmp_path, small_chunks, reader):
    path = _generated(tmp_path / "mixed.vcf.gz", 2400, seed=19)
    share = _compare(path, "TUMOR", tmp_path, reader=reader)
    assert share > 0  # chunks of four plain Mutect2 records are rare here, but occur


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path", list(VCFS), ids=lambda p: p.name)
def test_corpus_identical(path, tmp_path, small_chunks, reader):
    _compare(path, VCFS[path], tmp_path, rules=(("ctdna", "any"),), reader=reader)


# --------------------------------------------------------------------------- edge records
EDGE_HEADER = [
    line
    for line in HEADER
    if not line.startswith("#CHROM")
] + [
    '##FORMAT=<ID=F1R2,Number=R,Type=Integer,Description="f1r2">',
    '##FORMAT=<ID=PID,Number=1,Type=String,Description="phase id">',
    '##FORMAT=<ID=SB,Number=4,Type=Integer,Description="strand bias">',
    '##FORMAT=<ID=AFX,Number=A,Type=Float,Description="another fraction">',
    '##INFO=<ID=ECNT,Number=1,Type=Integer,Description="events">',
    "##contig=<ID=chr7,length=159345973>",
    HEADER[-1],
]  # fmt: skip
ENTRY = "{alt}|{cons}|MODERATE|{gene}|ENST01.1|protein_coding|ENST01.1:c.{n}G>A|{hgvsp}|YES|1"


def _edge_record(rng: random.Random, chrom: str, pos: int) -> str:
    ref = rng.choice("ACGT")
    alt = rng.choice([b for b in "ACGT" if b != ref])
    depth = rng.randint(20, 300)
    alt_n = rng.randint(0, depth // 2)
    ref_n = depth - alt_n
    af = f"{alt_n / depth:.3f}"
    pos_text = str(pos)
    odd = rng.random() < 0.35  # else a plain record a chunk reader takes
    case = rng.randrange(24) if odd else -1
    gene, cons, n = (
        rng.choice(["GENE7", "PIK3CA", "TP53", "ERBB2", "DNMT3A"]),
        "missense_variant",
        rng.randint(1, 999),
    )
    hgvsp = f"ENSP01.1:p.Glu{n}Lys"
    if rng.random() < 0.3:
        cons, hgvsp = rng.choice(["intron_variant", "synonymous_variant"]), ""
    fmt, tumour = "GT:AD:AF:DP", f"0/1:{ref_n},{alt_n}:{af}:{depth}"
    info_before, info_after = [], []
    filt = rng.choice(["PASS"] * 5 + ["weak_evidence"])
    csq = None
    if case == 0:
        pos_text = "00" + pos_text  # a leading zero: the row says the number
    elif case == 1:
        tumour = f"0/1:0{ref_n},{alt_n}:{af}:0{depth}"
    elif case == 2:
        info_before = [f"DP={depth}", "SOMATIC"]
    elif case == 3:
        info_after = [f"ECNT={rng.randint(1, 4)}"]
    elif case == 4:
        info_before, info_after = [f"DP={depth}"], ["SOMATIC"]
    elif case == 5:
        info_before = [rng.choice(["=x", "DP=1=2", "==", "", "DP=", "SOMATIC=1"])]
    elif case == 6:
        info_before = [rng.choice(["DP=1234567890", "DP=123456789", "TLOD=1.1234567890"])]
    elif case == 7:
        fmt, tumour = (
            "GT:AD:AF:DP:F1R2:PID:SB",
            tumour + f":{ref_n // 2},{alt_n // 2}:12_A_C:1,2,3,4",
        )
    elif case == 8:
        fmt = "GT:AD:AF:DP:AFX:GQ"
        tumour += (
            ":"
            + rng.choice(["0.5", ".", "-1.25", "1.", ".5", "1e3"])
            + ":"
            + rng.choice(["7", "-3", ".", "0012"])
        )
    elif case == 9:
        chrom = {"chr1": "chr1", "chr17": "chr17", "7": "chr7"}[chrom]  # chr7 and 7: one contig
    elif case == 10:
        af = rng.choice(["1.0", "1", "0.0000001", "1e-3", "0.99999999"])
        tumour = f"0/1:{ref_n},{alt_n}:{af}:{depth}"
    elif case == 11:
        tumour = f"0/1:{ref_n},{alt_n + 5}:{af}:{depth}"  # AD above DP
    elif case == 12:
        tumour = "0/1:0,0:0:0"
    elif case == 13:
        cons, hgvsp = "missense_variant", ""  # no protein change: resolved from coordinates
    elif case == 14:
        gene = rng.choice(["GÈNE", "A B", "TP53 "])
    elif case == 15:
        filt = "weak_evidence"
        csq = ",".join([ENTRY.format(alt=alt, cons=cons, gene=gene, n=n, hgvsp=hgvsp)] * 2)
    elif case == 16:
        csq = rng.choice(
            [".", "", "A|B", ENTRY.format(alt=alt, cons=cons, gene=gene, n=n, hgvsp=hgvsp) + "|X"]
        )
    elif case == 17:
        tumour = tumour.replace("0/1", rng.choice(["0|1", "./.", "0/1/2", "1", "00000001/1"]))
    elif case == 18:
        filt = rng.choice(["germline", "weak_evidence;germline", ".", "FOO"])
    elif case == 19:
        alt = rng.choice(["AT", "N", "a", "<DEL>", "*", "A,C", "."])
    elif case == 20:
        tumour = f"0/1:.:{af}:{depth}"  # no AD
    elif case == 21:
        tumour = f"0/1:{ref_n},{alt_n}:{af}"  # fewer
    elif case == 22:
        tumour = f"0/1:{ref_n},{alt_n},3:{af}:{depth}"
    elif case == 23:
        info_before = [f"CSQX={depth}"]  # a key that starts like the annotation's
    if csq is None:
        csq = ENTRY.format(alt=alt, cons=cons, gene=gene, n=n, hgvsp=hgvsp)
    info = ";".join([*info_before, f"CSQ={csq}", *info_after])
    if case == 5 and not info_before[0]:
        info = ";" + info
    normal = "0/0:10,0:0:10"
    cols = [chrom, pos_text, ".", ref, alt, ".", filt, info, fmt, normal, tumour]
    return "\t".join(cols)


def _edge_file(path: Path, n: int, seed: int) -> Path:
    rng = random.Random(seed)
    lines = list(EDGE_HEADER)
    for chrom in ("chr1", "chr17", "7", "chr1"):  # chr1 again: unsorted
        pos = 1_000_000 if chrom != "chr1" or len(lines) < 100 else 500_000
        for _ in range(n // 4):
            step = rng.random()
            if step < 0.04:
                pass  # the same position again
            elif step < 0.06:
                pos = max(1, pos - rng.randint(1, 3000))  # backwards
            else:
                pos += rng.randint(1, 4000)
            lines.append(_edge_record(rng, chrom, pos))
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return path


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("seed", [1, 2, pytest.param(3, marks=pytest.mark.slow)])
def test_edge_records_identical(tmp_path, small_chunks, reader, seed):
    path = _edge_file(tmp_path / "edges.vcf.gz", 1600, seed)
    share = _compare(path, "TUMOR", tmp_path, reader=reader)
    assert share > 0.2


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("bad", ["past the contig", "AF above 1"])
def test_refused_record_same_error(tmp_path, small_chunks, reader, bad):
    rng = random.Random(5)
    lines = [*EDGE_HEADER, *(_edge_record(rng, "7", 159_345_000 + i) for i in range(12))]
    if bad == "past the contig":
        lines[len(EDGE_HEADER) + 9] = _edge_record(rng, "7", 159_345_974)  # one past the end
    else:
        cols = lines[len(EDGE_HEADER) + 9].split("\t")
        cols[6], cols[10] = "PASS", "0/1:10,5:1.5:20"
        lines[len(EDGE_HEADER) + 9] = "\t".join(cols)
    path = tmp_path / "refused.vcf"
    path.write_text("\n".join(lines) + "\n")
    ref, _ = _run(path, "TUMOR", "ctdna", "any", tmp_path / "ref.tsv", None)
    text, _ = _run(path, "TUMOR", "ctdna", "any", tmp_path / "text.tsv", reader)
    assert ref["ok"] is False and text == ref


@pytest.mark.skipif(not NATIVE, reason="numba")
def test_native_rows_equal_block_rows_on_the_benchmark_file(tmp_path):
    """Whole chunks (default sizes) of the benchmark's Mutect2 layout: both readers, one table."""
    path = _synthetic(tmp_path / "synthetic.vcf.gz", 20000, seed=4)
    ref, ref_table = _run(path, "TUMOR", "biopsy", "pass", tmp_path / "ref.tsv", None)
    for reader in ("block", "native"):
        text, table = _run(path, "TUMOR", "biopsy", "pass", tmp_path / f"{reader}.tsv", reader)
        assert text == ref and table == ref_table, reader
        assert vcf_text.LAST_STATS["block_rows"] > 0.6 * 20000
        assert vcf_text.LAST_STATS["native"] is (reader == "native")


_NOISE = "\t;=|,:./-0123456789ACGTNacgtXx \x00é"


def _mutated(path: Path, rng: random.Random) -> Path:
    lines = gzip.decompress(path.read_bytes()).decode().split("\n")
    for i in rng.sample(range(len(EDGE_HEADER), len(lines) - 1), rng.randint(1, 3)):
        if lines[i]:  # one to three records changed: htslib refuses many such files whole
            line = lines[i]
            at = rng.randrange(len(line))
            how = rng.random()
            if how < 0.5:
                line = line[:at] + rng.choice(_NOISE) + line[at + 1 :]
            elif how < 0.75:
                line = line[:at] + line[at + 1 :]
            else:
                line = line[:at] + line[at : at + rng.randint(1, 6)] + line[at:]
            lines[i] = line
    out = path.with_name(f"mutated-{rng.random():.6f}.vcf")
    out.write_bytes("\n".join(lines).encode())
    return out


def _text_result(path: Path, tmp_path: Path, reader: str):
    try:
        summary, table = _run(path, "TUMOR", "ctdna", "any", tmp_path / f"{reader}.tsv", reader)
    except vcf_text.Fallback:
        return "Fallback", b""
    return summary, table if summary["ok"] else b""  # a refused file's table is dropped


@pytest.mark.parametrize("seed", range(6))
def test_mutated_records_same_result_from_every_reader(tmp_path, small_chunks, seed):
    """Records with a character replaced, removed or repeated here and there: the chunk readers
    refuse what they cannot read exactly, so all three give the line-by-line result."""
    rng = random.Random(seed)
    base = _edge_file(tmp_path / "base.vcf.gz", 400, seed)
    readers = ["block", "native"] if NATIVE else ["block"]
    read = 0
    for _ in range(8):
        path = _mutated(base, rng)
        expected = _text_result(path, tmp_path, "lines")
        for reader in readers:
            assert _text_result(path, tmp_path, reader) == expected, (reader, path.name)
            summary = expected[0]
            if summary != "Fallback" and summary["ok"]:
                read += vcf_text.LAST_STATS["block_rows"] > 0
    assert read  # not every file was refused by htslib: the chunk readers met the changes


def test_numba_is_loaded_only_for_a_file_of_common_records(tmp_path):
    """vcf_native.promising: the benchmark's Mutect2/VEP layout yes; the generated mix of every
    caller (several CSQ entries, multi-allelic records …) no — its chunks are read line by line
    anyway, and loading numba would only cost ~0.5 s."""
    common = _synthetic(tmp_path / "synthetic.vcf.gz", 2000, seed=5)
    mixed = _generated(tmp_path / "mixed.vcf.gz", 2000, seed=19)
    assert vcf_native.promising(_cfg(common, "TUMOR", "biopsy", "pass", tmp_path / "a.tsv"))
    assert not vcf_native.promising(_cfg(mixed, "TUMOR", "biopsy", "pass", tmp_path / "b.tsv"))
    no_annotation = dict(
        _cfg(common, "TUMOR", "biopsy", "pass", tmp_path / "c.tsv"), annotation=None
    )
    assert not vcf_native.promising(no_annotation)


MUTECT2_HEADER = [
    "##fileformat=VCFv4.2",
    '##FILTER=<ID=PASS,Description="All filters passed">',
    '##FILTER=<ID=weak_evidence,Description="weak">',
    '##FILTER=<ID=strand_bias,Description="strand bias">',
    *[
        f'##INFO=<ID={key},Number={number},Type={vtype},Description="{key}">'
        for key, number, vtype in [
            ("AS_FilterStatus", "A", "String"), ("AS_SB_TABLE", "1", "String"),
            ("DP", "1", "Integer"), ("ECNT", "1", "Integer"), ("GERMQ", "1", "Integer"),
            ("MBQ", "R", "Integer"), ("MFRL", "R", "Integer"), ("MMQ", "R", "Integer"),
            ("MPOS", "A", "Integer"), ("NALOD", "A", "Float"), ("NLOD", "A", "Float"),
            ("POPAF", "A", "Float"), ("ROQ", "1", "Integer"), ("TLOD", "A", "Float"),
        ]
    ],
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
    'VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|'
    'INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|'
    'Existing_variation|DISTANCE|STRAND|FLAGS|SYMBOL_SOURCE|HGNC_ID|CANONICAL">',
    *[
        f'##FORMAT=<ID={key},Number={number},Type={vtype},Description="{key}">'
        for key, number, vtype in [
            ("GT", "1", "String"), ("AD", "R", "Integer"), ("AF", "A", "Float"),
            ("DP", "1", "Integer"), ("F1R2", "R", "Integer"), ("F2R1", "R", "Integer"),
            ("FAD", "R", "Integer"), ("SB", "4", "Integer"), ("PGT", "1", "String"),
            ("PID", "1", "String"), ("PS", "1", "Integer"),
        ]
    ],
    "##contig=<ID=chr3,length=198295559>",
    "##contig=<ID=chr17,length=83257441>",
    "##source=Mutect2",
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR",
]  # fmt: skip


def _mutect2_vep_file(path: Path, n: int, seed: int, step: int = 3000) -> Path:
    """Records as Mutect2 (FilterMutectCalls) and VEP --pick write them: every INFO key, the
    full FORMAT (phased records with PGT/PID/PS), one CSQ entry of 24 fields."""
    rng = random.Random(seed)
    lines = list(MUTECT2_HEADER)
    for chrom in ("chr3", "chr17"):
        pos = 1_000_000
        for _ in range(n // 2):
            pos += rng.randint(1, step)
            ref = rng.choice("ACGT")
            alt = rng.choice([b for b in "ACGT" if b != ref])
            depth = rng.randint(30, 500)
            alt_n = rng.randint(2, depth // 3)
            filt = rng.choice(["PASS"] * 8 + ["weak_evidence", "strand_bias"])
            info = (
                f"AS_FilterStatus=SITE;AS_SB_TABLE={depth // 3},{depth // 4}|{alt_n // 2},"
                f"{alt_n - alt_n // 2};DP={depth + 7};ECNT={rng.randint(1, 3)};GERMQ=93;"
                f"MBQ=20,{rng.randint(20, 35)};MFRL=0,0;MMQ=60,60;MPOS={rng.randint(5, 40)};"
                f"NALOD=1.{rng.randint(0, 99):02d};NLOD={rng.randint(3, 20)}.{rng.randint(0, 9)};"
                f"POPAF=6.00;ROQ=93;TLOD={rng.randint(6, 200)}.{rng.randint(10, 99)}"
            )
            gene = rng.choice(["PIK3CA", "TP53", "ERBB2", "GENE9", "GENE10"])
            cons = rng.choice(["missense_variant", "synonymous_variant", "intron_variant"])
            n_aa = rng.randint(1, 1200)
            hgvsp = f"ENSP00000263967.4:p.Glu{n_aa}Lys" if cons == "missense_variant" else ""
            csq = (
                f"{alt}|{cons}|MODERATE|{gene}|ENSG01|Transcript|ENST00000263967.4|"
                f"protein_coding|{rng.randint(1, 20)}/21||ENST00000263967.4:c.{n_aa * 3}G>A|"
                f"{hgvsp}|{n_aa * 3}|{n_aa * 3}|{n_aa}|E/K|Gag/Aag|||1||HGNC|HGNC:8975|YES"
            )
            fmt = "GT:AD:AF:DP:F1R2:F2R1:FAD:SB"
            af = f"{alt_n / depth:.3f}"
            tumour = (
                f"0/1:{depth - alt_n},{alt_n}:{af}:{depth}:{depth // 2},{alt_n // 2}:"
                f"{depth // 2},{alt_n - alt_n // 2}:{depth - alt_n - 1},{alt_n}:"
                f"{depth // 3},{depth // 4},{alt_n // 2},{alt_n - alt_n // 2}"
            )
            normal = "0/0:40,0:0.024:40:20,0:20,0:40,0:20,20,0,0"
            if rng.random() < 0.1:  # phased
                fmt += ":PGT:PID:PS"
                tumour += f":0|1:{pos}_{ref}_{alt}:{pos}"
                normal += f":0|0:{pos}_{ref}_{alt}:{pos}"
            lines.append("\t".join([chrom, str(pos), ".", ref, alt, ".", filt,
                                    f"{info};CSQ={csq}", fmt, normal, tumour]))  # fmt: skip
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return path


@pytest.mark.parametrize("reader", READERS)
def test_mutect2_vep_records_are_read_by_chunks(tmp_path, reader):
    """A file as Mutect2 and VEP --pick write it (all their INFO keys, lists, phased records)
    is read almost entirely by the chunk readers at their default sizes, byte for byte as
    cyvcf2 reads it."""
    path = _mutect2_vep_file(tmp_path / "mutect2_vep.vcf.gz", 10000, seed=8)
    assert vcf_native.promising(_cfg(path, "TUMOR", "biopsy", "pass", tmp_path / "p.tsv"))
    share = _compare(path, "TUMOR", tmp_path, reader=reader)
    assert share > 0.95  # all but the first few records (FILTERs and FORMATs met there)


def test_no_kernels_without_a_cache_to_keep_them(tmp_path, monkeypatch):
    """Where compiled code cannot be kept (cache folder not writable), a large file is read by
    the Python chunk reader: compiling the kernels for each import would cost ~6 s."""
    from precisecli import jit

    path = tmp_path / "a.vcf.gz"
    path.write_bytes(b"x" * 100)
    monkeypatch.setattr(vcf_native, "MIN_BYTES", 50)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    for cache, expected in ((tmp_path / "cache", True), (not_a_folder / "numba", False)):
        monkeypatch.setenv("PRECISE_NUMBA_CACHE", str(cache))
        jit.cache_usable.cache_clear()
        assert vcf_native.wanted({"path": str(path)}) is expected
    monkeypatch.setenv("PRECISE_NO_NUMBA", "1")
    jit.cache_usable.cache_clear()
    assert vcf_native.wanted({"path": str(path)}) is False
    jit.cache_usable.cache_clear()
