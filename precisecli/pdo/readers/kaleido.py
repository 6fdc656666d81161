"""Revvity Kaleido CSV export (EnSight / VICTOR Nivo readers).

``EnSight Results from``, protocol and date lines, then per measurement ``Result for <label>``, a
``Barcode,Repeat,…`` header with its value line, and a ``,1,…,12`` grid with rows A–H. After the
results come ``Measurement Information``, ``Instrument Information``, plate-type details and a
``Platemap`` grid of '-' cells, which is a layout and not read.
"""

from __future__ import annotations

from pathlib import Path

from precisecli.errors import InputError
from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.common import plate_from_grid
from precisecli.pdo.readers.grid import find_grids
from precisecli.pdo.readers.text import load_text_sheet

FORMAT = "kaleido-csv"


def sniff(text: str) -> bool:
    head = text[:2000]
    if "AnalysisParameter:" in text and "Barcode:" in head and "PlateRepeat:" in head:
        return True  # an image-analysis export (refused by read with the reason)
    return "Results from" in head and ("Result for" in text or "Kaleido" in text)


def read(path: Path) -> list[PlateRead]:
    sheet, _ = load_text_sheet(path, ",")
    for r in range(len(sheet.rows)):
        if "AnalysisParameter:" in ",".join(sheet.rows[r]):
            raise InputError(
                "this is a Kaleido image-analysis export (image files and per-well object "
                "measures such as counts and confluency), not a plate-reader measurement",
                location=sheet.where(r),
                hint="export the reader measurement (luminescence, fluorescence or absorbance "
                "result), or give per-well values as a long table (plate, well, value)",
            )
    titles = []  # (row, label, barcode)
    for r in range(len(sheet.rows)):
        t = sheet.first_text(r)
        if t.startswith("Result for"):
            barcode = ""
            if sheet.text(r + 1, 0) == "Barcode":
                barcode = sheet.text(r + 2, 0)
            titles.append((r, t[len("Result for") :].strip(), barcode))
        elif t in ("Platemap", "Measurement Information"):
            titles.append((r, None, ""))
    reads: list[PlateRead] = []
    for grid in find_grids(sheet):
        owner = next((t for t in reversed(titles) if t[0] < grid.header_row), None)
        if owner is None or owner[1] is None:
            continue  # the Platemap and other non-result grids
        _, label, barcode = owner
        reads.append(
            plate_from_grid(path, FORMAT, grid, barcode or path.stem, label or "value", len(reads))
        )
    if not reads:
        raise InputError("no 'Result for' grid in the Kaleido export", location=sheet.where(0))
    return reads
