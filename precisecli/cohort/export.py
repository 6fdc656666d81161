"""Tidy CSV and xlsx exports with formula-like text neutralised (reliability.md §2.7).

Spreadsheet programs evaluate a CSV cell starting with = + - @ TAB or CR as a formula (CWE-1236):
such text gets a leading apostrophe. In xlsx only '=' becomes a formula in openpyxl, but every
text cell is forced to the string type so nothing can become one. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def to_xlsx(sheets: dict[str, tuple[Sequence[dict[str, Any]], Sequence[str]]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    fixed = datetime(2000, 1, 1)  # no wall-clock time in the file's properties
    book.properties.created = fixed
    book.properties.modified = fixed
    for title, (rows, columns) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(list(columns))
        for row in rows:
            values = [row.get(c) for c in columns]
            sheet.append([("true" if v else "false") if isinstance(v, bool) else v for v in values])
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    book.save(path)


def flatten_groups(groups: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group rows with the CI pairs split into columns (tidy: one value per cell)."""
    out = []
    for g in groups:
        row = {k: v for k, v in g.items() if not isinstance(v, list)}
        for key in ("orr_ci95", "pfs_ci95"):
            pair = g.get(key) or [None, None]
            row[f"{key}_lower"], row[f"{key}_upper"] = pair
        out.append(row)
    return out


GROUP_COLUMNS = [
    "group", "name", "n", "n_treated", "n_evaluable", "n_responders", "orr", "orr_ci95_lower",
    "orr_ci95_upper", "pfs_median_months", "pfs_ci95_lower", "pfs_ci95_upper", "n_events",
]  # fmt: skip
CASE_COLUMNS = [
    "case_id", "group", "regimen", "measurable_disease", "best_overall_response", "responder",
    "pfs1_days", "pfs1_months", "pfs1_event", "pfs1_rule",
]  # fmt: skip
