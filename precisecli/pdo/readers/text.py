"""Decoding and splitting text exports (CSV, tab-separated, UTF-8/UTF-16/Windows-1252)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.pdo.readers.grid import Sheet

MAX_TEXT_BYTES = 100 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputError(
                f"file is {size / 1e6:.0f} MB, above the {MAX_TEXT_BYTES // 2**20} MB limit",
                location=Location(file=path.name),
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read file ({exc.strerror})", location=Location(file=path.name)
        ) from None


def decode(data: bytes, name: str) -> str:
    """SoftMax Pro writes UTF-16LE with a BOM; others UTF-8 (maybe with BOM) or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                "file has a UTF-16 byte-order mark but is not valid UTF-16",
                location=Location(file=name),
                hint="re-export the file",
            ) from None
    if data[:4000].count(b"\x00") > len(data[:4000]) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            raise InputError(
                "binary file, not a text export", location=Location(file=name)
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    sample = text.splitlines()[:200]
    counts = {d: sum(line.count(d) for line in sample) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def split_rows(text: str, delimiter: str | None = None) -> list[list[str]]:
    delim = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:
        raise InputError(f"cannot split the text into fields ({exc})") from None


def load_text_sheet(path: Path, delimiter: str | None = None) -> tuple[Sheet, str]:
    """The file as a Sheet (rows = lines) plus its decoded text for signature sniffing."""
    text = decode(read_bytes(path), path.name)
    try:
        rows = split_rows(text, delimiter)
    except InputError as exc:
        raise InputError(exc.message, location=Location(file=path.name)) from None
    return Sheet(path.name, rows), text
