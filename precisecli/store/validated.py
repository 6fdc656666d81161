"""Which exact documents have already passed which schema — so an unchanged document is not
validated again (importing jsonschema and compiling a validator costs 0.1–0.3 s per process).

An entry is sha256(schema set, schema name, sha256 of the document's bytes). It is only ever
added after a full validation passed. Why skipping on a hit is safe:

- the document is parsed from exactly those bytes by a deterministic parser (strict JSON, or the
  YAML loader of ``store.documents``), so it is the very data that passed — a changed, damaged or
  tampered document has other bytes, hence another digest, and is validated in full;
- the schema-set key covers the bytes of every installed schema file, precise's version and the
  installed jsonschema (its file and the folder it is installed in, which changes when packages
  are added or removed — format checkers depend on optional packages), so a changed schema or
  validator invalidates every entry;
- a document validated as a Python object counts for its serialised bytes only when the object
  is plain JSON (dict with str keys, list, str, int, float, bool, None), for which parsing the
  bytes back gives the same structure and types.

Entries live in this process and in ``<workspace>/.precise-cache/validated`` (one hex digest a
line, append-only with atomic line writes, 0600 inside a 0700 folder, compacted when long; the
folder also holds the derived files of ``store.blobcache``). The
file only ever lets precise skip work: losing or deleting it costs time, never correctness, and
every failure to read or write it is ignored. Forging an entry needs write access to the
workspace, which already allows changing the case itself. ``precise case validate`` does not
use the cache for documents: it always validates every document in full. (``store.schema`` also
records here that each installed schema passed the draft 2020-12 metaschema check, under the
same schema-set key.)
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

CACHE_DIR = ".precise-cache"
CACHE_FILE = "validated"
_MAX_LINES = 4000  # compact to the newest half beyond this
_MAX_BYTES = 1 << 20

_SEEN: set[str] = set()
_LOADED: set[Path] = set()
_CLEARED: set[Path] = set()  # workspaces this process emptied: never written again by it
_ROOT: list[Path | None] = [None]
_KEY: list[str] = []


def use_workspace(root: Path | None) -> None:
    """The workspace whose cache file this process reads and extends (None: memory only)."""
    _ROOT[0] = Path(root) if root is not None else None


def schema_set_key() -> str:
    if not _KEY:
        import importlib.util

        from precisecli import __version__
        from precisecli.resources import resource_dir

        h = hashlib.sha256(f"precise {__version__}\0".encode())
        for path in sorted(resource_dir("schemas").rglob("*.schema.json")):
            h.update(path.relative_to(resource_dir("schemas")).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
        spec = importlib.util.find_spec("jsonschema")
        origin = Path(spec.origin) if spec and spec.origin else None
        for item in (origin, origin.parent.parent if origin else None):
            if item is not None:
                st = os.stat(item)
                h.update(f"{item}\0{st.st_mtime_ns}\0{st.st_size}\0".encode())
        _KEY.append(h.hexdigest())
    return _KEY[0]


def _entry(name: str, raw: bytes) -> str:
    doc = hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(f"{schema_set_key()}\0{name}\0{doc}".encode()).hexdigest()


def _file(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


def _load(root: Path) -> None:
    if root in _LOADED:
        return
    _LOADED.add(root)
    try:
        with open(_file(root), "rb") as handle:
            text = handle.read(_MAX_BYTES + 1)
    except OSError:
        return
    if len(text) > _MAX_BYTES:
        return
    _SEEN.update(line for line in text.decode("ascii", "replace").split("\n") if len(line) == 64)


def known(name: str, raw: bytes | str) -> bool:
    """Did exactly these bytes already pass schema ``name``?"""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    root = _ROOT[0]
    if root is not None:
        _load(root)
    return _entry(name, raw) in _SEEN


def remember(name: str, raw: bytes | str) -> None:
    """Record that these bytes passed schema ``name`` (call only after a full validation)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    entry = _entry(name, raw)
    if entry in _SEEN:
        return
    _SEEN.add(entry)
    root = _ROOT[0]
    if root is None or root in _CLEARED or not root.is_dir():
        return  # never create a workspace just to cache
    try:
        folder = root / CACHE_DIR
        folder.mkdir(mode=0o700, exist_ok=True)
        path = _file(root)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (entry + "\n").encode("ascii"))  # one write: never a torn line
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if size > _MAX_LINES * 65:
            _compact(path)
    except OSError:
        pass  # read-only or full disk: the cache only saves time


def clear(root: Path) -> None:
    """Forget every entry of this workspace and remove its whole cache folder, the derived files
    of ``store.blobcache`` included (after a case is deleted: its digests go, and so do e.g. the
    report's CJK font subsets, which reveal which characters a patient's notes use); other
    cases' documents are simply validated again once. This process writes no new entry there
    (the deleting command's own --json output would otherwise start a new file)."""
    import shutil

    _SEEN.clear()
    _LOADED.discard(root)
    _CLEARED.add(root)
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)  # a symlink is refused, not followed


def _compact(path: Path) -> None:
    lines = path.read_bytes().decode("ascii", "replace").split("\n")
    keep = [line for line in lines if len(line) == 64][-(_MAX_LINES // 2) :]
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.write_bytes(("\n".join(keep) + "\n").encode("ascii"))
    os.chmod(temp, 0o600)
    os.replace(temp, path)


def plain_json(value: Any, depth: int = 0) -> bool:
    """True when ``value`` serialises to JSON that parses back to the same types and values."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    if depth > 200:
        return False
    if kind is list:
        return all(plain_json(item, depth + 1) for item in value)
    if kind is dict:
        return all(type(k) is str and plain_json(v, depth + 1) for k, v in value.items())
    return False
