"""Agilent / BioTek Gen5 tab-separated text export (plate-shaped results).

Each plate starts at ``Plate Number\\t<name>``; ``Plate Type`` names the plate (``96 WELL
PLATE``, ``Nunc 384 flat bottom`` …). Results come in one of two shapes:

* a ``Results`` matrix with a header ``\\t1…N``: every plate row spans one line per data set,
  the first line starting with the row letter and the continuation lines with an empty cell,
  and each line ending with the data set's name (``LUM:Lum``, ``NormLum``, ``450``…);
* one titled grid per data set (no ``Results`` matrix): the data set's name on a line of its
  own, the ``\\t1…N`` header, lettered rows each ending with the name again.

Each data set becomes one readout block. Gen5 writes only the read area: a plate read on part of
its grid (rows A, D, H, L, P of a 384-well plate; columns 1–6 of a 96-well plate) is read with
the plate's own row letters and the plate size from ``Plate Type``; the other wells have no value.
The ``Layout`` grid (well ids such as POSCON/NEGCON/SPL1) is not a readout and is skipped.

Gen5's marks in place of a number — ``?????`` (could not be calculated), ``<0.000`` / ``>40.000``
(outside the standard curve), ``*0.356*`` (masked by the user) — appear in calculated data sets;
such a well has no value and is listed in the block's ``unreadable`` wells, so that a load that
uses it is refused. ``OVRFLW`` (a saturated raw reading) is refused at once.
"""

from __future__ import annotations

import re
from pathlib import Path

from precisecli.errors import InputError
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.grid import (
    PLATE_SHAPES,
    SHAPE_HINT,
    Problem,
    Sheet,
    _col_number,
    in_plate_order,
    parse_value,
    raise_problems,
    row_index,
    row_letter,
    well_name,
    well_sort_key,
)
from precisecli.pdo.readers.text import load_text_sheet

