"""Hostile plate-reader exports and layouts (issue 11; see framework.py for the item format).

Every input is generated here by ``make`` into the item's scratch folder; the large workbook is
written in about a second and is not committed.
"""

from __future__ import annotations

import os
import random
import subprocess
import zipfile
from pathlib import Path

from tests.hostile.framework import PRECISE, Ctx, Item

ROWS = "ABCDEFGH"


def _plate_csv(path: Path, rows: str = ROWS) -> Path:
    """A generic 96-well grid export (rows given), vehicle-like values with a dose effect."""
    lines = ["Luminescence", "," + ",".join(str(c) for c in range(1, 13))]
    for r in rows:
        values = [1000 + 10 * ROWS.index(r) + c for c in range(1, 13)]
        values[11] = 50  # the kill column
        lines.append(r + "," + ",".join(str(v) for v in values))
    path.write_text("\n".join(lines) + "\n")
    return path


def _long_plate_csv(path: Path, rows: str) -> Path:
    """A long table (plate, well, value) listing only the given rows of a 96-well plate."""
    lines = ["plate,well,value"]
    for r in rows:
        for c in range(1, 13):
            lines.append(f"P1,{r}{c},{50 if c == 12 else 1000 + c}")
    path.write_text("\n".join(lines) + "\n")
    return path


LAYOUT_BODY = """
[col.1]
role = "vehicle"
[col.12]
role = "kill"
[block.10x8.A2]
drug = "lapatinib"
unit = "uM"
[col.2]
conc = 0.01
[col.3]
conc = 0.03
[col.4]
conc = 0.1
[col.5]
conc = 0.3
[col.6]
conc = 1
[col.7]
conc = 3
[col.8]
conc = 10
[col.9]
conc = 30
[col.10]
conc = 100
[col.11]
conc = 300
"""


def _layout(path: Path, extra: str = "", header: str = "") -> Path:
    path.write_text(header + LAYOUT_BODY + extra)
    return path


def _load(ctx: Ctx, plate: Path, layout: Path) -> list[str]:
    return ["pdo", "load", ctx.case_id, str(plate), "--layout", str(layout), "--screen", "S1"]


# --- impossible ------------------------------------------------------------------------------


def _well_outside_plate(ctx: Ctx) -> list[str]:
    plate = _plate_csv(ctx.tmp / "plate.csv")
    layout = _layout(
        ctx.tmp / "layout.toml", '\n[well.Z99]\ndrug = "lapatinib"\nconc = 1\nunit = "uM"\n'
    )
    return _load(ctx, plate, layout)


def _layout_well_beyond_read_plate(ctx: Ctx) -> list[str]:
    # P24 is a well of a 384-well plate; the export is a 96-well plate
    plate = _plate_csv(ctx.tmp / "plate.csv")
    layout = _layout(ctx.tmp / "layout.toml", '\n[well.P24]\nrole = "vehicle"\n')
    return _load(ctx, plate, layout)


def _missing_rows(ctx: Ctx) -> list[str]:
    # the export lists rows A–D only; the layout uses rows A–H
    plate = _long_plate_csv(ctx.tmp / "plate.csv", "ABCD")
    layout = _layout(ctx.tmp / "layout.toml")
    return _load(ctx, plate, layout)


# --- integrity: included layout files are inputs -------------------------------------------


def _include_changed(ctx: Ctx) -> list[str]:
    plate = _plate_csv(ctx.tmp / "plate.csv")
    included = ctx.tmp / "controls.toml"
    included.write_text('[col.1]\nrole = "vehicle"\n')
    layout = ctx.tmp / "layout.toml"
    layout.write_text('[meta]\ninclude = "controls.toml"\n' + LAYOUT_BODY.split("[col.12]", 1)[0])
    layout.write_text(layout.read_text() + "[col.12]\n" + LAYOUT_BODY.split("[col.12]", 1)[1])
    env = {**os.environ, "PRECISE_WORKSPACE": str(ctx.workspace)}
    first = subprocess.run(
        [str(PRECISE), *_load(ctx, plate, layout)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    # the included file changes (column 1 becomes medium-only blanks): this is new input,
    # not "already loaded"; without --replace it is refused and the case is left as it was
    included.write_text('[col.1]\nrole = "vehicle"\n[well.A1]\nrole = "blank"\n')
    return _load(ctx, plate, layout)


# --- resources -------------------------------------------------------------------------------


def _fifo_export(ctx: Ctx) -> list[str]:
    fifo = ctx.tmp / "plate.csv"
    os.mkfifo(fifo)
    layout = _layout(ctx.tmp / "layout.toml")
    return _load(ctx, fifo, layout)


def _fifo_layout(ctx: Ctx) -> list[str]:
    plate = _plate_csv(ctx.tmp / "plate.csv")
    fifo = ctx.tmp / "layout.toml"
    os.mkfifo(fifo)
    return _load(ctx, plate, fifo)


def _device_read(ctx: Ctx) -> list[str]:
    return ["pdo", "read", "/dev/zero"]


def _fifo_read(ctx: Ctx) -> list[str]:
    fifo = ctx.tmp / "export.xlsx"
    os.mkfifo(fifo)
    return ["pdo", "read", str(fifo)]


_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Plate" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _huge_xlsx(ctx: Ctx) -> list[str]:
    """2.5 M cells of random integers (so it compresses like real data, ~16 MB, not like a zip
    bomb), no <dimension> element: only counting the cells themselves catches it."""
    path = ctx.tmp / "huge.xlsx"
    rnd = random.Random(13)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WB)
        zf.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            for _ in range(25_000):
                cells = b"".join(b"<c><v>%d</v></c>" % rnd.getrandbits(30) for _ in range(100))
                fh.write(b"<row>" + cells + b"</row>")
            fh.write(b"</sheetData></worksheet>")
    return ["pdo", "read", str(path)]


ITEMS: list[Item] = [
    Item(
        id="layout-well-outside-any-plate",
        cls="impossible",
        make=_well_outside_plate,
        message=r"'Z99' is not a well.*well Z99|Z99.*not a well",
    ),
    Item(
        id="layout-well-outside-the-read-plate",
        cls="impossible",
        make=_layout_well_beyond_read_plate,
        message=r"layout well [A-P]\d+ lies outside plate .*96-well",
    ),
    Item(
        id="plate-export-missing-rows-used-by-layout",
        cls="impossible",
        make=_missing_rows,
        message=r"no values in row\(s\) E, F, G, H",
    ),
    Item(
        id="layout-include-changed-is-new-input",
        cls="integrity",
        make=_include_changed,
        message=r"already has viability data from other files",
        max_seconds=20.0,
    ),
    Item(id="pdo-load-fifo-export", cls="resources", make=_fifo_export, message=r"FIFO"),
    Item(id="pdo-load-fifo-layout", cls="resources", make=_fifo_layout, message=r"FIFO"),
    Item(
        id="pdo-read-dev-zero", cls="resources", make=_device_read, setup="none", message="device"
    ),
    Item(id="pdo-read-fifo-xlsx", cls="resources", make=_fifo_read, setup="none", message="FIFO"),
    Item(
        id="xlsx-2.5M-cells-without-dimension",
        cls="resources",
        make=_huge_xlsx,
        setup="none",
        message=r"cells of one spreadsheet.*over the limit",
    ),
]
