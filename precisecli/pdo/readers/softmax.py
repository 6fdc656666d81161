"""Molecular Devices SoftMax Pro text export (``##BLOCKS=``; UTF-16 or UTF-8, tab-separated).

Each ``Plate:`` block ends with ``~End``. Its header line carries the plate name (field 2), the
export layout (field 4: ``PlateFormat`` = plate-shaped rows without row letters, ``TimeFormat`` =
one line of wells ``A1…H12``), the read type (field 5, only ``Endpoint`` is read), the read mode
(field 6), the data type (``Raw``/``Reduced``/``Both``; one field later for fluorescence, which
carries a scan position first), the number of wavelengths, the wavelengths, the number of wells
and, for fluorescence, the excitation wavelengths. The layout of these fields follows allotropy's
SoftMax Pro parser (Benchling-Open-Source/allotropy, MIT).

The raw readings come first, under a header whose second cell is ``Temperature(°C)``:

* PlateFormat — one line per plate row, the wavelengths side by side (each N columns plus a
  blank separator column);
* TimeFormat — one line of wells per wavelength, separated by blank lines.

They are followed by SoftMax's *reduced* values (header without ``Temperature``), which are a
calculation (e.g. the mean, or a wavelength difference) and are not read. Each wavelength becomes
its own readout block (``Absorbance 450 nm``, ``Fluorescence ex 485 / em 535 nm`` …), chosen on
``pdo load`` with ``--read-label``. Wells SoftMax left blank (not in the read area) or wrote as
``NaN`` have no value. Group tables and notes are skipped.
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
    in_plate_order,
    parse_value,
    parse_well,
    raise_problems,
    well_name,
)
from precisecli.pdo.readers.text import load_text_sheet

FORMAT = "softmax-text"
DATA_TYPES = ("Raw", "Reduced", "Both")
WELLS_TO_SHAPE = {cols * rows: (rows, cols) for cols, rows in PLATE_SHAPES.items()}


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("##BLOCKS=")


def _field(head: list[str], i: int) -> str:
    return head[i].strip() if i < len(head) else ""


class _Header:
    def __init__(self, sheet: Sheet, r: int, fallback: str):
        head = [c.strip() for c in sheet.rows[r]]
        self.where = sheet.where(r)
        self.name = _field(head, 1) or fallback
        self.layout = _field(head, 3)
        self.read_type = _field(head, 4)
        self.mode = _field(head, 5)
        # fluorescence and time-resolved blocks carry a scan position before the data type
        off = 1 if _field(head, 6) not in DATA_TYPES and _field(head, 7) in DATA_TYPES else 0
        self.data_type = _field(head, 6 + off)
        n_waves = _field(head, 14 + off)
        self.waves = _field(head, 15 + off).split()
        self.n_wells = _field(head, 18 + off)
        self.excitation = _field(head, 19 + off).split() if off else []
        self.n_waves = int(n_waves) if n_waves.isdigit() else 1

    def label(self, k: int) -> str:
        wave = self.waves[k] if k < len(self.waves) else ""
        if self.excitation and k < len(self.excitation):
            return f"{self.mode} ex {self.excitation[k]} / em {wave} nm"
        if not wave or wave == "0":
            return self.mode or "value"
        return f"{self.mode} {wave} nm"

    def check(self) -> tuple[int, int]:
        name = self.name
        if self.read_type != "Endpoint":
            raise InputError(
                f"plate '{name}' is a {self.read_type or 'non-endpoint'} read; only endpoint "
                "reads are imported",
                location=self.where,
                hint="export the endpoint read, or set a reduction to one value per well and "
                "export it as an endpoint plate",
            )
        if self.data_type == "Reduced":
            raise InputError(
                f"plate '{name}' was exported with reduced values only (a SoftMax calculation), "
                "not the raw readings",
                location=self.where,
                hint="export the plate with data type Raw (or Both)",
            )
        if len(self.waves) != self.n_waves:
            raise InputError(
                f"plate '{name}' declares {self.n_waves} wavelengths but lists {len(self.waves)}",
                location=self.where,
                hint="re-export the plate from SoftMax Pro",
            )
        shape = WELLS_TO_SHAPE.get(int(self.n_wells) if self.n_wells.isdigit() else -1)
        if shape is None:
            raise InputError(
                f"plate '{name}' has {self.n_wells or 'an unknown number of'} wells",
                location=self.where,
                hint=SHAPE_HINT,
            )
        if self.layout not in ("PlateFormat", "TimeFormat"):
            raise InputError(
                f"unknown SoftMax Pro export layout {self.layout!r}",
                location=self.where,
                hint="export as PlateFormat or TimeFormat",
            )
        return shape


def _blank(sheet: Sheet, r: int) -> bool:
    return not any(c.strip() for c in sheet.rows[r])


def _raw_header(sheet: Sheet, start: int, end: int, name: str) -> int:
    for r in range(start, end):
        if sheet.text(r, 1).lower().startswith("temperature"):
            return r
    raise InputError(
        f"plate '{name}' has no raw data (no Temperature header line)",
        location=sheet.where(start - 1),
        hint="export the plate with data type Raw (or Both)",
    )


def _value(sheet: Sheet, r: int, c: int, well: str, problems: list[Problem]) -> float | None:
    if c >= len(sheet.rows[r]):
        # SoftMax writes every cell (blank ones as empty fields): a short line is a cut file
        problems.append(
            Problem(well, "", "cell missing (line shorter than its header)", sheet.where(r, c))
        )
        return None
    text = sheet.text(r, c)
    if text == "NaN":
        return None  # SoftMax's mark for a masked or unread well
    value, why = parse_value(text)
    if why:
        problems.append(Problem(well, text, why, sheet.where(r, c, well)))
    return value


def read(path: Path) -> list[PlateRead]:
    sheet, _ = load_text_sheet(path, "\t")
    reads: list[PlateRead] = []
    r = 0
    n = len(sheet.rows)
    while r < n:
        if sheet.text(r, 0) != "Plate:":
            r += 1
            continue
        start = r
        end = r + 1
        while end < n and not sheet.text(end, 0).startswith("~End"):
            end += 1
        head = _Header(sheet, start, path.stem)
        rows, cols = head.check()
        if any(rd.plate_id == head.name for rd in reads):
            raise InputError(
                f"plate name '{head.name}' is used by two Plate: blocks",
                location=head.where,
                hint="give each plate its own name in SoftMax Pro and export again",
            )
        hr = _raw_header(sheet, start + 1, end, head.name)
        if head.layout == "PlateFormat":
            blocks = _plate_format(sheet, hr, end, head, rows, cols)
        else:
            blocks = _time_format(sheet, hr, end, head, rows, cols)
        for k, wells in enumerate(blocks):
            reads.append(
                PlateRead(
                    source=path.name,
                    format=FORMAT,
                    plate_id=head.name,
                    rows=rows,
                    cols=cols,
                    readout=head.label(k),
                    wells=in_plate_order(wells),
                    block=len(reads),
                )
            )
        r = end + 1
    if not reads:
        raise InputError("no Plate: block found", location=sheet.where(0))
    return reads


def _plate_format(sheet, hr, end, head, rows, cols) -> list[dict[str, float | None]]:
    """PlateFormat raw data: ``rows`` lines under the header, wavelengths side by side."""
    for k in range(head.n_waves):
        base = 2 + k * (cols + 1)
        numbers = [sheet.text(hr, base + j) for j in range(cols)]
        if numbers != [str(j + 1) for j in range(cols)]:
            raise InputError(
                f"plate '{head.name}': the header of wavelength {k + 1} is not columns 1–{cols}",
                location=sheet.where(hr, base),
                hint=SHAPE_HINT,
            )
    lines = list(range(hr + 1, min(hr + 1 + rows, end)))
    if len(lines) != rows:
        raise InputError(
            f"plate '{head.name}' has {len(lines)} data lines; a {rows * cols}-well plate has "
            f"{rows}",
            location=sheet.where(lines[-1] if lines else hr),
            hint=SHAPE_HINT,
        )
    out: list[dict[str, float | None]] = []
    problems: list[Problem] = []
    for k in range(head.n_waves):
        base = 2 + k * (cols + 1)
        wells: dict[str, float | None] = {}
        for pr, sr in enumerate(lines):
            for pc in range(cols):
                w = well_name(pr, pc)
                wells[w] = _value(sheet, sr, base + pc, w, problems)
        out.append(wells)
    raise_problems(problems)
    return out


def _time_format(sheet, hr, end, head, rows, cols) -> list[dict[str, float | None]]:
    """TimeFormat raw data: a well-name header, then one line per wavelength."""
    names = sheet.rows[hr]
    well_cols: list[tuple[int, str]] = []
    for c in range(2, len(names)):
        rc = parse_well(names[c])
        if rc is None:
            if names[c].strip():
                raise InputError(
                    f"{names[c].strip()!r} is not a well name",
                    location=sheet.where(hr, c),
                    hint="export as TimeFormat with well columns A1 …",
                )
            continue
        if rc[0] >= rows or rc[1] >= cols:
            raise InputError(
                f"well {well_name(*rc)} lies outside the {rows * cols}-well plate",
                location=sheet.where(hr, c, well_name(*rc)),
                hint=SHAPE_HINT,
            )
        well_cols.append((c, well_name(*rc)))
    data: list[int] = []
    r = hr + 1
    while r < end and len(data) < head.n_waves:
        if parse_well(sheet.text(r, 2)) is not None:
            break  # the reduced-data header
        if not _blank(sheet, r):
            data.append(r)
        r += 1
    if not data:
        # SoftMax writes blank lines in place of the raw reads when a plate was not read
        # (only its reduced values remain): every well is without a reading.
        empty = {well_name(pr, pc): None for pr in range(rows) for pc in range(cols)}
        return [dict(empty) for _ in range(head.n_waves)]
    if len(data) != head.n_waves:
        raise InputError(
            f"plate '{head.name}' has {len(data)} raw data lines for {head.n_waves} wavelengths",
            location=sheet.where(hr),
            hint="export one endpoint read per wavelength",
        )
    out: list[dict[str, float | None]] = []
    problems: list[Problem] = []
    for sr in data:
        wells = {well_name(pr, pc): None for pr in range(rows) for pc in range(cols)}
        for c, w in well_cols:
            wells[w] = _value(sheet, sr, c, w, problems)
        out.append(wells)
    raise_problems(problems)
    return out
