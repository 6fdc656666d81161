"""Layouts: wellmap TOML, plate-shaped sheets, long tables; roles, drugs, units, regimens.

Concentrations are checked against hand arithmetic: 1 nM = 0.001 µM; µg/mL → µM is
value × 1e-3 g/L ÷ MW g/mol × 1e6 (MW from the knowledge base: trastuzumab 148 000 Da,
T-DM1 148 500 Da).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from precisecli.errors import EXIT_INPUT, InputError
from precisecli.pdo.layouts import read_layout

DATA = Path(__file__).resolve().parents[1] / "data" / "pdo"
LAYOUTS = DATA / "layouts"


def test_wellmap_screen_layout():
    layout = read_layout(LAYOUTS / "screen.toml")
    assert layout.plates() == ["P1", "P2"]
    p1 = layout.for_plate("P1")
    assert len(p1) == 96
    assert p1["A1"].role == "vehicle"  # role = "DMSO" → vehicle
    assert p1["A12"].role == "kill"  # "positive control" → kill
    assert p1["H5"].role == "blank"  # "medium only" → blank
    assert p1["E7"].role == "empty"
    a2 = p1["A2"]
    assert (a2.role, a2.drugs, a2.regimen) == ("treatment", ("pyrotinib",), "pyrotinib")
    assert a2.concs_um == pytest.approx((0.001,)) and a2.raw_concs == ("1 nM",)
    assert p1["A9"].concs_um == pytest.approx((10.0,))  # [col.'6-11'] 10000 nM
    # Pyrotinib + capecitabine is a KB regimen: pyro-cape
    b3 = p1["B3"]
    assert b3.drugs == ("pyrotinib", "capecitabine") and b3.regimen == "pyro-cape"
    assert b3.concs_um == pytest.approx((0.01, 10.0))  # 10 nM; 10 µM
    # Herceptin → trastuzumab; 100 µg/mL = 0.1 g/L / 148000 g/mol = 6.7568e-7 M
    c4 = p1["C4"]
    assert c4.drugs == ("trastuzumab",)
    assert c4.concs_um[0] == pytest.approx(0.1 / 148000 * 1e6)
    # plate-specific override
    assert layout.for_plate("P2")["A2"].concs_um == pytest.approx((0.002,))


def test_public_wellmap_layouts_load_with_their_attributes():
    std = read_layout(DATA / "wellmap_std_curve.toml")
    assert len(std.wells) == 18  # rows A-C × cols 1-6
    a1 = std.for_plate("*")["A1"]
    assert a1.role == "empty" and a1.extra == {"replicate": "1", "dilution": "100000"}
    assert std.for_plate("*")["C6"].extra == {"replicate": "3", "dilution": "1"}
    beta = read_layout(DATA / "wellmap_beta_gal_assay.toml")
    assert len(beta.wells) == 16  # rows A-D × cols 3-6
    b5 = beta.for_plate("*")["B5"]
    assert b5.extra["fit_start_min"] == "0" and b5.extra["ligand"] == "theophylline"
    assert b5.extra["growth_time_h"] == "8" and b5.extra["sgrna"] == "off"


def test_plate_shaped_csv_layout():
    layout = read_layout(LAYOUTS / "plate_shaped.csv")
    wells = layout.for_plate("any")
    assert wells["A1"].role == "vehicle" and wells["H2"].role == "blank"
    assert wells["C12"].role == "kill"
    assert wells["A3"].drugs == ("everolimus",) and wells["A3"].concs_um == pytest.approx((0.01,))
    b4 = wells["B4"]  # T-DM1 10 µg/mL, MW 148 500
    assert b4.regimen == "tdm1" and b4.concs_um[0] == pytest.approx(10e-3 / 148500 * 1e6)
    assert "A5" not in wells  # no attribute at all


def test_plate_shaped_xlsx_layout(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for block, (name, fill) in enumerate(
        [("role", "treatment"), ("drug", "pyrotinib"), ("conc_nM", "50")]
    ):
        top = block * 10 + 1
        ws.cell(top, 1, name)
        for c in range(1, 13):
            ws.cell(top, c + 1, c)
        for r, letter in enumerate("ABCDEFGH"):
            ws.cell(top + 1 + r, 1, letter)
            for c in range(1, 13):
                ws.cell(top + 1 + r, c + 1, fill)
    path = tmp_path / "layout.xlsx"
    wb.save(path)
    layout = read_layout(path)
    g7 = layout.for_plate("X")["G7"]
    assert g7.drugs == ("pyrotinib",) and g7.concs_um == pytest.approx((0.05,))


def test_long_table_layout_units_and_regimens():
    wells = read_layout(LAYOUTS / "long.csv").for_plate("S1")
    assert wells["A1"].role == "vehicle" and wells["A1"].extra == {"replicate": "1"}
    assert wells["A2"].concs_um == pytest.approx((0.5,))
    assert wells["A3"].concs_um == pytest.approx((0.0005,))  # 500 pM
    a4 = wells["A4"]  # an explicit regimen label wins over the drug names
    assert a4.regimen == "my-combo" and a4.concs_um == pytest.approx((0.005, 2000.0))
    assert wells["A5"].role == "kill" and wells["A5"].extra["drug"] == "staurosporine"
    # 14.8 mg/mL trastuzumab = 14.8 g/L / 148000 g/mol = 1e-4 M = 100 µM
    assert wells["A7"].concs_um == pytest.approx((100.0,))
    assert wells["A8"].drugs == ("t-dm1",) and wells["A8"].concs_um == pytest.approx((2e5,))


def test_breeze_long_table_as_layout_with_explicit_unit():
    path = DATA / "Breeze_Raw_Data_Demo_FULL.xlsx"
    with pytest.raises(InputError) as info:
        read_layout(path)  # CONCENTRATION has no unit: never assumed
    assert "without a unit" in info.value.message
    layout = read_layout(path, conc_unit="nM")
    plate = layout.for_plate("Cell_Line1_160122:1")
    assert len(plate) == 384
    # sheet Raw_Data: ('A1', 1, 'cells', None, ...) — untreated cells column
    assert plate["A1"].role == "vehicle" and plate["A1"].extra["control"] == "untreated"
    roles = {s.role for s in plate.values()}
    assert roles == {"vehicle", "kill", "treatment"}
    dmso = [s for s in plate.values() if s.extra.get("drug", "").lower() == "dmso"]
    assert dmso and all(s.role == "vehicle" for s in dmso)
    bzcl = [s for s in plate.values() if s.extra.get("drug") == "BzCl"]
    assert bzcl and all(s.role == "kill" for s in bzcl)


def _bad_long(tmp_path, row: str, header="plate,well,role,drug,conc,unit") -> InputError:
    path = tmp_path / "bad_layout.csv"
    path.write_text(f"{header}\nP1,A1,vehicle,,,\n{row}\n")
    with pytest.raises(InputError) as info:
        read_layout(path)
    err = info.value
    assert err.exit_code == EXIT_INPUT and "bad_layout.csv" in err.one_line()
    return err


def test_unknown_unit_names_well(tmp_path):
    err = _bad_long(tmp_path, "P1,B7,treatment,everolimus,10,nmol")
    assert err.location.well == "B7" and "unknown concentration unit 'nmol'" in err.message


def test_unknown_drug_with_mass_unit(tmp_path):
    err = _bad_long(tmp_path, "P1,C3,treatment,drug-x-123,10,ng/mL")
    assert err.location.well == "C3" and "molecular weight" in err.message
    assert "molecular_weight_da" in err.hint


def test_known_drug_without_weight_and_mass_unit(tmp_path):
    # cdk46-inhibitor is a drug class in the KB with no molecular weight
    err = _bad_long(tmp_path, "P1,D4,treatment,cdk46-inhibitor,1,ug/mL")
    assert err.location.well == "D4"


def test_missing_unit_is_never_assumed(tmp_path):
    err = _bad_long(tmp_path, "P1,E5,treatment,everolimus,10,")
    assert err.location.well == "E5" and "without a unit" in err.message


def test_bad_role_and_missing_drug_and_bad_conc(tmp_path):
    assert _bad_long(tmp_path, "P1,F6,killer,,,").location.well == "F6"
    assert "without a drug" in _bad_long(tmp_path, "P1,F7,treatment,,10,nM").message
    err = _bad_long(tmp_path, "P1,F8,treatment,everolimus,ten,nM")
    assert err.location.well == "F8" and "not a number" in err.message
    assert "twice" in _bad_long(tmp_path, "P1,A01,vehicle,,,").message
    assert "not a well name" in _bad_long(tmp_path, "P1,Q99,vehicle,,,").message


def test_layout_xlsx_with_merged_and_error_cells(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["plate", "well", "drug", "conc", "unit"])
    ws.append(["P1", "A1", "everolimus", 1, "nM"])
    ws.append(["P1", "A2", "everolimus", "#DIV/0!", "nM"])
    path = tmp_path / "layout_err.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_layout(path)
    assert info.value.location.well == "A2" and "#DIV/0!" in info.value.message


def test_invalid_wellmap_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[row.A\nrole = 'vehicle'\n")
    with pytest.raises(InputError) as info:
        read_layout(path)
    assert "broken.toml" in info.value.one_line()


def test_day0_role_and_timepoint_column(tmp_path):
    p = tmp_path / "layout.csv"
    p.write_text(
        "plate,well,role,drug,conc,unit,timepoint\n"
        "P1,A1,vehicle,DMSO,,,72 h\n"
        "P1,A2,vehicle,DMSO,,,0 h\n"
        "P1,A3,time0,,,,\n"
        "P1,A4,treatment,cisplatin,1,uM,72\n"
    )
    specs = read_layout(p).for_plate("P1")
    assert [specs[w].role for w in ("A1", "A2", "A3", "A4")] == [
        "vehicle",
        "day0",
        "day0",
        "treatment",
    ]
    assert specs["A1"].extra["timepoint"] == "72 h"
