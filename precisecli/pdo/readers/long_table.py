"""Long plate-reader tables: one row per well (``plate, well, value``), CSV/TSV or xlsx.

Accepted column names (case-insensitive): plate — ``plate``, ``plate_id``, ``barcode``, ``upid``,
``blockid``; well — ``well`` (``A1`` or ``A01``), ``well_position(s)``, or ``row`` + ``col``
(row as a letter or 1-based number); value — ``value``, ``signal``, ``well_signal``,
``raw_data``, ``readout_value``, ``counts``, ``cell_count``, ``intensity``, ``response``; optional
``readout`` (one block per readout) and ``screen``/``screen_name`` (plate ids become
``<screen>:<plate>``, because Breeze numbers plates 1, 2 within each screen).
"""

from __future__ import annotations

from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.grid import (
    Problem,
    Sheet,
    display_raw,
    fill_plate,
    parse_value,
    raise_problems,
    require_well,
    row_index,
    well_name,
)
from precisecli.pdo.readers.table import Table, find_table

FORMAT = "long-table"
PLATE = ("plate", "plate_id", "plateid", "barcode", "upid", "blockid", "block_id", "plate_name")
WELL = ("well", "well_id", "wells", "well_position", "well_positions", "well_name", "position")
ROW = ("row", "well_row")
COL = ("col", "column", "well_col", "well_column")
VALUE = (
    "value",
    "signal",
    "well_signal",
    "raw_data",
    "readout_value",
    "counts",
    "cell_count",
    "intensity",
    "response",
    "luminescence",
    "absorbance",
    "fluorescence",
    "rlu",
)
SCREEN = ("screen", "screen_name", "screen_id")
READOUT = ("readout", "read", "measurement", "label")


def find(sheets: list[Sheet]) -> Table | None:
    return find_table(sheets, [VALUE, WELL]) or find_table(sheets, [VALUE, ROW, COL])


def plate_key(table: Table, r: int, c_plate: int | None, c_screen: int | None, stem: str) -> str:
    plate = table.sheet.text(r, c_plate) if c_plate is not None else ""
    screen = table.sheet.text(r, c_screen) if c_screen is not None else ""
    plate = plate or stem
    return f"{screen}:{plate}" if screen else plate


def well_of(table: Table, r: int, c_well, c_row, c_col) -> str:
    if c_well is not None:
        return require_well(table.sheet.text(r, c_well), table.where(r, c_well))
    rt, ct = table.sheet.text(r, c_row), table.sheet.text(r, c_col)
    ri = row_index(rt)
    if ri is None:
        v, why = parse_value(rt)
        ri = int(v) - 1 if not why and v is not None and v.is_integer() and v >= 1 else None
    cv, why = parse_value(ct)
    if ri is None or why or cv is None or not cv.is_integer() or cv < 1:
        raise InputError(
            f"row {rt!r} / column {ct!r} do not name a well",
            location=table.where(r, c_row),
            hint="row as a letter (A) or number (1), column as a number (1)",
        )
    return well_name(ri, int(cv) - 1)


def read(path: Path, sheets: list[Sheet]) -> list[PlateRead]:
    table = find(sheets)
    if table is None:
        raise InputError(
            "no header with well and value columns (plate, well, value)",
            location=Location(file=path.name),
            hint="name the columns plate, well, value",
        )
    c_plate, c_screen = table.col(*PLATE), table.col(*SCREEN)
    c_well = table.col(*WELL)
    c_row, c_col = (None, None) if c_well is not None else (table.col(*ROW), table.col(*COL))
    c_value = table.col(*VALUE)
    c_readout = table.col(*READOUT)
    blocks: dict[tuple[str, str], dict[str, float | None]] = {}
    order: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for r, _ in table.records():
        plate = plate_key(table, r, c_plate, c_screen, path.stem)
        well = well_of(table, r, c_well, c_row, c_col)
        readout = table.sheet.text(r, c_readout) if c_readout is not None else ""
        readout = readout or table.raw_columns[c_value]
        key = (plate, readout)
        if key not in blocks:
            blocks[key] = {}
            order.append(key)
        if well in blocks[key]:
            raise InputError(
                f"well {well} of plate {plate} appears twice",
                location=table.where(r, c_well if c_well is not None else c_row, well),
                hint="one row per well and readout",
            )
        raw = table.sheet.cell(r, c_value)
        value, why = parse_value(raw)
        if why:
            problems.append(Problem(well, display_raw(raw), why, table.where(r, c_value, well)))
        blocks[key][well] = value
    raise_problems(problems)
    reads: list[PlateRead] = []
    for plate, readout in order:
        rows, cols, wells = fill_plate(blocks[(plate, readout)], path.name)
        reads.append(
            PlateRead(
                source=path.name,
                format=FORMAT,
                plate_id=plate,
                rows=rows,
                cols=cols,
                readout=readout,
                wells=wells,
                block=len(reads),
            )
        )
    return reads
