"""Moving a case: a self-contained, verified bundle (deterministic .tar.gz) and its import.

Bundle layout::

    MANIFEST.json          {format, version, case_id, tool_version, audit{entries, head},
                            with_inputs, files: [{path, sha256, size}]}
    case/case.json         the case record
    case/audit.jsonl       the hash-chained audit log
    case/...               tables, screens, reports (every regular file of the case folder)
    case/inputs/<sha256>/<name>   the input files themselves (--with-inputs)

The tar is deterministic: members sorted, regular files only (no folders), mtime 0, uid/gid 0,
no user names, mode 0600, gzip header without name and with mtime 0 — the same case gives the
same bytes.

Import verifies everything before it writes anything: member names (no absolute paths, no
``..``, nothing outside ``case/``), member types (no links, devices or FIFOs), the member count
and total size (``precisecli/limits.py``), every file against the manifest (sha256 and size, no
missing or extra file), case.json against its schema and the audit chain against the head and
count case.json keeps. Only then is the case written into a private folder of the workspace
(every file hashed again while written) and renamed into place; an existing id is refused.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from precisecli import __version__
from precisecli.errors import CaseExistsError, InputError, Location
from precisecli.limits import exceeded, limit, require_regular_file
from precisecli.store import audit
from precisecli.store.atomic import TEMP_PREFIX, fsync_dir, write_temp
from precisecli.store.cases import AUDIT_FILE, CASE_FILE, CaseStore, utc_now
from precisecli.store.documents import dumps_json, loads_json
from precisecli.store.lock import CaseLock
from precisecli.store.schema import validate
from precisecli.store.workspace import check_identifier

FORMAT = "precise-case-bundle"
VERSION = 1
MANIFEST = "MANIFEST.json"
ROOT = "case"
CHUNK = 1 << 20


# --- export ---------------------------------------------------------------------------------
def _case_files(case_dir: Path) -> list[str]:
    """Every regular file of the case folder (relative POSIX paths), without hidden names (lock,
    journal, scratch and temp files). A link inside a case is refused: cases hold real files."""
    out = []
    for path in sorted(case_dir.rglob("*")):
        rel = path.relative_to(case_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue  # lock, journal, scratch and temp files: precise writes no other hidden name
        if path.is_symlink():
            raise InputError(
                "the case folder holds a symbolic link; refusing to export it",
                location=Location(file=rel.as_posix()),
                hint="a case holds only files precise wrote; check who changed the folder",
            )
        if path.is_file():
            out.append(rel.as_posix())
    return out


def _sha256(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def _safe_name(name: str) -> str:
    pure = PurePosixPath(name)
    if pure.name != name or name in ("", ".", "..") or "\\" in name or not name.isprintable():
        return "input"
    return name


def _find_inputs(
    record: dict[str, Any], case_dir: Path, inputs_dir: Path | None
) -> dict[str, Path]:
    """Bundle path → source file for every input on record (matched by sha256, not name)."""
    wanted = {i["sha256"]: i for i in record.get("inputs", [])}
    found: dict[str, Path] = {}
    for sha in wanted:
        folder = case_dir / "inputs" / sha
        if folder.is_dir():
            for f in folder.iterdir():
                if f.is_file() and not f.is_symlink():
                    found[sha] = f
    missing = {s: i for s, i in wanted.items() if s not in found}
    if missing and inputs_dir is not None:
        sizes = {i["size"] for i in missing.values()}
        for path in sorted(Path(inputs_dir).rglob("*")):
            if not missing:
                break
            if path.is_symlink() or not path.is_file():
                continue
            try:
                if path.stat().st_size not in sizes:
                    continue
                sha, _ = _sha256(path)
            except OSError:
                continue
            if sha in missing:
                found[sha] = path
                del missing[sha]
    if missing:
        names = sorted(i["name"] for i in missing.values())
        raise InputError(
            f"{len(missing)} input file(s) of the case not found: {', '.join(names[:5])}"
            + (" …" if len(names) > 5 else ""),
            location=Location(field="--with-inputs"),
            hint="give the folder holding them with --inputs-dir DIR (matched by sha256)",
        )
    return {f"inputs/{sha}/{_safe_name(wanted[sha]['name'])}": path for sha, path in found.items()}


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = 0
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.type = tarfile.REGTYPE
    return info


def export_case(
    st: CaseStore,
    case_id: str,
    out: Path,
    *,
    with_inputs: bool = False,
    inputs_dir: Path | None = None,
) -> dict[str, Any]:
    """Write the bundle of a case to `out` (atomically); returns {path, sha256, bytes, ...}."""
    out = Path(os.path.normpath(Path(out).expanduser().absolute()))
    if out.exists() and not out.is_file():
        raise InputError("--out names a folder or a special file", location=Location(file=out.name))
    case_dir = st.workspace.existing_case_dir(case_id)
    with CaseLock(case_dir, case_id, exclusive=False):
        record = loads_json((case_dir / CASE_FILE).read_text("utf-8"), CASE_FILE)
        sources = {f"{ROOT}/{rel}": case_dir / rel for rel in _case_files(case_dir)}
        if with_inputs:
            for rel, path in _find_inputs(record, case_dir, inputs_dir).items():
                sources.setdefault(f"{ROOT}/{rel}", path)
        files = []
        for name in sorted(sources):
            sha, size = _sha256(sources[name])
            files.append({"path": name, "sha256": sha, "size": size})
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "case_id": case_id,
            "tool_version": __version__,
            "audit": dict(record["audit"]),
            "with_inputs": with_inputs,
            "files": files,
        }
        validate(manifest, "bundle-manifest.schema.json", source=MANIFEST)
        try:
            out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=out.parent)
        except OSError as exc:
            raise InputError(
                f"cannot write the bundle ({exc.strerror})",
                location=Location(file=out.name),
                hint="choose a writable place with --out",
            ) from None
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as raw:
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                    with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                        data = dumps_json(manifest).encode("utf-8")
                        tar.addfile(_tarinfo(MANIFEST, len(data)), io.BytesIO(data))
                        for entry in files:
                            with open(sources[entry["path"]], "rb") as fh:
                                tar.addfile(_tarinfo(entry["path"], entry["size"]), fh)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(temp, out)
            fsync_dir(out.parent)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    sha, size = _sha256(out)
    return {
        "path": str(out),
        "sha256": sha,
        "bytes": size,
        "n_files": len(files),
        "with_inputs": with_inputs,
    }


# --- import ---------------------------------------------------------------------------------
def _refuse(message: str, *, member: str | None = None, hint: str | None = None) -> InputError:
    return InputError(
        message,
        location=Location(file=member[:120] if member else None),
        hint=hint or "the bundle was altered or is not a precise case bundle; nothing was written",
    )


def _check_member(member: tarfile.TarInfo) -> str | None:
    """The member's name if it is a regular file to import, None for a folder; refuses the rest."""
    name = member.name
    pure = PurePosixPath(name)
    if name.startswith("/") or pure.is_absolute() or "\\" in name:
        raise _refuse("bundle member with an absolute path", member=name)
    if ".." in pure.parts:
        raise _refuse("bundle member with '..' in its path", member=name)
    if not name.isprintable() or not pure.parts:
        raise _refuse("bundle member with an unprintable or empty name")
    if member.issym() or member.islnk():
        raise _refuse("bundle member is a link", member=name)
    if member.ischr() or member.isblk() or member.isfifo():
        raise _refuse("bundle member is a device or FIFO", member=name)
    if member.isdir():
        return None
    if not member.isreg():
        raise _refuse("bundle member is not a regular file", member=name)
    clean = str(pure)
    if clean != MANIFEST and (pure.parts[0] != ROOT or len(pure.parts) < 2):
        raise _refuse("bundle member outside case/", member=name)
    if len(pure.parts) > 1 and any(p.startswith(".") for p in pure.parts[1:]):
        raise _refuse("bundle member with a hidden name", member=name)
    return clean


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(
            f"not a readable .tar.gz bundle ({type(exc).__name__})",
            location=Location(file=path.name),
            hint="give a file written by precise case export",
        ) from None


