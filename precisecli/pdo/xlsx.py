"""Safe opening of lab spreadsheets (.xlsx) for plate readers, layouts and diameter tables.

Checks run *before* openpyxl parses anything (reliability.md §2.4, R17–R21): magic bytes (OLE2 =
legacy .xls or a password-protected workbook), zip integrity, total uncompressed size, compression
ratio and the number of cells of every worksheet, counted from the sheet XML itself (not from
its declared ``<dimension>``) against ``limit("max_sheet_cells")``. defusedxml must be active in
openpyxl so entity-expansion and external-entity attacks fail instead of being expanded.

Cells are read with ``data_only=True`` (cached values) and returned verbatim, except that the states
pandas would silently turn into NaN are kept visible as marker objects: an Excel error value
(``#DIV/0!``), a formula with no cached value, and cells inside a merged range. Whoever interprets a
cell as a well value decides whether the marker is an error there (it always is inside a data grid).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, InternalError, Location

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100.0  # uncompressed/compressed over the whole archive
# Small archives compress extremely well when they are mostly XML boilerplate; do not apply the
# ratio rule until the expanded size is big enough to matter.
RATIO_FLOOR_BYTES = 5 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class CellError:
    """An Excel error value such as #DIV/0!, #N/A, #VALUE!."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Uncached:
    """A formula whose result was never calculated (file written by a script, not by Excel)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True)
class Merged:
    """A cell inside a merged range; ``value`` is the range's (top-left) value."""

    value: Any
    range: str

    def __str__(self) -> str:
        return f"merged {self.range}"


@dataclass(frozen=True)
class SheetData:
    name: str
    rows: list[list[Any]]  # row-major, padded to the same width; None = empty cell


