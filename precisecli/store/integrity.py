"""Checks that a case folder is what precise wrote: plain files and folders only, case.json
naming its own folder, safe relative paths, and an audit tail a writer may append to."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath

from precisecli.errors import IntegrityError, Location

_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,254}$")
MAX_CASE_JSON_BYTES = 64 << 20


def safe_relative(rel: object) -> str | None:
    """The normalised relative path when rel names a file inside a case, else None: no absolute
    paths, no '..', no hidden parts (.txn, .lock, scratch), no odd characters."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        return None
    pure = PurePosixPath(rel)
    if pure.is_absolute() or not pure.parts:
        return None
    if any(not _SAFE_PART.match(part) or part in (".", "..") for part in pure.parts):
        return None
    return str(pure)


def check_inside(case_dir: Path, rel: str) -> Path:
    """The path of rel in the case, refusing any existing symbolic link on the way (a link
    could make a writer write, or a reader read, outside the case)."""
    path = case_dir
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            raise symlink_error(case_dir, path)
    return path


def symlink_error(case_dir: Path, path: Path) -> IntegrityError:
    rel = os.path.relpath(path, case_dir)
    return IntegrityError(
        "a symbolic link inside the case folder; precise never creates links and refuses them",
        location=Location(file=f"{case_dir.name}/{rel}"),
        hint="replace the link by the real file or folder (or remove it), then rerun",
    )


def check_plain_tree(case_dir: Path) -> None:
    """Refuse symbolic links and special files (FIFOs, devices, sockets) anywhere in a case."""
    for top, dirs, files in os.walk(case_dir, followlinks=False):
        for name in dirs + files:
            path = Path(top) / name
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                raise symlink_error(case_dir, path)
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise IntegrityError(
                    "a special file (FIFO, device or socket) inside the case folder",
                    location=Location(file=f"{case_dir.name}/{os.path.relpath(path, case_dir)}"),
                    hint="remove it; a case folder holds only plain files and folders",
                )


def read_regular(path: Path, source: str, limit: int = MAX_CASE_JSON_BYTES) -> bytes:
    """Read a case file that must be a plain file: never follows a link, never blocks on a
    FIFO, never reads more than limit bytes."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a symbolic link
            raise IntegrityError(
                "is a symbolic link; precise refuses links inside a case",
                location=Location(file=source),
                hint="replace the link by the real file",
            ) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IntegrityError(
                "is not a plain file", location=Location(file=source), hint="restore it"
            )
        if info.st_size > limit:
            raise IntegrityError(
                f"is larger than {limit >> 20} MB; not a file precise wrote",
                location=Location(file=source),
                hint="restore it from backup",
            )
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_case_id(data: dict, case_dir: Path, source: str) -> None:
    if data.get("case_id") != case_dir.name:
        raise IntegrityError(
            "case.json names another case than its folder",
            location=Location(file=source, field="case_id"),
            hint="the file was copied or edited outside precise; restore this case's own "
            "case.json from backup",
        )