@dataclass
class Verified:
    manifest: dict[str, Any]
    record: dict[str, Any]
    audit_text: str


def _read_all(tar: tarfile.TarFile, member: tarfile.TarInfo, sink=None) -> tuple[str, bytes]:
    """Stream a member: sha256 always; the bytes kept when sink is None, else written to sink."""
    fh = tar.extractfile(member)
    if fh is None:
        raise _refuse("bundle member cannot be read", member=member.name)
    h, kept, size = hashlib.sha256(), [], 0
    while block := fh.read(CHUNK):
        h.update(block)
        size += len(block)
        if sink is None:
            kept.append(block)
        else:
            sink.write(block)
    if size != member.size:
        raise _refuse("bundle member is truncated", member=member.name)
    return h.hexdigest(), b"".join(kept)


KEEP = {f"{ROOT}/{CASE_FILE}", f"{ROOT}/{AUDIT_FILE}", MANIFEST}


def verify_bundle(path: Path) -> Verified:
    """Check the whole bundle without writing anything; raises InputError (exit 3)."""
    st = require_regular_file(path, what="bundle")
    max_members = limit("max_bundle_members")
    max_total = limit("max_decompressed_bytes")
    max_doc = limit("max_document_bytes")
    seen: dict[str, tuple[str, int]] = {}
    kept: dict[str, bytes] = {}
    total = 0
    with _open(path) as tar:
        try:
            for count, member in enumerate(tar, start=1):
                if count > max_members:
                    raise exceeded("max_bundle_members", location=Location(file=path.name))
                name = _check_member(member)
                if name is None:
                    continue
                if name in seen:
                    raise _refuse("bundle member appears twice", member=name)
                total += member.size
                if total > max_total:
                    raise exceeded("max_decompressed_bytes", location=Location(file=path.name))
                if (
                    st.st_size
                    and total / st.st_size > limit("max_compression_ratio")
                    and (total > 64 << 20)
                ):
                    raise exceeded("max_compression_ratio", location=Location(file=path.name))
                if name in KEEP:
                    if member.size > max_doc:
                        raise exceeded("max_document_bytes", location=Location(file=name))
                    sha, data = _read_all(tar, member)
                    kept[name] = data
                else:
                    sha, _ = _read_all(tar, member, sink=_Null())
                seen[name] = (sha, member.size)
        except (tarfile.TarError, EOFError, OSError, gzip.BadGzipFile, zlib_error()) as exc:
            raise InputError(
                f"the bundle is damaged ({type(exc).__name__})",
                location=Location(file=path.name),
                hint="copy it again from its source",
            ) from None
    if MANIFEST not in kept:
        raise _refuse(f"the bundle has no {MANIFEST}")
    manifest = loads_json(kept[MANIFEST].decode("utf-8", "replace"), MANIFEST)
    validate(manifest, "bundle-manifest.schema.json", source=MANIFEST)
    listed = {f["path"]: (f["sha256"], f["size"]) for f in manifest["files"]}
    if len(listed) != len(manifest["files"]):
        raise _refuse("the manifest lists a file twice")
    files = {k: v for k, v in seen.items() if k != MANIFEST}
    for name in sorted(set(listed) | set(files)):
        if name not in files:
            raise _refuse("a file of the manifest is missing from the bundle", member=name)
        if name not in listed:
            raise _refuse("the bundle holds a file its manifest does not list", member=name)
        if files[name] != listed[name]:
            raise _refuse("file does not match its sha256 in the manifest", member=name)
    for required in (f"{ROOT}/{CASE_FILE}", f"{ROOT}/{AUDIT_FILE}"):
        if required not in kept:
            raise _refuse("the bundle has no case record or audit log", member=required)
    record = loads_json(kept[f"{ROOT}/{CASE_FILE}"].decode("utf-8", "replace"), CASE_FILE)
    validate(record, "case.schema.json", source=f"{ROOT}/{CASE_FILE}")
    if record["case_id"] != manifest["case_id"]:
        raise _refuse("the manifest and case.json name different cases")
    audit_text = kept[f"{ROOT}/{AUDIT_FILE}"].decode("utf-8", "replace")
    result = audit.verify_lines(
        audit_text.splitlines(), record["audit"]["head"], record["audit"]["entries"]
    )
    if not result.ok:
        where = f" (line {result.line})" if result.line else ""
        raise _refuse(
            f"audit log{where}: {result.problem}",
            member=f"{ROOT}/{AUDIT_FILE}",
            hint="the bundle's audit trail was altered; nothing was written",
        )
    return Verified(manifest, record, audit_text)


