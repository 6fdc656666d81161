"""htslib's view of the records the text path (vcf_text) reads: what its header knows, a record
handed to htslib itself, and the tumour-column values it parses without a word (the patterns the
text path and the chunk readers test, and FORMAT/AF as htslib stores it).
"""

from __future__ import annotations

import os
import re
import struct
from contextlib import contextmanager

from precisecli.genomics.vcf_stream import Fallback

_F32 = struct.Struct("<f")
_HEADER_LINE = re.compile(r"^##(INFO|FORMAT|FILTER|contig)=<ID=([^,>]+)")
_TYPE = re.compile(r"[<,]Type=([A-Za-z]+)")

# Tumour-column values that htslib parses without a warning or an error, per declared type.
_INT = r"(?:\.|-?[0-9]{1,9})"
_FLOAT = r"(?:\.|-?[0-9]{1,15}(?:\.[0-9]{1,15})?)"
_VALUE = {
    "Integer": _INT + r"(?:," + _INT + r")*",
    "Float": _FLOAT + r"(?:," + _FLOAT + r")*",
    "String": r"[^:]*",
    "Character": r"[^:]*",
}
_GT = r"(?:[0-9]{1,7}|\.)(?:[/|](?:[0-9]{1,7}|\.))*"
_AF = r"[0-9]{1,15}(?:\.[0-9]{1,15})?"
_AD = r"[0-9]{1,9},[0-9]{1,9}"


@contextmanager
def _quiet_stderr():
    """Silence C-level stderr (htslib) for a moment: the header was already parsed once, and
    its warnings counted, by the reader that opened the file."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


class _Record:
    """A cyvcf2 Variant made by a Writer, with ``format(key)`` typed from the header as the
    reader's ``VCF.get_type`` does (a Writer's own lookup table is never filled)."""

    __slots__ = ("_v", "_writer")

    def __init__(self, variant, writer):
        self._v = variant
        self._writer = writer

    def format(self, key: str):
        vtype = self._writer.get_header_type(key, order=[2])["Type"]  # 2: BCF_HL_FMT
        return self._v.format(key, vtype)

    def __getattr__(self, name: str):
        return getattr(self._v, name)


class _Htslib:
    """What htslib's header knows, and the records handed to htslib itself."""

    def __init__(self, cfg: dict):
        from cyvcf2 import VCF, Writer

        tumour = cfg["tumor_sample"]
        # Opened as the cyvcf2 path opens it: the same header checks and warnings.
        vcf = VCF(cfg["path"], samples=[tumour] if tumour else None)
        if tumour and list(vcf.samples) != [tumour]:
            raise RuntimeError("tumour sample not found by the parser")
        raw = vcf.raw_header  # the header as htslib holds it, with the tumour column only
        vcf.close()
        with _quiet_stderr():
            self.writer = Writer.from_string(os.devnull, raw, mode="w")
        self.info_types: dict[str, str] = {}
        self.format_types: dict[str, str] = {}
        self.contigs: set[str] = set()
        filters: set[str] = set()
        samples: list[str] = []
        for line in raw.splitlines():
            m = _HEADER_LINE.match(line)
            if m:
                kind, key = m.groups()
                t = _TYPE.search(line)
                vtype = t.group(1) if t else ""
                if kind == "INFO":
                    self.info_types[key] = vtype
                elif kind == "FORMAT":
                    self.format_types[key] = vtype
                elif kind == "FILTER":
                    filters.add(key)
                else:
                    self.contigs.add(key)
            elif line.startswith("#CHROM"):
                samples = line.split("\t")[9:]
        if samples != ([tumour] if tumour else []):
            raise Fallback("unexpected sample columns in htslib's header")
        self.filters_known = filters

    def record(self, cols: list[str], tumour_col: int | None) -> _Record:
        text = (
            "\t".join(cols[:8]) if tumour_col is None else "\t".join([*cols[:9], cols[tumour_col]])
        )
        try:
            variant = self.writer.variant_from_string(text)
        except Exception as exc:  # htslib refused the record: the reader's words are wanted
            raise Fallback("htslib could not parse a record") from exc
        return _Record(variant, self.writer)

    def format_type(self, key: str) -> str | None:
        try:
            return self.writer.get_header_type(key, order=[2])["Type"]
        except KeyError:
            return None

    def close(self) -> None:
        self.writer.close()


def vaf_entry(af_text: str) -> tuple[bool, float, str]:
    """(within 0-1, rounded to 6 decimals, its text) of a FORMAT/AF value as htslib stores it
    (a 32-bit float)."""
    vaf32 = _F32.unpack(_F32.pack(float(af_text)))[0]
    rounded = round(vaf32, 6)
    return vaf32 <= 1.0, rounded, f"{rounded:.6g}"


def tumour_pattern(fmt: str, types: dict[str, str]) -> re.Pattern[str] | None:
    """For one FORMAT string, a pattern of a tumour column that htslib parses silently and whose
    AF, AD and DP hold the Mutect2 layout in plain form (groups af, ar, aa, dp: AF, AD of REF and
    of the ALT, DP), or None when records with this FORMAT go to htslib (a key undeclared,
    repeated or a Flag; GT not a String; AF/AD/DP absent or not Float/Integer/Integer)."""
    parts = tumour_parts(fmt, types, named=True)
    return None if parts is None else re.compile(":".join(parts))


def tumour_parts(fmt: str, types: dict[str, str], named: bool) -> list[str] | None:
    """The pattern of each value of a tumour column with this FORMAT (see tumour_pattern);
    named=False: without groups, and no value matches a line end (vcf_block tests many
    columns joined by line ends with one pattern)."""
    keys = fmt.split(":")
    if len(set(keys)) != len(keys) or not {"AF", "AD", "DP"} <= set(keys):
        return None
    if (types.get("AF"), types.get("AD"), types.get("DP")) != ("Float", "Integer", "Integer"):
        return None
    parts = []
    for key in keys:
        vtype = types.get(key)
        if key == "AF":
            parts.append(f"(?P<af>{_AF})" if named else _AF)
        elif key == "AD":
            parts.append(r"(?P<ar>[0-9]{1,9}),(?P<aa>[0-9]{1,9})" if named else _AD)
        elif key == "DP":
            parts.append(r"(?P<dp>[0-9]{1,9})" if named else r"[0-9]{1,9}")
        elif key == "GT":
            if vtype != "String":
                return None
            parts.append(_GT)
        elif vtype in _VALUE:
            parts.append(_VALUE[vtype] if named else _VALUE[vtype].replace("[^:]", "[^:\\n]"))
        else:
            return None  # undeclared (htslib warns) or a Flag
    return parts
