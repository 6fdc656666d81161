"""Finishing or discarding what a killed writer left in a case: the ``.txn`` journal, temp
files and scratch folders. The caller holds the case's exclusive lock.

The journal's manifest is data on disk like any other, so it is checked before it is followed:
it may only name temp files inside ``.txn`` and plain relative paths inside the case. A manifest
that names anything else (``../../x``, an absolute path, a path through a link) was not written
by precise; it is refused, never followed, and left in place as evidence.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from precisecli.errors import IntegrityError, Location
from precisecli.store.atomic import TEMP_PREFIX, fsync_dir, sweep_temp_files
from precisecli.store.integrity import check_inside, safe_relative

TXN_DIR = ".txn"
MANIFEST = "manifest.json"
SCRATCH_PREFIX = ".scratch-"
MAX_MANIFEST_BYTES = 4 << 20
_TEMP_NAME = re.compile("^" + re.escape(TEMP_PREFIX) + r"[A-Za-z0-9_]{1,64}$")


def pending(case_dir: Path) -> bool:
    """A killed writer's journal is there (to be finished or discarded under the lock)."""
    return os.path.lexists(case_dir / TXN_DIR)


def _bad_manifest(case_dir: Path, why: str) -> IntegrityError:
    return IntegrityError(
        f"the unfinished change in the case's journal cannot be trusted: {why}",
        location=Location(file=f"{case_dir.name}/{TXN_DIR}/{MANIFEST}"),
        hint=f"precise never writes such a journal: inspect {case_dir.name}/{TXN_DIR}, then "
        "remove that folder to discard the change (or restore the case from backup)",
    )


def read_plan(case_dir: Path) -> dict[str, Any] | None:
    """The journal's plan when it is committed and well-formed; None when there is no manifest
    (the writer died before its commit point); IntegrityError when it is not trustworthy."""
    txn = case_dir / TXN_DIR
    if txn.is_symlink() or not txn.is_dir():
        raise _bad_manifest(case_dir, f"{TXN_DIR} is not a folder")
    manifest = txn / MANIFEST
    if not os.path.lexists(manifest):
        return None
    if manifest.is_symlink() or not manifest.is_file():
        raise _bad_manifest(case_dir, "the manifest is not a plain file")
    if manifest.stat().st_size > MAX_MANIFEST_BYTES:
        raise _bad_manifest(case_dir, "the manifest is too large")
    try:
        plan = json.loads(manifest.read_bytes())
    except (ValueError, UnicodeDecodeError):
        raise _bad_manifest(case_dir, "the manifest is not valid JSON") from None
    if not isinstance(plan, dict) or set(plan) != {"writes", "removals"}:
        raise _bad_manifest(case_dir, "the manifest is not a journal plan")
    writes, removals = plan["writes"], plan["removals"]
    if not isinstance(writes, list) or not isinstance(removals, list):
        raise _bad_manifest(case_dir, "the manifest is not a journal plan")
    targets = []
    for item in writes:
        if not (isinstance(item, list) and len(item) == 2):
            raise _bad_manifest(case_dir, "a write is not a [temp, target] pair")
        temp, target = item
        if not isinstance(temp, str) or not _TEMP_NAME.match(temp):
            raise _bad_manifest(case_dir, "it names a temp file outside the journal")
        targets.append(target)
    for target in [*targets, *removals]:
        rel = safe_relative(target)
        if rel is None or rel != target:
            raise _bad_manifest(case_dir, "it names a path outside the case")
        check_inside(case_dir, rel)
    return plan


def apply_plan(case_dir: Path, plan: dict[str, Any]) -> None:
    touched: set[Path] = set()
    for temp_name, target in plan["writes"]:
        temp = case_dir / TXN_DIR / temp_name
        dest = check_inside(case_dir, target)
        if os.path.lexists(temp):  # absent means this step already happened before a crash
            dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.replace(temp, dest)
            touched.add(dest.parent)
    for target in plan["removals"]:
        dest = check_inside(case_dir, target)
        if dest.is_file():
            dest.unlink()
            touched.add(dest.parent)
    for directory in touched:
        fsync_dir(directory)


def recover(case_dir: Path) -> None:
    """Finish (roll forward) a committed journal, discard an uncommitted one, remove temp files
    and unused scratch folders of killed commands."""
    if pending(case_dir):
        plan = read_plan(case_dir)
        if plan is not None:
            apply_plan(case_dir, plan)
        shutil.rmtree(case_dir / TXN_DIR)
        fsync_dir(case_dir)
    sweep_temp_files(case_dir)
    sweep_scratch(case_dir)


def sweep_scratch(case_dir: Path) -> None:
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


def sweep_new_case_folders(root: Path) -> None:
    """Remove `case new` build folders (.tmp-new-PID-ID) whose process is gone."""
    for folder in root.glob(".tmp-new-*"):
        try:
            pid = int(folder.name.split("-")[2])
        except (IndexError, ValueError):
            continue
        try:
            os.kill(pid, 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
