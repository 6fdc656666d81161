"""A case's response course: which line is evaluated, and the `response evaluate` document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.response import lines as L
from precisecli.response import recist as R


def case_rows(record: dict[str, Any]) -> list[R.Row]:
    return [R.Row.from_dict(r) for r in record.get("treatment", {}).get("measurements", [])]


def evaluate_line(
    record: dict[str, Any], rules: R.RecistRules, line_number: int | None = None
) -> tuple[dict[str, Any] | None, R.Evaluation]:
    """Evaluate one study line (default: the latest); without lines, the whole course."""
    rows = case_rows(record)
    if not rows:
        raise InputError(
            "no RECIST measurements on record",
            hint="import them first: precise response import CASE FILE",
        )
    windows = L.windows(record)
    if not windows:
        if line_number is not None:
            raise InputError(f"no study line {line_number}", location=Location(field="--line"))
        return None, R.evaluate(rows, rules)
    if line_number is None:
        window = windows[-1]
    else:
        window = next((w for w in windows if w.line["line"] == line_number), None)
        if window is None:
            known = ", ".join(str(w.line["line"]) for w in windows)
            raise InputError(
                f"no study line {line_number}",
                location=Location(field="--line"),
                hint=f"study lines: {known}",
            )
    return window.line, R.evaluate(rows, rules, window.start, window.end)


def _num(value: Decimal | None, places: int = 2) -> float | None:
    if value is None:
        return None
    return float(round(value, places))


def evaluation_document(
    case_id: str, line: dict[str, Any] | None, ev: R.Evaluation
) -> dict[str, Any]:
    """The `response evaluate --json` document (keys of DESIGN §4 plus context)."""
    return {
        "case_id": case_id,
        "line": None
        if line is None
        else {"line": line["line"], "regimen": line["regimen"], "start": line["start"]},
        "baseline_date": ev.baseline_date.isoformat() if ev.baseline_date else None,
        "measurable_disease": ev.measurable_disease,
        "timepoints": [
            {
                "date": tp.date.isoformat(),
                "days_from_start": tp.days_from_start,
                "role": tp.role,
                "target_sum_mm": _num(tp.target_sum_mm),
                "nadir_mm": _num(tp.nadir_mm),
                "change_from_baseline_pct": _num(tp.change_from_baseline_pct),
                "change_from_nadir_pct": _num(tp.change_from_nadir_pct),
                "target": tp.target,
                "non_target": tp.non_target,
                "new_lesions": tp.new_lesions,
                "overall": tp.overall,
                "not_assessed": sorted(tp.not_assessed),
            }
            for tp in ev.timepoints
        ],
        "best_overall_response": ev.best_overall_response,
        "confirmed": ev.confirmed,
        "unconfirmed_response": ev.unconfirmed_response,
        "progression_date": ev.progression_date.isoformat() if ev.progression_date else None,
        "last_adequate_assessment": ev.last_adequate_date.isoformat()
        if ev.last_adequate_date
        else None,
        "rules": ev.rules.as_dict(),
        "warnings": ev.warnings,
    }
