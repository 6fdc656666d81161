"""Streaming structural check of a VCF before (and while) cyvcf2 parses it.

cyvcf2/htslib can segfault on a record cut off after CHROM/POS, returns the good records before
a parse error, and turns bad INFO numbers into None (research/reliability.md §2.1-2.2). This pure
Python pass reads the text once in constant memory and rejects the whole file on the first
problem, naming the file, line and record. It never holds more than one line. When the worker's
text path has applied these rules to every line itself (vcf_text, ``checked``), the importer
does not run this pass.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.genomics.textinput import limited_lines, open_budget, refuse_repeated
from precisecli.limits import exceeded, limit, require_regular_file

MAX_LINE = 1 << 20  # 1 MiB: longer lines are not VCF records anyone meant to write
BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")

_META_RE = re.compile(r"^##(\w+)=<(.*)>\s*$")
_ATTR_RE = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^,]*)')
_BASES_RE = re.compile(rb"^[ACGTNacgtn]+$")
_ALT_RE = re.compile(rb"^([ACGTNacgtn]+|\*|\.|<[^>]+>|.*[\[\]].*)$")
_NUMBER_RE = re.compile(rb"^(\.|[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|nan|NaN|inf))$")
_PERCENT_RE = re.compile(rb"^(\.|\d+(\.\d+)?%?)$")

# FORMAT/INFO keys whose values the importer turns into numbers (depth/VAF adapters).
NUMERIC_FORMAT = ("AF", "FA", "AD", "DP", "RD", "DP4", "TIR", "TAR", "AU", "CU", "GU", "TU", "AO")
NUMERIC_INFO = ("TVAF", "TDP")


@dataclass
class HeaderField:
    id: str
    number: str
    type: str
    description: str


@dataclass
class VcfHeader:
    file: str
    compression: str  # "none" | "gzip" | "bgzf"
    is_bcf: bool
    fileformat: str
    samples: list[str]
    contigs: dict[str, int | None]
    meta: dict[str, list[str]]  # plain ##key=value lines
    info: dict[str, HeaderField] = field(default_factory=dict)
    format: dict[str, HeaderField] = field(default_factory=dict)
    header_lines: int = 0

    def single(self, key: str) -> str | None:
        values = self.meta.get(key)
        return values[0] if values else None


def sniff(path: Path) -> str:
    """'vcf', 'vcf.gz', 'bcf' or 'maf' (plain, gzip or BGZF) from the content (never from the
    name alone). A FIFO, device or folder is refused before anything is opened."""
    require_regular_file(path, what="variant file")
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except FileNotFoundError:
        raise InputError("file not found", location=Location(file=path.name)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", location=Location(file=path.name)) from None
    if not head:
        raise InputError(
            "the file is empty", location=Location(file=path.name), hint="export it again"
        )
    if head[:2] == b"\x1f\x8b":
        try:
            inner = gzip.GzipFile(fileobj=_Prefix(head)).read(5)
        except (OSError, EOFError, zlib.error):
            inner = b""
        if inner[:3] == b"BCF":
            return "bcf"
        if inner.startswith(b"##fil"):
            return "vcf.gz"
        if _is_maf(_gunzip_prefix(head)):
            return "maf"
        if inner.startswith(b"#"):
            return "vcf.gz"
        raise _not_vcf(path)
    if head.startswith(b"##fileformat=VCF"):
        return "vcf"
    if head.startswith(b"BCF"):
        return "bcf"
    if _is_maf(head):
        return "maf"
    raise _not_vcf(path)


def _is_maf(head: bytes) -> bool:
    if b"Hugo_Symbol" in head.split(b"\n#", 1)[0][:4096] or b"\nHugo_Symbol\t" in head:
        return True
    return head.lstrip(b"#").startswith(b"version") or head.startswith(b"Hugo_Symbol")


def _gunzip_prefix(head: bytes, size: int = 65536) -> bytes:
    """Up to ``size`` decompressed bytes from the start of a gzip/BGZF file's first bytes."""
    out = b""
    data = head
    try:
        while data and len(out) < size:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += d.decompress(data, size - len(out))
            data = d.unused_data  # the next BGZF block / gzip member
    except zlib.error:
        pass
    return out


