"""Molecular Devices SoftMax Pro text export (``##BLOCKS=``; UTF-16LE with BOM, tab-separated).

Each ``Plate:`` block ends with ``~End``. Its header line carries the plate name (field 2), the
export layout (field 4: ``PlateFormat`` = plate-shaped rows with no row letters, or ``TimeFormat``
= one line of wells ``A1…H12``), the read type (field 5, only ``Endpoint`` is read), the read mode
(field 6) and the wavelengths (field 16). The data usually appear twice in a block, first at
display precision and then at full precision, separated by a blank line; the last copy is used.
Non-plate blocks (``Group:`` tables) are skipped.
"""

from __future__ import annotations

from pathlib import Path

from precisecli.errors import InputError
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.grid import (
    PLATE_SHAPES,
    SHAPE_HINT,
    Problem,
    _col_number,
    in_plate_order,
    parse_value,
    parse_well,
    raise_problems,
    shape_for,
    well_name,
)
from precisecli.pdo.readers.text import load_text_sheet

FORMAT = "softmax-text"


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("##BLOCKS=")


def read(path: Path) -> list[PlateRead]:
    sheet, _ = load_text_sheet(path, "\t")
    reads: list[PlateRead] = []
    r = 0
    n = len(sheet.rows)
    while r < n:
        if sheet.text(r, 0) != "Plate:":
            r += 1
            continue
        head = [c.strip() for c in sheet.rows[r]]
        start = r
        end = r + 1
        while end < n and sheet.text(end, 0) != "~End":
            end += 1
        name = head[1] if len(head) > 1 and head[1] else path.stem
        layout = head[3] if len(head) > 3 else ""
        read_type = head[4] if len(head) > 4 else ""
        mode = head[5] if len(head) > 5 else ""
        waves = head[15].split() if len(head) > 15 else []
        if read_type != "Endpoint":
            raise InputError(
                f"plate '{name}' is a {read_type or 'non-endpoint'} read; only endpoint reads "
                "are imported",
                location=sheet.where(start),
                hint="export the endpoint (or a reduced) value per well",
            )
        if len(waves) > 1:
            raise InputError(
                f"plate '{name}' holds {len(waves)} wavelengths in one block",
                location=sheet.where(start),
                hint="export one wavelength per block",
            )
        # sections separated by blank lines; the last one is full precision
        sections: list[list[int]] = [[]]
        for rr in range(start + 1, end):
            if any(x.strip() for x in sheet.rows[rr]):
                sections[-1].append(rr)
            elif sections[-1]:
                sections.append([])
        sections = [s for s in sections if s]
        if not sections:
            raise InputError(f"plate '{name}' has no data", location=sheet.where(start))
        lines = sections[-1]
        if layout == "PlateFormat":
            rows, cols, wells = _plate_format(sheet, lines)
        elif layout == "TimeFormat":
            rows, cols, wells = _time_format(sheet, lines)
        else:
            raise InputError(
                f"unknown SoftMax Pro export layout {layout!r}",
                location=sheet.where(start),
                hint="export as PlateFormat or TimeFormat",
            )
        readout = mode + (f" {waves[0]} nm" if waves and waves[0] != "0" else "")
        reads.append(
            PlateRead(
                source=path.name,
                format=FORMAT,
                plate_id=name,
                rows=rows,
                cols=cols,
                readout=readout or "value",
                wells=in_plate_order(wells),
                block=len(reads),
            )
        )
        r = end + 1
    if not reads:
        raise InputError("no Plate: block found", location=sheet.where(0))
    return reads


def _plate_format(sheet, lines):
    header = lines[0]
    n_cols = 0
    while _col_number(sheet.cell(header, 2 + n_cols)) == n_cols + 1:
        n_cols += 1
    if n_cols not in PLATE_SHAPES:
        raise InputError(
            f"plate grid has {n_cols} numbered columns",
            location=sheet.where(header),
            hint=SHAPE_HINT,
        )
    n_rows = PLATE_SHAPES[n_cols]
    data = lines[1:]
    if len(data) != n_rows:
        raise InputError(
            f"plate grid has {len(data)} rows; a {n_rows * n_cols}-well plate has {n_rows}",
            location=sheet.where(data[-1] if data else header),
            hint=SHAPE_HINT,
        )
    wells, problems = {}, []
    for pr, sr in enumerate(data):
        for pc in range(n_cols):
            w = well_name(pr, pc)
            if 2 + pc >= len(sheet.rows[sr]):
                problems.append(Problem(w, "", "cell missing", sheet.where(sr, 2 + pc, w)))
                continue
            value, why = parse_value(sheet.cell(sr, 2 + pc))
            if why:
                problems.append(Problem(w, sheet.text(sr, 2 + pc), why, sheet.where(sr, 2 + pc, w)))
            wells[w] = value
    raise_problems(problems)
    return n_rows, n_cols, wells


def _time_format(sheet, lines):
    header = lines[0]
    names = sheet.rows[header]
    cols = [(c, parse_well(names[c])) for c in range(2, len(names)) if parse_well(names[c])]
    if not cols:
        raise InputError("no well columns (A1 …) in the block", location=sheet.where(header))
    data = lines[1:]
    if len(data) != 1:
        raise InputError(
            f"{len(data)} reads in an endpoint block",
            location=sheet.where(header),
            hint="export one read per block",
        )
    sr = data[0]
    shape = shape_for(max(rc[0] for _, rc in cols), max(rc[1] for _, rc in cols))
    if shape is None:
        raise InputError(
            "well names beyond a 1536-well plate", location=sheet.where(header), hint=SHAPE_HINT
        )
    wells, problems = {}, []
    for c, (pr, pc) in cols:
        w = well_name(pr, pc)
        if c >= len(sheet.rows[sr]):
            problems.append(Problem(w, "", "cell missing", sheet.where(sr, c, w)))
            continue
        value, why = parse_value(sheet.cell(sr, c))
        if why:
            problems.append(Problem(w, sheet.text(sr, c), why, sheet.where(sr, c, w)))
        wells[w] = value
    raise_problems(problems)
    if len(wells) != shape[0] * shape[1]:
        missing = [
            well_name(r, c)
            for r in range(shape[0])
            for c in range(shape[1])
            if well_name(r, c) not in wells
        ]
        raise InputError(
            f"block lists {len(wells)} wells; a {shape[0] * shape[1]}-well plate has "
            f"{shape[0] * shape[1]} (missing {', '.join(missing[:5])})",
            location=sheet.where(header, None, missing[0]),
            hint=SHAPE_HINT,
        )
    return shape[0], shape[1], wells
