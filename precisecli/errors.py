"""Typed errors raised by the core; the CLI layer turns them into one-line messages and exit codes.

Exit codes (DESIGN.md §4): 0 ok, 2 usage, 3 input rejected, 4 case busy, 5 internal error.
Environment faults (disk full, read-only or permission denied, a bad workspace path) are exit 3
too: like a refused input, the user has to fix something outside precise and rerun.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_BUSY = 4
EXIT_INTERNAL = 5


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
        where = self.location.render()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = f"{text} — {self.hint}"
        # A message is one line by contract; flatten anything a parser handed us.
        return " ".join(text.split())


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
