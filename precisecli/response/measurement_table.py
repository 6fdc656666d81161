"""Reading a RECIST measurement file (long CSV/TSV or xlsx) into raw rows with line numbers.

The header is checked here; the cells are interpreted by ``measurements.normalise_row``. The
xlsx path counts cells from the sheet stream against ``limit("max_sheet_cells")``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.limits import exceeded, limit

REQUIRED = ("date", "lesion_id", "organ", "category")
OPTIONAL = ("lymph_node", "diameter_mm", "status")


@dataclass(frozen=True)
class RawRow:
    line: int
    cells: dict[str, Any]


def header_key(name: Any) -> str:
    return re.sub(r"\s+", "_", str(name or "").strip().lower())


def read_table(path: Path) -> tuple[list[RawRow], str]:
    name = path.name
    if not path.is_file():
        raise InputError("file not found", location=Location(file=name), hint="check the path")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path), name
    from precisecli.store.documents import read_text

    text = read_text(path)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[RawRow] = []
    header: list[str] | None = None
    try:
        for values in reader:
            line = reader.line_num
            if header is None:
                if not any(v.strip() for v in values) or values[0].lstrip().startswith("#"):
                    continue
                header = [header_key(v) for v in values]
                continue
            if not any(v.strip() for v in values) or values[0].lstrip().startswith("#"):
                continue
            if len(values) > len(header):
                raise InputError(
                    f"{len(values)} cells but the header has {len(header)}",
                    location=Location(file=name, line=line),
                    hint="check for an unquoted comma in a cell",
                )
            rows.append(RawRow(line, dict(zip(header, values, strict=False))))
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        raise InputError(
            "a cell is longer than the CSV reader accepts"
            if too_long
            else f"not readable as CSV ({exc})",
            location=Location(file=name, line=reader.line_num),
            hint="check for an unclosed quote or a pasted text in a cell",
        ) from None
    if header is None:
        raise InputError("no header row", location=Location(file=name), hint=columns_hint())
    check_header(header, name)
    return rows, name


def _read_xlsx(path: Path) -> list[RawRow]:
    import zipfile

    from openpyxl import load_workbook

    name = path.name
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(
            f"not a readable xlsx workbook ({type(exc).__name__})",
            location=Location(file=name),
            hint="save the sheet as .xlsx or export it as CSV",
        ) from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[RawRow] = []
        cells_seen, max_cells = 0, limit("max_sheet_cells")
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells_seen += len(values)
            if cells_seen > max_cells:
                raise exceeded("max_sheet_cells", location=Location(file=name, line=number))
            if header is None:
                if not any(v not in (None, "") for v in values):
                    continue
                header = [header_key(v) for v in values]
                continue
            if not any(v not in (None, "") for v in values):
                continue
            cells = {h: ("" if v is None else v) for h, v in zip(header, values, strict=False) if h}
            rows.append(RawRow(number, cells))
    finally:
        book.close()
    if header is None:
        raise InputError("the first sheet is empty", location=Location(file=name))
    check_header(header, name)
    return rows


def columns_hint() -> str:
    return f"columns: {', '.join(REQUIRED + OPTIONAL)}"


def check_header(header: list[str], name: str) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}",
            location=Location(file=name, line=1),
            hint=columns_hint(),
        )
    if "diameter_mm" not in header and "status" not in header:
        raise InputError(
            "needs a diameter_mm or a status column",
            location=Location(file=name, line=1),
            hint=columns_hint(),
        )
