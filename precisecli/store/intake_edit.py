"""Amending a case's intake: ``--set PATH=VALUE`` assignments or a whole new intake file.

The amended intake is re-validated as a whole (every problem listed, see intake_errors) and
checked against the study lines; the change is described by the field paths that differ, never
by their values (the audit log must not hold patient free text).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from precisecli.errors import InputError, Location

SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")
MAX_VALUE_CHARS = 20_000


def parse_path(text: str) -> tuple:
    """`diagnosis.er_percent`, `prior_therapy[0].end` → ("diagnosis", "er_percent") …"""
    parts: list[Any] = []
    for segment in text.split("."):
        m = SEGMENT.fullmatch(segment)
        if not m:
            raise InputError(
                "the field path is not of the form a.b or a[0].b",
                location=Location(field="--set"),
                hint="e.g. --set diagnosis.er_percent=5 or --set prior_therapy[0].end=2024-03-01",
            )
        parts.append(m.group(1))
        parts += [int(i) for i in re.findall(r"\[(\d+)\]", m.group(2))]
    return tuple(parts)


def parse_assignment(text: str) -> tuple[tuple, Any]:
    """`PATH=VALUE`; the value is read as YAML (numbers, text, lists; dates stay text);
    an empty value or `null` removes the field."""
    from precisecli.store.documents import loads_yaml

    if "=" not in text:
        raise InputError(
            "--set needs PATH=VALUE",
            location=Location(field="--set"),
            hint="e.g. --set diagnosis.er_percent=5",
        )
    path_text, value_text = text.split("=", 1)
    path = parse_path(path_text.strip())
    if len(value_text) > MAX_VALUE_CHARS:
        raise InputError(
            f"the value is longer than {MAX_VALUE_CHARS} characters",
            location=Location(field=path_text.strip()),
        )
    if not value_text.strip():
        return path, None
    try:
        value = loads_yaml(value_text, "--set").data
    except InputError:
        raise InputError(
            "the value cannot be read",
            location=Location(field=path_text.strip()),
            hint="quote text that holds ':' or '#' (e.g. --set notes='\"a: b\"')",
        ) from None
    return path, value


def apply(intake: dict[str, Any], path: tuple, value: Any) -> dict[str, Any]:
    """A copy of the intake with the field set (None removes it)."""
    from precisecli.intake_errors import dotted

    out = copy.deepcopy(intake)
    node: Any = out
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise InputError(
                    "no such list item",
                    location=Location(field=dotted(path[: i + 1])),
                    hint="index an existing item (counting from 0)",
                )
            node = node[part]
            continue
        if not isinstance(node, dict):
            raise InputError("not a mapping of fields", location=Location(field=dotted(path[:i])))
        if part not in node or node[part] is None:
            if value is None:
                return out  # removing something that is not there: nothing to do
            node[part] = [] if isinstance(nxt, int) else {}
        node = node[part]
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last > len(node):
            raise InputError(
                "no such list item",
                location=Location(field=dotted(path)),
                hint="index an existing item, or the next one to add an item",
            )
        if value is None:
            if last < len(node):
                node.pop(last)
        elif last == len(node):
            node.append(value)
        else:
            node[last] = value
        return out
    if not isinstance(node, dict):
        raise InputError("not a mapping of fields", location=Location(field=dotted(path[:-1])))
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return out


def changed_fields(old: Any, new: Any, path: tuple = ()) -> list[str]:
    """Dotted paths of the leaves that differ (added, removed or changed)."""
    from precisecli.intake_errors import dotted

    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                out.append(dotted((*path, key)))
            else:
                out += changed_fields(old[key], new[key], (*path, key))
        return out
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and all(isinstance(x, dict) for x in old + new)
    ):
        out = []
        for i in range(max(len(old), len(new))):
            if i >= len(old) or i >= len(new):
                out.append(dotted((*path, i)))
            else:
                out += changed_fields(old[i], new[i], (*path, i))
        return out
    return [] if old == new else [dotted(path)]


def check_amended(record: dict[str, Any], intake: dict[str, Any], source: str) -> None:
    """The amended intake is valid as a whole and consistent with the case."""
    from precisecli.intake_errors import check_intake

    declared = intake.get("case_id")
    if declared is not None and declared != record["case_id"]:
        raise InputError(
            "the intake declares another case_id",
            location=Location(file=source, field="case_id"),
            hint="an intake cannot rename a case (export it and import with --as NEW_ID)",
        )
    check_intake(intake, source=source)
    lines = (record.get("treatment") or {}).get("lines", [])
    if lines:
        from precisecli.response.line_fix import check_sequence

        check_sequence({**record, "intake": intake}, lines)
