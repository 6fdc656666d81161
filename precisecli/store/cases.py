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
import filecmp
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from precisecli.errors import (
    CaseExistsError,
    InternalError,
    Location,
    ValidationError,
    note_commit,
)
from precisecli.store import audit
from precisecli.store.atomic import (
    copy_temp,
    fsync_dir,
    move_temp,
    sweep_temp_files,
    write_temp,
)
from precisecli.store.documents import dumps_json, loads_json
from precisecli.store.hashing import FileDigest
from precisecli.store.lock import CaseLock
from precisecli.store.schema import validate
from precisecli.store.workspace import Workspace

CASE_FILE = "case.json"
AUDIT_FILE = "audit.jsonl"
TXN_DIR = ".txn"
MANIFEST = "manifest.json"
SCRATCH_PREFIX = ".scratch-"
SCHEMA_VERSION = 1


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _check_relative(rel: str) -> str:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or rel.startswith("."):
        raise InternalError(f"refusing to write outside the case folder: {rel!r}")
    return str(pure)


def read_case_json(case_dir: Path) -> dict[str, Any]:
    path = case_dir / CASE_FILE
    data = loads_json(path.read_text(encoding="utf-8"), f"{case_dir.name}/{CASE_FILE}")
    validate(
        data,
        "case.schema.json",
        source=f"{case_dir.name}/{CASE_FILE}",
        hint="the case record was changed outside precise; restore it from backup",
    )
    return data


def recover(case_dir: Path) -> None:
    """Finish or discard a transaction a killed writer left behind. Caller holds the write lock."""
    txn = case_dir / TXN_DIR
    if txn.is_dir():
        manifest = txn / MANIFEST
        if manifest.is_file():
            plan = json.loads(manifest.read_text(encoding="utf-8"))
            _apply(case_dir, plan)
        shutil.rmtree(txn, ignore_errors=True)
        fsync_dir(case_dir)
    sweep_temp_files(case_dir)
    _sweep_scratch(case_dir)


