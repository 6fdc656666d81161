"""Plate-reader exports → ``PlateRead`` blocks, values exactly as written.

``read_plate_files(paths, fmt="auto")`` is the one entry point. With ``auto`` each file is
recognised by signature strings (see ``sniff``); anything unrecognised falls back to the long
table reader (``plate, well, value`` columns) and then to the generic grid detector.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.limits import require_regular_file
from precisecli.pdo.model import PlateRead

# format id → short description (shown by `pdo read --help` and in docs/pdo-formats.md)
FORMATS: dict[str, str] = {
    "envision-csv": "PerkinElmer/Revvity EnVision CSV",
    "gen5-text": "Agilent/BioTek Gen5 text export",
    "softmax-text": "Molecular Devices SoftMax Pro text export (UTF-16)",
    "mars-csv": "BMG LABTECH MARS CSV (PHERAstar, CLARIOstar)",
    "smart-control-xlsx": "BMG LABTECH SMART Control xlsx",
    "spark-xlsx": "Tecan SparkControl xlsx",
    "magellan-xlsx": "Tecan Magellan list xlsx",
    "skanit-xlsx": "Thermo SkanIt xlsx",
    "kaleido-csv": "Revvity Kaleido CSV (EnSight)",
    "long-table": "long table: plate, well, value (CSV/TSV/xlsx)",
    "grid": "generic 96/384-well grids anywhere in a CSV/TSV/xlsx",
}
TEXT_ONLY = {"envision-csv", "gen5-text", "softmax-text", "mars-csv", "kaleido-csv"}
XLSX_ONLY = {"smart-control-xlsx", "spark-xlsx", "magellan-xlsx", "skanit-xlsx"}


def _is_workbook(path: Path) -> bool:
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    from precisecli.pdo.xlsx import OLE2_MAGIC, ZIP_MAGIC

    return head.startswith((ZIP_MAGIC, OLE2_MAGIC))


def _text_format(text: str, sheets) -> str:
    from precisecli.pdo.readers import envision, gen5, kaleido, long_table, mars, softmax

    for module in (softmax, envision, gen5, kaleido, mars):
        if module.sniff(text):
            return module.FORMAT
    if long_table.find(sheets) is not None:
        return "long-table"
    return "grid"


def _xlsx_format(sheets) -> str:
    from precisecli.pdo.readers import long_table
    from precisecli.pdo.readers import xlsx_vendors as xv

    if xv.sniff_smart(sheets):
        return "smart-control-xlsx"
    if xv.sniff_spark(sheets):
        return "spark-xlsx"
    if xv.sniff_magellan(sheets):
        return "magellan-xlsx"
    if xv.sniff_skanit(sheets):
        return "skanit-xlsx"
    if long_table.find(sheets) is not None:
        return "long-table"
    return "grid"


def detect_format(path: Path) -> str:
    """The format id ``auto`` resolves to for one file."""
    return _load(Path(path))[0]


def _load(path: Path, fmt: str = "auto"):
    from precisecli.pdo.readers.grid import Sheet
    from precisecli.pdo.readers.text import load_text_sheet

    if _is_workbook(path):
        from precisecli.pdo.xlsx import read_workbook

        sheets = [Sheet(path.name, s.rows, s.name) for s in read_workbook(path)]
        if fmt in TEXT_ONLY:
            raise InputError(
                f"format {fmt} is a text export, but this is a workbook",
                location=Location(file=path.name),
                hint="use --format auto",
            )
        return (_xlsx_format(sheets) if fmt == "auto" else fmt), sheets
    sheet, text = load_text_sheet(path)
    if fmt in XLSX_ONLY:
        raise InputError(
            f"format {fmt} is a workbook export, but this is a text file",
            location=Location(file=path.name),
            hint="use --format auto",
        )
    return (_text_format(text, [sheet]) if fmt == "auto" else fmt), [sheet]


def read_plate_file(path: Path, fmt: str = "auto") -> list[PlateRead]:
    """Every plate and readout block of one export."""
    from precisecli.pdo.readers import (
        envision,
        gen5,
        generic,
        kaleido,
        long_table,
        mars,
        softmax,
    )
    from precisecli.pdo.readers import (
        xlsx_vendors as xv,
    )

    path = Path(path)
    if fmt != "auto" and fmt not in FORMATS:
        raise InputError(
            f"unknown format {fmt!r}",
            location=Location(file=path.name),
            hint="one of: auto, " + ", ".join(FORMATS),
        )
    # FIFOs, devices and folders are refused before anything opens them (a FIFO blocks)
    require_regular_file(path, what="plate export")
    resolved, sheets = _load(path, fmt)
    by_path: dict[str, Callable[[Path], list[PlateRead]]] = {
        "envision-csv": envision.read,
        "gen5-text": gen5.read,
        "softmax-text": softmax.read,
        "mars-csv": mars.read,
        "kaleido-csv": kaleido.read,
    }
    by_sheets = {
        "smart-control-xlsx": xv.read_smart,
        "spark-xlsx": xv.read_spark,
        "magellan-xlsx": xv.read_magellan,
        "skanit-xlsx": xv.read_skanit,
        "long-table": long_table.read,
        "grid": generic.read,
    }
    if resolved in by_path:
        return by_path[resolved](path)
    return by_sheets[resolved](path, sheets)


def read_plate_files(paths: list[Path], fmt: str = "auto") -> list[PlateRead]:
    """Every plate and every readout block in each file, in file order, values as written."""
    out: list[PlateRead] = []
    for path in paths:
        out.extend(read_plate_file(Path(path), fmt))
    return out
