"""Spreadsheet exports: Thermo SkanIt, Tecan SparkControl, BMG SMART Control, Tecan Magellan.

All are read through ``precisecli.pdo.xlsx.read_workbook`` (safety limits, cached values, error
cells and merged ranges kept visible), then:

* SkanIt — one sheet per measurement; each grid's corner cell is the unit (``RLU``), the nearest
  ``Plate N`` line above names the plate, the sheet's measurement name is the readout.
* Spark — the ``Result sheet`` grid has ``<>`` in its corner; the readout is the action's ``Name``
  (e.g. ``A450``) or mode; wells outside the measured ``Part of Plate`` are empty.
* SMART Control — sheet ``Microplate End point`` holds numbered blocks (``1. Layout``,
  ``2. Standard Concentrations``, ``4. Raw Data (…)``, ``5. Blank corrected …``); the layout,
  concentration and dilution blocks are plate annotations, the others are readouts; ``ID1:`` is
  the plate id.
* Magellan — a list ``Raw data | Well positions | Plate``, one row per well (column-major); the
  plate id is written on some rows only and carries down.
"""

from __future__ import annotations

import re
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.common import after_colon, plate_from_grid
from precisecli.pdo.readers.grid import (
    PLATE_SHAPES,
    Problem,
    Sheet,
    display_raw,
    fill_plate,
    find_grids,
    parse_value,
    raise_problems,
    require_well,
    title_above,
    well_name,
)
from precisecli.pdo.xlsx import SheetData

WELLS_TO_SHAPE = {cols * rows: (rows, cols) for cols, rows in PLATE_SHAPES.items()}


def sheets_of(path: Path, book: list[SheetData]) -> list[Sheet]:
    return [Sheet(path.name, s.rows, s.name) for s in book]


def _texts(sheet: Sheet, limit: int = 60) -> list[str]:
    return [sheet.first_text(r) for r in range(min(limit, len(sheet.rows)))]


# --- SkanIt ------------------------------------------------------------------------------------


def sniff_skanit(sheets: list[Sheet]) -> bool:
    return any(s.first_text(0) == "Measurement results" for s in sheets)


SKANIT_MEASUREMENTS = ("absorbance", "fluorescence", "luminescence")


def _skanit_measurement(sheet: Sheet) -> str:
    """The step name of a SkanIt result sheet ('Absorbance 1', 'Blank Subtraction 1' …)."""
    texts = [t for t in _texts(sheet, 8) if t and t != " "]
    # 'Measurement results', the session file, the date, then the step name
    return texts[3] if len(texts) > 3 else (sheet.sheet_name or "value")


def read_skanit(path: Path, sheets: list[Sheet]) -> list[PlateRead]:
    """Measurement sheets only (Absorbance/Fluorescence/Luminescence steps). Calculation steps
    (blank subtraction, standard curves, dilution, averages) are SkanIt's calculations and are
    not read; the ``Sample`` grid under each plate is a sample map, not readings."""
    reads: list[PlateRead] = []
    for sheet in sheets:
        if sheet.first_text(0) != "Measurement results":
            continue
        measurement = _skanit_measurement(sheet)
        if not measurement.lower().startswith(SKANIT_MEASUREMENTS):
            continue
        for grid in find_grids(sheet):
            if grid.corner.lower() == "sample" or grid.numeric_share() < 0.5:
                continue  # the sample map (Std0001, Un0001, Blank1 …)
            # the plate's name is the line above its grid ('Plate 1', 'Blank plate' …)
            plate = title_above(sheet, grid, max_up=3)
            if not plate or re.match(r"(?i)^(wavelength|autoloading|measurement)", plate):
                plate = path.stem
            unit = grid.corner
            readout = f"{measurement} ({unit})" if unit else measurement
            wave = next(
                (
                    m.group(1)
                    for r in range(grid.header_row - 1, -1, -1)
                    if (m := re.match(r"Wavelength:\s*(\d+(?:\.\d+)?)\s*nm", sheet.first_text(r)))
                ),
                "",
            )
            if wave and wave != "0" and f"{wave}" not in measurement:
                readout += f" {wave} nm"
            reads.append(plate_from_grid(path, "skanit-xlsx", grid, plate, readout, len(reads)))
    if not reads:
        raise InputError("no plate grid in the SkanIt workbook", location=Location(file=path.name))
    return reads


# --- Spark -------------------------------------------------------------------------------------


def sniff_spark(sheets: list[Sheet]) -> bool:
    return any(t.startswith("Application: SparkControl") for s in sheets for t in _texts(s, 10))


def read_spark(path: Path, sheets: list[Sheet]) -> list[PlateRead]:
    reads: list[PlateRead] = []
    for sheet in sheets:
        names: list[tuple[int, str]] = []
        for r in range(len(sheet.rows)):
            key = sheet.text(r, 0)
            if key in ("Name", "Mode") and sheet.text(r, 1):
                names.append((r, sheet.text(r, 1)))
            elif key == "Label" and sheet.text(r, 4):
                names.append((r, sheet.text(r, 4)))
        for grid in find_grids(sheet):
            # the Name nearest above the grid (Mode as fallback)
            above = [n for n in names if n[0] < grid.header_row]
            label = next((v for r, v in reversed(above) if sheet.text(r, 0) == "Name"), "")
            label = label or next((v for _, v in reversed(above)), "") or "value"
            reads.append(plate_from_grid(path, "spark-xlsx", grid, path.stem, label, len(reads)))
    if not reads:
        raise InputError(
            "no '<>' plate grid in the Spark workbook", location=Location(file=path.name)
        )
    return reads


# --- SMART Control -----------------------------------------------------------------------------