class _Prefix:
    """A file-like view of a byte string (for peeking into the first gzip block)."""

    def __init__(self, data: bytes):
        self._data, self._pos = data, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._data) if n < 0 else self._pos + n
        out, self._pos = self._data[self._pos : end], min(end, len(self._data))
        return out


def _not_vcf(path: Path) -> InputError:
    return InputError(
        "not a VCF, VCF.gz, BCF or MAF file",
        location=Location(file=path.name, line=1),
        hint="a VCF starts with '##fileformat=VCF'; a MAF has a Hugo_Symbol header column",
    )


def _compression(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(18)
    if head[:2] != b"\x1f\x8b":
        return "none"
    # BGZF: gzip with FEXTRA holding the 'BC' subfield (SAM/BAM spec §4.1).
    if len(head) >= 14 and head[3] & 4 and head[12:14] == b"BC":
        return "bgzf"
    return "gzip"


def check_bgzf_eof(path: Path) -> None:
    """A BGZF file ends with a 28-byte empty block; its absence means the copy was cut short."""
    if _compression(path) != "bgzf":
        return
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 28))
        tail = handle.read()
    if tail != BGZF_EOF:
        raise InputError(
            "BGZF file is truncated (no end-of-file block)",
            location=Location(file=path.name),
            hint="the copy or download was interrupted; copy the file again",
        )


def open_lines(path: Path) -> Iterator[bytes]:
    """Raw lines (bytes, with their newline) of a plain or gzip/BGZF file, within the limits
    (textinput.limited_lines)."""
    yield from limited_lines(path, what="variant file")


def _parse_attrs(text: str) -> dict[str, str]:
    return {k: v.strip('"') for k, v in _ATTR_RE.findall(text)}


def read_header(path: Path) -> VcfHeader:
    """Parse the meta lines and the #CHROM line (a text VCF, plain or compressed)."""
    name = path.name
    compression = _compression(path)
    meta: dict[str, list[str]] = {}
    info: dict[str, HeaderField] = {}
    fmt: dict[str, HeaderField] = {}
    contigs: dict[str, int | None] = {}
    samples: list[str] | None = None
    fileformat = ""
    n = 0
    header_bytes, max_header = 0, limit("max_header_bytes")
    try:
        for n, raw in enumerate(open_lines(path), start=1):
            header_bytes += len(raw)
            if header_bytes > max_header:
                raise exceeded("max_header_bytes", location=Location(file=name, line=n))
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if n == 1:
                if not line.startswith("##fileformat=VCF"):
                    raise _not_vcf(path)
                fileformat = line.split("=", 1)[1]
                continue
            if line.startswith("##"):
                m = _META_RE.match(line)
                if m and m.group(1) in ("INFO", "FORMAT", "contig"):
                    attrs = _parse_attrs(m.group(2))
                    if m.group(1) == "contig":
                        length = attrs.get("length", "")
                        contigs[attrs.get("ID", "")] = int(length) if length.isdigit() else None
                    else:
                        hf = HeaderField(
                            attrs.get("ID", ""),
                            attrs.get("Number", "."),
                            attrs.get("Type", "String"),
                            attrs.get("Description", ""),
                        )
                        (info if m.group(1) == "INFO" else fmt)[hf.id] = hf
                elif "=" in line:
                    key, value = line[2:].split("=", 1)
                    meta.setdefault(key, []).append(value)
                continue
            if line.startswith("#CHROM"):
                cols = line.split("\t")
                fixed = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"]
                if cols[:8] != fixed or len(cols) == 9:
                    raise InputError(
                        "malformed #CHROM header line",
                        location=Location(file=name, line=n),
                        hint="columns must be tab-separated: #CHROM POS ID REF ALT QUAL FILTER "
                        "INFO [FORMAT sample...]",
                    )
                samples = cols[9:]
                refuse_repeated(
                    samples,
                    named="the #CHROM line names sample(s)",
                    location=Location(file=name, line=n),
                    hint="give each sample column its own name (bcftools reheader -s)",
                )
                break
            raise InputError(
                "data line before the #CHROM header line",
                location=Location(file=name, line=n),
                hint="the header is incomplete",
            )
    except (EOFError, OSError, zlib.error) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(
            "compressed data is truncated or corrupt in the header",
            location=Location(file=name, line=n + 1),
            hint="the copy was interrupted; copy the file again",
        ) from None
    if samples is None:
        raise InputError(
            "no #CHROM header line" if n else "the file is empty",
            location=Location(file=name, line=n or 1),
            hint="the file is not a complete VCF",
        )
    return VcfHeader(
        file=name,
        compression=compression,
        is_bcf=False,
        fileformat=fileformat,
        samples=samples,
        contigs=contigs,
        meta=meta,
        info=info,
        format=fmt,
        header_lines=n,
    )


