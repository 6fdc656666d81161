"""The per-case summary document (summary.json) on disk: written with every commit, read by the
cohort commands one small file per case.

Written: `summary_bytes(record, case_bytes)` is called by the commit path (and `case new`) with
the final case.json bytes; the document (built by `precisecli.cohort.digest`) is validated
against `case-summary.schema.json` there, once. A record the builder cannot summarise gets no
summary (a stale one is removed), so that readers fall back to the full case.

Read: `read_summary(store, case_id)` reads summary.json and case.json's bytes; the summary is
used when its `case_sha256` is that of case.json (so it was computed from exactly the record on
disk, which was validated when it was committed). Otherwise (an older workspace, a bundle
import, a record changed outside precise) the full case is read and validated, the summary is
computed from it and saved again (a derived file, under the exclusive lock, only if case.json
has not changed meanwhile; not audited: it adds no information).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from precisecli.errors import PreciseError
from precisecli.store.documents import dumps_json
from precisecli.store.faults import ENVIRONMENT_ERRNOS, storage_fault
from precisecli.store.integrity import read_regular
from precisecli.store.workspace import CASE_ID_RE

if TYPE_CHECKING:
    from precisecli.store.cases import CaseStore

SUMMARY_FILE = "summary.json"
SUMMARY_SCHEMA = "case-summary.schema.json"
MAX_SUMMARY_BYTES = 4 << 20


def summary_bytes(record: dict[str, Any], case_bytes: bytes) -> bytes | None:
    """The serialised, validated summary of a record (None when it cannot be built: the cohort
    readers then use the full case and report its problem there)."""
    from precisecli.cohort.digest import build_summary
    from precisecli.store.schema import validate

    try:
        doc = build_summary(record, hashlib.sha256(case_bytes).hexdigest())
        validate(doc, SUMMARY_SCHEMA, source=SUMMARY_FILE)
    except (PreciseError, KeyError, TypeError, ValueError):
        return None
    return dumps_json(doc).encode("utf-8")


def _read_files(case_dir: Path, case_id: str) -> tuple[bytes, bytes | None]:
    from precisecli.store.cases import CASE_FILE

    source = f"{case_id}/{CASE_FILE}"
    with storage_fault("read the case record", source):
        case_raw = read_regular(case_dir / CASE_FILE, source)
        try:
            raw = read_regular(
                case_dir / SUMMARY_FILE, f"{case_id}/{SUMMARY_FILE}", MAX_SUMMARY_BYTES
            )
        except FileNotFoundError:
            raw = None
    return case_raw, raw


def _read(store: CaseStore, case_id: str) -> tuple[bytes, bytes | None]:
    """case.json and summary.json as they are. No lock is needed for this pair: a writer
    replaces the two files one after the other, and a summary read beside another case.json
    than the one it was computed from fails the sha256 check and is not used. A case with a
    killed writer's journal, or a folder that is a link, goes the full way (settled, checked)."""
    from precisecli.store.recovery import pending

    case_dir = store.workspace.root / case_id
    if CASE_ID_RE.fullmatch(case_id) and not os.path.islink(case_dir) and not pending(case_dir):
        return _read_files(case_dir, case_id)
    with store._shared(case_id) as checked_dir:
        return _read_files(checked_dir, case_id)


def _usable(raw: bytes | None, sha: str, case_id: str) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        doc = json.loads(raw)
    except ValueError:
        return None
    if (
        not isinstance(doc, dict)
        or doc.get("case_sha256") != sha
        or doc.get("case_id") != case_id
        or doc.get("schema_version") != 1
    ):
        return None
    return doc


def read_summary(store: CaseStore, case_id: str, *, rebuild: bool = True) -> dict[str, Any]:
    """The case's summary document (see the module docstring)."""
    case_raw, raw = _read(store, case_id)
    sha = hashlib.sha256(case_raw).hexdigest()
    doc = _usable(raw, sha, case_id)
    if doc is not None:
        return doc
    from precisecli.cohort.digest import build_summary
    from precisecli.store.schema import validate

    record = store.load(case_id)  # validated; raises on a damaged record
    with store._shared(case_id) as case_dir:
        case_raw, _ = _read_files(case_dir, case_id)
    sha = hashlib.sha256(case_raw).hexdigest()
    doc = build_summary(record, sha)
    validate(doc, SUMMARY_SCHEMA, source=f"{case_id}/{SUMMARY_FILE}")
    if rebuild:
        _save(store, case_id, sha, dumps_json(doc).encode("utf-8"))
    return doc


def _save(store: CaseStore, case_id: str, sha: str, data: bytes) -> None:
    from precisecli.store.atomic import atomic_write_bytes
    from precisecli.store.cases import CASE_FILE

    case_dir = store.workspace.existing_case_dir(case_id)
    try:
        with store._lock(case_dir, case_id, exclusive=True):
            current = read_regular(case_dir / CASE_FILE, f"{case_id}/{CASE_FILE}")
            if hashlib.sha256(current).hexdigest() == sha:
                atomic_write_bytes(case_dir / SUMMARY_FILE, data)
    except (OSError, PreciseError) as exc:
        # A read-only or full workspace still gets the right answer, computed from the case.
        if isinstance(exc, OSError) and exc.errno not in ENVIRONMENT_ERRNOS:
            raise
