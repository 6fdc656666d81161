"""The decompressed text of a text VCF (plain, gzip or BGZF) in blocks of whole lines, and the
two parts of it that two processes read (vcf_split): what the text path (vcf_text) reads.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator

from precisecli.genomics.vcf_check import MAX_LINE


class Fallback(Exception):
    """The text path cannot read this file as htslib would: read it with cyvcf2 instead."""


class OverLimit(Exception):
    """The decompressed text passed an input limit: stop; the parent's check names it."""


_BLOCK = 1 << 20


def _open(raw):
    """The decompressed stream of an open file (plain, gzip or BGZF)."""
    compressed = raw.read(2) == b"\x1f\x8b"
    raw.seek(0)
    if not compressed:
        return raw
    try:
        from isal import igzip  # ISA-L: the same inflate, 2-3 x faster than zlib
    except ImportError:
        return gzip.GzipFile(fileobj=raw, mode="rb")
    return igzip.IGzipFile(fileobj=raw, mode="rb")


def _line_texts(path: str, stream: dict) -> Iterator[tuple[str, int]]:
    """The decompressed text in blocks of whole lines (without the last line end), each with
    the number of file bytes read so far (the same in every process reading the same file).
    stream["open_end"] is set when the last line has no line end; with stream["limits"]
    (the parent's max_decompressed_bytes, max_compression_ratio) OverLimit stops the read."""
    limits = stream.get("limits")
    total = 0
    with open(path, "rb") as raw, _open(raw) as handle:
        compressed = handle is not raw
        carry = b""
        while piece := handle.read(_BLOCK):
            if limits is not None:
                total += len(piece)
                if total > limits["max_bytes"] or (
                    compressed
                    and total > limits["ratio_floor"]
                    and total > limits["max_ratio"] * max(1, limits["size"])
                ):
                    raise OverLimit()
            block = carry + piece if carry else piece
            cut = block.rfind(b"\n") + 1
            if cut == 0 and len(block) > MAX_LINE + 2:
                # no line end within the line limit: handed over unfinished, to be refused as
                # too long (as vcf_check._line_blocks does), not gathered on and on (a 300 MB
                # line took 43 s and 640 MB: each block copied the growing rest again)
                stream["open_end"] = True
                yield block.decode("utf-8", "replace"), raw.tell()
                return
            carry = block[cut:]
            if cut:
                text = block[: cut - 1].decode("utf-8")
                if "\r" in text:
                    raise Fallback("CR line ends")
                yield text, raw.tell()
        if carry:
            stream["open_end"] = True
            text = carry.decode("utf-8")
            if "\r" in text:
                raise Fallback("CR line ends")
            yield text, raw.tell()


def _position(line: str) -> list[str]:
    return line.split("\t", 2)[:2]


def _part_texts(
    path: str, part: int | None, info: dict, stream: dict, share: int = 52
) -> Iterator[str]:
    """The text blocks one process reads. part None: the whole file. Otherwise the data lines
    are cut in two at the split line: the first line of the first block read after share % of
    the file's bytes, moved on past lines with the CHROM and POS text of the line before it
    (so one position is never cut); part 0 reads the header and the lines before the split,
    part 1 the header lines and the lines from the split on, and sets info["skipped"] to the
    number of records before them. Both processes decompress the whole file up to the split
    in the same blocks, so they find the same split line."""
    texts = _line_texts(path, stream)
    if part is None:
        for text, _ in texts:
            yield text
        return
    # A little past half: the second part also decompresses (and decodes) the first. With
    # parse time p and skip time d per record the parts end together at p / (2p - d) of the
    # records: ~52 % for the Python readers, ~54 % for the compiled one (vcf_text passes it).
    half = os.path.getsize(path) * share // 100
    skipped = 0
    in_header = True
    crossed = False
    last_line = ""
    for text, done in texts:
        if in_header:
            at = 0 if text.startswith("#CHROM") else text.find("\n#CHROM") + 1
            if not at and not text.startswith("#CHROM"):
                yield text  # header lines only
                crossed = done >= half
                continue
            in_header = False
            end = text.find("\n", at)
            if end < 0:  # the block ends with the #CHROM line
                yield text
                crossed = done >= half
                last_line = text[at:]
                continue
            if part == 1:
                yield text[:end]
                skipped += text.count("\n", end + 1) + 1
            else:
                yield text
            last_line = text[text.rfind("\n") + 1 :]
            crossed = done >= half
            continue
        if not crossed:
            if part == 0:
                yield text
            else:
                skipped += text.count("\n") + 1
            crossed = done >= half
            last_line = text[text.rfind("\n") + 1 :]
            continue
        lines = text.split("\n")
        before = _position(last_line)
        j = 0
        while j < len(lines) and _position(lines[j]) == before:
            j += 1
        if j == len(lines):  # one position all through the block: look on in the next one
            if part == 0:
                yield text
            else:
                skipped += len(lines)
            last_line = lines[-1]
            continue
        if part == 0:
            if j:
                yield "\n".join(lines[:j])
            return
        info["skipped"] = skipped + j
        yield "\n".join(lines[j:]) if j else text
        for text, _ in texts:
            yield text
        return
    if part == 1:
        info["skipped"] = skipped
