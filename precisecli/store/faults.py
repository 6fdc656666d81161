"""Environment faults (disk full, read-only, permission denied …) as one-line StorageErrors.

The store wraps its own file operations with ``storage_fault``; ``cli.main`` maps any other
OSError whose errno is in ``ENVIRONMENT_ERRNOS`` the same way. An OSError with another errno
is not translated: it may be a bug, and stays an internal error (exit 5).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager

from precisecli.errors import Location, StorageError

_WHAT_TO_DO = {
    errno.ENOSPC: ("the disk is full", "free some space on that disk and rerun"),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space or raise the quota and rerun"),
    errno.EROFS: (
        "the file system is read-only",
        "use a writable workspace (--workspace DIR or PRECISE_WORKSPACE)",
    ),
    errno.EACCES: (
        "permission denied",
        "give your user read/write access to the workspace and its case folders, or use "
        "another workspace",
    ),
    errno.EPERM: (
        "operation not permitted",
        "check the ownership and attributes (e.g. immutable) of the workspace and case folders",
    ),
    errno.EIO: ("an input/output error from the disk", "check the disk and rerun"),
    errno.ENOTDIR: (
        "a path component is not a folder",
        "check the workspace path and the case folder",
    ),
    errno.EISDIR: ("a folder stands where a file is expected", "remove or rename that folder"),
    errno.ELOOP: (
        "a symbolic link stands where precise expects a plain file or folder",
        "replace the link by the real file or folder",
    ),
    errno.ENAMETOOLONG: ("a path is too long", "use a shorter workspace path"),
    errno.EMFILE: ("too many open files", "raise the open-files limit (ulimit -n) and rerun"),
    errno.ENFILE: ("too many open files on the system", "rerun when the system is less busy"),
    errno.EFBIG: ("a file grew larger than allowed", "raise the file-size limit and rerun"),
    errno.ENXIO: ("a device or FIFO stands where a file is expected", "replace it by a file"),
}
ENVIRONMENT_ERRNOS = frozenset(_WHAT_TO_DO)


def describe(exc: OSError, *, doing: str, where: str | None, changed: bool = False) -> StorageError:
    """StorageError for an OSError: what failed, where (a base name, never a full path of a
    patient file), and what to do."""
    what, todo = _WHAT_TO_DO.get(exc.errno or 0, (exc.strerror or type(exc).__name__, ""))
    state = (
        "the change was saved and will be completed by the next precise command on this case"
        if changed
        else "nothing was changed"
    )
    hint = f"{todo}; {state}" if todo else state
    return StorageError(f"cannot {doing}: {what}", location=Location(file=where), hint=hint)


@contextmanager
def storage_fault(doing: str, where: str | os.PathLike[str] | None) -> Iterator[None]:
    """Turn an environment OSError raised inside the block into a StorageError."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in ENVIRONMENT_ERRNOS:
            raise
        raise describe(exc, doing=doing, where=str(where) if where else None) from None


# A worker subprocess (e.g. the VCF parser) cannot always write its summary when the disk is
# full, so it reports an environment fault by its exit code: WORKER_CODE_BASE + the errno's
# index in this tuple (all below 128, which stays reserved for signals).
_WORKER_ERRNOS = tuple(sorted(ENVIRONMENT_ERRNOS))
WORKER_CODE_BASE = 80


def worker_exit_code(exc: OSError) -> int | None:
    """Exit code for a worker that hit an environment fault, or None for any other OSError."""
    if exc.errno not in ENVIRONMENT_ERRNOS:
        return None
    return WORKER_CODE_BASE + _WORKER_ERRNOS.index(exc.errno)


def worker_fault(code: int) -> OSError | None:
    """The OSError a worker reported by its exit code (see worker_exit_code), or None."""
    index = code - WORKER_CODE_BASE
    if 0 <= index < len(_WORKER_ERRNOS):
        number = _WORKER_ERRNOS[index]
        return OSError(number, os.strerror(number))
    return None
