"""The cohort sample sheet (DESIGN §8): CSV or TSV, one row per input file of a case.

Columns: `case_id, input, file` and, as the input needs them, `sample_id, kind, site,
collected, tumor_sample, build, assay, screen, readout, purity, ploidy`. Each row is checked
against `schemas/cohort-sheet.schema.json` (empty cells are absent), then across rows (one
intake and one RECIST table per case, no sample or file twice, a layout for every screen, every
file present and a regular file, a new case has its intake). Every problem is reported at once
with its line, row and column, before anything runs; messages never repeat a cell's text.
Relative paths are relative to the sheet's folder.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from precisecli.errors import Location
from precisecli.intake_errors import Problem, ProblemsError

SCHEMA = "cohort-sheet.schema.json"
REQUIRED = ("case_id", "input", "file")
COLUMNS = ("case_id", "input", "file", "sample_id", "kind", "site", "collected", "tumor_sample",
           "build", "assay", "screen", "readout", "purity", "ploidy")  # fmt: skip
NUMBERS = ("purity", "ploidy")
HINT = "see `precise cohort import --help` for the sample-sheet columns"


@dataclass(frozen=True)
class SheetRow:
    line: int  # line of the sheet (the header is line 1)
    row: int  # data row, from 1
    values: dict[str, Any]
    path: Path  # the input file, resolved against the sheet's folder

    @property
    def case_id(self) -> str:
        return self.values["case_id"]

    @property
    def input(self) -> str:
        return self.values["input"]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class Sheet:
    path: Path
    rows: list[SheetRow] = field(default_factory=list)

    def case_ids(self) -> list[str]:
        return sorted({r.case_id for r in self.rows})

    def rows_of(self, case_id: str) -> list[SheetRow]:
        return [r for r in self.rows if r.case_id == case_id]


class SheetError(ProblemsError):
    """A sample sheet with one or more problems, all located; `problems` holds them in order."""

    what = "the sample sheet"
    after = "; nothing was run"
    hint = HINT


def _delimiter(path: Path, first_line: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    return "\t" if "\t" in first_line else ","


def _value(name: str, text: str) -> Any:
    if name in NUMBERS:
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    return text


def _message(err: Any, row: dict[str, Any]) -> tuple[str | None, str]:
    """(column, message) of a schema error, without the cell's text."""
    path = list(err.absolute_path)
    column = str(path[0]) if path else None
    kind = err.validator
    if kind == "required":
        missing = next((c for c in err.validator_value if c not in row), None)
        need = f" for input '{row['input']}'" if "input" in row and missing not in REQUIRED else ""
        return missing, f"is required{need}"
    if kind == "propertyNames" or "propertyNames" in err.schema_path:
        return str(err.instance), f"is not used by input '{row.get('input')}'; leave it empty"
    if kind == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return (extra[0] if extra else None), "is not a sample-sheet column"
    if kind == "enum":
        return column, "must be one of: " + ", ".join(map(str, err.validator_value))
    if kind == "format" or (kind == "pattern" and column == "collected"):
        return column, "is not a date (YYYY-MM-DD)"
    if kind == "pattern":
        return column, "may hold only letters, digits, '.', '_' and '-'"
    if kind == "type":
        return column, f"must be a {err.validator_value}"
    if kind in ("exclusiveMinimum", "minimum", "maximum", "exclusiveMaximum"):
        return column, f"is out of range ({kind} {err.validator_value})"
    if kind in ("minLength", "maxLength"):
        return column, "is empty" if kind == "minLength" else "is too long"
    return column, "is not valid here"


