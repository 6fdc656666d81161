"""Organoid long-diameter tables: ``plate, well, organoid_id, day, diameter_um`` (CSV/TSV/xlsx).

Column synonyms: ``organoid``/``organoid id``/``object_id`` for organoid_id, ``time_d``/``days``
for day, ``diameter``/``long_diameter_um``/``diameter_µm`` for diameter_um; a ``diameter_mm``
column is converted (× 1000). Without a plate column every row belongs to plate ``*``. Rows are
returned sorted by plate, well, organoid and day.
"""

from __future__ import annotations

import math
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.limits import require_regular_file
from precisecli.pdo.model import DiameterRecord
from precisecli.pdo.readers.grid import (
    display_raw,
    parse_value,
    require_well,
    well_sort_key,
)
from precisecli.pdo.readers.table import load_sheets, require_table

PLATE = ("plate", "plate_id", "barcode")
WELL = ("well", "well_id", "well_position")
ORGANOID = ("organoid_id", "organoid", "organoid_no", "object_id", "object", "id")
DAY = ("day", "days", "time_d", "day_post_treatment", "timepoint_d")
MAX_DAY = 365  # an organoid culture followed for more than a year is a unit or typing error
DIAM_UM = (
    "diameter_um",
    "diameter",
    "long_diameter_um",
    "long_diameter",
    "diameter_micron",
    "diameter_microns",
    "diameter_(um)",
)
DIAM_MM = ("diameter_mm", "long_diameter_mm")


def read_diameter_table(path: Path) -> list[DiameterRecord]:
    path = Path(path)
    # FIFOs, devices and folders are refused before anything opens them (a FIFO blocks)
    require_regular_file(path, what="diameter table")
    sheets = load_sheets(path)
    table = require_table(
        path,
        sheets,
        [WELL, ORGANOID, DAY, DIAM_UM + DIAM_MM],
        "an organoid diameter table (plate, well, organoid_id, day, diameter_um)",
    )
    c_plate, c_well, c_org, c_day = (
        table.col(*PLATE),
        table.col(*WELL),
        table.col(*ORGANOID),
        table.col(*DAY),
    )
    c_um, c_mm = table.col(*DIAM_UM), table.col(*DIAM_MM)
    c_diam, scale = (c_um, 1.0) if c_um is not None else (c_mm, 1000.0)
    out: dict[tuple, DiameterRecord] = {}
    for r, _ in table.records():
        well = require_well(table.sheet.text(r, c_well), table.where(r, c_well))
        plate = (table.sheet.text(r, c_plate) if c_plate is not None else "") or "*"
        organoid = table.sheet.text(r, c_org)
        if not organoid:
            raise InputError(
                "missing organoid id",
                location=table.where(r, c_org, well),
                hint="number the organoids within each well",
            )
        day = _number(table, r, c_day, well, "day")
        if not 0 <= day <= MAX_DAY:
            raise InputError(
                f"day {day:g} is outside 0–{MAX_DAY} (days since treatment began)",
                location=table.where(r, c_day, well),
                hint="give the day of the measurement counted from the start of treatment",
            )
        diameter = _number(table, r, c_diam, well, "diameter") * scale
        if diameter <= 0:
            raise InputError(
                f"diameter {diameter:g} µm is not positive",
                location=table.where(r, c_diam, well),
                hint="leave out organoids that were not measured",
            )
        key = (plate, well, organoid, day)
        if key in out:
            raise InputError(
                f"organoid {organoid} of well {well} measured twice on day {day:g}",
                location=table.where(r, c_org, well),
                hint="one row per organoid and day",
            )
        out[key] = DiameterRecord(plate, well, organoid, day, diameter)
    if not out:
        raise InputError("the diameter table has no rows", location=Location(file=path.name))
    return [
        out[k] for k in sorted(out, key=lambda k: (k[0], well_sort_key(k[1]), _org_key(k[2]), k[3]))
    ]


def _org_key(organoid: str) -> tuple:
    return (0, int(organoid), "") if organoid.isdigit() else (1, 0, organoid)


def _number(table, r, c, well, what) -> float:
    raw = table.sheet.cell(r, c)
    value, why = parse_value(raw)
    if value is None:
        raise InputError(
            f"{what} {display_raw(raw)!r} is {why or 'missing'}",
            location=table.where(r, c, well),
            hint=f"give the {what} as a number",
        )
    if not math.isfinite(value):
        raise InputError(f"{what} is not finite", location=table.where(r, c, well))
    return value
