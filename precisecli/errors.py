"""Typed errors raised by the core; the CLI layer turns them into one-line messages and exit codes.

Exit codes (DESIGN.md §4): 0 ok, 2 usage, 3 input rejected, 4 case busy, 5 internal error.
Environment faults (disk full, read-only or permission denied, a bad workspace path) are exit 3
too: like a refused input, the user has to fix something outside precise and rerun.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_BUSY = 4
EXIT_INTERNAL = 5


DEFAULT_MAX_MESSAGE_CHARS = 300


def max_message_chars() -> int:
    """``limit("max_message_chars")`` without importing limits (which imports this module)."""
    raw = os.environ.get("PRECISE_LIMIT_MAX_MESSAGE_CHARS")
    try:
        value = int(float(raw)) if raw is not None else DEFAULT_MAX_MESSAGE_CHARS
    except ValueError:
        value = DEFAULT_MAX_MESSAGE_CHARS
    return max(value, 80)


def _flat(text: str) -> str:
    """One line: every run of whitespace or control characters becomes one space (a byte of a
    file name that is not UTF-8 shows as \\xNN)."""
    from precisecli.fsnames import shown

    cleaned = "".join(ch if ch.isprintable() else " " for ch in shown(str(text)))
    return " ".join(cleaned.split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"


def quoted(value: object, max_chars: int = 24) -> str:
    """A cell value for an error message: quoted when it is one short token, else only its
    length — a cell holding pasted free text (a name, a note) is never echoed."""
    text = str(value).strip()
    if len(text) <= max_chars and text.isprintable() and not any(ch.isspace() for ch in text):
        return repr(text)
    return f"(a value of {len(text)} characters)"


# Case ids committed during this run of the CLI (the store notes each commit). The CLI uses it
# so that a failure after a commit never claims that nothing was changed.
_COMMITTED: list[str] = []


def note_commit(case_id: str) -> None:
    _COMMITTED.append(case_id)


def committed_cases() -> list[str]:
    return sorted(set(_COMMITTED))


def reset_commits() -> None:
    _COMMITTED.clear()


@dataclass(frozen=True)
class Location:
    """Where in an input the problem is. Every part is optional; render() joins what is known."""

    file: str | None = None
    line: int | None = None
    record: int | None = None
    well: str | None = None
    field: str | None = None

    def render(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.well:
            parts.append(f"well {self.well}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class PreciseError(Exception):
    """Base of every expected failure. Carries a message, a location and a hint for the user."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.hint = hint

    def one_line(self) -> str:
        """Location, message and hint on one line of bounded length.

        A message is one line by contract: anything a parser handed us is flattened, control
        characters are dropped, and an over-long message (a cell value of a 2 MB line, say) is
        cut in the middle of the message part so the location and the hint survive.
        """
        where = _flat(self.location.render())
        message = _flat(self.message)
        hint = _flat(self.hint or "")
        budget = max_message_chars()
        tail = f" — {hint}" if hint else ""
        head = f"{where}: " if where else ""
        room = budget - len(head) - len(tail)
        if len(message) > room:
            # keep at least a short message; then cut whatever is still too long at the end
            message = _cut(message, max(room, 40))
        return _cut(head + message + tail, budget)


class InputError(PreciseError):
    """An input file or value was rejected (exit 3)."""

    exit_code = EXIT_INPUT


class ValidationError(InputError):
    """A document failed its JSON Schema or a semantic check (exit 3)."""


class CaseExistsError(InputError):
    """`case new` for an id that already exists."""


class CaseNotFoundError(InputError):
    """A command named a case that is not in the workspace."""


class IntegrityError(ValidationError):
    """Stored case data is damaged or inconsistent (tampered, torn, planted): refused, exit 3."""


class StorageError(PreciseError):
    """The machine refused a file operation (disk full, read-only, permission denied, a missing
    or unusable workspace): exit 3, with what to do. Nothing was half-written."""

    exit_code = EXIT_INPUT


class CaseBusyError(PreciseError):
    """Another process holds the case lock (exit 4)."""

    exit_code = EXIT_BUSY


class UsageError(PreciseError):
    """Options that cannot be combined, or are missing, in a way the parser cannot see (exit 2)."""

    exit_code = EXIT_USAGE


class InternalError(PreciseError):
    """A broken installation or an invariant that should never fail (exit 5)."""

    exit_code = EXIT_INTERNAL