def col_letter(index0: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA' (spreadsheet column names)."""
    out = ""
    n = index0 + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_ref(row0: int, col0: int) -> str:
    return f"{col_letter(col0)}{row0 + 1}"


def _ole2_kind(head: bytes, path: Path) -> str:
    """An OLE2 container is either a legacy .xls or an encrypted OOXML workbook."""
    data = path.read_bytes()[: 4 * 1024 * 1024]
    # the OLE2 directory names its streams in UTF-16LE
    for stream in ("EncryptionInfo", "EncryptedPackage"):
        if stream.encode("utf-16-le") in data:
            return "encrypted"
    return "xls"


def check_container(path: Path) -> None:
    """Reject anything that is not a plain, reasonably sized .xlsx before parsing it."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(
            f"cannot read file ({exc.strerror})", location=Location(file=name)
        ) from None
    if head.startswith(OLE2_MAGIC):
        if _ole2_kind(head, path) == "encrypted":
            raise InputError(
                "the workbook is password-protected (encrypted)",
                location=Location(file=name),
                hint="remove the password in Excel (File > Info > Protect Workbook) and save again",
            )
        raise InputError(
            "this is a legacy Excel 97-2003 .xls file, which is not read",
            location=Location(file=name),
            hint="open it in Excel or LibreOffice and save as .xlsx (or export CSV)",
        )
    if not head.startswith(ZIP_MAGIC):
        raise InputError(
            "not an .xlsx workbook (no zip signature)",
            location=Location(file=name),
            hint="export the sheet as .xlsx or CSV",
        )
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"workbook is {size / 1e6:.1f} MB, above the {MAX_FILE_BYTES // 2**20} MB limit",
            location=Location(file=name),
            hint="export only the plate sheets",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNCOMPRESSED_BYTES or (
                total > RATIO_FLOOR_BYTES and total / packed > MAX_RATIO
            ):
                raise InputError(
                    f"workbook expands to {total / 1e6:.0f} MB (compression ratio "
                    f"{total / packed:.0f}:1); refusing to open a possible zip bomb",
                    location=Location(file=name),
                    hint="re-export the data from the reader software",
                )
            count_cells(zf, infos, name)
    except zipfile.BadZipFile:
        raise InputError(
            "damaged .xlsx (the zip container cannot be read)",
            location=Location(file=name),
            hint="re-export the file",
        ) from None


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CHUNK = 1 << 20


def count_cells(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> int:
    """Cells of every worksheet, counted from the sheet XML itself (``<c`` elements), not from
    the ``<dimension>`` a file declares (which may be absent or false). Streams each sheet in
    1 MiB pieces and stops as soon as the total passes ``limit("max_sheet_cells")``, so a huge
    sheet is refused in the time it takes to inflate the part read, in constant memory."""
    from precisecli.limits import exceeded, limit

    cap = limit("max_sheet_cells")
    cells = 0
    for info in infos:
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        tail = b""
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                data = tail + chunk
                # count up to the last '<' (a match never contains one, so none crosses it) and
                # carry the rest: a tag split across two pieces is counted once, in the next
                cut = data.rfind(b"<", max(0, len(data) - 256))
                if cut <= 0:
                    cut = len(data)
                cells += len(_CELL.findall(data, 0, cut))
                tail = data[cut:]
                if cells > cap:
                    raise exceeded(
                        "max_sheet_cells",
                        location=Location(file=name, field=info.filename.rsplit("/", 1)[-1]),
                        seen=f"more than {cap:,.0f} cells; export only the plate data",
                    )
        cells += len(_CELL.findall(tail))
        if cells > cap:
            raise exceeded(
                "max_sheet_cells",
                location=Location(file=name, field=info.filename.rsplit("/", 1)[-1]),
                seen=f"{cells:,} cells; export only the plate data",
            )
    return cells


def _require_defusedxml() -> None:
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise InternalError(
            "defusedxml is not active in openpyxl; refusing to parse spreadsheets",
            hint="install defusedxml and unset OPENPYXL_DEFUSEDXML",
        )


def read_workbook(path: Path) -> list[SheetData]:
    """Every worksheet of an .xlsx as a padded grid of raw values (see the module docstring)."""
    from precisecli.limits import exceeded, limit, require_regular_file

    path = Path(path)
    require_regular_file(path, what="workbook")
    check_container(path)
    _require_defusedxml()
    import openpyxl

    name = path.name
    try:
        with _quiet():
            wb_values = openpyxl.load_workbook(path, data_only=True, read_only=False)
            wb_formulas = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged or hostile XML
        cause = exc.__cause__ or exc.__context__
        unsafe = "Forbidden" in type(exc).__name__ or (
            cause is not None and "Forbidden" in type(cause).__name__
        )
        if unsafe:
            raise InputError(
                "unsafe spreadsheet: it declares XML entities (entity expansion / external entity)",
                location=Location(file=name),
                hint="re-export the data from the reader software",
            ) from None
        raise InputError(
            f"cannot read the workbook ({type(exc).__name__})",
            location=Location(file=name),
            hint="open and re-save it in Excel, or export CSV",
        ) from None
    sheets: list[SheetData] = []
    for ws in wb_values.worksheets:
        ws_f = wb_formulas[ws.title]
        max_row, max_col = ws.max_row or 0, ws.max_column or 0
        if max_row * max_col > limit("max_sheet_cells"):
            # few cells spread over a huge area (A1 and XFD1048576): the padded grid is too big
            raise exceeded(
                "max_sheet_cells",
                location=Location(file=name, field=f"sheet '{ws.title}'"),
                seen=f"{max_row:,} rows × {max_col:,} columns",
            )
        rows: list[list[Any]] = [[None] * max_col for _ in range(max_row)]
        for r, (row_v, row_f) in enumerate(zip(ws.iter_rows(), ws_f.iter_rows(), strict=False)):
            for c, (cv, cf) in enumerate(zip(row_v, row_f, strict=False)):
                value = cv.value
                if cv.data_type == "e" and value is not None:
                    value = CellError(str(value))
                elif value is None and cf.data_type == "f":
                    value = Uncached(str(cf.value))
                elif isinstance(value, str) and value.startswith("#") and value in _ERRORS:
                    value = CellError(value)
                rows[r][c] = value
        for rng in ws.merged_cells.ranges:
            top = rows[rng.min_row - 1][rng.min_col - 1] if rows else None
            for r in range(rng.min_row - 1, min(rng.max_row, max_row)):
                for c in range(rng.min_col - 1, min(rng.max_col, max_col)):
                    rows[r][c] = Merged(top, str(rng.coord))
        sheets.append(SheetData(ws.title, rows))
    return sheets


_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}


class _quiet:
    """openpyxl warns about unsupported extensions on every vendor file; keep stderr clean."""

    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")
        return self

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)
