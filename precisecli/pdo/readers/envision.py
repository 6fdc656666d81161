"""PerkinElmer / Revvity EnVision CSV export.

The file repeats, per plate and measurement: ``Plate information`` (a header line and a value line
with ``Plate``, ``Barcode`` and ``Label`` or ``Formula``), ``Background information``, then one
result grid — either titled (``Results for <label> - channel 0 (CPS)`` or ``Calculated results: …``)
with a ``,01,02,…`` header and lettered rows, or bare (rows × columns of numbers, no labels).
Everything after ``Basic assay information`` is protocol text and a ``Platemap`` of '-' cells.
"""

from __future__ import annotations

from pathlib import Path

from precisecli.errors import InputError
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.grid import (
    PLATE_SHAPES,
    SHAPE_HINT,
    Grid,
    Problem,
    Sheet,
    find_grids,
    parse_value,
    raise_problems,
    well_name,
)
from precisecli.pdo.readers.text import load_text_sheet

FORMAT = "envision-csv"
TRAILER = "basic assay information"


def sniff(text: str) -> bool:
    head = text[:2000]
    return "Plate information" in head and (
        "Background information" in head or "Basic assay information" in text
    )


def _is_empty_row(cells: list[str]) -> bool:
    """A line of separators only (',,,,'): a plate row the export left unmeasured."""
    return len(cells) > 1 and all(c.strip() == "" for c in cells)


def _bare_grid(sheet: Sheet, start: int) -> tuple[int, list[int]]:
    """Lines of bare numbers from ``start``, with the separator-only lines of rows that were not
    measured: (number of columns, sheet rows). A plate measured on part of its grid is written
    at full size with empty cells, so the width is the number of fields on the line (a final
    separator closes each line)."""
    rows: list[int] = []
    width = 0
    r = start
    while r < len(sheet.rows) and (
        _is_number_row(sheet.rows[r]) or (rows and _is_empty_row(sheet.rows[r]))
    ):
        cells = sheet.rows[r]
        n = len(cells) - 1 if len(cells) > 1 and cells[-1].strip() == "" else len(cells)
        if _is_number_row(cells):
            n = max(n, len([c for c in cells if c.strip() != ""]))
        if width and n != width:
            break
        width = n
        rows.append(r)
        r += 1
    return width, rows


def _is_number_row(cells: list[str]) -> bool:
    vals = [c.strip() for c in cells]
    while vals and vals[-1] == "":
        vals.pop()
    return bool(vals) and all(v == "" or parse_value(v)[1] is None for v in vals) and any(vals)


def read(path: Path) -> list[PlateRead]:
    sheet, _ = load_text_sheet(path, ",")
    reads: list[PlateRead] = []
    info: dict[str, str] = {}
    r = 0
    n = len(sheet.rows)
    while r < n:
        first = sheet.first_text(r)
        low = first.lower()
        if low.startswith(TRAILER):
            break
        if low.startswith("plate information"):
            header = sheet.row_texts(r + 1)
            values = sheet.row_texts(r + 2)
            info = dict(zip(header, values, strict=False))
            r += 3
            continue
        if low.startswith(("results for", "calculated results")):
            grids = find_grids(Sheet(sheet.file, sheet.rows[r + 1 : r + 2 + 48]), strict_rows=False)
            if not grids:
                raise InputError(
                    f"no plate grid under '{first}'", location=sheet.where(r), hint=SHAPE_HINT
                )
            g = grids[0]
            # re-anchor on the full sheet so errors name the real line
            grid = Grid(sheet, g.header_row + r + 1, g.corner_col, g.n_cols, g.n_rows, corner="")
            grid.row_at = {k: v + r + 1 for k, v in g.row_at.items()}
            wells = grid.all_wells(grid.values())
            reads.append(_plate(path, info, first, g.n_rows, g.n_cols, wells, len(reads)))
            r = max(grid.row_at.values()) + 1
            continue
        if info and _is_number_row(sheet.rows[r]):
            width, rows = _bare_grid(sheet, r)
            if width in PLATE_SHAPES and len(rows) == PLATE_SHAPES[width]:
                wells: dict[str, float | None] = {}
                problems: list[Problem] = []
                for pr, sr in enumerate(rows):
                    for pc in range(width):
                        raw = sheet.cell(sr, pc)
                        value, why = parse_value(raw)
                        if why:
                            name = well_name(pr, pc)
                            problems.append(Problem(name, raw, why, sheet.where(sr, pc, name)))
                        wells[well_name(pr, pc)] = value
                raise_problems(problems)
                label = info.get("Label") or info.get("Formula") or "result"
                reads.append(_plate(path, info, label, len(rows), width, wells, len(reads)))
                r = rows[-1] + 1
                continue
            if len(rows) >= 4:
                raise InputError(
                    f"unlabelled grid of {len(rows)} rows × {width} columns",
                    location=sheet.where(r),
                    hint=SHAPE_HINT,
                )
        r += 1
    if not reads:
        raise InputError(
            "no result grid found in the EnVision export",
            location=sheet.where(0),
            hint="export with 'Plate' result format (one grid per plate)",
        )
    return reads


def _plate(path, info, readout, rows, cols, wells, block) -> PlateRead:
    readout = readout.strip()
    for prefix in ("Results for ", "Calculated results: "):
        if readout.startswith(prefix):
            readout = readout[len(prefix) :]
    plate = (info.get("Plate") or "").strip() or path.stem
    return PlateRead(
        source=path.name,
        format=FORMAT,
        plate_id=plate,
        rows=rows,
        cols=cols,
        readout=readout.strip(),
        wells=wells,
        block=block,
    )
