"""Plate geometry, strict well-value parsing and the generic 96/384-well grid detector.

A *sheet* is a list of rows of raw cells: strings for text exports, Python values (or the markers of
``precisecli.pdo.xlsx``) for workbooks. The detector looks for a header ``[corner, 1, 2, …, N]``
(N = 12, 24 or 48; numbers may be zero-padded, ints, floats or strings) with rows labelled
A, B, C … directly below it, anywhere in the sheet and as many times as it occurs — the same rule
Breeze's generic reader uses (first ``A`` token, first ``1`` token).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.pdo.xlsx import CellError, Merged, Uncached, cell_ref

# columns → rows of the standard SBS plates
PLATE_SHAPES = {12: 8, 24: 16, 48: 32}
SHAPE_HINT = "only 96-well (8×12), 384-well (16×24) and 1536-well (32×48) plates are read"


@dataclass
class Sheet:
    """Raw cells of one text file or one worksheet, with a way to name a cell in errors."""

    file: str
    rows: list[list[Any]]
    sheet_name: str | None = None  # None for text files (rows are lines)

    def where(self, r: int, c: int | None = None, well: str | None = None) -> Location:
        if self.sheet_name is None:
            return Location(file=self.file, line=r + 1, well=well)
        ref = cell_ref(r, c) if c is not None else f"row {r + 1}"
        return Location(file=self.file, well=well, field=f"sheet '{self.sheet_name}' {ref}")

    def cell(self, r: int, c: int) -> Any:
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        return row[c] if 0 <= c < len(row) else None

    def text(self, r: int, c: int) -> str:
        v = self.cell(r, c)
        if v is None or isinstance(v, (CellError, Uncached, Merged)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    def first_text(self, r: int) -> str:
        """The first non-empty cell of a row, as text."""
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        for c in range(len(row)):
            t = self.text(r, c)
            if t:
                return t
        return ""

    def row_texts(self, r: int) -> list[str]:
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        return [self.text(r, c) for c in range(len(row))]


# ---------------------------------------------------------------------------------------------
# wells

_WELL = re.compile(r"^\s*([A-Za-z]{1,2})\s*0*(\d{1,2})\s*$")


def row_letter(index0: int) -> str:
    """0 → A … 25 → Z, 26 → AA … (1536-well plates run to AF)."""
    return chr(65 + index0) if index0 < 26 else "A" + chr(65 + index0 - 26)


def row_index(letters: str) -> int | None:
    s = letters.strip().upper()
    if len(s) == 1 and "A" <= s <= "Z":
        return ord(s) - 65
    if len(s) == 2 and s[0] == "A" and "A" <= s[1] <= "F":
        return 26 + ord(s[1]) - 65
    return None


def grid_row_index(letters: str, n_cols: int) -> int | None:
    """A row label of a plate grid. In 1536-well grids (48 columns) BMG writes rows 27–32 as
    lower-case a–f (after A–Z); anywhere else letters are case-insensitive."""
    s = letters.strip()
    if n_cols == 48 and len(s) == 1 and "a" <= s <= "f":
        return 26 + ord(s) - ord("a")
    return row_index(s)


def parse_well(text: Any) -> tuple[int, int] | None:
    """'A1', 'a01', 'AF48' → (row0, col0); None when it is not a well name."""
    if not isinstance(text, str):
        return None
    m = _WELL.match(text)
    if not m:
        return None
    r = row_index(m.group(1))
    c = int(m.group(2))
    if r is None or c < 1 or c > 48:
        return None  # beyond a 1536-well plate
    return r, c - 1


def well_name(r0: int, c0: int) -> str:
    return f"{row_letter(r0)}{c0 + 1}"


WELL_HINT = "wells are written A1 … P24 (A01 also accepted)"


def require_well(text: Any, location: Location, hint: str = WELL_HINT) -> str:
    """The canonical name ('a01' → 'A1') of a cell that must hold a well, else an InputError."""
    rc = parse_well(text)
    if rc is None:
        raise InputError(f"{text!r} is not a well name", location=location, hint=hint)
    return well_name(*rc)


def normalise_well(text: str) -> str | None:
    rc = parse_well(text)
    return well_name(*rc) if rc else None


def shape_for(max_row0: int, max_col0: int) -> tuple[int, int] | None:
    """The smallest standard plate holding a well at (max_row0, max_col0)."""
    for cols, rows in sorted(PLATE_SHAPES.items()):
        if max_row0 < rows and max_col0 < cols:
            return rows, cols
    return None


def well_sort_key(well: str) -> tuple[int, int]:
    rc = parse_well(well)
    return rc if rc else (999, 999)


def in_plate_order(wells: dict[str, Any]) -> dict[str, Any]:
    """The same well → value mapping, ordered A1, A2, … B1 (row by row)."""
    return dict(sorted(wells.items(), key=lambda kv: well_sort_key(kv[0])))


def fill_plate(wells: dict[str, Any], file: str) -> tuple[int, int, dict[str, Any]]:
    """(rows, cols, every well of the plate) for a list of wells: the smallest standard plate
    holding them, wells not listed set to None, in plate order."""
    rcs = [parse_well(w) for w in wells]
    shape = shape_for(max(rc[0] for rc in rcs), max(rc[1] for rc in rcs))
    if shape is None:
        worst = max(wells, key=well_sort_key)
        raise InputError(
            f"well {worst} lies outside a 1536-well plate",
            location=Location(file=file, well=worst),
            hint=SHAPE_HINT,
        )
    full: dict[str, Any] = {well_name(r, c): None for r in range(shape[0]) for c in range(shape[1])}
    full.update(wells)
    return shape[0], shape[1], in_plate_order(full)


# ---------------------------------------------------------------------------------------------
# values

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# thousands separators: no leading zero ("0,567" is a decimal comma), and either a decimal point
# or two groups — "1,234" alone could be 1234 or a decimal comma's 1.234 and is refused
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_AMBIGUOUS_COMMA = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
OVERFLOW_MARKERS = {"ovrflw", "overflow", "over", "*", "sat", "saturated", "ovr", "range?"}


@dataclass
class Problem:
    well: str
    raw: str
    why: str
    location: Location


def parse_value(raw: Any) -> tuple[float | None, str | None]:
    """A well cell → (value, None), (None, None) for an empty well, or (None, reason)."""
    if raw is None:
        return None, None
    if isinstance(raw, CellError):
        return None, f"Excel error value {raw.code}"
    if isinstance(raw, Uncached):
        return None, "formula without a calculated value"
    if isinstance(raw, Merged):
        return None, f"inside merged cells {raw.range}"
    if isinstance(raw, bool):
        return None, "TRUE/FALSE is not a reading"
    if isinstance(raw, (int, float)):
        v = float(raw)
        if math.isnan(v) or math.isinf(v):
            return None, "not a finite number"
        return v, None
    text = str(raw).strip()
    if text == "":
        return None, None
    if _NUMBER.match(text):
        v = float(text)
        if math.isinf(v):
            return None, "not a finite number"
        return v, None
    if _AMBIGUOUS_COMMA.match(text):
        return None, "ambiguous comma (thousands separator or decimal comma?)"
    if _THOUSANDS.match(text):
        return float(text.replace(",", "")), None
    if text.lower() in OVERFLOW_MARKERS:
        return None, "detector overflow / saturated reading"
    if _DECIMAL_COMMA.match(text):
        return None, "decimal comma, not a number"
    return None, "not a number"


def raise_problems(problems: list[Problem], what: str = "non-numeric well values") -> None:
    if not problems:
        return
    listed = ", ".join(f"{p.well} ({p.raw!r}: {p.why})" for p in problems[:8])
    more = f" and {len(problems) - 8} more" if len(problems) > 8 else ""
    first = problems[0]
    hint = "fix the cells in the export (numbers only; leave unused wells empty)"
    if any("merged" in p.why for p in problems):
        hint = "unmerge the cells in the plate grid and give each well its own value"
    elif any("formula" in p.why for p in problems):
        hint = "formulas were not calculated: open the file in Excel, let it recalculate, save"
    elif any("comma" in p.why for p in problems):
        hint = "export numbers with a decimal point (English number format in the reader software)"
    elif any("overflow" in p.why for p in problems):
        hint = "re-read the plate at a lower gain, or blank the saturated wells explicitly"
    raise InputError(f"{what}: {listed}{more}", location=first.location, hint=hint)


def display_raw(raw: Any) -> str:
    return str(raw) if raw is not None else ""


# ---------------------------------------------------------------------------------------------
# grid detection


@dataclass
class Grid:
    sheet: Sheet
    header_row: int  # 0-based row of the [corner, 1..N] header
    corner_col: int
    n_cols: int
    n_rows: int  # plate rows implied by n_cols
    row_at: dict[int, int] = field(default_factory=dict)  # plate row0 → sheet row
    corner: str = ""

    def cells(self) -> dict[str, tuple[Any, int, int]]:
        """well → (raw cell, sheet row, sheet col) for every labelled row."""
        out = {}
        for pr, sr in self.row_at.items():
            for pc in range(self.n_cols):
                out[well_name(pr, pc)] = (
                    self.sheet.cell(sr, self.corner_col + 1 + pc),
                    sr,
                    self.corner_col + 1 + pc,
                )
        return out

    def numeric_share(self) -> float:
        vals = [raw for raw, _, _ in self.cells().values()]
        present = [v for v in vals if parse_value(v) != (None, None)]
        if not present:
            return 0.0
        return sum(1 for v in present if parse_value(v)[1] is None) / len(present)

    def values(self, *, missing_is_error: bool = True) -> dict[str, float | None]:
        """Strictly parsed well values; every bad cell is reported in one error."""
        out: dict[str, float | None] = {}
        problems: list[Problem] = []
        for well, (raw, sr, sc) in self.cells().items():
            if (
                missing_is_error
                and self.sheet.sheet_name is None
                and sc >= len(self.sheet.rows[sr])
            ):
                problems.append(
                    Problem(well, "", "cell missing from the row", self.sheet.where(sr, sc, well))
                )
                continue
            value, why = parse_value(raw)
            if why:
                problems.append(
                    Problem(well, display_raw(raw), why, self.sheet.where(sr, sc, well))
                )
            out[well] = value
        raise_problems(problems)
        return in_plate_order(out)

    def all_wells(self, values: dict[str, float | None]) -> dict[str, float | None]:
        """Fill wells of rows the export left out (reduced exports) with None."""
        full = {well_name(r, c): None for r in range(self.n_rows) for c in range(self.n_cols)}
        full.update(values)
        return in_plate_order(full)


def _col_number(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        s = v.strip()
        if s.isdigit() and len(s) <= 3:
            return int(s)
    return None


def _header_run(sheet: Sheet, r: int, c: int) -> int:
    """Length of the run 1, 2, 3 … starting at column c+1 of row r (0 when there is none)."""
    row = sheet.rows[r]
    n = 0
    while c + 1 + n < len(row) and _col_number(row[c + 1 + n]) == n + 1:
        n += 1
    return n


def find_grids(sheet: Sheet, *, strict_rows: bool = True, min_cols: int = 3) -> list[Grid]:
    """Every plate grid in the sheet, top to bottom.

    strict_rows: the letter rows must be exactly A, B, … up to the plate's last row. Reduced
    exports (EnVision test files show rows A, E, I, M only) need ``strict_rows=False``: rows must
    then only be increasing letters within the plate.
    """
    grids: list[Grid] = []
    r = 0
    n_rows_total = len(sheet.rows)
    while r < n_rows_total:
        row = sheet.rows[r]
        found = None
        for c in range(-1, len(row) - 1):
            # c = -1 allows a header without a corner cell (bare first column of numbers)
            if _col_number(row[c + 1]) != 1:
                continue
            n = _header_run(sheet, r, c)
            if n < min_cols:
                continue
            first = sheet.text(r + 1, c) if c >= 0 else ""
            first_idx = grid_row_index(first, n)
            if first_idx != 0 and not (not strict_rows and first_idx is not None):
                continue
            found = (c, n)
            break
        if not found:
            r += 1
            continue
        c, n = found
        if n not in PLATE_SHAPES:
            raise InputError(
                f"plate grid has {n} numbered columns",
                location=sheet.where(r, c + 1 + n - 1),
                hint=SHAPE_HINT,
            )
        plate_rows = PLATE_SHAPES[n]
        grid = Grid(sheet, r, c, n, plate_rows, corner=sheet.text(r, c) if c >= 0 else "")
        last = -1
        rr = r + 1
        while rr < n_rows_total:
            idx = grid_row_index(sheet.text(rr, c), n) if c >= 0 else None
            if idx is None or idx <= last or idx >= plate_rows:
                break
            if strict_rows and idx != last + 1:
                break
            grid.row_at[idx] = rr
            last = idx
            rr += 1
        if strict_rows and len(grid.row_at) != plate_rows:
            got = f"{row_letter(0)}–{row_letter(last)}" if last >= 0 else "none"
            missing = well_name(last + 1, 0) if last + 1 < plate_rows else ""
            raise InputError(
                f"plate grid with {n} columns has rows {got}; a "
                f"{plate_rows * n}-well plate needs rows A–{row_letter(plate_rows - 1)}",
                location=sheet.where(rr if rr < n_rows_total else r, c, missing or None),
                hint=SHAPE_HINT,
            )
        grids.append(grid)
        r = rr
    return grids


def title_above(sheet: Sheet, grid: Grid, max_up: int = 4) -> str:
    """The nearest non-empty text above a grid header (its readout label in most exports)."""
    for r in range(grid.header_row - 1, max(-1, grid.header_row - 1 - max_up), -1):
        t = sheet.first_text(r)
        if t:
            return t
    return ""