def validate_records(
    path: Path,
    header: VcfHeader,
    tumor_index: int | None,
    on_record: Callable[[int], None] | None = None,
) -> int:
    """Check every data line and return the record count; the first bad line raises InputError.

    Lines are read in blocks. Each line is checked by ``_LineChecker.check`` (the rules), except
    that runs of lines matching a compiled pattern for the current CHROM and FORMAT are accepted
    in one regex call. That pattern only accepts lines ``check`` accepts (it is stricter; see
    ``_fast_pattern``), so anything unusual still goes through ``check``, which names the line.
    """
    name = path.name
    checker = _LineChecker(header, tumor_index)
    skip = header.header_lines
    record = 0
    line_no = 0
    last_had_newline = True
    unreported = 0
    patterns: dict[tuple[bytes, bytes | None], tuple[re.Pattern[bytes], re.Pattern[bytes]]] = {}
    fast: tuple[re.Pattern[bytes], re.Pattern[bytes]] | None = None
    tabs_per_line = checker.n_cols - 1
    try:
        for block in _line_blocks(path):
            pos, end = 0, len(block)
            while line_no < skip and pos < end:  # header lines
                nl = block.find(b"\n", pos)
                pos = end if nl < 0 else nl + 1
                line_no += 1
            # A block no longer than MAX_LINE cannot hold a line over the limit.
            use_fast = checker.fast_allowed and end <= MAX_LINE
            # The loose pattern lets unchecked columns hold any byte but a tab; it is used when
            # the block has no NUL, and a span it matches is kept only if its tabs and newlines
            # show one line per match (else the block is re-checked with the strict pattern).
            loose = use_fast and b"\x00" not in block
            before = record
            while pos < end:
                if fast is not None and use_fast:
                    matched = fast[loose].match(block, pos, end).end()
                    if matched > pos:
                        n = block.count(b"\n", pos, matched)
                        if loose and block.count(b"\t", pos, matched) != tabs_per_line * n:
                            loose = False  # a column ran over a line end
                            continue
                        record += n
                        line_no += n
                        last_had_newline = True
                        pos = matched
                        if pos >= end:
                            break
                nl = block.find(b"\n", pos)
                stop = end if nl < 0 else nl + 1
                raw = block[pos:stop]
                pos = stop
                line_no += 1
                record += 1
                last_had_newline = raw.endswith(b"\n")
                cols = checker.check(name, raw, line_no, record, last_had_newline)
                if use_fast:
                    key = (cols[0], cols[8] if len(cols) > 8 else None)
                    fast = patterns.get(key)
                    if fast is None:
                        if len(patterns) >= 4096:  # bounded: memory stays flat
                            patterns.clear()
                        fast = patterns[key] = (
                            checker.fast_pattern(*key),
                            checker.fast_pattern(*key, loose=True),
                        )
            unreported += record - before
            if on_record is not None and unreported >= 65536:
                on_record(unreported)
                unreported = 0
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(
            f"compressed data is truncated or corrupt after record {record} ({type(exc).__name__})",
            location=Location(file=name, line=line_no + 1, record=record + 1),
            hint="the copy was interrupted; copy the file again",
        ) from None
    if not last_had_newline:
        raise InputError(
            "the file ends in the middle of a record (no final newline)",
            location=Location(file=name, line=line_no, record=record),
            hint="the file is truncated; copy or export it again",
        )
    return record