def read_sheet(path: Path) -> Sheet:
    """Parse and check the sheet (schema per row, then across rows); raise SheetError with
    every problem. Files are resolved against the sheet's folder and must be regular files."""
    from precisecli.store.documents import read_text
    from precisecli.store.schema import _validator

    text = read_text(path)
    name = path.name
    problems: list[Problem] = []

    def problem(message: str, line: int | None, row: int | None, column: str | None) -> None:
        problems.append(Problem(Location(file=name, line=line, record=row, field=column), message))

    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, first))
    header: list[str] | None = None
    sheet = Sheet(path)
    validator = _validator(SCHEMA)
    row_number = 0
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells) or (cells and cells[0].lstrip().startswith("#")):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            for index, col in enumerate(header):
                if col not in COLUMNS:
                    shown = col if col.isidentifier() and len(col) <= 40 else f"column {index + 1}"
                    problem("is not a sample-sheet column", line, None, shown)
                elif header.count(col) > 1 and header.index(col) == index:
                    problem("is given twice", line, None, col)
            for col in REQUIRED:
                if col not in header:
                    problem("required column is missing", line, None, col)
            if problems:
                break
            continue
        row_number += 1
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problem(
                f"{len(cells)} cells where the header has {len(header)}", line, row_number, None
            )
            continue
        cells = (cells + [""] * len(header))[: len(header)]  # short rows: trailing cells empty
        values = {
            col: _value(col, cell.strip())
            for col, cell in zip(header, cells, strict=True)
            if cell.strip()
        }
        errors = sorted(validator.iter_errors(values), key=lambda e: str(list(e.absolute_path)))
        for err in errors:
            column, message = _message(err, values)
            problem(message, line, row_number, column)
        resolved = None
        if isinstance(values.get("file"), str):
            resolved = Path(values["file"]).expanduser()
            resolved = resolved if resolved.is_absolute() else path.parent / resolved
            file_problem = _file_problem(resolved)
            if file_problem:
                problem(file_problem, line, row_number, "file")
                continue
        if not errors and resolved is not None:
            sheet.rows.append(SheetRow(line, row_number, values, resolved))
    if header is None and not problems:
        problem("the sheet has no header and no rows", None, None, None)
    elif header is not None and row_number == 0 and not problems:
        problem("the sheet has no rows", None, None, None)
    if header is not None and sheet.rows:
        problems += _cross_checks(sheet)  # on the rows that passed, so all is said at once
    if problems:
        problems.sort(key=lambda p: (p.location.line or 0, p.location.field or ""))
        raise SheetError(problems, name)
    return sheet


def _file_problem(path: Path) -> str | None:
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "file not found (relative paths are relative to the sheet)"
    return None if stat.S_ISREG(mode) else "is not a regular file"


def _cross_checks(sheet: Sheet) -> list[Problem]:
    name = sheet.path.name
    out: list[Problem] = []
    seen: dict[tuple, int] = {}
    screens_loaded: dict[tuple[str, str], SheetRow] = {}
    layouts: dict[tuple[str, str], SheetRow] = {}

    def at(row: SheetRow, column: str | None, message: str) -> None:
        loc = Location(file=name, line=row.line, record=row.row, field=column)
        out.append(Problem(loc, message))

    for row in sheet.rows:
        kind = row.input
        if kind in ("intake", "recist"):
            key: tuple = (row.case_id, kind)
            column = "input"
        elif kind in ("variants", "cna"):
            key, column = (row.case_id, kind, row.get("sample_id")), "sample_id"
        elif kind == "layout":
            key, column = (row.case_id, kind, row.get("screen")), "screen"
            layouts[(row.case_id, row.get("screen"))] = row
        else:  # pdo / diameters: several plates of one screen are fine, not the same file
            key, column = (row.case_id, kind, row.get("screen"), str(row.path)), "file"
            screens_loaded.setdefault((row.case_id, row.get("screen")), row)
        if key in seen:
            at(row, column, f"repeats line {seen[key]} (one {kind} row per case and id)")
        else:
            seen[key] = row.line
    for key, row in sorted(screens_loaded.items()):
        if key not in layouts:
            at(row, "screen", "has no layout row for this case and screen")
    for key, row in sorted(layouts.items()):
        if key not in screens_loaded:
            at(row, "screen", "layout of a screen that no pdo or diameters row loads")
    return sorted(out, key=lambda p: (p.location.line or 0, p.location.field or ""))


def check_new_cases(sheet: Sheet, existing: set[str]) -> None:
    """A case the workspace does not have yet needs its intake row (checked before running)."""
    problems = []
    for case_id in sheet.case_ids():
        rows = sheet.rows_of(case_id)
        if case_id not in existing and not any(r.input == "intake" for r in rows):
            first = rows[0]
            problems.append(
                Problem(
                    Location(
                        file=sheet.path.name, line=first.line, record=first.row, field="case_id"
                    ),
                    "a new case needs an intake row (or create it first with `precise case new`)",
                )  # fmt: skip
            )
    if problems:
        raise SheetError(problems, sheet.path.name)
