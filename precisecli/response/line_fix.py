"""Correcting treatment lines: undo the last line change, edit a line's fields.

Every line change (``line start``, ``line stop``, ``line edit``) first pushes the lines as they
were onto ``treatment.line_history`` (bounded); ``line undo`` pops the last snapshot and puts
those lines back. A case whose history is empty (lines written before this existed) is undone by
inference: an open last line was its start (the line goes), a stopped last line was its stop
(it is reopened).
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.response import lines as L

MAX_HISTORY = 20
LINE_COMMANDS = ("line start", "line stop", "line edit")


def push_history(record: dict[str, Any], command: str) -> None:
    """Remember the lines as they are, before `command` changes them."""
    treatment = record.setdefault("treatment", {})
    history = treatment.setdefault("line_history", [])
    history.append({"command": command, "lines": copy.deepcopy(treatment.get("lines", []))})
    del history[:-MAX_HISTORY]


def undo(record: dict[str, Any]) -> dict[str, Any]:
    """Undo the last line change in place; returns {undone, lines_before, lines_after}."""
    treatment = record.get("treatment") or {}
    lines = copy.deepcopy(treatment.get("lines", []))
    history = treatment.get("line_history") or []
    if history:
        snapshot = history.pop()
        if not history:
            del treatment["line_history"]
        treatment["lines"] = snapshot["lines"]
        undone = snapshot["command"]
    elif lines:
        last = max(lines, key=lambda x: x["line"])
        if last.get("end") is None:
            treatment["lines"] = [x for x in lines if x is not last]
            undone = "line start"
        else:
            restored = [copy.deepcopy(x) for x in lines]
            target = next(x for x in restored if x["line"] == last["line"])
            target["end"], target["stop_reason"] = None, None
            treatment["lines"] = restored
            undone = "line stop"
    else:
        raise InputError(
            "no treatment line change to undo",
            hint="start a line with precise line start CASE --regimen R --date D",
        )
    return {"undone": undone, "lines_before": lines, "lines_after": treatment["lines"]}


def check_sequence(record: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    """The lines as a whole make sense: dates in order, only the last open, after prior lines."""
    ordered = sorted(lines, key=lambda x: x["line"])
    prior_starts = [
        date.fromisoformat(e["start"])
        for e in record.get("intake", {}).get("prior_therapy", [])
        if e.get("start")
    ]
    for i, line in enumerate(ordered):
        start = date.fromisoformat(line["start"])
        where = Location(field=f"line {line['line']}")
        if prior_starts and start <= max(prior_starts):
            raise InputError(
                f"line {line['line']} would start {start}, not after the prior therapy",
                location=where,
                hint="study lines follow the prior therapy in the intake",
            )
        if line["end"] is None:
            if i != len(ordered) - 1:
                raise InputError(
                    f"line {line['line']} would be open while a later line exists",
                    location=where,
                    hint="give it an --end date",
                )
            if line["stop_reason"] is not None:
                raise InputError(
                    f"line {line['line']} has a stop reason but no end date",
                    location=where,
                    hint="give --end too",
                )
            continue
        end = date.fromisoformat(line["end"])
        if end < start:
            raise InputError(
                f"line {line['line']} would end {end}, before its start {start}",
                location=where,
                hint="check the dates",
            )
        if line["stop_reason"] is None:
            raise InputError(
                f"line {line['line']} has an end date but no stop reason",
                location=where,
                hint=f"give --stop-reason ({', '.join(L.STOP_REASONS)})",
            )
        if i + 1 < len(ordered) and end > date.fromisoformat(ordered[i + 1]["start"]):
            raise InputError(
                f"line {line['line']} would end {end}, after line "
                f"{ordered[i + 1]['line']} starts ({ordered[i + 1]['start']})",
                location=where,
                hint="check the dates",
            )


CLEAR = "none"  # --end none / --stop-reason none reopen a line


def edit_line(
    record: dict[str, Any],
    kb: Any,
    number: int,
    *,
    regimen: str | None = None,
    drugs: str | None = None,
    start: str | None = None,
    end: str | None = None,
    stop_reason: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Edit line `number` in place; returns (the edited line, the names of the changed fields)."""
    lines = record.get("treatment", {}).get("lines", [])
    target = next((x for x in lines if x["line"] == number), None)
    if target is None:
        raise InputError(
            f"there is no study line {number}",
            location=Location(field="--line"),
            hint="see precise line list CASE (prior lines come from the intake: case edit)",
        )
    new = copy.deepcopy(target)
    if regimen is not None or drugs is not None:
        label = regimen if regimen is not None else target["regimen"]
        if drugs is None and regimen is None:
            drugs = ",".join(target["drugs"])
        new["regimen"], new["drugs"] = L.resolve_regimen(kb, label, drugs)
    if start is not None:
        new["start"] = L.parse_date(start, "--start").isoformat()
    if end is not None:
        new["end"] = (
            None if end.strip().lower() == CLEAR else L.parse_date(end, "--end").isoformat()
        )
        if new["end"] is None:
            new["stop_reason"] = None
    if stop_reason is not None:
        if stop_reason.strip().lower() == CLEAR:
            new["stop_reason"] = None
        elif stop_reason not in L.STOP_REASONS:
            raise InputError(
                f"--stop-reason {stop_reason!r} is not known",
                location=Location(field="--stop-reason"),
                hint=", ".join(L.STOP_REASONS),
            )
        else:
            new["stop_reason"] = stop_reason
    if new["regimen"] != target["regimen"] or new["drugs"] != target["drugs"]:
        by_group = L.group_choice(record, new["regimen"])
        by_organoid = L.organoid_choice(record, new["regimen"], new["drugs"])
        new["chosen_by"] = "group" if by_group else "organoid" if by_organoid else "clinician"
        new["reason"] = by_group or by_organoid
    changed = sorted(k for k in new if new[k] != target[k])
    if not changed:
        raise InputError(
            f"nothing to change on line {number}",
            location=Location(field="--line"),
            hint="give --regimen, --drugs, --start, --end or --stop-reason with a new value",
        )
    candidate = [new if x is target else x for x in lines]
    check_sequence(record, candidate)
    target.clear()
    target.update(new)
    return target, changed