_BLOCK = 1 << 19


def _line_blocks(path: Path) -> Iterator[bytes]:
    """The decompressed text in blocks of whole lines (the last may lack its newline). Memory is
    bounded: a line that grows past MAX_LINE is handed over unfinished, to be rejected."""
    handle, budget = open_budget(path, what="variant file")
    with handle:
        carry = b""
        while piece := handle.read(_BLOCK):
            budget.add(len(piece))
            block = carry + piece if carry else piece
            cut = block.rfind(b"\n") + 1
            if cut == 0 and len(block) > MAX_LINE + 2:
                yield block  # no newline within the limit: check() rejects it as too long
                return
            yield block[:cut]
            carry = block[cut:]
        if carry:
            yield carry


# One number as _NUMBER_RE accepts it, and a comma-separated list of them.
_NUM = rb"(?:\.|[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|nan|NaN|inf))"
_NUM_LIST = _NUM + rb"(?:," + _NUM + rb")*+"
_PERCENT = rb"(?:\.|\d+(?:\.\d+)?%?)"  # _PERCENT_RE
_FIELD = rb"[^\t\n\r\x00]*+"  # any column content the checks do not look at
# The same, faster (one excluded byte), but it can run over a line end and allows NUL: used
# only as validate_records guards it (tab count per newline, NUL-free block).
_LOOSE_FIELD = rb"[^\t]*+"
_LOOSE_LAST = rb"[^\t\n]*+"  # the last column must stop at the newline
_ALT_PART = rb"(?:[ACGTNacgtn]++|\*|\.|<[^>\t\n\r\x00,]++>)"  # a subset of _ALT_RE


