"""The import's shortcuts agree with its full rules.

* vcf_worker writes the common record inline; the same file read with the shortcut switched off
  (every record through depth.tumour_depth / Annotator.pick / classify.flags) gives a
  byte-identical table and the same counts.
* vcf_check accepts runs of lines with one compiled pattern; any line the pattern accepts must
  also pass the per-line rules (checked on 20 000 generated lines, valid and broken).
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from pathlib import Path

from precisecli.errors import InputError
from precisecli.genomics import vcf_worker
from precisecli.genomics.annotation import Annotator
from precisecli.genomics.importer import _annotation
from precisecli.genomics.record import rules_for
from precisecli.genomics.vcf_check import _LineChecker, read_header, validate_records
from precisecli.knowledge.kb import load_kb
from tests.genomics.conftest import GDATA

REPO = Path(__file__).resolve().parents[2]
EDGES = GDATA / "handwritten_fastpath_edges.vcf"


def _synthetic(tmp_path: Path, n: int) -> Path:
    spec = importlib.util.spec_from_file_location(
        "make_synthetic_vcf", REPO / "benchmarks" / "make_synthetic_vcf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write(tmp_path / "synthetic.vcf.gz", n, seed=7)


def _run_worker(path: Path, out: Path, kind: str, mode: str, build: str) -> dict:
    header = read_header(path)
    cfg = {
        "path": str(path),
        "tumor_sample": "TUMOR",
        "build": build,
        "annotation": _annotation(header),
        "rules": rules_for(load_kb(), kind, mode, None).as_dict(),
        "out": str(out),
        "summary": None,
    }
    return vcf_worker.run(cfg)


def test_fast_path_matches_full_rules(tmp_path, monkeypatch):
    files = [(EDGES, "GRCh38"), (_synthetic(tmp_path, 3000), "GRCh38")]
    general_calls = []
    real_general = vcf_worker._RowMaker.general

    def counting(self, *args):
        general_calls.append(1)
        return real_general(self, *args)

    monkeypatch.setattr(vcf_worker._RowMaker, "general", counting)
    for path, build in files:
        for kind in ("biopsy", "ctdna"):
            for mode in ("pass", "pass-or-missing", "any"):
                fast_out, slow_out = tmp_path / "fast.tsv", tmp_path / "slow.tsv"
                general_calls.clear()
                fast = _run_worker(path, fast_out, kind, mode, build)
                fast_general = len(general_calls)
                with monkeypatch.context() as m:
                    m.setattr(Annotator, "simple_fields", lambda self: None)
                    general_calls.clear()
                    slow = _run_worker(path, slow_out, kind, mode, build)
                assert len(general_calls) == slow["counts"]["rows"]  # no shortcut taken
                assert fast_general < slow["counts"]["rows"]  # the shortcut was taken
                assert fast == slow, (path.name, kind, mode)
                assert fast_out.read_bytes() == slow_out.read_bytes(), (path.name, kind, mode)
    # the edge file exercises duplicates, symbolic ALTs, unsorted input, missing values
    edges = _run_worker(EDGES, tmp_path / "e.tsv", "ctdna", "any", "GRCh38")
    assert edges["counts"]["duplicates"] == 2 and edges["counts"]["symbolic_skipped"] == 1
    assert edges["sorted"] is False
    assert json.dumps(edges)  # plain JSON for the parent


MUTECT2_HEADER = (
    "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=248956422>\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR\n"
)


def _checker(tmp_path: Path) -> _LineChecker:
    path = tmp_path / "h.vcf"
    path.write_text(MUTECT2_HEADER)
    return _LineChecker(read_header(path), tumor_index=1)


def test_pattern_accepts_typical_lines(tmp_path):
    """Not vacuous: the common Mutect2 line takes the shortcut."""
    checker = _checker(tmp_path)
    line = (
        b"chr1\t100\t.\tA\tC,<DEL>\t.\tPASS\tCSQ=C|x\tGT:AD:AF:DP\t0/0:5,0:0:5\t"
        b"0/1:6,4,1:0.4,.:10\n"
    )
    assert checker.fast_pattern(b"chr1", b"GT:AD:AF:DP").fullmatch(line)
    checker.check("h.vcf", line, 2, 1, True)


# (tokens the rules accept, tokens they reject) per kind of field
TOKENS = {
    "chrom": ([b"chr1"], [b"chr2", b"", b"chr1 "]),
    "pos": ([b"100", b"0"], [b"-5", b"1e3", b"", b"12a"]),
    "ref": ([b"A", b"ACGTN", b"acgt"], [b"R", b"", b"A*"]),
    "alt": (
        [b"C", b"C,T", b"<DEL>", b"*", b".", b"A]1:5]", b"C,<INS>"],
        [b"C,", b"<DEL", b"", b"C,,T", b"R", b"C,R", b"<A>B"],
    ),
    "number": (
        [b"1", b"0.5", b".", b"1e5", b"-3", b"+2", b"1.", b".5", b"nan", b"inf", b"1,2", b".,3"],
        [b"abc", b"", b"1,,2", b"5%", b"0x1", b"1 ", b"\x00", b"1\r", b"NAN"],
    ),
    "freq": ([b"12%", b"12.5%", b".", b"12"], [b"12,5%", b"%", b"a%", b"1.%"]),
    "text": ([b"0/1", b"", b"a,b", b"x y"], [b"\r", b"\x00", b"a\tb"]),
}
VALID = 0.93  # share of valid tokens per field
LAYOUTS = ["GT:AD:AF:DP", "GT:AD:DP", "AF", "GT:FREQ:XX", "", "DP:AD:AF:XX:FREQ", "GT", "AD:AD"]


def _token(rng: random.Random, kind: str) -> bytes:
    good, bad = TOKENS[kind]
    return rng.choice(good if rng.random() < VALID else bad)


def _random_line(rng: random.Random) -> tuple[bytes, bytes]:
    """A data line built from valid and broken tokens, and its FORMAT."""
    fmt = rng.choice(LAYOUTS).encode()
    keys = fmt.split(b":") + [b"extra"] * rng.randint(0, 1)
    values = []
    for key in keys:
        kind = {b"AD": "number", b"AF": "number", b"DP": "number", b"FREQ": "freq"}
        values.append(_token(rng, kind.get(key, "text")))
    values = values[: rng.randint(max(0, len(values) - 2), len(values))]
    cols = [
        _token(rng, "chrom"),
        _token(rng, "pos"),
        b".",
        _token(rng, "ref"),
        _token(rng, "alt"),
        b".",
        rng.choice([b"PASS", b".", b"a;b"]),
        rng.choice([b".", b"CSQ=C|x", b"DP=5"]),
        fmt,
        rng.choice([b"0/0:5,0", b"", b"x\x00"]),
        b":".join(values),
    ]
    if rng.random() < 0.05:
        cols = cols[: rng.randint(1, len(cols))]
    return b"\t".join(cols) + rng.choice([b"\n"] * 8 + [b"\r\n", b"\n\n"]), fmt


def test_pattern_never_wider_than_rules(tmp_path):
    checker = _checker(tmp_path)
    rng = random.Random(20240220)
    patterns: dict[bytes, re.Pattern[bytes]] = {}
    accepted = rejected = 0
    for _ in range(10_000):
        line, fmt = _random_line(rng)
        pattern = patterns.get(fmt) or patterns.setdefault(fmt, checker.fast_pattern(b"chr1", fmt))
        if pattern.fullmatch(line):
            accepted += 1
            checker.check("h.vcf", line, 2, 1, True)  # raises InputError if the rules reject it
        else:
            rejected += 1
    assert accepted >= 1000 and rejected >= 1000  # both sides of the shortcut were exercised


def test_block_reader_counts_and_locates(tmp_path):
    """Records straddling block boundaries are counted once; an error deep in a long file
    names its own line and record."""
    body = "chr1\t{}\t.\tA\tC\t.\tPASS\t.\tGT:AF\t0/0:0\t0/1:0.25\n"
    n = 40_000  # > one 512 KiB block
    good = tmp_path / "long.vcf"
    good.write_text(MUTECT2_HEADER + "".join(body.format(i + 1) for i in range(n)))
    assert validate_records(good, read_header(good), 1) == n
    bad = tmp_path / "long_bad.vcf"
    lines = [body.format(i + 1) for i in range(n)]
    lines[31_234] = lines[31_234].replace("0.25", "0.2x")
    bad.write_text(MUTECT2_HEADER + "".join(lines))
    try:
        validate_records(bad, read_header(bad), 1)
    except Exception as exc:  # InputError
        assert exc.location.record == 31_235 and exc.location.line == 31_235 + 3
        assert "AF value '0.2x' is not a number" in str(exc)
    else:
        raise AssertionError("bad AF accepted")


def _reference(checker: _LineChecker, lines: list[bytes], skip: int) -> tuple:
    """What validate_records must report: every line through the per-line rules, in order."""
    for record, raw in enumerate(lines, start=1):
        try:
            checker.check("f.vcf", raw, skip + record, record, raw.endswith(b"\n"))
        except InputError as exc:
            return ("error", exc.location.record, exc.message)
    if lines and not lines[-1].endswith(b"\n"):
        return ("error", len(lines), "the file ends in the middle of a record (no final newline)")
    return ("ok", len(lines))


def test_blocks_and_patterns_agree_with_line_rules(tmp_path, monkeypatch):
    """Whole files of generated lines (mostly valid, some broken, runs of one layout): the
    block reader with its patterns finds the same first error, at the same record, as checking
    line by line, and the same count when there is none; also with tiny blocks."""
    from precisecli.genomics import vcf_check

    checker = _checker(tmp_path)
    path = tmp_path / "f.vcf"
    rng = random.Random(7)
    monkeypatch.setattr(sys.modules[__name__], "VALID", 0.995)  # long runs before an error
    outcomes = set()
    for trial in range(300):
        lines = []
        while len(lines) < rng.randint(1, 60):
            line, _ = _random_line(rng)
            repeat = rng.randint(1, 8)  # runs of similar lines, as real files have
            lines.extend([line] * repeat)
        if rng.random() < 0.1:
            lines[-1] = lines[-1].rstrip(b"\n")
        text = b"".join(lines)
        body = [ln + b"\n" for ln in text.split(b"\n")]
        if body[-1] == b"\n":
            body.pop()  # the file ended with a newline
        else:
            body[-1] = body[-1][:-1]
        path.write_bytes(MUTECT2_HEADER.encode() + text)
        expected = _reference(checker, body, 3)
        monkeypatch.setattr(vcf_check, "_BLOCK", rng.choice([64, 1000, 1 << 19]))
        try:
            got = ("ok", validate_records(path, read_header(path), 1))
        except InputError as exc:
            got = ("error", exc.location.record, exc.message)
        assert got == expected, (trial, text[:300])
        outcomes.add(got[0])
    assert outcomes == {"ok", "error"}


def test_loose_pattern_cannot_join_two_broken_lines(tmp_path):
    """Line 2 lacks FORMAT and the samples and line 3 is the rest of a line: joined they would
    match one line of the loose pattern, so the tab count must send them to the line rules."""
    good = b"chr1\t99\t.\tA\tC\t.\tPASS\tDP=5\tGT:AD:AF:DP\t0/0:5,0:0:5\t0/1:6,4:0.4:10\n"
    torn = b"chr1\t100\t.\tA\tC\t.\tPASS\tDP=5\nx\tGT:AD:AF:DP\t0/0:5,0:0:5\t0/1:6,4:0.4:10\n"
    path = tmp_path / "torn.vcf"
    path.write_bytes(MUTECT2_HEADER.encode() + good * 3 + torn + good)
    try:
        validate_records(path, read_header(path), 1)
    except InputError as exc:
        assert exc.location.record == 4 and "8 tab-separated columns" in exc.message
    else:
        raise AssertionError("torn line accepted")
