"""BMG LABTECH MARS CSV export (PHERAstar, CLARIOstar, FLUOstar, …).

Header lines ``User: …``, ``Test name: …, Date: …``, ``ID1: <plate id>``, the read mode, then one
titled grid per data set (``Raw Data (450)``, ``Blank corrected …``) with a ``,1,…,12`` header and
rows A–H (or only the rows read). A file may hold several plates, each introduced by its own
``ID1:`` line.
"""

from __future__ import annotations

from pathlib import Path

from precisecli.errors import InputError
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.common import after_colon, plate_from_grid
from precisecli.pdo.readers.grid import find_grids, title_above
from precisecli.pdo.readers.text import load_text_sheet

FORMAT = "mars-csv"


def sniff(text: str) -> bool:
    head = text[:3000]
    return "ID1:" in head and ("Test name:" in head or "Raw Data" in head)


def read(path: Path) -> list[PlateRead]:
    sheet, _ = load_text_sheet(path, ",")
    ids = [
        (r, after_colon(sheet.first_text(r)).rstrip(","))
        for r in range(len(sheet.rows))
        if sheet.first_text(r).startswith("ID1:")
    ]
    reads: list[PlateRead] = []
    # MARS writes reduced plates (only the rows read, e.g. A, G, M, S, Y, e of a 1536-well
    # plate) under their own row letters, and may drop the separators of empty cells at the end
    # of a line: those wells were not read and have no value.
    for grid in find_grids(sheet, strict_rows=False):
        plate = next((pid for r, pid in reversed(ids) if r < grid.header_row), "") or path.stem
        title = title_above(sheet, grid) or "value"
        reads.append(
            plate_from_grid(path, FORMAT, grid, plate, title, len(reads), missing_is_error=False)
        )
    if not reads:
        raise InputError("no plate grid found in the MARS export", location=sheet.where(0))
    return reads
