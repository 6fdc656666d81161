"""Append-only, hash-chained audit log (audit.jsonl) of every mutating command.

Each line holds the sha256 of the previous line's hash plus its own canonical content, so an
edited, deleted or reordered line breaks the chain; case.json keeps the head hash and entry count
so that dropping the last line is detected too.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from precisecli import __version__
from precisecli.store.hashing import FileDigest

GENESIS = "0" * 64


def _canonical(entry: dict[str, Any]) -> bytes:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def new_entry(
    *,
    seq: int,
    prev: str,
    command: str,
    args: dict[str, Any],
    inputs: list[FileDigest],
    kb: dict[str, Any] | None,
) -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except Exception:  # no passwd entry in some containers
        user = "unknown"
    entry: dict[str, Any] = {
        "seq": seq,
        "time": datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "user": user,
        "command": command,
        "args": args,
        "inputs": [d.as_dict() for d in inputs],
        "tool_version": __version__,
        "kb": kb,
        "prev": prev,
    }
    entry["hash"] = entry_hash(entry)
    return entry


def serialise(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    problem: str | None = None
    line: int | None = None


def verify_lines(lines: list[str], head: str | None, count: int | None) -> VerifyResult:
    prev = GENESIS
    for number, raw in enumerate(lines, start=1):
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError:
            return VerifyResult(False, number - 1, "line is not valid JSON", number)
        if not isinstance(entry, dict):
            return VerifyResult(False, number - 1, "line is not an audit entry", number)
        if entry.get("seq") != number:
            return VerifyResult(
                False,
                number - 1,
                f"sequence number {entry.get('seq')} where {number} was expected "
                "(a line was deleted or moved)",
                number,
            )
        if entry.get("prev") != prev:
            return VerifyResult(
                False,
                number - 1,
                "chain broken: previous hash does not match (a line was deleted, moved or edited)",
                number,
            )
        if entry.get("hash") != entry_hash(entry):
            return VerifyResult(
                False, number - 1, "content does not match its hash (edited)", number
            )
        prev = entry["hash"]
    if count is not None and count != len(lines):
        return VerifyResult(
            False,
            len(lines),
            f"case.json records {count} entries but the log has {len(lines)} "
            "(lines were removed from the end)",
            None,
        )
    if head is not None and head != prev:
        return VerifyResult(
            False,
            len(lines),
            "last entry does not match the head hash kept in case.json",
            len(lines) or None,
        )
    return VerifyResult(True, len(lines))