class _Null:
    def write(self, data: bytes) -> None:
        pass


def zlib_error() -> type[BaseException]:
    import zlib

    return zlib.error


def _rewrite_case_id(value: Any, old: str, new: str) -> Any:
    """Every `case_id: old` in a document, at any depth, becomes `new`."""
    if isinstance(value, dict):
        return {
            k: (new if k == "case_id" and v == old else _rewrite_case_id(v, old, new))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite_case_id(v, old, new) for v in value]
    return value


def import_case(st: CaseStore, path: Path, as_id: str | None = None) -> dict[str, Any]:
    """Verify a bundle, then write it as a new case (its own id, or `as_id`)."""
    from precisecli.store import staleness

    path = Path(path)
    if as_id is not None:
        check_identifier(as_id)
    verified = verify_bundle(path)
    old_id = verified.record["case_id"]
    new_id = as_id or old_id
    target = st.workspace.case_dir(new_id)
    if target.exists():
        raise CaseExistsError(
            f"case {new_id} already exists",
            hint="import under another id with --as NEW_ID, or delete the case first",
        )
    bundle_sha, _ = _sha256(path)

    record = copy.deepcopy(verified.record)
    renamed = new_id != old_id
    if renamed:
        record = _rewrite_case_id(record, old_id, new_id)
        if record["intake"].get("case_id") == old_id:
            record["intake"]["case_id"] = new_id
        has_reports = any(
            f["path"].startswith(f"{ROOT}/reports/") for f in verified.manifest["files"]
        )
        staleness.mark(
            record,
            ["report"],
            f"`case import` as {new_id} (from {old_id})",
            has_reports=has_reports,
        )
    entry = audit.new_entry(
        seq=record["audit"]["entries"] + 1,
        prev=record["audit"]["head"],
        command="case import",
        args={
            "bundle": path.name,
            "bundle_sha256": bundle_sha,
            "from_case_id": old_id,
            "as": as_id,
        },  # fmt: skip
        inputs=[],
        kb=None,
    )
    record["audit"] = {"entries": entry["seq"], "head": entry["hash"]}
    record["updated"] = utc_now()
    validate(record, "case.schema.json", source=CASE_FILE)

    root = st.workspace.ensure()
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-import-{new_id}-", dir=root))
    try:
        _extract(path, staging, verified.manifest)
        if renamed:
            for qc in sorted(staging.glob("pdo/*/qc.json")):
                doc = loads_json(qc.read_text("utf-8"), qc.name)
                qc.write_text(dumps_json(_rewrite_case_id(doc, old_id, new_id)), "utf-8")
        os.replace(write_temp(staging, dumps_json(record).encode("utf-8")), staging / CASE_FILE)
        os.replace(
            write_temp(staging, (verified.audit_text + audit.serialise(entry)).encode("utf-8")),
            staging / AUDIT_FILE,
        )
        os.close(os.open(staging / ".lock", os.O_CREAT | os.O_WRONLY, 0o600))
        for folder in sorted({p.parent for p in staging.rglob("*")} | {staging}, reverse=True):
            fsync_dir(folder)
        try:
            os.rename(staging, target)  # fails if the id appeared meanwhile
        except OSError:
            raise CaseExistsError(f"case {new_id} already exists") from None
        fsync_dir(root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {
        "case_id": new_id,
        "from_case_id": old_id,
        "bundle_sha256": bundle_sha,
        "n_files": len(verified.manifest["files"]),
        "audit_entries": record["audit"]["entries"],
        "renamed": renamed,
        "stale": [i["result"] for i in staleness.stale_items(record)],
    }


def _extract(path: Path, staging: Path, manifest: dict[str, Any]) -> None:
    """Write the verified files, hashing them again as they are written (the bundle could have
    been swapped since it was verified)."""
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    with _open(path) as tar:
        for member in tar:
            name = _check_member(member)
            if name is None or name == MANIFEST:
                continue
            rel = PurePosixPath(name).relative_to(ROOT)
            dest = staging.joinpath(*rel.parts)
            dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                sha, _ = _read_all(tar, member, sink=out)
                out.flush()
                os.fsync(out.fileno())
            if listed.get(name) != sha:
                raise _refuse("the bundle changed while it was imported", member=name)


# --- delete ---------------------------------------------------------------------------------
def delete_case(st: CaseStore, case_id: str) -> None:
    """Remove a case folder: renamed out of the workspace's view under the write lock (so the
    case disappears at once), then deleted."""
    case_dir = st.workspace.existing_case_dir(case_id)
    root = st.workspace.root
    with CaseLock(case_dir, case_id, exclusive=True):
        doomed = Path(tempfile.mkdtemp(prefix=f".tmp-delete-{case_id}-", dir=root))
        os.rename(case_dir, doomed / case_id)
        fsync_dir(root)
    shutil.rmtree(doomed, ignore_errors=True)
    # the validated-document cache holds digests of the deleted case's files: no trace is kept
    from precisecli.store import validated

    validated.clear(root)
