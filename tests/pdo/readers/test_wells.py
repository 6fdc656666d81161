"""Well names: one parser for readers, layouts, diameter tables and normalisation."""

import pytest

from precisecli.errors import InputError, Location
from precisecli.pdo.readers.grid import fill_plate, parse_well, require_well, well_name


@pytest.mark.parametrize(
    ("text", "rc"),
    [("A1", (0, 0)), ("a01", (0, 0)), (" H12 ", (7, 11)), ("P24", (15, 23)), ("AF48", (31, 47))],
)
def test_well_names_accepted(text, rc):
    assert parse_well(text) == rc


@pytest.mark.parametrize("text", ["", "A0", "A49", "AG1", "Z99", "1A", "A1B", None, 3])
def test_non_wells_rejected(text):
    assert parse_well(text) is None


def test_row_letters_after_z():
    # 1536-well plates: row 27 is AA, row 32 is AF
    assert well_name(26, 0) == "AA1" and well_name(31, 47) == "AF48"
    assert parse_well("AA1") == (26, 0)


def test_require_well_canonical_name_or_located_error():
    assert require_well("b03", Location(file="t.csv", line=2)) == "B3"
    with pytest.raises(InputError) as e:
        require_well("Q99", Location(file="t.csv", line=7), hint="say A1")
    assert "'Q99' is not a well name" in e.value.message
    assert e.value.location.line == 7 and e.value.hint == "say A1"


def test_fill_plate_picks_the_smallest_plate():
    rows, cols, wells = fill_plate({"B2": 1.0, "A1": 2.0}, "t.csv")
    assert (rows, cols) == (8, 12) and len(wells) == 96
    assert list(wells)[:3] == ["A1", "A2", "A3"] and wells["B2"] == 1.0 and wells["H12"] is None
    rows, cols, wells = fill_plate({"I1": 1.0}, "t.csv")
    assert (rows, cols) == (16, 24) and len(wells) == 384