class _LineChecker:
    """The per-line rules of validate_records, and the matching fast pattern."""

    def __init__(self, header: VcfHeader, tumor_index: int | None):
        self.n_cols = 8 if not header.samples else 9 + len(header.samples)
        self.n_samples = len(header.samples)
        self.tumor_index = tumor_index
        self.contigs = {c.encode() for c in header.contigs}
        self.numeric_info = [
            (k.encode() + b"=", k) for k in NUMERIC_INFO if k in header.info
        ]  # only declared ones are read
        # INFO values are checked key by key, which the pattern does not do: no fast path then.
        self.fast_allowed = not self.numeric_info

    def check(
        self, name: str, raw: bytes, line_no: int, record: int, had_newline: bool
    ) -> list[bytes]:
        """Check one data line (with its newline, if any); return its columns."""
        n_cols = self.n_cols
        where = Location(file=name, line=line_no, record=record)
        line = raw.rstrip(b"\r\n")
        if not line:
            raise InputError("blank line among the records", location=where)
        if len(line) > MAX_LINE:
            raise InputError("record longer than 1 MiB", location=where)
        if b"\x00" in line:
            raise InputError(
                "NUL byte in record", location=where, hint="the file is binary or corrupt"
            )
        cols = line.split(b"\t")
        if len(cols) != n_cols:
            cut = "" if had_newline else " (the file ends in the middle of this record)"
            raise InputError(
                f"record has {len(cols)} tab-separated columns, expected {n_cols}{cut}",
                location=where,
                hint="the file is truncated or not tab-separated"
                if not had_newline or len(cols) < n_cols
                else "each record needs exactly one column per sample in the #CHROM line",
            )
        if self.contigs and cols[0] not in self.contigs:
            raise InputError(
                f"contig '{cols[0].decode(errors='replace')}' is not declared in the header",
                location=Location(file=name, line=line_no, record=record, field="CHROM"),
                hint="add a ##contig line or fix the chromosome name",
            )
        if not cols[1].isdigit():
            raise InputError(
                "POS is not a positive integer",
                location=Location(file=name, line=line_no, record=record, field="POS"),
            )
        if not _BASES_RE.match(cols[3]):
            raise InputError(
                "REF is not a sequence of A, C, G, T, N",
                location=Location(file=name, line=line_no, record=record, field="REF"),
            )
        for alt in cols[4].split(b","):
            if not _ALT_RE.match(alt):
                raise InputError(
                    "ALT is not a base sequence or a symbolic allele",
                    location=Location(file=name, line=line_no, record=record, field="ALT"),
                )
        for token, key in self.numeric_info:
            start = cols[7].find(token)
            if start == 0 or (start > 0 and cols[7][start - 1 : start] == b";"):
                value = cols[7][start + len(token) :].split(b";", 1)[0]
                for part in value.split(b","):
                    if not _NUMBER_RE.match(part):
                        raise _bad_number(name, line_no, record, f"INFO/{key}", part)
        if self.tumor_index is not None:
            keys = cols[8].split(b":")
            values = cols[9 + self.tumor_index].split(b":")
            for key, value in zip(keys, values, strict=False):
                k = key.decode(errors="replace")
                if k in NUMERIC_FORMAT:
                    for part in value.split(b","):
                        if not _NUMBER_RE.match(part):
                            raise _bad_number(name, line_no, record, k, part)
                elif k == "FREQ" and not _PERCENT_RE.match(value):
                    raise _bad_number(name, line_no, record, k, value)
        return cols

    def fast_pattern(
        self, chrom: bytes, fmt: bytes | None, *, loose: bool = False
    ) -> re.Pattern[bytes]:
        """Zero or more whole lines (each ending in a newline) with this CHROM and FORMAT that
        ``check`` would accept. Every part is the same as, or narrower than, its rule: CHROM is
        a contig ``check`` accepted; POS digits; REF bases; ALT bases, '*', '.' or <ID>; the
        tumour column's numeric keys numbers, FREQ a percentage; no tab, CR, LF or NUL inside a
        column; exactly n_cols columns. Lines it does not match go to ``check``.
        loose=True: the columns ``check`` does not look at may hold anything but a tab (see
        _LOOSE_FIELD for the conditions under which that is still no wider than ``check``)."""
        field = _LOOSE_FIELD if loose else _FIELD
        cols = [
            re.escape(chrom),
            rb"\d++",
            field,
            rb"[ACGTNacgtn]++",
            _ALT_PART + rb"(?:," + _ALT_PART + rb")*+",
            field,
            field,
            field,
        ]
        if fmt is not None:
            cols.append(re.escape(fmt))
            tumour = _FIELD
            if self.tumor_index is not None:
                # Values pair with keys in order; fewer values than keys, or extra ones, are
                # allowed as zip() in check() allows them.
                values = []
                for key in fmt.split(b":"):
                    k = key.decode(errors="replace")
                    values.append(
                        _NUM_LIST
                        if k in NUMERIC_FORMAT
                        else _PERCENT
                        if k == "FREQ"
                        else rb"[^\t\n\r\x00:]*+"
                    )
                tail = rb"(?::" + _FIELD + rb")?+"
                for value in reversed(values[1:]):
                    tail = rb"(?::" + value + tail + rb")?+"
                tumour = values[0] + tail
            for i in range(self.n_samples):
                cols.append(tumour if i == self.tumor_index else field)
        if loose and cols[-1] is _LOOSE_FIELD:
            cols[-1] = _LOOSE_LAST
        return re.compile(rb"(?:" + rb"\t".join(cols) + rb"\n)*+")


def _bad_number(name: str, line: int, record: int, key: str, value: bytes) -> InputError:
    shown = value[:20].decode(errors="replace")
    return InputError(
        f"{key} value '{shown}' is not a number",
        location=Location(file=name, line=line, record=record, field=key),
        hint="fix or remove the value; a missing value is written '.'",
    )
