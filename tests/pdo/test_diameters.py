"""Organoid diameter tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from precisecli.errors import InputError
from precisecli.pdo.diameters import read_diameter_table

LAYOUTS = Path(__file__).resolve().parents[1] / "data" / "pdo" / "layouts"


def test_reads_and_sorts():
    recs = read_diameter_table(LAYOUTS / "diameters.csv")
    assert [(r.well, r.organoid_id, r.day) for r in recs] == [
        ("A10", "1", 0.0),
        ("B2", "1", 0.0),
        ("B2", "1", 7.0),
        ("B2", "2", 0.0),
        ("B2", "2", 7.0),
    ]
    assert recs[2].diameter_um == 150 and recs[4].diameter_um == 190.25 and recs[0].plate == "P1"


def test_xlsx_and_mm_column(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Well", "Organoid", "Day", "Diameter_mm"])
    ws.append(["C03", "o1", 3, 0.25])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    (rec,) = read_diameter_table(path)
    assert (rec.plate, rec.well, rec.organoid_id, rec.day) == ("*", "C3", "o1", 3.0)
    assert rec.diameter_um == pytest.approx(250.0)


@pytest.mark.parametrize(
    "row, well, words",
    [
        ("P1,B2,1,0,abc", "B2", "not a number"),
        ("P1,B2,1,0,-5", "B2", "not positive"),
        ("P1,B2,1,0,", "B2", "missing"),
        ("P1,B2,,0,100", "B2", "organoid id"),
        ("P1,A1,1,0,100", "A1", "twice"),
    ],
)
def test_bad_rows(tmp_path, row, well, words):
    path = tmp_path / "bad_d.csv"
    path.write_text(f"plate,well,organoid_id,day,diameter_um\nP1,A1,1,0,100\n{row}\n")
    with pytest.raises(InputError) as info:
        read_diameter_table(path)
    assert info.value.location.well == well and words in info.value.message
    assert "bad_d.csv, line 3" in info.value.one_line()


def test_missing_columns(tmp_path):
    path = tmp_path / "nope.csv"
    path.write_text("well,size\nA1,3\n")
    with pytest.raises(InputError) as info:
        read_diameter_table(path)
    assert "organoid" in info.value.message
