"""Bounded reading of the text inputs of genomics (VCF header, MAF, copy-number tables).

Every reader goes through here so that a FIFO, a device, a decompression bomb or an endless line
is refused by a named limit (precisecli.limits) instead of hanging or filling memory:
``require_regular_file`` before any open; lines read with a size cap (``max_line_bytes``); the
decompressed total bounded (``max_decompressed_bytes``) and its ratio to the compressed size
(``max_compression_ratio``) checked as it grows.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.limits import exceeded, limit, require_regular_file

# Below this many decompressed bytes the ratio is not judged (tiny files compress oddly).
RATIO_FLOOR = 1 << 20


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


class Budget:
    """Running checks on decompressed bytes for one input."""

    def __init__(self, path: Path, compressed_size: int, compressed: bool):
        self.name = path.name
        self.compressed = compressed
        self.size = max(1, compressed_size)
        self.total = 0
        self.max_total = limit("max_decompressed_bytes")
        self.max_ratio = limit("max_compression_ratio")

    def add(self, n: int, line: int | None = None) -> None:
        self.total += n
        if self.total > self.max_total:
            raise exceeded("max_decompressed_bytes", location=Location(file=self.name, line=line))
        if self.compressed and self.total > RATIO_FLOOR and self.total > self.max_ratio * self.size:
            raise exceeded(
                "max_compression_ratio",
                location=Location(file=self.name, line=line),
                seen=f"{self.total / self.size:.0f}× after {self.total} bytes",
            )


def open_budget(path: Path, *, what: str = "input"):
    """(binary handle of the decompressed content, Budget) for a regular file."""
    st = require_regular_file(path, what=what)
    compressed = is_gzip(path)
    handle = gzip.open(path, "rb") if compressed else open(path, "rb")
    return handle, Budget(path, st.st_size, compressed)


def limited_lines(path: Path, *, what: str = "input") -> Iterator[bytes]:
    """Raw lines (with their newline; '\\r'-only files come as one chunk per '\\n', split by the
    caller) of a plain or gzip/BGZF file, each at most ``max_line_bytes``."""
    max_line = int(limit("max_line_bytes"))
    handle, budget = open_budget(path, what=what)
    n = 0
    try:
        with handle:
            while True:
                raw = handle.readline(max_line + 1)
                if not raw:
                    return
                n += 1
                if len(raw) > max_line:
                    raise exceeded("max_line_bytes", location=Location(file=path.name, line=n))
                budget.add(len(raw), n)
                yield raw
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(
            f"compressed data is truncated or corrupt ({type(exc).__name__})",
            location=Location(file=path.name, line=n + 1),
            hint="the copy was interrupted; copy the file again",
        ) from None


def text_lines(path: Path, *, what: str = "input") -> Iterator[tuple[int, str]]:
    """(line number, text without its line end) of a UTF-8 text file, plain or gzip; accepts
    '\\n', '\\r\\n' and old-Mac '\\r' line ends. Refuses non-UTF-8 with the line number."""
    n = 0
    for raw in limited_lines(path, what=what):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                "not UTF-8 text",
                location=Location(file=path.name, line=n + 1),
                hint="save the file as UTF-8 text",
            ) from None
        parts = text.splitlines() if "\r" in text.rstrip("\r\n") else [text.rstrip("\r\n")]
        for part in parts:
            n += 1
            yield n, part


def refuse_repeated(names: list[str], *, named: str, location: Location, hint: str) -> None:
    """A header that names a column (or a sample) twice is ambiguous — which one holds the
    values? — and a reader taking the last one would give a silently wrong value: refused."""
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise InputError(
            f"{named} {', '.join(repeated[:5])[:80]} more than once: which one holds the "
            "values is ambiguous",
            location=location,
            hint=hint,
        )
