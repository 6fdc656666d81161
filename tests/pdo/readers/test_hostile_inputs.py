"""Hostile and broken inputs: each is rejected with exit code 3 and names the file and well/cell.

The fixtures are built here, so each test shows exactly what is wrong with its input.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

from precisecli.errors import EXIT_INPUT, InputError
from precisecli.pdo.readers import read_plate_files

HEADER = "," + ",".join(str(c) for c in range(1, 13))


def _grid_csv(
    tmp_path: Path, cells: dict[str, str] | None = None, drop: str | None = None, name="plate.csv"
) -> Path:
    """A 96-well CSV grid with value 100+i; ``cells`` overrides wells; ``drop`` truncates a row."""
    lines = ["Raw Data (Lum)", HEADER]
    for r, letter in enumerate("ABCDEFGH"):
        vals = []
        for c in range(1, 13):
            well = f"{letter}{c}"
            vals.append((cells or {}).get(well, str(100 + r * 12 + c)))
        if drop and drop[0] == letter:
            vals = vals[: int(drop[1:]) - 1]
        lines.append(letter + "," + ",".join(vals))
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _xlsx_grid(tmp_path: Path, edit=None, name="plate.xlsx") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plate"
    ws.cell(1, 1, "Luminescence")
    for c in range(1, 13):
        ws.cell(2, c + 1, c)
    for r, letter in enumerate("ABCDEFGH"):
        ws.cell(3 + r, 1, letter)
        for c in range(1, 13):
            ws.cell(3 + r, c + 1, 1000 + r * 12 + c)
    if edit:
        edit(ws)
    path = tmp_path / name
    wb.save(path)
    return path


def _reject(path: Path, fmt="auto") -> InputError:
    with pytest.raises(InputError) as info:
        read_plate_files([path], fmt)
    err = info.value
    assert err.exit_code == EXIT_INPUT
    assert path.name in err.one_line()
    assert "\n" not in err.one_line()
    return err


def test_well_grid_baseline_is_read(tmp_path):
    (p,) = read_plate_files([_grid_csv(tmp_path)])
    assert p.wells["A1"] == 101 and p.wells["H12"] == 196 and p.format == "grid"
    (x,) = read_plate_files([_xlsx_grid(tmp_path)])
    assert x.wells["C5"] == 1000 + 2 * 12 + 5 and x.readout == "Luminescence"


def test_text_in_numeric_well_names_the_wells(tmp_path):
    err = _reject(_grid_csv(tmp_path, {"B3": "n/a", "G7": "abc"}))
    assert err.location.well == "B3"
    assert "B3 ('n/a'" in err.message and "G7 ('abc'" in err.message
    assert "line 4" in err.one_line()  # row B is the 4th line


def test_thousands_separator_is_a_number_but_decimal_comma_is_not(tmp_path):
    (p,) = read_plate_files([_grid_csv(tmp_path, {"A1": '"1,234.5"'})])
    assert p.wells["A1"] == 1234.5
    err = _reject(_grid_csv(tmp_path, {"A1": '"12,5"'}, name="comma.csv"))
    assert err.location.well == "A1"
    (p,) = read_plate_files([_grid_csv(tmp_path, {"A1": '"1,234,567"'}, name="groups.csv")])
    assert p.wells["A1"] == 1234567


@pytest.mark.parametrize("text", ["0,567", "1,234", "-2,500"])
def test_comma_that_may_be_a_decimal_comma_is_refused(tmp_path, text):
    """'0,567' is never a thousands separator (a decimal-comma export with 3 decimals); '1,234'
    alone could be 1234 or 1.234: refused rather than guessed."""
    err = _reject(_grid_csv(tmp_path, {"B2": f'"{text}"'}, name="ambiguous.csv"))
    assert err.location.well == "B2" and "comma" in err.message
    assert "decimal point" in (err.hint or "")


def test_overflow_marker_is_rejected(tmp_path):
    err = _reject(_grid_csv(tmp_path, {"D4": "OVRFLW"}))
    assert err.location.well == "D4" and "overflow" in err.message


def test_95_well_grid_truncated_row(tmp_path):
    err = _reject(_grid_csv(tmp_path, drop="H12"))
    assert err.location.well == "H12" and "missing" in err.message


def test_grid_with_11_columns(tmp_path):
    path = tmp_path / "eleven.csv"
    rows = ["," + ",".join(str(c) for c in range(1, 12))]
    rows += [f"{letter}," + ",".join("1" for _ in range(11)) for letter in "ABCDEFGH"]
    path.write_text("\n".join(rows) + "\n")
    err = _reject(path)
    assert "11 numbered columns" in err.message and "384" in err.hint


def test_grid_missing_row_h(tmp_path):
    path = tmp_path / "seven_rows.csv"
    rows = [HEADER] + [f"{letter}," + ",".join("1" for _ in range(12)) for letter in "ABCDEFG"]
    path.write_text("\n".join(rows) + "\n")
    err = _reject(path)
    assert err.location.well == "H1" and "rows A–G" in err.message


def test_xlsx_div0_error_cell(tmp_path):
    def edit(ws):
        ws["F5"] = "#DIV/0!"  # openpyxl stores this as an error cell (data type 'e')

    err = _reject(_xlsx_grid(tmp_path, edit))
    assert err.location.well == "C5" and "#DIV/0!" in err.message
    assert "sheet 'Plate' F5" in err.one_line()


def test_xlsx_text_in_numeric_well(tmp_path):
    def edit(ws):
        ws["C3"] = "n/a"

    err = _reject(_xlsx_grid(tmp_path, edit))
    assert err.location.well == "A2"


def test_xlsx_uncached_formula(tmp_path):
    def edit(ws):
        ws["B10"] = "=B9*2"  # written by a script: no cached value

    err = _reject(_xlsx_grid(tmp_path, edit))
    assert err.location.well == "H1" and "formula" in err.message
    assert "recalculate" in err.hint


def test_xlsx_merged_cells_in_grid(tmp_path):
    def edit(ws):
        ws.merge_cells("D4:E4")

    err = _reject(_xlsx_grid(tmp_path, edit))
    assert err.location.well == "B3" and "merged" in err.message
    assert "unmerge" in err.hint


def test_xlsx_merged_title_outside_grid_is_fine(tmp_path):
    def edit(ws):
        ws.merge_cells("A1:D1")

    (p,) = read_plate_files([_xlsx_grid(tmp_path, edit)])
    assert p.wells["A1"] == 1001


def test_legacy_xls_by_magic_bytes(tmp_path):
    path = tmp_path / "old.xlsx"  # wrong extension on purpose: detection is by content
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le")
    )
    err = _reject(path)
    assert ".xls" in err.message and "save as .xlsx" in err.hint


def test_encrypted_workbook_by_magic_bytes(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le")
    )
    err = _reject(path)
    assert "password" in err.message and "remove the password" in err.hint


def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"hello, this is not a workbook")
    assert "zip" in _reject(path).message


def test_zip_bomb_rejected_before_parsing(tmp_path):
    """250 MB of whitespace compresses to < 1 MB; refused without expanding it."""
    path = tmp_path / "bomb.xlsx"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(250):
                fh.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    t0 = time.perf_counter()
    err = _reject(path)
    assert time.perf_counter() - t0 < 1.0
    assert "zip bomb" in err.message


def test_cell_count_is_taken_from_the_sheet_not_its_dimension(tmp_path, monkeypatch):
    """A sheet that declares a tiny <dimension> but holds more cells than the limit is refused
    from the cells actually in the sheet stream; one without any <dimension> likewise."""
    monkeypatch.setenv("PRECISE_LIMIT_MAX_SHEET_CELLS", "500")
    good = _xlsx_grid(tmp_path)  # 8 × 13 + 13 cells: under the limit
    assert read_plate_files([good])
    for dimension in ('<dimension ref="A1"/>', ""):
        path = tmp_path / f"many{len(dimension)}.xlsx"
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    text = data.decode()
                    text = re.sub(r"<dimension [^>]*/>", dimension, text)
                    rows = "".join(
                        f'<row r="{r}">' + '<c t="n"><v>1</v></c>' * 20 + "</row>"
                        for r in range(100, 130)
                    )
                    text = text.replace("</sheetData>", rows + "</sheetData>")
                    data = text.encode()
                dst.writestr(info, data)
        err = _reject(path)
        assert "cells" in err.message and "PRECISE_LIMIT_MAX_SHEET_CELLS" in (err.hint or "")


def test_sparse_sheet_spanning_the_whole_grid_is_refused(tmp_path):
    """Two cells, A1 and XFD1048576: few cells, but the padded grid would be 17 G cells."""

    def far(ws):
        ws.cell(1048576, 16384, 1)

    err = _reject(_xlsx_grid(tmp_path, edit=far))
    assert "cells" in err.message


def test_billion_laughs_in_sheet_is_refused(tmp_path):
    """A workbook whose sheet XML declares entities: defusedxml stops it (EntitiesForbidden)."""
    good = _xlsx_grid(tmp_path, name="good.xlsx")
    bad = tmp_path / "laughs.xlsx"
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = lol.encode()
            dst.writestr(item, data)
    err = _reject(bad)
    assert "unsafe" in err.message or "cannot read" in err.message


def test_unknown_format_name(tmp_path):
    err = _reject(_grid_csv(tmp_path), fmt="nope")
    assert "unknown format" in err.message


def test_long_table_duplicate_and_bad_well(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("plate,well,value\nP1,A1,5\nP1,A01,6\n")
    err = _reject(path)
    assert err.location.well == "A1" and "twice" in err.message
    path.write_text("plate,well,value\nP1,A1,5\nP1,Z99,6\n")
    assert "not a well name" in _reject(path).message
    path.write_text("plate,well,value\nP1,A1,5\nP1,B2,#DIV/0!\n")
    err = _reject(path)
    assert err.location.well == "B2" and err.location.line == 3


def test_empty_well_is_none_not_zero(tmp_path):
    (p,) = read_plate_files([_grid_csv(tmp_path, {"E5": ""})])
    assert p.wells["E5"] is None and p.wells["E4"] == 100 + 4 * 12 + 4


def test_several_plates_in_one_generic_file(tmp_path):
    one = _grid_csv(tmp_path, name="a.csv").read_text()
    path = tmp_path / "two.csv"
    path.write_text(one + "\n" + one.replace("Raw Data (Lum)", "Second read"))
    reads = read_plate_files([path])
    assert [(r.plate_id, r.readout) for r in reads] == [
        ("two#1", "Raw Data (Lum)"),
        ("two#2", "Second read"),
    ]


def test_384_grid_anywhere_in_sheet(tmp_path):
    lines = ["notes,,,", ",,,"]
    lines.append(",,Signal," + ",".join(f"{c:02d}" for c in range(1, 25)))
    for r, letter in enumerate("ABCDEFGHIJKLMNOP"):
        lines.append(",," + letter + "," + ",".join(str(r * 24 + c) for c in range(1, 25)))
    path = tmp_path / "p384.csv"
    path.write_text("\n".join(lines) + "\n")
    (p,) = read_plate_files([path])
    assert (p.rows, p.cols) == (16, 24) and p.wells["P24"] == 384 and p.wells["B1"] == 25


def test_cell_count_is_exact_across_stream_pieces(monkeypatch):
    """500 rows × 3 cells written three ways (<c r=…>, <x:c …/>, <c>), counted with 7-byte
    pieces so that tags are split at every possible place: 1500."""
    import io

    from precisecli.pdo import xlsx

    monkeypatch.setattr(xlsx, "_CHUNK", 7)
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><x:c t="n"/><c><v>2</v></c></row>' % (r, r)
        for r in range(1, 501)
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + rows + b"</sheetData>")
        zf.writestr("xl/sharedStrings.xml", b"<sst><si><t>c</t></si></sst>")  # not a sheet
    with zipfile.ZipFile(buf) as zf:
        assert xlsx.count_cells(zf, zf.infolist(), "t.xlsx") == 1500
