"""Every problem of an intake at once, one line each, without echoing what the patient file says.

``intake_problems`` turns each JSON-Schema error of an intake into a located one-line message
(file, line, field): an unknown field gets a "did you mean" when a known field is close
(``diagnosis_date`` → ``diagnosis.date``); an enum lists its allowed values once each. Messages
never contain a field's value — an intake holds free text (notes, histology) that may name the
patient — only the field path and what the field accepts, and each is bounded in length.

``check_intake`` raises one ``IntakeError`` carrying all the problems. The CLI prints each
problem on its own stderr line, then the usual one-line summary (exit 3); with a single problem
the summary *is* that problem, so the one-line contract holds.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from precisecli.errors import Location, ValidationError

SCHEMA = "intake.schema.json"
MAX_PROBLEMS = 50  # listed; more are counted
HINT = "see the intake format in README.md"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str

    def one_line(self) -> str:
        from precisecli.limits import limit

        text = f"{self.location.render()}: {self.message}"
        text = " ".join(text.split())
        cap = int(limit("max_message_chars"))
        return text if len(text) <= cap else text[: cap - 1] + "…"


class ProblemsError(ValidationError):
    """A document with one or more problems, all located; ``problems`` holds them in document
    order. One problem is the error itself; several are listed first (``detail_lines``, printed
    by the CLI) and summarised in the error's one line."""

    what = "the input"  # "3 problems in <what> …"
    after = ""  # appended to the summary, e.g. "; nothing was run"
    hint = HINT

    def __init__(self, problems: list[Problem], source: str | None):
        self.problems = problems
        first = problems[0]
        if len(problems) == 1:
            super().__init__(first.message, location=first.location, hint=self.hint)
        else:
            super().__init__(
                f"{len(problems)} problems in {self.what} (each on a line above){self.after}",
                location=Location(file=source),
                hint=self.hint,
            )

    def detail_lines(self) -> list[str]:
        """The lines printed before the summary (none when there is only one problem)."""
        if len(self.problems) < 2:
            return []
        lines = [p.one_line() for p in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            lines.append(f"… and {len(self.problems) - MAX_PROBLEMS} more problem(s)")
        return lines


class IntakeError(ProblemsError):
    """An intake with one or more problems; ``problems`` holds them all, in document order."""

    what = "the intake"


IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,39}$")


def _safe_key(key: Any) -> str:
    """An unknown field's name as shown: only when it looks like a field name (a key can be
    free text too — `Jane Doe: …` — and is then not echoed)."""
    text = str(key)
    return text if IDENTIFIER.fullmatch(text) else "<a key that is not a field name>"


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


@cache
def known_fields() -> tuple[str, ...]:
    """Every field path the intake schema defines (list items as `[]`)."""
    from precisecli.store.schema import _registry

    schema = _registry().contents("urn:precise:schema:" + SCHEMA)
    found: list[str] = []

    def walk(node: dict, prefix: str) -> None:
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            walk(node["items"], prefix + "[]")
            return
        for name, sub in (node.get("properties") or {}).items():
            path = f"{prefix}.{name}" if prefix else name
            found.append(path)
            if isinstance(sub, dict):
                walk(sub, path)

    walk(schema, "")
    return tuple(found)


def _generic(path: tuple) -> str:
    return dotted(tuple("[]" if isinstance(p, int) else p for p in path)).replace(".[]", "[]")


def suggest(path: tuple, key: str) -> str | None:
    """The known field a mistyped one most likely meant, or None."""
    here = _generic(path)
    full = f"{here}.{key}" if path else key
    candidates = {}
    for known in known_fields():
        candidates[known] = known
        candidates[known.replace(".", "_").replace("[]", "")] = known
    siblings = (
        [k for k in known_fields() if k.rsplit(".", 1)[0] == here and "." in k] if path else []
    )
    for name in siblings:
        candidates[name.rsplit(".", 1)[1]] = name
    match = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.8)
    if not match:
        match = difflib.get_close_matches(full, list(candidates), n=1, cutoff=0.8)
    if not match:
        return None
    meant = candidates[match[0]]
    return None if meant == _generic((*path, key)) else meant


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}


def _describe(error: Any) -> str:
    """What the field accepts — never the value it was given."""
    v, expected = error.validator, error.validator_value
    if v == "enum":
        allowed = list(dict.fromkeys(str(x) for x in expected))
        return f"not one of the allowed values: {', '.join(allowed)}"
    if v == "const":
        return f"must be {expected!r}"
    if v == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return "must be " + " or ".join(TYPE_NAMES.get(k, k) for k in kinds)
    if v == "minimum":
        return f"must be at least {_number(expected)}"
    if v == "maximum":
        return f"must be at most {_number(expected)}"
    if v == "exclusiveMinimum":
        return f"must be more than {_number(expected)}"
    if v == "exclusiveMaximum":
        return f"must be less than {_number(expected)}"
    if v == "format":
        return "not a valid date (write YYYY-MM-DD)" if expected == "date" else f"not a {expected}"
    if v == "maxLength":
        return f"longer than {expected} characters"
    if v == "minLength":
        return "must not be empty" if expected == 1 else f"shorter than {expected} characters"
    if v == "pattern":
        return "not in the allowed form (letters, digits, '.', '_', '-')"
    if v == "uniqueItems":
        return "lists the same item more than once"
    if v == "minItems":
        return f"needs at least {expected} item(s)"
    if v == "maxItems":
        return f"has more than {expected} item(s)"
    return f"is not valid ({v})"


def intake_problems(
    data: Any, *, source: str | None = None, line_of=lambda path: None
) -> list[Problem]:
    """Every schema problem of an intake document, in document order."""
    from precisecli.store.schema import _validator

    problems: list[tuple[int, str, Problem]] = []

    def add(path: tuple, message: str, shown: tuple | None = None) -> None:
        line = line_of(path)
        field = dotted(shown or path)
        loc = Location(file=source, line=line, field=field)
        problems.append((line or 0, field, Problem(loc, message)))

    for err in _validator(SCHEMA).iter_errors(data):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - allowed, key=str):
                # a suggestion only where a problem can be listed (difflib over every known
                # field for each of 500 000 unknown keys took ~50 s)
                meant = suggest(path, str(key)) if len(problems) < MAX_PROBLEMS else None
                add(
                    (*path, key),
                    "unknown field" + (f" — did you mean '{meant}'?" if meant else ""),
                    shown=(*path, _safe_key(key)),
                )
        elif err.validator == "required":
            missing = [r for r in err.validator_value if r not in (err.instance or {})]
            for name in missing:
                add((*path, name), "required field is missing")
        else:
            add(path, _describe(err))
    problems.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in problems]


def check_intake(data: Any, *, source: str | None = None, document: Any = None) -> None:
    """Raise IntakeError listing every problem of the intake (schema, then semantic rules)."""
    from precisecli.clinical import check_intake_semantics

    line_of = document.line_of if document is not None else (lambda path: None)
    src = source or (document.source if document is not None else None)
    problems = intake_problems(data, source=src, line_of=line_of)
    if problems:
        raise IntakeError(problems, src)
    check_intake_semantics(data, src, line_of)
