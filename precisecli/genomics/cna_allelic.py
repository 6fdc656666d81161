"""Allele-specific copy-number segments (total and minor copy number per segment):

* ``Chromosome Start End nMajor nMinor`` (PCGR/ASCAT-style, 1-based),
* ASCAT ``ascat.output$segments`` written out: ``sample chr startpos endpos nMajor nMinor``,
* PURPLE ``*.purple.cnv.somatic.tsv``: ``chromosome start end copyNumber ...
  minorAlleleCopyNumber`` (copy numbers are fractional; the total is ``copyNumber``).

The minor copy number is kept on each segment (stored in ``segments/<ID>.tsv``) for the CCF
multiplicity bound (precisecli.genomics.clonality).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from precisecli.genomics.cna import CnInput, _copy_number, _number, _segment

SEGMENT_COLUMNS = ["chrom", "start", "end", "copy_number", "minor_cn"]

# (required lower-case columns, {our key: file column}, format label)
_LAYOUTS = [
    (
        {"chromosome", "start", "end", "nmajor", "nminor"},
        {"chromosome": "chromosome", "start": "start", "end": "end"},
        "allele-specific segments (nMajor/nMinor)",
    ),
    (
        {"chr", "startpos", "endpos", "nmajor", "nminor"},
        {"chromosome": "chr", "start": "startpos", "end": "endpos"},
        "ASCAT segments (nMajor/nMinor)",
    ),
    (
        {"chromosome", "start", "end", "copynumber", "minorallelecopynumber"},
        {"chromosome": "chromosome", "start": "start", "end": "end"},
        "PURPLE somatic copy number (copyNumber/minorAlleleCopyNumber)",
    ),
]


def has_allelic_columns(low: list[str]) -> bool:
    return any(required <= set(low) for required, _m, _f in _LAYOUTS)


def read_allelic(
    low: list[str], records: Callable[[], Iterator[tuple[int, dict[str, str]]]], name: str
) -> CnInput | None:
    for required, mapping, fmt in _LAYOUTS:
        if not required <= set(low):
            continue
        segs, skipped = [], 0
        purple = "copynumber" in required
        for i, rec in records():
            rec = {**rec, **{k: rec[v] for k, v in mapping.items()}}
            if purple:
                total = _copy_number(
                    max(0.0, _number(rec["copynumber"], name, i, "copyNumber")), name, i,
                    "copyNumber",
                )  # fmt: skip
                minor = max(0.0, _number(rec["minorallelecopynumber"], name, i,
                                         "minorAlleleCopyNumber"))  # fmt: skip
                minor = min(minor, total)
            else:
                major = _copy_number(_number(rec["nmajor"], name, i, "nMajor"), name, i, "nMajor")
                minor = _copy_number(_number(rec["nminor"], name, i, "nMinor"), name, i, "nMinor")
                total = major + minor
            seg = _segment(rec, name, i, total, None, zero_based=False)
            if seg is None:
                skipped += 1
                continue
            _copy_number(seg.cn, name, i, "total copy number")
            seg.minor = minor
            segs.append(seg)
        return CnInput(fmt, segs, None, False, skipped)
    return None


def segment_rows(cn_input: CnInput) -> list[dict[str, object]] | None:
    """Rows of segments/<ID>.tsv (None when the input has no segments)."""
    if not cn_input.segments or cn_input.bins:
        return None
    return [
        {
            "chrom": s.chrom,
            "start": s.start,
            "end": s.end,
            "copy_number": round(s.cn, 4),
            "minor_cn": None if s.minor is None else round(s.minor, 4),
        }
        for s in sorted(cn_input.segments, key=lambda s: (s.chrom, s.start))
    ]
