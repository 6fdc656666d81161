"""`precise pdo read`: JSON keys as in DESIGN.md §4, schema-valid, exit 3 on bad files."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "pdo"


def test_pdo_read_json_keys_and_values(cli):
    res = cli(
        "pdo",
        "read",
        "--json",
        DATA / "allotropy_agilent_gen5_luminescence_endpoint_singleplate.txt",
        DATA / "allotropy_bmg_mars_PHERAstar_output_file.CSV",
    )
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    assert list(doc) == ["files"]
    gen5, mars = doc["files"]
    assert set(gen5) == {"file", "format", "plates"}
    assert gen5["file"] == "allotropy_agilent_gen5_luminescence_endpoint_singleplate.txt"
    assert gen5["format"] == "gen5-text"
    assert [p["readout"] for p in gen5["plates"]] == ["LUM:Lum", "NormLum"]
    plate = gen5["plates"][0]
    assert {"plate_id", "rows", "cols", "readout", "wells"} <= set(plate)
    assert plate["wells"]["A1"] == 8718 and plate["wells"]["H12"] == 8490  # lines 47, 61
    assert len(plate["wells"]) == 96
    assert mars["plates"][0]["wells"]["A12"] == 1.641  # line 10
    assert res.stderr == ""


def test_pdo_read_null_for_empty_wells(cli):
    res = cli("pdo", "read", "--json", DATA / "wetlabtools_spark_absorbance_1.xlsx")
    assert res.exit_code == 0, res.stderr
    wells = res.json()["files"][0]["plates"][0]["wells"]
    assert wells["A7"] is None and wells["A1"] == 2.6103


def test_pdo_read_table_output(cli):
    res = cli("pdo", "read", DATA / "allotropy_thermo_skanit_luciferase_assay_example.xlsx")
    assert res.exit_code == 0
    assert "(skanit-xlsx)" in res.stdout and "Plate 1" in res.stdout and "96 / 96" in res.stdout


def test_pdo_read_bad_file_exit_3_names_well(cli, tmp_path):
    path = tmp_path / "bad.csv"
    rows = ["," + ",".join(str(c) for c in range(1, 13))]
    rows += [f"{r}," + ",".join("5" for _ in range(12)) for r in "ABCDEFG"]
    rows.append("H," + ",".join(["5"] * 10 + ["#DIV/0!", "5"]))
    path.write_text("\n".join(rows) + "\n")
    res = cli("pdo", "read", "--json", path)
    assert res.exit_code == 3
    assert res.stdout == ""
    assert "bad.csv" in res.stderr and "well H11" in res.stderr
    assert "Traceback" not in res.stderr


def test_pdo_read_help_has_example(cli):
    res = cli("pdo", "read", "--help")
    assert res.exit_code == 0 and "Example:" in res.stdout
