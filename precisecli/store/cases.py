"""Reading and changing a case folder as one atomic transaction.

A command changes a case only inside ``CaseStore.update(...)``. Files are staged in memory; on
success they are written to ``<case>/.txn/`` and a manifest is written last (the commit point).
Then every staged file is moved over its target with os.replace. A process killed after the
manifest is written is rolled forward by the next writer; one killed before leaves only scratch
files that are swept. Either way the case is left exactly as before or exactly as after.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from precisecli.errors import (
    CaseExistsError,
    IntegrityError,
    Location,
    ValidationError,
    note_commit,
)
from precisecli.store import audit
from precisecli.store.atomic import copy_temp, fsync_dir, move_temp, write_temp
from precisecli.store.case_summary import SUMMARY_FILE, summary_bytes
from precisecli.store.documents import dumps_json, loads_json
from precisecli.store.faults import ENVIRONMENT_ERRNOS, describe, storage_fault
from precisecli.store.hashing import FileDigest
from precisecli.store.integrity import (
    check_case_id,
    check_inside,
    check_plain_tree,
    read_regular,
)
from precisecli.store.lock import CaseLock
from precisecli.store.opened import OPENED
from precisecli.store.recovery import (
    MANIFEST,
    SCRATCH_PREFIX,
    TXN_DIR,
    apply_plan,
    pending,
    recover,
    sweep_new_case_folders,
)
from precisecli.store.schema import validate
from precisecli.store.transaction import CaseTransaction, check_relative
from precisecli.store.workspace import Workspace

CASE_FILE = "case.json"
AUDIT_FILE = "audit.jsonl"
SCHEMA_VERSION = 1
__all__ = ["MANIFEST", "SCRATCH_PREFIX", "TXN_DIR", "CaseTransaction", "recover"]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _serialised(data: Any) -> str | None:
    """The JSON text ``data`` will be stored as; None when it cannot be (the write refuses it
    later, after validation, as before)."""
    try:
        return dumps_json(data)
    except Exception:
        return None


def read_case_json(case_dir: Path) -> dict[str, Any]:
    source = f"{case_dir.name}/{CASE_FILE}"
    with storage_fault("read the case record", source):
        raw = read_regular(case_dir / CASE_FILE, source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntegrityError(
            "not UTF-8 text",
            location=Location(file=source),
            hint="the case record was damaged outside precise; restore it from backup",
        ) from None
    data = loads_json(text, source)
    validate(
        data,
        "case.schema.json",
        source=source,
        hint="the case record was changed outside precise; restore it from backup",
        raw=raw,
    )
    check_case_id(data, case_dir, source)
    return data


class CaseStore:
    def __init__(self, workspace: Workspace):
        self.workspace = workspace

    # --- reading -------------------------------------------------------------------------
    def _settle(self, case_dir: Path, case_id: str) -> None:
        """Readers never see a killed writer's half-applied change: if a journal is left, finish
        or discard it first (under the exclusive lock), as the next writer would."""
        if pending(case_dir):
            with self._lock(case_dir, case_id, exclusive=True):
                check_plain_tree(case_dir)
                with storage_fault("finish an interrupted change", case_dir.name):
                    recover(case_dir)

    @staticmethod
    def _lock(case_dir: Path, case_id: str, *, exclusive: bool) -> CaseLock:
        return _FaultTolerantLock(case_dir, case_id, exclusive=exclusive)

    @contextmanager
    def _shared(self, case_id: str) -> Iterator[Path]:
        case_dir = self.workspace.existing_case_dir(case_id)
        OPENED[(self.workspace.root, case_id)] = None
        for _ in range(3):
            self._settle(case_dir, case_id)
            with self._lock(case_dir, case_id, exclusive=False):
                if pending(case_dir):
                    continue  # a writer died between the two locks: settle again
                check_plain_tree(case_dir)
                yield case_dir
                return
        with self._lock(case_dir, case_id, exclusive=False):
            check_plain_tree(case_dir)
            yield case_dir

    def load(self, case_id: str) -> dict[str, Any]:
        with self._shared(case_id) as case_dir:
            return read_case_json(case_dir)

    @contextmanager
    def reading(self, case_id: str) -> Iterator[tuple[dict[str, Any], Path]]:
        """Hold a shared lock while a command reads the record and the files beside it."""
        with self._shared(case_id) as case_dir:
            yield read_case_json(case_dir), case_dir

    def audit_lines(self, case_id: str) -> list[str]:
        with self._shared(case_id) as case_dir:
            return _audit_text(case_dir).splitlines()

    def verify_audit(self, case_id: str) -> audit.VerifyResult:
        key = audit.site_key()
        with self._shared(case_id) as case_dir:
            record = read_case_json(case_dir)
            lines = _audit_text(case_dir).splitlines()
        head = record["audit"]["head"]
        return audit.verify_lines(lines, head, record["audit"]["entries"], key)

    # --- creating ------------------------------------------------------------------------
    def create(
        self,
        case_id: str,
        intake: dict[str, Any],
        *,
        args: dict[str, Any],
        inputs: list[FileDigest],
    ) -> dict[str, Any]:
        """Build the case in a scratch folder and rename it into place (atomic, no overwrite)."""
        key = audit.site_key()
        root = self.workspace.ensure()
        target = self.workspace.case_dir(case_id)
        if os.path.lexists(target):
            raise CaseExistsError(
                f"case {case_id} already exists",
                hint="choose another id, or inspect it with `precise case show`",
            )
        now = utc_now()
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "case_id": case_id,
            "created": now,
            "updated": now,
            "intake": intake,
            "inputs": [dict(d.as_dict(), imported=now, command="case new") for d in inputs],
            "audit": {"entries": 0, "head": audit.GENESIS},
        }
        entry = audit.new_entry(
            seq=1,
            prev=audit.GENESIS,
            command="case new",
            args=args,
            inputs=inputs,
            kb=None,
            key=key,
        )
        record["audit"] = {"entries": 1, "head": entry["hash"]}
        validate(record, "case.schema.json", source=CASE_FILE, written=_serialised(record))
        scratch = Path(os.path.join(root, f".tmp-new-{os.getpid()}-{case_id}"))
        with storage_fault("create the case", case_id):
            sweep_new_case_folders(root)
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(mode=0o700)
            try:
                case_bytes = dumps_json(record).encode("utf-8")
                for name, data in (
                    (CASE_FILE, case_bytes),
                    (AUDIT_FILE, audit.serialise(entry).encode("utf-8")),
                    (SUMMARY_FILE, summary_bytes(record, case_bytes)),
                ):
                    if data is not None:
                        os.replace(write_temp(scratch, data), scratch / name)
                os.close(os.open(scratch / ".lock", os.O_CREAT | os.O_WRONLY, 0o600))
                fsync_dir(scratch)
                if os.path.lexists(target):
                    raise CaseExistsError(f"case {case_id} already exists")
                try:
                    os.rename(scratch, target)  # fails if another process created it meanwhile
                except OSError as exc:
                    if exc.errno in ENVIRONMENT_ERRNOS:
                        raise
                    raise CaseExistsError(f"case {case_id} already exists") from None
                note_commit(case_id)
                fsync_dir(root)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        return record

    # --- changing ------------------------------------------------------------------------
    @contextmanager
    def scratch(self, case_id: str) -> Iterator[Path]:
        """A private folder inside the case folder (so on its filesystem) for large outputs that
        a transaction will stage with write_file(..., move=True): the commit then renames them
        instead of copying. Removed on exit; a killed command's folder is swept by the next
        writer. It is flock-ed while in use, and created under the shared case lock so that a
        writer sweeping stale folders never sees it unlocked."""
        with self._shared(case_id) as case_dir, storage_fault("prepare the import", case_id):
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=case_dir))
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            os.close(fd)

    @contextmanager
    def update(
        self,
        case_id: str,
        *,
        command: str,
        args: dict[str, Any] | None = None,
        inputs: list[FileDigest] | None = None,
        kb: dict[str, Any] | None = None,
    ) -> Iterator[CaseTransaction]:
        """Open a case for one change. Nothing reaches disk unless the block ends normally.

        Every decision that depends on the case (does this sample exist? is a line running?)
        must be taken on ``txn.record`` inside the block: it was read under the exclusive lock,
        so no other writer can change the case between the check and the commit. A record
        loaded before the block may be stale by the time the block runs."""
        key = audit.site_key()
        case_dir = self.workspace.existing_case_dir(case_id)
        OPENED[(self.workspace.root, case_id)] = None
        with self._lock(case_dir, case_id, exclusive=True):
            check_plain_tree(case_dir)
            with storage_fault("finish an interrupted change", case_id):
                recover(case_dir)
            record = read_case_json(case_dir)
            txn = CaseTransaction(
                case_id=case_id,
                case_dir=case_dir,
                record=copy.deepcopy(record),
                command=command,
                args=dict(args or {}),
                inputs=list(inputs or []),
                kb=kb,
                _original=copy.deepcopy(record),
            )
            yield txn
            if txn.changed:
                self._commit(txn, key)

    def _commit(self, txn: CaseTransaction, key: bytes | None) -> None:
        record = txn.record
        now = utc_now()
        record["updated"] = now
        known = {i["sha256"] for i in record.get("inputs", [])}
        for digest in txn.inputs:
            if digest.sha256 not in known:
                record.setdefault("inputs", []).append(
                    dict(digest.as_dict(), imported=now, command=txn.command)
                )
                known.add(digest.sha256)
        head, count = txn._original["audit"]["head"], txn._original["audit"]["entries"]
        with storage_fault("read the audit log", f"{txn.case_id}/{AUDIT_FILE}"):
            old_audit = read_regular(
                txn.case_dir / AUDIT_FILE, f"{txn.case_id}/{AUDIT_FILE}", limit=1 << 30
            )
        problem = audit.tail_problem(old_audit, head, count, key)
        if problem:
            raise IntegrityError(
                f"the audit log is broken ({problem}); refusing to append to it",
                location=Location(file=f"{txn.case_id}/{AUDIT_FILE}"),
                hint=f"run `precise case log {txn.case_id} --verify` to find the damage, then "
                f"restore {txn.case_id}/{AUDIT_FILE} from backup; precise never rewrites the log",
            )
        entry = audit.new_entry(
            seq=count + 1,
            prev=head,
            command=txn.command,
            args=txn.args,
            inputs=txn.inputs,
            kb=txn.kb,
            key=key,
        )
        record["audit"] = {"entries": count + 1, "head": entry["hash"]}
        case_text = _serialised(record)
        validate(record, "case.schema.json", source=CASE_FILE, written=case_text)

        files = dict(txn._files)
        files[AUDIT_FILE] = old_audit + audit.serialise(entry).encode("utf-8")
        case_bytes = dumps_json(record).encode("utf-8")
        summary = summary_bytes(record, case_bytes)  # the cohort's per-case document
        if summary is not None:
            files[SUMMARY_FILE] = summary
        elif (txn.case_dir / SUMMARY_FILE).exists():
            txn._removals.add(SUMMARY_FILE)
        files[CASE_FILE] = case_bytes  # last: the source of truth
        for rel in [*files, *txn._removals]:
            check_inside(txn.case_dir, rel)

        txn_dir = txn.case_dir / TXN_DIR
        try:
            txn_dir.mkdir(mode=0o700)
            writes = []
            for rel, data in files.items():
                if not isinstance(data, Path):
                    temp = write_temp(txn_dir, data)
                elif rel in txn._moves:
                    temp = move_temp(txn_dir, data)
                else:
                    temp = copy_temp(txn_dir, data)
                writes.append([temp.name, rel])
            plan = {"writes": writes, "removals": sorted(txn._removals)}
            manifest_temp = write_temp(txn_dir, json.dumps(plan).encode("utf-8"))
            fsync_dir(txn_dir)
            os.replace(manifest_temp, txn_dir / MANIFEST)  # commit point
            note_commit(txn.case_id)  # from here on a failure must not say "nothing was changed"
        except BaseException as exc:
            shutil.rmtree(txn_dir, ignore_errors=True)
            if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRNOS:
                raise describe(exc, doing="save the change", where=txn.case_id) from None
            raise
        try:
            fsync_dir(txn_dir)
            apply_plan(txn.case_dir, plan)
            shutil.rmtree(txn_dir)
            fsync_dir(txn.case_dir)
        except OSError as exc:
            if exc.errno not in ENVIRONMENT_ERRNOS:
                raise
            raise describe(
                exc, doing="finish saving the change", where=txn.case_id, changed=True
            ) from None


class _FaultTolerantLock(CaseLock):
    """CaseLock whose open/flock failures (read-only or unreadable lock file) are exit 3."""

    def __enter__(self) -> CaseLock:
        with storage_fault("open the case lock", f"{self.case_id}/.lock"):
            return super().__enter__()


def _audit_text(case_dir: Path) -> str:
    source = f"{case_dir.name}/{AUDIT_FILE}"
    if not os.path.lexists(case_dir / AUDIT_FILE):
        return ""
    with storage_fault("read the audit log", source):
        raw = read_regular(case_dir / AUDIT_FILE, source, limit=1 << 30)
    return raw.decode("utf-8", errors="replace")


def read_json_file(case_dir: Path, rel: str, schema: str) -> Any:
    """Read a JSON file of a case and validate it (every read is validated)."""
    path = check_inside(case_dir, check_relative(rel))
    with storage_fault("read a case file", f"{case_dir.name}/{rel}"):
        raw = read_regular(path, f"{case_dir.name}/{rel}")
    data = loads_json(raw.decode("utf-8", errors="replace"), f"{case_dir.name}/{rel}")
    try:
        validate(data, schema, source=f"{case_dir.name}/{rel}", raw=raw)
    except ValidationError as exc:
        raise ValidationError(
            exc.message,
            location=exc.location or Location(file=rel),
            hint="the file was changed outside precise",
        ) from None
    return data
