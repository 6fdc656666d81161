"""Agilent / BioTek Gen5 tab-separated text export (plate-shaped results).

Each plate starts at ``Plate Number\\t<name>``. Its ``Results`` section has a header ``\\t1…12``;
every plate row spans one line per data set, the first line starting with the row letter and the
continuation lines with an empty cell, and each line ending with the data set's name
(``LUM:Lum``, ``NormLum``, ``450``…). Each data set becomes one readout block. The ``Layout``
section (well ids such as POSCON/NEGCON/SPL1) is not a readout and is skipped.
"""

from __future__ import annotations

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
    well_name,
)
from precisecli.pdo.readers.text import load_text_sheet

FORMAT = "gen5-text"


def sniff(text: str) -> bool:
    return "Software Version" in text[:3000] and "\nResults" in text and "Plate Number" in text


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
    n = 0
    while _col_number(sheet.cell(r, n + 1)) == n + 1:
        n += 1
    return n


def read(path: Path) -> list[PlateRead]:
    sheet, _ = load_text_sheet(path, "\t")
    reads: list[PlateRead] = []
    plate = path.stem
    r = 0
    while r < len(sheet.rows):
        if sheet.text(r, 0) == "Plate Number":
            plate = sheet.text(r, 1) or plate
        elif sheet.text(r, 0) == "Results":
            n_cols = _header_cols(sheet, r + 1)
            if n_cols not in PLATE_SHAPES:
                raise InputError(
                    f"Results grid has {n_cols} numbered columns",
                    location=sheet.where(r + 1),
                    hint=SHAPE_HINT,
                )
            n_rows = PLATE_SHAPES[n_cols]
            sets: dict[str, dict[str, float | None]] = {}
            problems: list[Problem] = []
            current = -1
            rr = r + 2
            while rr < len(sheet.rows) and any(x.strip() for x in sheet.rows[rr]):
                letter = sheet.text(rr, 0)
                if letter:
                    idx = row_index(letter)
                    if idx is None or idx != current + 1 or idx >= n_rows:
                        break
                    current = idx
                elif current < 0:
                    break
                name = sheet.text(rr, n_cols + 1) or "value"
                block = sets.setdefault(name, {})
                for pc in range(n_cols):
                    well = well_name(current, pc)
                    if pc + 1 >= len(sheet.rows[rr]):
                        problems.append(
                            Problem(well, "", "cell missing", sheet.where(rr, pc + 1, well))
                        )
                        continue
                    value, why = parse_value(sheet.cell(rr, pc + 1))
                    if why:
                        problems.append(
                            Problem(
                                well, sheet.text(rr, pc + 1), why, sheet.where(rr, pc + 1, well)
                            )
                        )
                    block[well] = value
                rr += 1
            raise_problems(problems)
            if current != n_rows - 1:
                raise InputError(
                    f"Results grid stops at row {well_name(current, 0)[:-1] or 'none'}; a "
                    f"{n_rows * n_cols}-well plate has {n_rows} rows",
                    location=sheet.where(rr, 0, well_name(current + 1, 0)),
                    hint=SHAPE_HINT,
                )
            for name, wells in sets.items():
                reads.append(
                    PlateRead(
                        source=path.name,
                        format=FORMAT,
                        plate_id=plate,
                        rows=n_rows,
                        cols=n_cols,
                        readout=name,
                        wells=in_plate_order(wells),
                        block=len(reads),
                    )
                )
            r = rr
            continue
        r += 1
    if not reads:
        raise InputError(
            "no Results grid found in the Gen5 export",
            location=sheet.where(0),
            hint="export results in plate format (Results section with rows A–H)",
        )
    return reads