_ANNOTATION = re.compile(r"layout|concentration|dilution|content|sample id|volume", re.I)


def sniff_smart(sheets: list[Sheet]) -> bool:
    return any(s.sheet_name and s.sheet_name.startswith("Microplate") for s in sheets) or any(
        t.startswith("Test ID:") for s in sheets for t in _texts(s, 12)
    )


def read_smart(path: Path, sheets: list[Sheet]) -> list[PlateRead]:
    reads: list[PlateRead] = []
    chosen = [s for s in sheets if (s.sheet_name or "").startswith("Microplate")] or sheets[:1]
    for sheet in chosen:
        plate = (
            next((after_colon(t) for t in _texts(sheet, 30) if t.startswith("ID1:")), "")
            or path.stem
        )
        for grid in find_grids(sheet):
            title = title_above(sheet, grid, max_up=2)
            title = re.sub(r"^\d+\.\s*", "", title)
            if _ANNOTATION.search(title):
                continue
            reads.append(
                plate_from_grid(
                    path, "smart-control-xlsx", grid, plate, title or "value", len(reads)
                )
            )
    if not reads:
        raise InputError(
            "no readout grid in the SMART Control workbook", location=Location(file=path.name)
        )
    return reads


# --- Magellan ----------------------------------------------------------------------------------

_PLATE_SIZE = re.compile(r"^(6|24|48|96|384|1536)\s*wells?$", re.I)
_LEGEND = re.compile(r"^\S+=\S+$")  # 'Label1=535' legend cells beside the header


def sniff_magellan(sheets: list[Sheet]) -> bool:
    for s in sheets:
        row = [t.lower() for t in s.row_texts(0)]
        if "well positions" in row:
            return True
    return False


def _magellan_waves(sheet: Sheet) -> list[str]:
    """'Measurement wavelength: 485 nm' lines of the trailer, in measurement order."""
    waves = []
    for r in range(len(sheet.rows)):
        for c in range(min(len(sheet.rows[r]), 8)):
            m = re.match(r"Measurement wavelength:\s*(\d+)\s*nm", sheet.text(r, c))
            if m:
                waves.append(m.group(1))
    return waves


def read_magellan(path: Path, sheets: list[Sheet]) -> list[PlateRead]:
    """A Magellan list export: a header (``Raw data``/``Label1``…, ``Well positions``,
    ``Plate``), optional lines of read time, temperature and plate format ('384 well') before the
    wells, one line per well, then a trailer of measurement parameters (one wavelength per
    label, in order)."""
    sheet = next(s for s in sheets if "well positions" in [t.lower() for t in s.row_texts(0)])
    header = [t.lower() for t in sheet.row_texts(0)]
    c_well = header.index("well positions")
    c_plate = header.index("plate") if "plate" in header else None
    value_cols = [
        c for c, h in enumerate(header) if h and c not in (c_well, c_plate) and not _LEGEND.match(h)
    ]
    waves = _magellan_waves(sheet)
    plates: dict[tuple[str, int], dict[str, float | None]] = {}
    order: list[tuple[str, int]] = []
    problems: list[Problem] = []
    plate = path.stem
    size: int | None = None
    started = False
    for r in range(1, len(sheet.rows)):
        well_text = sheet.text(r, c_well)
        if not started:
            m = _PLATE_SIZE.match(well_text)
            if m:
                size = int(m.group(1))
                continue
            if require_well_or_none(well_text) is None:
                continue  # read time / temperature lines above the wells
        if started and require_well_or_none(well_text) is None:
            # the trailer (measurement mode, wavelength, date …); no well may follow it
            later = [
                rr
                for rr in range(r + 1, len(sheet.rows))
                if require_well_or_none(sheet.text(rr, c_well)) is not None
            ]
            if later:
                raise InputError(
                    f"{well_text!r} is not a well name (a line without a well inside the list)",
                    location=sheet.where(r, c_well),
                    hint="every line of the well list needs its well position",
                )
            break
        w = require_well(well_text, sheet.where(r, c_well))
        started = True
        if c_plate is not None and sheet.text(r, c_plate):
            plate = sheet.text(r, c_plate)
        for c in value_cols:
            key = (plate, c)
            if key not in plates:
                plates[key] = {}
                order.append(key)
            if w in plates[key]:
                raise InputError(
                    f"well {w} listed twice for plate {plate}", location=sheet.where(r, c_well, w)
                )
            value, why = parse_value(sheet.cell(r, c))
            if why:
                problems.append(
                    Problem(w, display_raw(sheet.cell(r, c)), why, sheet.where(r, c, w))
                )
            plates[key][w] = value
    raise_problems(problems)
    reads = []
    for plate_id, c in order:
        wells = dict(plates[(plate_id, c)])
        if size in WELLS_TO_SHAPE:
            n_rows, n_cols = WELLS_TO_SHAPE[size]
            wells[well_name(n_rows - 1, n_cols - 1)] = wells.get(well_name(n_rows - 1, n_cols - 1))
        rows, cols, filled = fill_plate(wells, path.name)
        k = value_cols.index(c)
        label = sheet.text(0, c)
        if len(waves) == len(value_cols):
            label = f"{label} {waves[k]} nm"
        reads.append(
            PlateRead(
                source=path.name,
                format="magellan-xlsx",
                plate_id=plate_id,
                rows=rows,
                cols=cols,
                readout=label,
                wells=filled,
                block=len(reads),
            )
        )
    if not reads:
        raise InputError("no wells listed", location=Location(file=path.name))
    return reads


def require_well_or_none(text: str) -> str | None:
    from precisecli.pdo.readers.grid import normalise_well

    return normalise_well(text) if text else None