FORMAT = "gen5-text"
_PLATE_TYPE = re.compile(r"(?<!\d)(96|384|1536)(?!\d)")
_OUT_OF_RANGE = re.compile(r"^[<>]\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MASKED = re.compile(r"^\*\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*\*$")
NOT_DATA_SETS = {"Layout", "Results", "Well ID", "Conc/Dil"}


def sniff(text: str) -> bool:
    return (
        "Software Version" in text[:3000]
        and "Plate Number" in text
        and ("\nResults" in text or "\nLayout" in text)
    )


def layout_ids(path: Path) -> dict[str, dict[str, str]]:
    """Plate → well → Gen5 well id (POSCON, NEGCON, SPL1 …) from each plate's Layout grid."""
    sheet, _ = load_text_sheet(path, "\t")
    out: dict[str, dict[str, str]] = {}
    plate = path.stem
    r = 0
    while r < len(sheet.rows):
        t = sheet.first_text(r)
        if t == "Plate Number":
            plate = sheet.text(r, 1) or plate
        if t == "Layout" and sheet.text(r, 0) == "Layout":
            n_cols = _header_cols(sheet, r + 1)
            ids: dict[str, str] = {}
            rr = r + 2
            while rr < len(sheet.rows) and row_index(sheet.text(rr, 0)) is not None:
                pr = row_index(sheet.text(rr, 0))
                for pc in range(n_cols):
                    v = sheet.text(rr, pc + 1)
                    if v:
                        ids[well_name(pr, pc)] = v
                rr += 1
            out[plate] = ids
            r = rr
            continue
        r += 1
    return out


def _header_cols(sheet: Sheet, r: int) -> int:
    if sheet.text(r, 0):
        return 0
    n = 0
    while _col_number(sheet.cell(r, n + 1)) == n + 1:
        n += 1
    return n


def _shape(sheet: Sheet, r: int, n_cols: int, plate_wells: int | None) -> tuple[int, int]:
    """(rows, cols) of the plate a results grid of ``n_cols`` columns belongs to."""
    if plate_wells is not None:
        rows, cols = next((rw, c) for c, rw in PLATE_SHAPES.items() if rw * c == plate_wells)
        if n_cols > cols:
            raise InputError(
                f"results grid has {n_cols} columns; the {plate_wells}-well plate named in "
                f"'Plate Type' has {cols}",
                location=sheet.where(r),
                hint=SHAPE_HINT,
            )
        return rows, cols
    if n_cols in PLATE_SHAPES:
        return PLATE_SHAPES[n_cols], n_cols
    raise InputError(
        f"results grid has {n_cols} numbered columns and 'Plate Type' names no 96-, 384- or "
        "1536-well plate",
        location=sheet.where(r),
        hint=SHAPE_HINT,
    )


def _value(
    sheet: Sheet, r: int, c: int, well: str, problems: list[Problem], marks: dict[str, str]
) -> float | None:
    if c >= len(sheet.rows[r]):
        problems.append(Problem(well, "", "cell missing", sheet.where(r, c, well)))
        return None
    text = sheet.text(r, c)
    if text == "?????":
        marks[well] = "????? (Gen5 could not calculate it)"
        return None
    if _OUT_OF_RANGE.match(text):
        marks[well] = f"{text} (outside the range Gen5 can report)"
        return None
    if _MASKED.match(text):
        marks[well] = f"{text} (masked in Gen5)"
        return None
    value, why = parse_value(text)
    if why:
        problems.append(Problem(well, text, why, sheet.where(r, c, well)))
    return value


def _grid_rows(sheet: Sheet, start: int, n_rows: int):
    """(sheet row, plate row or None for a continuation line) from ``start`` while the lines
    belong to the grid: row letters increasing within the plate (gaps allowed)."""
    current = -1
    rr = start
    while rr < len(sheet.rows) and any(x.strip() for x in sheet.rows[rr]):
        letter = sheet.text(rr, 0)
        if letter:
            idx = row_index(letter)
            if idx is None or idx <= current or idx >= n_rows:
                break
            current = idx
        elif current < 0:
            break
        yield rr, current
        rr += 1


def read(path: Path) -> list[PlateRead]:
    sheet, _ = load_text_sheet(path, "\t")
    reads: list[PlateRead] = []
    plate = path.stem
    plate_wells: int | None = None
    r = 0
    while r < len(sheet.rows):
        key = sheet.text(r, 0)
        if key == "Plate Number":
            plate = sheet.text(r, 1) or plate
        elif key == "Plate Type":
            m = _PLATE_TYPE.search(sheet.text(r, 1))
            plate_wells = int(m.group(1)) if m else None
        elif key == "Results" and _header_cols(sheet, r + 1):
            r = _read_matrix(path, sheet, r, plate, plate_wells, reads)
            continue
        elif (
            key
            and len([x for x in sheet.rows[r] if x.strip()]) == 1
            and key not in NOT_DATA_SETS
            and _header_cols(sheet, r + 1)
            and sheet.text(r + 2, 0)
            and sheet.rows[r + 2][-1].strip() in (key, "")
            and key == _last_text(sheet, r + 2)
        ):
            r = _read_titled(path, sheet, r, plate, plate_wells, reads)
            continue
        r += 1
    if not reads:
        raise InputError(
            "no Results grid found in the Gen5 export",
            location=sheet.where(0),
            hint="export results in plate format (Results section with rows A–H)",
        )
    return reads


def _last_text(sheet: Sheet, r: int) -> str:
    row = sheet.rows[r] if r < len(sheet.rows) else []
    return next((c.strip() for c in reversed(row) if c.strip()), "")


def _read_matrix(path, sheet, r, plate, plate_wells, reads) -> int:
    """A ``Results`` matrix: several data sets interleaved row by row."""
    n_cols = _header_cols(sheet, r + 1)
    n_rows, cols = _shape(sheet, r + 1, n_cols, plate_wells)
    sets: dict[str, dict[str, float | None]] = {}
    marks: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    last = r + 1
    for rr, pr in _grid_rows(sheet, r + 2, n_rows):
        name = sheet.text(rr, n_cols + 1) or "value"
        block = sets.setdefault(name, {})
        for pc in range(n_cols):
            well = well_name(pr, pc)
            block[well] = _value(sheet, rr, pc + 1, well, problems, marks.setdefault(name, {}))
        last = rr
    raise_problems(problems)
    if not sets:
        raise InputError(
            "Results grid without lettered rows",
            location=sheet.where(r + 2),
            hint=SHAPE_HINT,
        )
    for name, wells in sets.items():
        reads.append(_block(path, plate, n_rows, cols, name, wells, marks.get(name, {}), reads))
    return last + 1


def _read_titled(path, sheet, r, plate, plate_wells, reads) -> int:
    """One data set's own grid: title line, header, rows ending with the title."""
    name = sheet.text(r, 0)
    n_cols = _header_cols(sheet, r + 1)
    n_rows, cols = _shape(sheet, r + 1, n_cols, plate_wells)
    wells: dict[str, float | None] = {}
    marks: dict[str, str] = {}
    problems: list[Problem] = []
    last = r + 1
    for rr, pr in _grid_rows(sheet, r + 2, n_rows):
        if sheet.text(rr, 0) == "" or _last_text(sheet, rr) != name:
            break  # a titled grid has one line per row
        for pc in range(n_cols):
            well = well_name(pr, pc)
            wells[well] = _value(sheet, rr, pc + 1, well, problems, marks)
        last = rr
    raise_problems(problems)
    reads.append(_block(path, plate, n_rows, cols, name, wells, marks, reads))
    return last + 1


def _block(path, plate, n_rows, cols, name, wells, marks, reads) -> PlateRead:
    full = {well_name(pr, pc): None for pr in range(n_rows) for pc in range(cols)}
    full.update(wells)
    return PlateRead(
        source=path.name,
        format=FORMAT,
        plate_id=plate,
        rows=n_rows,
        cols=cols,
        readout=name,
        wells=in_plate_order(full),
        block=len(reads),
        unreadable=dict(sorted(marks.items(), key=lambda kv: well_sort_key(kv[0]))),
    )


__all__ = ["FORMAT", "layout_ids", "read", "row_letter", "sniff"]
