"""Checking an output folder given with --out before any work is done or committed."""

from __future__ import annotations

import os
from pathlib import Path

from precisecli.errors import Location, StorageError

_SYSTEM_TREES = ("/proc", "/sys", "/dev")


def _on_disk_not_dangling(path: Path, where: Location, option: str, noun: str) -> None:
    """Refuse a path inside a kernel file system (/proc, /sys, /dev) or a dangling link."""
    real = Path(os.path.realpath(path))
    if any(real == Path(p) or real.is_relative_to(p) for p in _SYSTEM_TREES):
        raise StorageError(
            f"{option} is inside /{real.parts[1]}, a system folder",
            location=where,
            hint=f"give {option} a {noun} on a disk",
        )
    if path.is_symlink() and not path.exists():
        raise StorageError(
            f"{option} is a symbolic link to nothing",
            location=where,
            hint="fix the link or choose another "
            + ("folder" if noun == "folder" else "file name"),
        )


def check_out_folder(folder: Path, option: str = "--out") -> Path:
    """The absolute folder, or StorageError when it can never receive files: an existing file
    or a dangling link, a path under a file, or a kernel file system. Nothing is created."""
    folder = Path(os.path.normpath(folder.expanduser().absolute()))
    where = Location(file=str(folder), field=option)
    _on_disk_not_dangling(folder, where, option, "folder")
    if folder.exists() and not folder.is_dir():
        raise StorageError(
            f"{option} names an existing file, not a folder",
            location=where,
            hint=f"give {option} a folder (new or existing); the file was left as it is",
        )
    probe = folder
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise StorageError(
            f"{option} lies below a file, not a folder",
            location=Location(file=str(probe), field=option),
            hint=f"choose another folder for {option}",
        )
    if not os.access(probe, os.W_OK | os.X_OK):
        raise StorageError(
            f"{option} cannot be written (permission denied)",
            location=Location(file=str(probe), field=option),
            hint="choose a folder you can write",
        )
    return folder


def check_out_file(path: Path, option: str = "--out") -> Path:
    """The absolute path of an output file, or StorageError when it can never be written there:
    an existing folder or special file, a dangling link, a parent that is a file, a kernel file
    system, a folder without write permission. Nothing is created."""
    path = Path(os.path.normpath(Path(path).expanduser().absolute()))
    where = Location(file=path.name, field=option)
    _on_disk_not_dangling(path, where, option, "file")
    if path.exists() and not path.is_file():
        raise StorageError(
            f"{option} names a folder or a special file, not a file",
            location=where,
            hint=f"give {option} a file name (new, or an existing file to replace)",
        )
    probe = path.parent
    while not probe.exists() and not probe.is_symlink():
        probe = probe.parent
    if not probe.is_dir():
        raise StorageError(
            f"{option} lies below a file, not a folder",
            location=Location(file=probe.name, field=option),
            hint=f"choose another place for {option}; the file was left as it is",
        )
    check_out_folder(path.parent, option)
    return path
