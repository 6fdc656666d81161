"""The text fast path of the VCF worker (genomics/vcf_text.py) gives the same table, counts and
parser warnings as the cyvcf2 reader (PRECISE_VCF_PARSER=cyvcf2), byte for byte.

* every VCF of the corpus, under every filter mode and both sample kinds (in process);
* a generated file mixing the record kinds the importer meets: Mutect2 AF/AD/DP, multi-allelic
  AD, missing '.', Strelka tier counts (SNV AU..TU, indel TAR/TIR), VarScan FREQ %, AF beside AD,
  PASS / filtered / missing / undeclared FILTERs, chr-prefixed and bare contigs, INFO TVAF/TDP,
  undeclared INFO and FORMAT keys, an extreme INFO integer, symbolic and duplicate ALTs, AFs with
  many decimals (float32 rounding), CSQ with one and several entries;
* a record htslib refuses (the whole file then goes to cyvcf2: same error, same record);
* through the real import (worker subprocess, slow): the same ImportResult, parser_warnings
  included.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import random
from pathlib import Path

import pytest

from precisecli.genomics import vcf_stream, vcf_text, vcf_worker
from precisecli.genomics.importer import _annotation, prepare_import, resolve_tumour
from precisecli.genomics.record import rules_for
from precisecli.genomics.vcf_check import read_header
from precisecli.knowledge.kb import load_kb
from tests.genomics.conftest import GDATA

REPO = Path(__file__).resolve().parents[2]
CORPUS = GDATA / "corpus"
# file → tumour column (None: the importer's own choice)
VCFS = {
    CORPUS / "vcf2maf_test.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_b38.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_mutect.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_strelka.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_varscan.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_muse.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_radia.vcf": "DNA_TUMOR",
    CORPUS / "vcf2maf_test_sniper.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_pindel.vcf": "TUMOR",
    CORPUS / "vcf2maf_test_merged.vcf": "TUMOR",
    CORPUS / "freebayes_tiny_chr22_full.vcf": "1",
    CORPUS / "vardict_paired_first400.vcf": "abc",
    GDATA / "pVACtools_input_somatic.vcf.gz": None,
    GDATA / "pVACtools_input_multi_sample.vcf": "H_NJ-HCC1395-HCC1395",
    GDATA / "pcgr_T001-BRCA.grch38.vcf.gz": None,
    GDATA / "handwritten_snpeff_ann.vcf": None,
    GDATA / "handwritten_fastpath_edges.vcf": None,
}
KB = load_kb()


def _cfg(path: Path, tumour: str | None, kind: str, mode: str, out: Path) -> dict:
    header = read_header(path)
    return {
        "path": str(path),
        "format": "vcf.gz" if path.suffix == ".gz" else "vcf",
        "tumor_sample": tumour or resolve_tumour(header, None),
        "build": "GRCh38",
        "annotation": _annotation(header),
        "rules": rules_for(KB, kind, mode, None).as_dict(),
        "contig_lengths": {k: v for k, v in header.contigs.items() if v},
        "out": str(out),
        "summary": None,
    }


def _both(path: Path, tumour: str | None, kind: str, mode: str, tmp: Path):
    """(cyvcf2 summary, its table, text summary or 'Fallback', its table)."""
    ref_out, text_out = tmp / "cyvcf2.tsv", tmp / "text.tsv"
    ref = vcf_worker.run(dict(_cfg(path, tumour, kind, mode, ref_out), parser="cyvcf2"))
    try:
        text = vcf_text.run(_cfg(path, tumour, kind, mode, text_out))
    except vcf_text.Fallback:
        return ref, ref_out.read_bytes(), "Fallback", b""
    return ref, ref_out.read_bytes(), text, text_out.read_bytes()


ALL_RULES = list(itertools.product(("biopsy", "ctdna"), ("pass", "pass-or-missing", "any")))
# The fast suite runs two rule sets (every record kept; the tissue floors with PASS only), the
# full suite all six.
RULES = [("ctdna", "any"), ("biopsy", "pass")]


@pytest.mark.parametrize("path", list(VCFS), ids=lambda p: p.name)
def test_corpus_identical(path, tmp_path):
    for kind, mode in RULES[:1]:
        ref, ref_table, text, text_table = _both(path, VCFS[path], kind, mode, tmp_path)
        assert text == ref, (kind, mode)
        assert text_table == ref_table, (kind, mode)


# --------------------------------------------------------------------------- generated records
CONTIGS = {"chr1": 248956422, "chr17": 83257441, "7": 159345973}
CSQ_FIELDS = "Allele|Consequence|IMPACT|SYMBOL|Feature|BIOTYPE|HGVSc|HGVSp|CANONICAL|PICK"
HEADER = [
    "##fileformat=VCFv4.2",
    '##FILTER=<ID=PASS,Description="All filters passed">',
    '##FILTER=<ID=weak_evidence,Description="weak">',
    '##FILTER=<ID=germline,Description="germline">',
    '##INFO=<ID=DP,Number=1,Type=Integer,Description="depth">',
    '##INFO=<ID=TLOD,Number=A,Type=Float,Description="tlod">',
    '##INFO=<ID=TVAF,Number=A,Type=Float,Description="tumour VAF (PCGR)">',
    '##INFO=<ID=TDP,Number=1,Type=Integer,Description="tumour depth (PCGR)">',
    '##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="somatic">',
    f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
    f'VEP. Format: {CSQ_FIELDS}">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="GQ">',
    '##FORMAT=<ID=FREQ,Number=1,Type=String,Description="VarScan frequency">',
    '##FORMAT=<ID=RD,Number=1,Type=Integer,Description="VarScan ref depth">',
    *[f'##FORMAT=<ID={b}U,Number=2,Type=Integer,Description="tier counts">' for b in "ACGT"],
    '##FORMAT=<ID=TAR,Number=2,Type=Integer,Description="ref tiers">',
    '##FORMAT=<ID=TIR,Number=2,Type=Integer,Description="indel tiers">',
    *[f"##contig=<ID={c},length={n}>" for c, n in CONTIGS.items()],
    "##reference=GRCh38",
    "##tumor_sample=TUMOR",
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR",
]
GENES = ["PIK3CA", "TP53", "ERBB2", "GENE7", "DNMT3A", "TET2"]
CONSEQUENCES = ["missense_variant", "synonymous_variant", "stop_gained", "intron_variant",
                "frameshift_variant", "splice_region_variant&intron_variant"]  # fmt: skip
AFS = ["0.25", "0.123456789", "0.1", "0.3333333", "1", "0", "0.004", "0.0049999", "0.5"]


def _csq(rng: random.Random, alts: list[str]) -> str:
    entries = []
    for alt in alts:
        for _ in range(rng.choice([1, 1, 1, 2])):
            cons = rng.choice(CONSEQUENCES)
            aa = rng.randint(1, 1200)
            hgvsp = f"ENSP01.1:p.Glu{aa}Lys" if cons.startswith(("missense", "stop")) else ""
            entries.append(
                f"{alt}|{cons}|MODERATE|{rng.choice(GENES)}|ENST0{rng.randint(1, 9)}.1|"
                f"protein_coding|ENST01.1:c.{aa * 3}G>A|{hgvsp}|{rng.choice(['YES', ''])}|"
                f"{rng.choice(['1', ''])}"
            )
    return ",".join(entries)


def _record(rng: random.Random, chrom: str, pos: int) -> str:
    ref = rng.choice("ACGT")
    kind = rng.choice(["mutect"] * 6 + ["multi", "missing", "strelka_snv", "strelka_indel",
                                         "varscan", "symbolic", "noformat_af"])  # fmt: skip
    others = [b for b in "ACGT" if b != ref]
    alts = [rng.choice(others)]
    depth = rng.randint(0, 400)
    alt_n = rng.randint(0, max(0, depth // 2))
    af = rng.choice(AFS + [f"{alt_n / depth:.3f}" if depth else "0"])
    if kind == "mutect":
        fmt, tumour = "GT:AD:AF:DP", f"0/1:{depth - alt_n},{alt_n}:{af}:{depth}"
        if rng.random() < 0.1:
            fmt, tumour = "GT:AD:AF:DP:GQ", tumour + ":" + rng.choice(["99", ".", "7"])
    elif kind == "multi":
        alts = others[:2]
        fmt, tumour = "GT:AD:AF:DP", f"0/1/2:{depth},{alt_n},{alt_n // 2}:{af},0.01:{depth}"
    elif kind == "missing":
        fmt = "GT:AD:AF:DP"
        tumour = rng.choice(
            [
                f"0/1:.:{af}:{depth}",
                f"0/1:{depth},{alt_n}:.:{depth}",
                f"./.:{depth},{alt_n}:{af}:.",
                "0/1:.,.:.:.",
                f"0/1:{alt_n}:{af}:0",
            ]
        )
    elif kind == "strelka_snv":
        fmt = "DP:AU:CU:GU:TU"
        tumour = ":".join([str(depth)] + [f"{rng.randint(0, 50)},{rng.randint(0, 60)}"] * 4)
    elif kind == "strelka_indel":
        alts = [ref + "TT"]
        fmt, tumour = "DP:TAR:TIR", f"{depth}:{depth - alt_n},{depth}:{alt_n},{alt_n + 1}"
    elif kind == "varscan":
        fmt, tumour = "GT:RD:AD:DP:FREQ", f"0/1:{depth - alt_n}:{alt_n}:{depth}:{af[:4]}%"
    elif kind == "symbolic":
        alts = [rng.choice(["<DEL>", "*"]), others[0]]
        fmt, tumour = "GT:AD:AF:DP", f"0/1:{depth},{alt_n},1:0.1,{af}:{depth}"
    else:  # noformat_af: counts only
        fmt, tumour = "GT:AD:DP", f"0/1:{depth - alt_n},{alt_n}:{depth}"
    info = []
    if rng.random() < 0.3:
        info.append(f"DP={rng.randint(1, 900)}")
    if rng.random() < 0.2:
        info.append("SOMATIC")
    if rng.random() < 0.15:
        info.append(f"TVAF={af};TDP={depth}")
    if rng.random() < 0.02:
        info.append("XTRA=1")  # undeclared: htslib warns once
    if rng.random() < 0.01:
        info.append("DP=99999999999")  # extreme: htslib warns once
    if rng.random() < 0.85:
        info.append(f"CSQ={_csq(rng, alts)}")
    if rng.random() < 0.3:
        rng.shuffle(info)
    filt = rng.choice(["PASS"] * 6 + [".", "weak_evidence", "weak_evidence;germline", "FOO"])
    normal = rng.choice(["0/0:10,0:0:10", ".", "0/0:5,0,0:0,0:5"])
    if rng.random() < 0.02:
        fmt += ":ZZ"  # undeclared FORMAT key
        tumour += ":1"
        normal = "."
    return "\t".join([chrom, str(pos), ".", ref, ",".join(alts), ".", filt, ";".join(info) or ".",
                      fmt, normal, tumour])  # fmt: skip


def _generated(path: Path, n: int, seed: int) -> Path:
    rng = random.Random(seed)
    lines = list(HEADER)
    for chrom in CONTIGS:
        pos = 1_000_000
        for _ in range(n // len(CONTIGS)):
            if rng.random() > 0.05:  # else: the same position again (duplicate or repeat)
                pos += rng.randint(1, 5000)
            lines.append(_record(rng, chrom, pos))
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("path", list(VCFS), ids=lambda p: p.name)
def test_corpus_identical_all_rules(path, tmp_path):
    for kind, mode in ALL_RULES:
        ref, ref_table, text, text_table = _both(path, VCFS[path], kind, mode, tmp_path)
        assert text == ref, (kind, mode)
        assert text_table == ref_table, (kind, mode)


@pytest.mark.parametrize("seed", [19, pytest.param(20, marks=pytest.mark.slow)])
def test_generated_identical(tmp_path, seed):
    path = _generated(tmp_path / "mixed.vcf.gz", 2400, seed=seed)
    for kind, mode in RULES if seed == 19 else ALL_RULES:
        ref, ref_table, text, text_table = _both(path, "TUMOR", kind, mode, tmp_path)
        assert text == ref, (kind, mode)
        assert text_table == ref_table, (kind, mode)
    stats = vcf_text.LAST_STATS
    assert 0.2 * stats["records"] < stats["htslib"] < 0.8 * stats["records"]  # both paths ran
    assert ref["counts"]["duplicates"] > 0 and ref["counts"]["symbolic_skipped"] > 0
    assert {"FORMAT/AF", "FORMAT/AD", "Strelka TAR/TIR tier1", "Strelka {BASE}U tier1"} <= set(
        ref["vaf_sources"]
    )


def test_benchmark_file_identical(tmp_path):
    """The benchmark's synthetic Mutect2 file: all but the first records read as text."""
    spec = importlib.util.spec_from_file_location(
        "make_synthetic_vcf", REPO / "benchmarks" / "make_synthetic_vcf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = module.write(tmp_path / "synthetic.vcf.gz", 4000, seed=3)
    ref, ref_table, text, text_table = _both(path, "TUMOR", "biopsy", "pass", tmp_path)
    assert text == ref and text_table == ref_table
    assert vcf_text.LAST_STATS["htslib"] <= 2  # one per FILTER string, then text only


def _one_record_file(tmp_path: Path, tumour: str, name: str) -> Path:
    body = (
        f"chr1\t1000\t.\tA\tC\t.\tPASS\tCSQ=C|missense_variant|MODERATE|TP53|ENST01.1|"
        f"protein_coding|c.1G>A|p.Glu1Lys||\tGT:AD:AF:DP:GQ\t0/0:9,0:0:9:9\t{tumour}\n"
    )
    good = body.replace(tumour, "0/1:7,3:0.3:10:50")
    records = [good.replace("1000", str(pos)) for pos in (1000, 1010, 1020)]
    text = "\n".join(HEADER) + "\n" + "".join(records) + body.replace("1000", "1030")
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "tumour",
    ["0/1:7,3:0.3:10:x", "x/y:7,3:0.3:10:50", "0/1:7,3:1.5:10:50", "0/1:7,3:0.3:10:50:1"],
    ids=["bad-integer", "bad-genotype", "vaf-over-1", "extra-value"],
)
def test_refused_records_same_error(tmp_path, tumour):
    """What htslib or the depth rules refuse is refused with the same words and record."""
    path = _one_record_file(tmp_path, tumour, "bad.vcf")
    ref = vcf_worker.run(
        dict(_cfg(path, "TUMOR", "biopsy", "pass", tmp_path / "a"), parser="cyvcf2")
    )
    via_text = vcf_worker.run(_cfg(path, "TUMOR", "biopsy", "pass", tmp_path / "b"))
    assert ref["ok"] is False and ref["record"] == 4
    assert via_text == ref


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    [
        CORPUS / "vcf2maf_test_strelka.vcf",
        CORPUS / "vcf2maf_test.vcf",
        GDATA / "pVACtools_input_somatic.vcf.gz",
        "generated",
    ],  # fmt: skip
    ids=lambda p: getattr(p, "name", p),
)
def test_import_identical_with_warnings(path, tmp_path, monkeypatch):
    """Through prepare_import (worker subprocess): the same result, parser_warnings included
    (undeclared contigs, INFO and FORMAT keys, an extreme integer)."""
    if path == "generated":
        path = _generated(tmp_path / "mixed.vcf.gz", 2000, seed=5)
    tumour = VCFS.get(path, "TUMOR")
    build = "GRCh37" if path.name.startswith("vcf2maf") else "GRCh38"
    results = {}
    for parser in ("cyvcf2", "auto"):
        monkeypatch.setenv("PRECISE_VCF_PARSER", parser)
        with prepare_import(
            path, kind="biopsy", tumor_sample=tumour, build_option=build, case_build=None,
            rules=rules_for(KB, "biopsy", "any", None), scratch_parent=tmp_path,
        ) as result:  # fmt: skip
            table = result.table.read_bytes()
            result.table = None
            results[parser] = (result, table)
    assert results["auto"] == results["cyvcf2"]
    if not path.name.startswith("pVACtools"):  # a clean header: no warnings to compare
        assert results["auto"][0].parser_warnings > 0


