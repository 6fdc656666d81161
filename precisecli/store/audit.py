"""Append-only, hash-chained audit log (audit.jsonl) of every mutating command.

Each line holds the sha256 of the previous line's hash plus its own canonical content, so an
edited, deleted or reordered line breaks the chain; case.json keeps the head hash and entry count
so that dropping the last line is detected too.

Anyone who can write the case folder could still rewrite the whole history consistently. Two
anchors outside the case guard against that: ``case show`` and every report print the chain
head (a report prints the *content anchor*, a chain over the entries without their clock time
and user, so that reruns of the same work give identical report bytes); and with a site key
(``PRECISE_AUDIT_KEY_FILE`` naming a file of at least 16 bytes, kept outside the workspace)
every entry carries ``mac`` = HMAC-SHA256(key, hash) and ``key_id``, so a history rewritten
without the key fails ``case log --verify``. Under a key, every entry must carry a valid MAC.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from precisecli import __version__
from precisecli.errors import InputError, Location
from precisecli.store.hashing import FileDigest

GENESIS = "0" * 64
KEY_ENV = "PRECISE_AUDIT_KEY_FILE"
MIN_KEY_BYTES = 16
_UNHASHED = ("hash", "mac")
_NOT_ANCHORED = ("hash", "mac", "time", "user", "prev", "key_id")


def site_key() -> bytes | None:
    """The site's audit key (bytes of the file named by PRECISE_AUDIT_KEY_FILE), or None."""
    name = os.environ.get(KEY_ENV)
    if not name:
        return None
    try:
        with open(name, "rb") as handle:
            key = handle.read(4097)
    except OSError as exc:
        raise InputError(
            f"cannot read the audit key file ({exc.strerror})",
            location=Location(field=KEY_ENV),
            hint=f"point {KEY_ENV} at a readable file of {MIN_KEY_BYTES}+ random bytes, "
            "or unset it",
        ) from None
    if not MIN_KEY_BYTES <= len(key) <= 4096:
        raise InputError(
            f"the audit key file must hold {MIN_KEY_BYTES}–4096 bytes",
            location=Location(field=KEY_ENV),
            hint="create one with: head -c 32 /dev/urandom > site.key",
        )
    return key


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"precise-audit-key:" + key).hexdigest()[:16]


def entry_mac(key: bytes, entry: dict[str, Any]) -> str:
    return hmac.new(key, str(entry.get("hash")).encode(), hashlib.sha256).hexdigest()


def _canonical(entry: dict[str, Any], skip: tuple[str, ...] = _UNHASHED) -> bytes:
    body = {k: v for k, v in entry.items() if k not in skip}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def anchors(lines: list[str]) -> list[str]:
    """Content anchor after each entry: a chain over the entries without time, user and hashes,
    skipping `report` entries (writing a report must not change the next report). The same
    commands on the same inputs give the same anchors; changing any entry's command, arguments,
    inputs, versions or order changes every later anchor."""
    value, out = GENESIS, []
    for raw in lines:
        entry = json.loads(raw)
        if entry.get("command") != "report":
            value = hashlib.sha256(value.encode() + _canonical(entry, _NOT_ANCHORED)).hexdigest()
        out.append(value)
    return out


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
    key: bytes | None = None,
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
    if key is not None:
        entry["key_id"] = key_id(key)
    entry["hash"] = entry_hash(entry)
    if key is not None:
        entry["mac"] = entry_mac(key, entry)
    return entry


def serialise(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    problem: str | None = None
    line: int | None = None


def _mac_problem(entry: dict[str, Any], key: bytes) -> str | None:
    if "mac" not in entry:
        return "entry carries no MAC although a site key is configured (written without the "
        "key, or the history was rewritten)"
    if entry.get("key_id") != key_id(key):
        return "entry was signed with another site key"
    if not hmac.compare_digest(str(entry["mac"]), entry_mac(key, entry)):
        return "MAC does not match the site key (the history was rewritten)"
    return None


def verify_lines(
    lines: list[str], head: str | None, count: int | None, key: bytes | None = None
) -> VerifyResult:
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
        if key is not None and (problem := _mac_problem(entry, key)):
            return VerifyResult(False, number - 1, problem, number)
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


def tail_problem(data: bytes, head: str, count: int, key: bytes | None) -> str | None:
    """What is wrong with the end of the log a writer is about to append to, or None. Cheap:
    only the last line is read; `case log --verify` checks the whole chain."""
    if not data:
        return "the log is empty" if count else None
    if not data.endswith(b"\n"):
        return "its last line is torn (no line end)"
    last = data[:-1].rsplit(b"\n", 1)[-1]
    try:
        entry = json.loads(last)
    except ValueError:
        return "its last line is not valid JSON"
    if not isinstance(entry, dict):
        return "its last line is not an audit entry"
    if entry.get("hash") != entry_hash(entry):
        return "its last entry does not match its own hash (edited)"
    if entry.get("hash") != head or entry.get("seq") != count:
        return "its last entry is not the head recorded in case.json"
    if key is not None and "mac" in entry and (problem := _mac_problem(entry, key)):
        return f"its last entry: {problem}"
    return None
