"""Tabular inputs (CSV, TSV, xlsx) as header + records, with a location for every cell.

Used by the long plate-reader tables, long layouts and organoid diameter tables. Column names are
matched case-insensitively after folding spaces, dots and dashes to '_' (``WELL_SIGNAL``,
``cell.count`` and ``Well Signal`` all work).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.pdo.readers.grid import Sheet
from precisecli.pdo.readers.text import load_text_sheet

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def fold(name: Any) -> str:
    text = "" if name is None else str(name)
    text = text.replace("µ", "u").replace("μ", "u")
    return re.sub(r"[\s.\-/]+", "_", text.strip().lower()).strip("_")


@dataclass
class Table:
    sheet: Sheet
    header_row: int
    columns: list[str]  # folded names
    raw_columns: list[str]

    def col(self, *names: str) -> int | None:
        for n in names:
            if n in self.columns:
                return self.columns.index(n)
        return None

    def records(self):
        """(sheet row, cells) for every non-empty row under the header."""
        for r in range(self.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[r]
            if any(self.sheet.text(r, c) for c in range(len(row))):
                yield r, row

    def where(self, r: int, c: int | None, well: str | None = None) -> Location:
        loc = self.sheet.where(r, c, well)
        if c is not None and self.sheet.sheet_name is None and c < len(self.raw_columns):
            return Location(file=loc.file, line=loc.line, well=well, field=self.raw_columns[c])
        return loc


def load_sheets(path: Path) -> list[Sheet]:
    path = Path(path)
    if path.suffix.lower() in XLSX_SUFFIXES or path.suffix.lower() == ".xls":
        from precisecli.pdo.xlsx import read_workbook

        return [Sheet(path.name, s.rows, s.name) for s in read_workbook(path)]
    sheet, _ = load_text_sheet(path)
    return [sheet]


def find_table(sheets: list[Sheet], required: list[tuple[str, ...]]) -> Table | None:
    """The first sheet row (within the first 30) naming one column from each required group."""
    for sheet in sheets:
        for r in range(min(30, len(sheet.rows))):
            raw = [sheet.text(r, c) for c in range(len(sheet.rows[r]))]
            cols = [fold(x) for x in raw]
            if all(any(n in cols for n in group) for group in required):
                return Table(sheet, r, cols, raw)
    return None


def require_table(path: Path, sheets: list[Sheet], required, what: str) -> Table:
    table = find_table(sheets, required)
    if table is None:
        names = ", ".join("/".join(g[:3]) for g in required)
        raise InputError(
            f"no header row with the columns of {what} ({names})",
            location=Location(file=Path(path).name),
            hint="the first row of the table must name its columns",
        )
    return table