# --------------------------------------------------------------------------- two processes
def _split_cfg(path: Path, kind: str, mode: str, out: Path) -> dict:
    return dict(_cfg(path, "TUMOR", kind, mode, out), split_min_bytes=0)


def _positions_file(path: Path, positions: list[tuple[str, int]], header=HEADER) -> Path:
    """Mutect2-style records at these positions (in this order), one CSQ entry each."""
    lines = list(header)
    for i, (chrom, pos) in enumerate(positions):
        filt = "PASS" if i % 7 else "weak_evidence"
        lines.append(
            f"{chrom}\t{pos}\t.\tA\t{'CGT'[i % 3]}\t.\t{filt}\tCSQ={'CGT'[i % 3]}|missense_variant|"
            f"MODERATE|TP53|ENST01.1|protein_coding|ENST01.1:c.{i}G>A|ENSP01.1:p.Glu{i % 900}Lys|"
            f"YES|1\tGT:AD:AF:DP\t0/0:9,0:0:9\t0/1:{20 + i % 50},{5 + i % 9}:0.{i % 97 + 1}:90"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "case", ["generated", "benchmark", "unsorted", "back-to-first", "same-position", "tiny"]
)
def test_two_processes_identical(tmp_path, monkeypatch, case):
    """Read by two processes (vcf_split), a file gives what one pass and cyvcf2 give: table,
    counts, the sort flag and duplicates, wherever the split falls."""
    monkeypatch.setattr(vcf_stream, "_BLOCK", 4096)  # many blocks in a small file
    from precisecli.genomics import vcf_split

    n = 1200
    if case == "generated":
        path = _generated(tmp_path / "mixed.vcf.gz", 2400, seed=23)
    elif case == "benchmark":
        spec = importlib.util.spec_from_file_location(
            "make_synthetic_vcf", REPO / "benchmarks" / "make_synthetic_vcf.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        path = module.write(tmp_path / "synthetic.vcf.gz", 3000, seed=4)
    elif case == "unsorted":  # positions fall back within chr1 in the second half
        pos = [("chr1", 1000 + 10 * i) for i in range(n)]
        path = _positions_file(tmp_path / "u.vcf", pos[: n // 2] + pos[: n // 2])
    elif case == "back-to-first":  # chr1, chr17, then chr1 again after the split
        half = [("chr1", 1000 + 10 * i) for i in range(n // 3)]
        other = [("chr17", 1000 + 10 * i) for i in range(n // 3)]
        again = [("chr1", 9_000_000 + i) for i in range(n // 3)]
        path = _positions_file(tmp_path / "b.vcf", half + other + again)
    elif case == "same-position":  # one position all through: no split line is found
        path = _positions_file(tmp_path / "s.vcf", [("chr1", 5000)] * n)
    else:
        path = _positions_file(tmp_path / "t.vcf", [("chr1", 1000 + i) for i in range(5)])
    for kind, mode in RULES:
        ref = vcf_worker.run(
            dict(_cfg(path, "TUMOR", kind, mode, tmp_path / "ref.tsv"), parser="cyvcf2")
        )
        one = vcf_text.run_part(_cfg(path, "TUMOR", kind, mode, tmp_path / "one.tsv"), None)
        two = vcf_text.run(_split_cfg(path, kind, mode, tmp_path / "two.tsv"))
        assert one == ref and two == ref, (kind, mode)
        ref_table = (tmp_path / "ref.tsv").read_bytes()
        assert (tmp_path / "one.tsv").read_bytes() == ref_table
        assert (tmp_path / "two.tsv").read_bytes() == ref_table
        if case in ("benchmark", "unsorted", "back-to-first"):
            assert vcf_split.LAST["result"] == "joined", vcf_split.LAST
    assert not list(tmp_path.glob("*.part1*"))  # the second part's files are removed
    if case in ("unsorted", "back-to-first"):
        assert ref["sorted"] is False


@pytest.mark.parametrize("bad", [100, 1000])
def test_two_processes_same_error(tmp_path, monkeypatch, bad):
    """A record refused in either part is refused with the same words and record number."""
    monkeypatch.setattr(vcf_stream, "_BLOCK", 4096)
    positions = [("chr1", 1000 + 10 * i) for i in range(1200)]
    positions[bad] = ("chr17", 90_000_000)  # beyond the end of chr17
    path = _positions_file(tmp_path / "bad.vcf", positions)
    cfg = _cfg(path, "TUMOR", "ctdna", "any", tmp_path / "a.tsv")
    ref = vcf_worker.run(dict(cfg, parser="cyvcf2"))
    cfg_two = _cfg(path, "TUMOR", "ctdna", "any", tmp_path / "b.tsv")
    two = vcf_worker.run(dict(cfg_two, split_min_bytes=0))
    assert ref["ok"] is False and ref["record"] == bad + 1 and ref["field"] == "POS"
    assert two == ref


# --------------------------------------------------------------------------- the record check
def _import(path: Path, tmp_path: Path, on_progress=None):
    with prepare_import(
        path, kind="biopsy", tumor_sample="TUMOR", build_option="GRCh38", case_build=None,
        rules=rules_for(KB, "biopsy", "any", None), scratch_parent=tmp_path,
        on_progress=on_progress,
    ) as result:  # fmt: skip
        return result.records, result.table.read_bytes()


@pytest.mark.slow
def test_worker_makes_the_record_check(tmp_path, monkeypatch):
    """A clean file: the worker's text path vouches for every line, so the parent does not
    read it a second time; the progress bar still counts every record."""
    from precisecli.genomics import importer

    spec = importlib.util.spec_from_file_location(
        "make_synthetic_vcf", REPO / "benchmarks" / "make_synthetic_vcf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = module.write(tmp_path / "synthetic.vcf.gz", 3000, seed=5)

    def _refuse(*args, **kwargs):
        raise AssertionError("the parent's record check ran")

    monkeypatch.setattr(importer, "validate_records", _refuse)
    seen = []
    records, _ = _import(path, tmp_path, on_progress=seen.append)
    assert records == 3000 and sum(seen) == 3000


BAD_LINES = {
    "ref": ("\tA\t", "\tX\t"),
    "alt": ("\tA\tG\t", "\tA\tG/T\t"),
    "pos": ("\t1100\t", "\t11x0\t"),
    "contig": ("chr1\t1100\t", "chrZ\t1100\t"),
    "ad": ("0/1:30,6:", "0/1:30,six:"),
    "columns": ("\t0/0:9,0:0:9\t", "\t"),
    "nul": ("\t.\tA\t", "\t.\x00\tA\t"),
    "non-ascii-pos": ("\t1100\t", "\t11\u0660\u0660\t"),
}


@pytest.mark.slow
@pytest.mark.parametrize("bad", [*BAD_LINES, "no-final-newline"])
def test_refused_lines_same_error_as_the_check(tmp_path, bad):
    """Whatever the worker could not vouch for, the parent's check refuses with its own words,
    line and field (the worker's result is not used)."""
    from precisecli.errors import InputError
    from precisecli.genomics.vcf_check import validate_records

    # No INFO the check reads (TVAF/TDP): the worker makes the check.
    header = [line for line in HEADER if "=TVAF," not in line and "=TDP," not in line]
    positions = [("chr1", 1000 + 10 * i) for i in range(40)]
    path = _positions_file(tmp_path / "bad.vcf", positions, header)
    lines = path.read_text().split("\n")
    at = len(header) + 10
    if bad == "no-final-newline":
        path.write_text("\n".join(lines).rstrip("\n"))
    else:
        old, new = BAD_LINES[bad]
        assert old in lines[at]
        lines[at] = lines[at].replace(old, new, 1)
        path.write_text("\n".join(lines))
    header = read_header(path)
    with pytest.raises(InputError) as direct:
        validate_records(path, header, header.samples.index("TUMOR"))
    with pytest.raises(InputError) as imported:
        _import(path, tmp_path)
    assert imported.value.one_line() == direct.value.one_line()


@pytest.mark.slow
@pytest.mark.parametrize("bad_at", [None, 2500])
def test_worker_gives_the_check_up(tmp_path, monkeypatch, bad_at):
    """Records the worker cannot test quickly (no FORMAT/AF: every line would need vcf_check's
    rules): past its budget it hands the check to the parent, which makes it beside the worker.
    Same result as the cyvcf2 path; a bad line late in the file gets the check's error."""
    from precisecli.errors import InputError
    from precisecli.genomics.vcf_check import validate_records

    header = [line for line in HEADER if "=TVAF," not in line and "=TDP," not in line]
    lines = list(header)
    for i in range(3000):
        lines.append(
            f"chr1\t{1000 + 10 * i}\t.\tA\tG\t.\tPASS\t.\tGT:AD:DP\t0/0:9,0:9\t"
            f"0/1:{20 + i % 50},{5 + i % 9}:90"
        )
    if bad_at is not None:
        lines[len(header) + bad_at] = lines[len(header) + bad_at].replace("\tA\tG\t", "\tA\tG/T\t")
    path = tmp_path / "counts.vcf"
    path.write_text("\n".join(lines) + "\n")
    if bad_at is not None:
        header_ = read_header(path)
        with pytest.raises(InputError) as direct:
            validate_records(path, header_, header_.samples.index("TUMOR"))
        with pytest.raises(InputError) as imported:
            _import(path, tmp_path)
        assert imported.value.one_line() == direct.value.one_line()
        return
    results = {}
    for parser in ("cyvcf2", "auto"):
        monkeypatch.setenv("PRECISE_VCF_PARSER", parser)
        results[parser] = _import(path, tmp_path)
    assert results["auto"] == results["cyvcf2"]
