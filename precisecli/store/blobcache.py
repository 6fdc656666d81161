"""Files derived from other bytes, kept so the next process need not derive them again.

An entry is ``<workspace>/.precise-cache/<kind>/<key>``: ``key`` is a sha256 hex digest of
everything the bytes are a function of (the caller's job: input bytes, library versions, options),
so a hit is exactly what a fresh derivation would give. The rules are those of
``store.validated`` (same folder): 0700 folders, 0600 files written atomically (temp file +
rename, so a reader never sees a partial entry), every failure to read or write ignored (the
cache only ever saves time), nothing written for a workspace that does not exist or that this
process cleared, and the whole folder removed by ``validated.clear`` when a case is deleted.
Only the newest ``MAX_ENTRIES`` entries of a kind are kept.

Used for the report's CJK web-font subset (``report/webfont.py``): 0.3–0.5 s of fontTools work
per report otherwise, and a function of the characters the report uses.

``user=True`` keeps an entry in the user's cache folder instead (``$XDG_CACHE_HOME/precise`` or
``~/.cache/precise``; ``PRECISE_CACHE_DIR`` names another): only for bytes derived from the
installed package's own files, never from a case, so that every workspace shares them (as
matplotlib keeps its font list). Used for the bundled knowledge base parsed and checked
(``knowledge/kb.py``: 0.25 s of YAML parsing and schema validation in a new workspace). The
folder must be the user's own, writable by no one else and not a symlink, else it is not used.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from precisecli import userdirs
from precisecli.store import validated

MAX_ENTRIES = 32
MAX_BYTES = 8 << 20  # an entry larger than this is not read (and never written)
_KEY = re.compile(r"[0-9a-f]{64}")
_KINDS = re.compile(r"[a-z][a-z0-9-]{0,31}")


def _folder(kind: str, user: bool = False) -> Path | None:
    if not _KINDS.fullmatch(kind):
        raise ValueError(f"bad cache kind {kind!r}")
    if user:
        root = user_root()
        return root / kind if root is not None else None
    root = validated._ROOT[0]
    if root is None or root in validated._CLEARED:
        return None
    return root / validated.CACHE_DIR / kind


def user_root(create: bool = False) -> Path | None:
    """The user's cache folder for precise, or None when there is none fit to use: it must be
    an absolute path, a real folder (not a symlink) owned by this user that no one else may
    write to (the entries, derived from the package's own files, are no secret).
    ``create`` makes it (0700) when missing."""
    root = os.environ.get("PRECISE_CACHE_DIR") or userdirs.cache_base()
    if root is None or not userdirs.owned_folder(root, create=create):
        return None
    return Path(root)


def get(kind: str, key: str, *, user: bool = False) -> bytes | None:
    """The cached bytes of ``key`` (None when absent or unreadable)."""
    folder = _folder(kind, user)
    if folder is None or not _KEY.fullmatch(key):
        return None
    try:
        fd = os.open(folder / key, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_BYTES else None


def put(kind: str, key: str, data: bytes, *, user: bool = False) -> None:
    """Keep ``data`` under ``key`` (silently nothing when the workspace cannot take it)."""
    if user:
        user_root(create=True)
    folder = _folder(kind, user)
    if folder is None or not _KEY.fullmatch(key) or len(data) > MAX_BYTES:
        return
    root = folder.parent if user else folder.parent.parent
    if not root.is_dir():
        return  # never create a workspace just to cache
    temp = folder / f".{key}.{os.getpid()}"
    try:
        if not user:
            folder.parent.mkdir(mode=0o700, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, folder / key)
        _prune(folder)
    except OSError:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass


def _prune(folder: Path) -> None:
    """Keep the newest MAX_ENTRIES entries; drop temp files a killed writer left (> 1 h old)."""
    entries = []
    stale = time.time_ns() - 3600 * 10**9
    for item in os.scandir(folder):
        mtime = item.stat(follow_symlinks=False).st_mtime_ns
        if _KEY.fullmatch(item.name):
            entries.append((mtime, item.name))
        elif item.name.startswith(".") and mtime < stale:
            (folder / item.name).unlink(missing_ok=True)
    entries.sort()
    for _mtime, name in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        (folder / name).unlink(missing_ok=True)
