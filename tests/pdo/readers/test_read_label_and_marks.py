"""Readout blocks chosen on `pdo load` (--read-label) and wells the export marks instead of
giving a number. Inputs: allotropy's public exports (tests/data/pdo/allotropy/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from precisecli.errors import InputError
from precisecli.pdo.layouts import read_layout
from precisecli.pdo.normalise import join_plate
from precisecli.pdo.readers import read_plate_file

CORPUS = Path(__file__).resolve().parents[2] / "data" / "pdo" / "allotropy"
ALPHA = CORPUS / "agilent_gen5" / "fluorescence" / "alphalisa_endpoint_singleplate.txt"

LAYOUT = """
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
conc = 0.1
[col.4]
conc = 1
[col.5]
conc = 10
[col.6]
conc = 0.02
[col.7]
conc = 0.2
[col.8]
conc = 2
[col.9]
conc = 20
[col.10]
conc = 0.05
[col.11]
conc = 0.5
"""


GROUP_LAYOUT = """
[col.5]
role = "vehicle"
[col.12]
role = "kill"
[block.4x8.A1]
drug = "lapatinib"
unit = "uM"
[col.1]
conc = 0.1
[col.2]
conc = 1
[col.3]
conc = 10
[col.4]
conc = 100
"""


def test_softmax_wavelengths_need_read_label(cli, workspace, tmp_path):
    """group_with_partial_rows.txt, plate 'Plate 1' (TimeFormat, 450 and 650 nm): the raw line
    for 450 nm starts 'NaN, 0.1003, 0.1138, 3.5028, 3.4409, 0.1362' (A1–A5), the one for 650 nm
    'NaN, 0.0338, 0.0322, 0.0397, 0.0386, 0.0362'."""
    data = CORPUS / "moldev_softmax_pro" / "group_with_partial_rows.txt"
    layout = tmp_path / "layout.toml"
    layout.write_text(GROUP_LAYOUT)
    assert cli("case", "new", "RL-1").exit_code == 0
    res = cli("pdo", "load", "RL-1", str(data), "--layout", str(layout), "--screen", "S1")
    assert res.exit_code == 3
    assert "2 readout blocks" in res.stderr and "--read-label" in res.stderr
    assert "Absorbance 450 nm" in res.stderr and "Absorbance 650 nm" in res.stderr
    for label, a5 in (("Absorbance 450 nm", "0.1362"), ("Absorbance 650 nm", "0.0362")):
        screen = "S450" if "450" in label else "S650"
        res = cli(
            "pdo", "load", "RL-1", str(data), "--layout", str(layout), "--screen", screen,
            "--read-label", label,
        )  # fmt: skip
        assert res.exit_code == 0, res.stderr
        rows = (workspace / "RL-1" / "pdo" / screen / "wells.tsv").read_text().splitlines()
        header = rows[0].split("\t")
        a5_row = next(dict(zip(header, r.split("\t"), strict=True)) for r in rows if "\tA5\t" in r)
        assert float(a5_row["raw"]) == float(a5)


def test_gen5_marks_are_null_with_reason_and_refused_when_used(tmp_path):
    """alphalisa_endpoint_singleplate.txt line 59: '→?????→0.000→?????…→Log Alpha' (row A)."""
    reads = {r.readout: r for r in read_plate_file(ALPHA)}
    log_alpha = reads["Log Alpha"]
    assert log_alpha.wells["A1"] is None and log_alpha.wells["A2"] == 0.0
    assert log_alpha.unreadable["A1"].startswith("?????")
    conc = reads["[Concentration]"]
    # line 64 "…→>3141492.000→5035.311…" (B6, B7): outside the standard curve
    assert conc.wells["B6"] is None and conc.unreadable["B6"].startswith(">3141492.000")
    assert conc.wells["B7"] == pytest.approx(5035.311)
    assert reads["Alpha"].unreadable == {}  # the raw read has numbers throughout
    path = tmp_path / "layout.toml"
    path.write_text(LAYOUT)
    layout = read_layout(path)
    with pytest.raises(InputError) as info:
        join_plate(log_alpha, layout)
    assert "has no number" in info.value.message and info.value.location.well == "A1"
    plate = join_plate(reads["Alpha"], layout)  # the raw read joins
    assert len(plate.wells) == 96


def test_layout_well_beyond_any_plate_is_located(tmp_path):
    path = tmp_path / "layout.toml"
    path.write_text(LAYOUT + '\n[well.Z99]\nrole = "vehicle"\n')
    with pytest.raises(InputError) as info:
        read_layout(path)
    assert info.value.location.well == "Z99" and "not a well" in info.value.message


def test_layout_includes_are_listed(tmp_path):
    from precisecli.pdo.layouts import layout_includes

    (tmp_path / "controls.toml").write_text(GROUP_LAYOUT.split("[col.1]", 1)[0])
    main = tmp_path / "layout.toml"
    main.write_text('[meta]\ninclude = "controls.toml"\n' + GROUP_LAYOUT.split("[col.1]\n", 1)[1])
    assert [p.name for p in layout_includes(main)] == ["controls.toml"]
    assert layout_includes(tmp_path / "controls.toml") == []
