"""Any export holding plate grids: row letters × column numbers, anywhere, several per file.

Grids whose cells are mostly text (layouts, well-id maps, '-' placeholders) are annotations, not
readouts, and are skipped; a grid that is mostly numbers must be numbers throughout. The readout
label is the nearest text above the grid. Plate ids come from the file name (``<stem>`` for one
grid, ``<stem>#k`` for the k-th of several), because a bare grid does not say which plate it is.
"""

from __future__ import annotations

from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.common import plate_from_grid
from precisecli.pdo.readers.grid import SHAPE_HINT, Grid, Sheet, find_grids, title_above

FORMAT = "grid"


def numeric_grids(sheets: list[Sheet]) -> list[tuple[Sheet, Grid]]:
    found = []
    for sheet in sheets:
        for grid in find_grids(sheet):
            if grid.numeric_share() >= 0.5:
                found.append((sheet, grid))
    return found


def read(path: Path, sheets: list[Sheet]) -> list[PlateRead]:
    found = numeric_grids(sheets)
    if not found:
        raise InputError(
            "no plate grid (row letters A… under column numbers 1…12/24) found",
            location=Location(file=path.name),
            hint=f"{SHAPE_HINT}; name the format with --format if it is a vendor export",
        )
    reads = []
    for k, (sheet, grid) in enumerate(found, start=1):
        plate = path.stem if len(found) == 1 else f"{path.stem}#{k}"
        title = title_above(sheet, grid) or grid.corner or (sheet.sheet_name or "value")
        reads.append(plate_from_grid(path, FORMAT, grid, plate, title, len(reads)))
    return reads
