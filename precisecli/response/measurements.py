"""Import of RECIST lesion measurements (long CSV/TSV or xlsx) into normalised rows.

Columns (DESIGN §4): date, lesion_id, organ, category (target / non-target / new), lymph_node
(yes/no), diameter_mm (targets: long axis, nodes short axis), status (non-target: present /
absent / unequivocal-progression; new: equivocal / unequivocal; any lesion: not-assessed;
targets: too-small, recorded as 5 mm). Every problem is reported with file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location, quoted
from precisecli.response import recist as R
from precisecli.response.measurement_table import RawRow, columns_hint, read_table

CATEGORY_ALIASES = {
    "target": R.TARGET,
    "t": R.TARGET,
    "non-target": R.NON_TARGET,
    "nontarget": R.NON_TARGET,
    "non_target": R.NON_TARGET,
    "nt": R.NON_TARGET,
    "new": R.NEW,
}
STATUS_BY_CATEGORY = {
    R.TARGET: {R.NOT_ASSESSED, R.TOO_SMALL},
    R.NON_TARGET: {R.PRESENT, R.ABSENT, R.UNEQUIVOCAL_PROGRESSION, R.NOT_ASSESSED},
    R.NEW: {R.EQUIVOCAL, R.UNEQUIVOCAL, R.NOT_ASSESSED},
}
STATUS_ALIASES = {
    "unequivocal progression": R.UNEQUIVOCAL_PROGRESSION,
    "unequivocal_progression": R.UNEQUIVOCAL_PROGRESSION,
    "pd": R.UNEQUIVOCAL_PROGRESSION,
    "not assessed": R.NOT_ASSESSED,
    "not_assessed": R.NOT_ASSESSED,
    "ne": R.NOT_ASSESSED,
    "too small": R.TOO_SMALL,
    "too_small": R.TOO_SMALL,
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
LESION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$")


def _text(cells: dict[str, Any], key: str) -> str:
    value = cells.get(key, "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value: Any, where: Location) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(
            f"date {quoted(value)} is not YYYY-MM-DD", location=where, hint="write ISO dates"
        ) from None


def _parse_diameter(value: Any, where: Location) -> Decimal | None:
    text = str(value).strip()
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(
            f"diameter {quoted(text)} is not a number",
            location=where,
            hint="millimetres, e.g. 23.5",
        ) from None
    if not number.is_finite() or number < 0 or number > 1000:
        raise InputError(
            f"diameter {quoted(text)} mm is out of range",
            location=where,
            hint="0 for a lesion that disappeared; 0-1000 mm",
        )
    return number


def normalise_row(raw: RawRow, source: str) -> R.Row:
    cells = raw.cells

    def loc(field: str) -> Location:
        return Location(file=source, line=raw.line, field=field)

    when = _parse_date(cells.get("date", ""), loc("date"))
    lesion = _text(cells, "lesion_id")
    if not LESION_ID.match(lesion):
        raise InputError(
            f"lesion id {quoted(lesion)} is not usable",
            location=loc("lesion_id"),
            hint="letters, digits, '.', '_', '-' (up to 40), e.g. T1 or liver-1",
        )
    organ = _text(cells, "organ").lower()
    if not organ:
        raise InputError("organ is empty", location=loc("organ"), hint="e.g. liver, lung, node")
    category = CATEGORY_ALIASES.get(_text(cells, "category").lower())
    if category is None:
        raise InputError(
            f"category {quoted(_text(cells, 'category'))} is not known",
            location=loc("category"),
            hint="target, non-target or new",
        )
    node_text = _text(cells, "lymph_node").lower()
    if node_text not in YES | NO:
        raise InputError(
            f"lymph_node {quoted(node_text)} is not yes/no",
            location=loc("lymph_node"),
            hint="yes or no",
        )
    status_text = _text(cells, "status").lower()
    status = STATUS_ALIASES.get(status_text, status_text) or None
    if status is not None and status not in STATUS_BY_CATEGORY[category]:
        raise InputError(
            f"status {quoted(status)} does not apply to a {category} lesion",
            location=loc("status"),
            hint=f"one of: {', '.join(sorted(STATUS_BY_CATEGORY[category]))}",
        )
    diameter = _parse_diameter(cells.get("diameter_mm", ""), loc("diameter_mm"))
    if category == R.TARGET and diameter is None and status is None:
        raise InputError(
            "a target lesion needs diameter_mm",
            location=loc("diameter_mm"),
            hint="0 if it disappeared, status too-small (5 mm) or not-assessed",
        )
    if category == R.NON_TARGET and status is None:
        raise InputError(
            "a non-target lesion needs a status",
            location=loc("status"),
            hint="present, absent, unequivocal-progression or not-assessed",
        )
    if category == R.NEW and status is None:
        raise InputError(
            "a new lesion needs a status",
            location=loc("status"),
            hint="equivocal or unequivocal",
        )
    return R.Row(
        date=when,
        lesion_id=lesion,
        organ=organ,
        category=category,
        lymph_node=node_text in YES,
        diameter_mm=diameter,
        status=status,
    )


def read_measurements(path: Path) -> list[tuple[int, R.Row]]:
    """Rows of a measurement file with their line numbers, in file order."""
    raws, source = read_table(path)
    if not raws:
        raise InputError("no measurement rows", location=Location(file=source), hint=columns_hint())
    return [(raw.line, normalise_row(raw, source)) for raw in raws]


def check_file_order(rows: list[tuple[int, R.Row]], source: str) -> None:
    """Dates must not go backwards in the file, and a lesion appears once per date."""
    seen: set[tuple[date, str]] = set()
    previous: date | None = None
    for line, row in rows:
        if previous is not None and row.date < previous:
            raise InputError(
                f"date {row.date} comes after {previous}",
                location=Location(file=source, line=line, field="date"),
                hint="sort the rows by date (one block per assessment)",
            )
        key = (row.date, row.lesion_id)
        if key in seen:
            raise InputError(
                f"lesion {row.lesion_id} appears twice on {row.date}",
                location=Location(file=source, line=line, field="lesion_id"),
                hint="one row per lesion per assessment",
            )
        seen.add(key)
        previous = row.date


def check_table(
    rows: list[R.Row], rules: R.RecistRules, source: str, lines: dict[tuple[date, str], int]
) -> None:
    """Rules over the whole course: stable lesion identity, target limits, measurability."""

    def loc(row: R.Row, field: str) -> Location:
        return Location(file=source, line=lines.get((row.date, row.lesion_id)), field=field)

    first: dict[str, R.Row] = {}
    first_target: dict[str, R.Row] = {}
    for row in sorted(rows, key=lambda r: (r.date, r.lesion_id)):
        seen = first.setdefault(row.lesion_id, row)
        if seen is not row:
            for field_name in ("organ", "lymph_node"):
                if getattr(seen, field_name) != getattr(row, field_name):
                    raise InputError(
                        f"lesion {row.lesion_id} changes {field_name} from "
                        f"{getattr(seen, field_name)!r} on {seen.date} to "
                        f"{getattr(row, field_name)!r}",
                        location=loc(row, field_name),
                        hint="lesion ids must stay with one lesion; give a new lesion a new id",
                    )
            before = first_target.get(row.lesion_id)
            if before is not None and row.category != R.TARGET:
                raise InputError(
                    f"target lesion {row.lesion_id} (since {before.date}) is recorded as "
                    f"{row.category}",
                    location=loc(row, "category"),
                    hint="a target stays a target: record 0 mm when it disappears",
                )
            if seen.category == R.NON_TARGET and row.category == R.NEW:
                raise InputError(
                    f"non-target lesion {row.lesion_id} is recorded as new",
                    location=loc(row, "category"),
                    hint="a new lesion needs an id not used before",
                )
        if row.category == R.TARGET and row.lesion_id not in first_target:
            first_target[row.lesion_id] = row
            _check_measurable(row, rules, loc(row, "diameter_mm"))
    by_date: dict[date, list[R.Row]] = {}
    for row in rows:
        if row.category == R.TARGET:
            by_date.setdefault(row.date, []).append(row)
    for when, targets in sorted(by_date.items()):
        if len(targets) > rules.max_targets:
            raise InputError(
                f"{len(targets)} target lesions on {when}; RECIST 1.1 allows {rules.max_targets}",
                location=loc(sorted(targets, key=lambda r: r.lesion_id)[-1], "category"),
                hint="record the other lesions as non-target",
            )
        per_organ: dict[str, list[R.Row]] = {}
        for row in targets:
            per_organ.setdefault(row.organ, []).append(row)
        for organ, organ_rows in sorted(per_organ.items()):
            if len(organ_rows) > rules.max_targets_per_organ:
                raise InputError(
                    f"{len(organ_rows)} target lesions in {organ} on {when}; RECIST 1.1 allows "
                    f"{rules.max_targets_per_organ} per organ",
                    location=loc(sorted(organ_rows, key=lambda r: r.lesion_id)[-1], "organ"),
                    hint="record the others in that organ as non-target",
                )


def _check_measurable(row: R.Row, rules: R.RecistRules, where: Location) -> None:
    """At selection a target must be measurable: >= 10 mm, a node >= 15 mm short axis."""
    diameter = row.diameter_mm
    minimum = rules.node_measurable_mm if row.lymph_node else rules.lesion_measurable_mm
    kind = "lymph node (short axis)" if row.lymph_node else "lesion"
    if diameter is None or row.status is not None or diameter < minimum:
        shown = "no diameter" if diameter is None else f"{diameter} mm"
        raise InputError(
            f"target {kind} {row.lesion_id} is not measurable at selection ({shown}; needs "
            f">= {minimum} mm)",
            location=where,
            hint="record it as non-target",
        )


def row_to_dict(row: R.Row) -> dict[str, Any]:
    return {
        "date": row.date.isoformat(),
        "lesion_id": row.lesion_id,
        "organ": row.organ,
        "category": row.category,
        "lymph_node": row.lymph_node,
        "diameter_mm": None if row.diameter_mm is None else _number(row.diameter_mm),
        "status": row.status,
    }


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class MergeResult:
    rows: list[dict[str, Any]]
    added_dates: list[str]
    unchanged_dates: list[str]


def merge(
    existing: list[dict[str, Any]],
    incoming: list[tuple[int, R.Row]],
    rules: R.RecistRules,
    source: str,
    replace: bool,
) -> MergeResult:
    """Add the file's assessments to those on record; a date already on record must be
    identical unless ``replace`` (then the file replaces the whole table)."""
    check_file_order(incoming, source)
    lines = {(row.date, row.lesion_id): line for line, row in incoming}
    new_by_date: dict[str, list[dict[str, Any]]] = {}
    for _, row in incoming:
        new_by_date.setdefault(row.date.isoformat(), []).append(row_to_dict(row))
    old_by_date: dict[str, list[dict[str, Any]]] = {}
    if not replace:
        for row in existing:
            old_by_date.setdefault(row["date"], []).append(row)
    added, unchanged = [], []
    for when, new_rows in sorted(new_by_date.items()):
        old_rows = old_by_date.get(when)
        key = lambda r: r["lesion_id"]  # noqa: E731
        if old_rows is None:
            added.append(when)
        elif sorted(old_rows, key=key) == sorted(new_rows, key=key):
            unchanged.append(when)
        else:
            line = min(lines[(date.fromisoformat(when), r["lesion_id"])] for r in new_rows)
            raise InputError(
                f"the assessment of {when} is already on record with other values",
                location=Location(file=source, line=line, field="date"),
                hint="use --replace to replace the whole measurement table with this file",
            )
        old_by_date[when] = new_rows
    merged = [
        r
        for when in sorted(old_by_date)
        for r in sorted(old_by_date[when], key=lambda r: r["lesion_id"])
    ]
    check_table([R.Row.from_dict(r) for r in merged], rules, source, lines)
    return MergeResult(merged, added, unchanged)
