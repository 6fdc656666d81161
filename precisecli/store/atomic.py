"""Crash-safe file replacement: temp file in the same folder, fsync, os.replace, folder fsync."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _fresh_temp(directory: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """A new 0600 temp file in directory: fsynced when the block ends, removed if it fails."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, Path(name)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write_temp(directory: Path, data: bytes) -> Path:
    """Write data to a fresh 0600 temp file inside directory and fsync it; return its path."""
    with _fresh_temp(directory) as (handle, path):
        handle.write(data)
    return path


def copy_temp(directory: Path, source: Path, chunk: int = 1 << 20) -> Path:
    """Like write_temp, but streams the content of an existing file (constant memory)."""
    with _fresh_temp(directory) as (handle, path), open(source, "rb") as src:
        while block := src.read(chunk):
            handle.write(block)
    return path


def move_temp(directory: Path, source: Path) -> Path:
    """Like copy_temp, but renames source into directory when both are on one filesystem (no
    copy of a large table); falls back to copy_temp across filesystems. Source is consumed."""
    fd = os.open(source, os.O_RDONLY)
    try:
        os.fsync(fd)  # durable before the manifest can name it
    finally:
        os.close(fd)
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=directory)
    os.close(fd)
    try:
        os.replace(source, name)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            Path(name).unlink(missing_ok=True)
            raise
        Path(name).unlink(missing_ok=True)
        temp = copy_temp(directory, source)
        source.unlink(missing_ok=True)
        return temp
    return Path(name)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    temp = write_temp(path.parent, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def sweep_temp_files(directory: Path) -> int:
    """Remove temp files a killed writer left behind. Call only while holding the case lock."""
    removed = 0
    for stale in directory.rglob(TEMP_PREFIX + "*"):
        if stale.is_file():
            stale.unlink(missing_ok=True)
            removed += 1
    return removed