def _sweep_scratch(case_dir: Path) -> None:
    """Remove scratch folders of killed commands. A live one is flock-ed by its owner (see
    CaseStore.scratch), so only folders nobody holds are removed."""
    for folder in case_dir.glob(SCRATCH_PREFIX + "*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # in use by a running command
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def _apply(case_dir: Path, plan: dict[str, Any]) -> None:
    touched: set[Path] = set()
    for temp_name, target in plan["writes"]:
        temp = case_dir / TXN_DIR / temp_name
        dest = case_dir / target
        if temp.exists():  # absent means this step already happened before a crash
            dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.replace(temp, dest)
            touched.add(dest.parent)
    for target in plan["removals"]:
        dest = case_dir / target
        if dest.is_file():
            dest.unlink()
            touched.add(dest.parent)
    for directory in touched:
        fsync_dir(directory)


@dataclass
class CaseTransaction:
    """What one command changes in a case. The record is the parsed case.json, to be edited."""

    case_id: str
    case_dir: Path
    record: dict[str, Any]
    command: str
    args: dict[str, Any]
    inputs: list[FileDigest]
    kb: dict[str, Any] | None = None
    _files: dict[str, bytes | Path] = field(default_factory=dict)
    _moves: set[str] = field(default_factory=set)
    _removals: set[str] = field(default_factory=set)
    _original: dict[str, Any] = field(default_factory=dict)

    def write_bytes(self, rel: str, data: bytes) -> None:
        rel = _check_relative(rel)
        self._removals.discard(rel)
        self._files[rel] = data

    def write_file(self, rel: str, source: Path, *, move: bool = False) -> None:
        """Stage a file already on disk (e.g. a large table streamed to a temp file); it is
        copied in chunks at commit, so big tables never sit in memory. Keep it until then.
        move=True hands the file over: the commit renames it into the journal (no copy) when
        it is on the case's filesystem, e.g. in a CaseStore.scratch folder, and it is gone
        afterwards whether or not the commit succeeds."""
        rel = _check_relative(rel)
        self._removals.discard(rel)
        self._files[rel] = Path(source)
        if move:
            self._moves.add(rel)
        else:
            self._moves.discard(rel)

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_json(self, rel: str, data: Any, schema: str | None = None) -> None:
        if schema:
            validate(data, schema, source=rel)
        self.write_text(rel, dumps_json(data))

    def remove(self, rel: str) -> None:
        rel = _check_relative(rel)
        self._files.pop(rel, None)
        self._moves.discard(rel)
        self._removals.add(rel)

    def path(self, rel: str) -> Path:
        """Where a file of this case lives (to read the current, committed version)."""
        return self.case_dir / _check_relative(rel)

    def _unchanged_files(self) -> bool:
        for rel, data in self._files.items():
            target = self.case_dir / rel
            if not target.is_file():
                return False
            if isinstance(data, Path):
                if not filecmp.cmp(target, data, shallow=False):
                    return False
            elif target.read_bytes() != data:
                return False
        return all(not (self.case_dir / rel).exists() for rel in self._removals)

    @property
    def changed(self) -> bool:
        return self.record != self._original or not self._unchanged_files()


class CaseStore:
    def __init__(self, workspace: Workspace):
        self.workspace = workspace

    # --- reading -------------------------------------------------------------------------
    def load(self, case_id: str) -> dict[str, Any]:
        case_dir = self.workspace.existing_case_dir(case_id)
        with CaseLock(case_dir, case_id, exclusive=False):
            return read_case_json(case_dir)

    @contextmanager
    def reading(self, case_id: str) -> Iterator[tuple[dict[str, Any], Path]]:
        """Hold a shared lock while a command reads the record and the files beside it."""
        case_dir = self.workspace.existing_case_dir(case_id)
        with CaseLock(case_dir, case_id, exclusive=False):
            yield read_case_json(case_dir), case_dir

    def audit_lines(self, case_id: str) -> list[str]:
        case_dir = self.workspace.existing_case_dir(case_id)
        with CaseLock(case_dir, case_id, exclusive=False):
            path = case_dir / AUDIT_FILE
            return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []

    def verify_audit(self, case_id: str) -> audit.VerifyResult:
        case_dir = self.workspace.existing_case_dir(case_id)
        with CaseLock(case_dir, case_id, exclusive=False):
            record = read_case_json(case_dir)
            path = case_dir / AUDIT_FILE
            lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        head = record["audit"]["head"]
        return audit.verify_lines(lines, head, record["audit"]["entries"])

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
        root = self.workspace.ensure()
        target = self.workspace.case_dir(case_id)
        if target.exists():
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
            seq=1, prev=audit.GENESIS, command="case new", args=args, inputs=inputs, kb=None
        )
        record["audit"] = {"entries": 1, "head": entry["hash"]}
        validate(record, "case.schema.json", source=CASE_FILE)
        scratch = Path(os.path.join(root, f".tmp-new-{os.getpid()}-{case_id}"))
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(mode=0o700)
        try:
            for name, text in (
                (CASE_FILE, dumps_json(record)),
                (AUDIT_FILE, audit.serialise(entry)),
            ):
                os.replace(write_temp(scratch, text.encode("utf-8")), scratch / name)
            os.close(os.open(scratch / ".lock", os.O_CREAT | os.O_WRONLY, 0o600))
            fsync_dir(scratch)
            try:
                os.rename(scratch, target)  # fails if another process created it meanwhile
            except OSError:
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
        case_dir = self.workspace.existing_case_dir(case_id)
        with CaseLock(case_dir, case_id, exclusive=False):
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
        """Open a case for one change. Nothing reaches disk unless the block ends normally."""
        case_dir = self.workspace.existing_case_dir(case_id)
        with CaseLock(case_dir, case_id, exclusive=True):
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
                self._commit(txn)

    def _commit(self, txn: CaseTransaction) -> None:
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
        seq = record["audit"]["entries"] + 1
        entry = audit.new_entry(
            seq=seq,
            prev=record["audit"]["head"],
            command=txn.command,
            args=txn.args,
            inputs=txn.inputs,
            kb=txn.kb,
        )
        record["audit"] = {"entries": seq, "head": entry["hash"]}
        validate(record, "case.schema.json", source=CASE_FILE)

        audit_path = txn.case_dir / AUDIT_FILE
        old_audit = audit_path.read_bytes() if audit_path.is_file() else b""
        files = dict(txn._files)
        files[AUDIT_FILE] = old_audit + audit.serialise(entry).encode("utf-8")
        files[CASE_FILE] = dumps_json(record).encode("utf-8")  # last: the source of truth

        txn_dir = txn.case_dir / TXN_DIR
        shutil.rmtree(txn_dir, ignore_errors=True)
        txn_dir.mkdir(mode=0o700)
        try:
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
        except BaseException:
            shutil.rmtree(txn_dir, ignore_errors=True)
            raise
        os.replace(manifest_temp, txn_dir / MANIFEST)  # commit point
        note_commit(txn.case_id)  # from here on, a failure must not say "nothing was changed"
        fsync_dir(txn_dir)
        _apply(txn.case_dir, plan)
        shutil.rmtree(txn_dir, ignore_errors=True)
        fsync_dir(txn.case_dir)


def read_json_file(case_dir: Path, rel: str, schema: str) -> Any:
    """Read a JSON file of a case and validate it (every read is validated)."""
    path = case_dir / _check_relative(rel)
    data = loads_json(path.read_text(encoding="utf-8"), f"{case_dir.name}/{rel}")
    try:
        validate(data, schema, source=f"{case_dir.name}/{rel}")
    except ValidationError as exc:
        raise ValidationError(
            exc.message,
            location=exc.location or Location(file=rel),
            hint="the file was changed outside precise",
        ) from None
    return data
