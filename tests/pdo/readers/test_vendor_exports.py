"""Each public reader export loads; well values checked by hand against the file.

Every expected number below was read from the file itself (line / cell named in the comment),
not from the reader's output. Files: tests/data/pdo/, origin in tests/data/pdo/SOURCES.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from precisecli.pdo.readers import detect_format, read_plate_files

DATA = Path(__file__).resolve().parents[2] / "data" / "pdo"


def _read(name, fmt="auto"):
    return read_plate_files([DATA / name], fmt)


def test_envision_luminescence_two_plates_two_blocks_each():
    reads = _read("allotropy_PE_Envision_luminescence_example01.csv")
    assert [(r.plate_id, r.readout[:7]) for r in reads] == [
        ("1", "Calc 1:"),
        ("1", "0_1 US "),
        ("2", "Calc 1:"),
        ("2", "0_1 US "),
    ]
    res1 = reads[1]
    assert (res1.rows, res1.cols, res1.format) == (16, 24, "envision-csv")
    assert res1.readout == "0_1 US LUM 384(1) - channel 0 (CPS)"  # line 24
    # line 26 "A,0,40,0,40,40,40,80,..." and line 29 "M,40,40,40,0,40,..."
    assert res1.wells["A1"] == 0 and res1.wells["A7"] == 80 and res1.wells["M4"] == 0
    assert res1.wells["I8"] == 120  # line 28 "I,40,0,0,0,0,0,0,120,..."
    # the reduced export has rows A, E, I, M only: the others hold no value
    assert res1.wells["B1"] is None and len(res1.wells) == 384
    assert sum(v is not None for v in res1.wells.values()) == 96
    # line 11 "A,0.0,40.000,..." of plate 1's crosstalk-corrected grid
    assert reads[0].wells["A2"] == 40.0


def test_envision_absorbance_bare_grid():
    reads = _read("allotropy_PE_Envision_absorbance_example01.csv")
    first = reads[0]
    assert first.plate_id == "1" and first.readout == "BCA Absorbance @ 562(1)"
    assert (first.rows, first.cols) == (16, 24)
    assert first.wells["A1"] == pytest.approx(2.63)  # line 9, first field "2.6300"
    assert first.wells["A2"] == pytest.approx(2.713)  # line 9 "2.7130"
    assert first.wells["P1"] == pytest.approx(2.921)  # line 24, first field "2.9210"
    assert first.wells["O2"] == pytest.approx(2.612)  # line 23, second field "2.6120"
    assert [r.plate_id for r in reads] == ["1", "2", "2"]


def test_gen5_single_plate_raw_and_normlum_blocks():
    reads = _read("allotropy_agilent_gen5_luminescence_endpoint_singleplate.txt")
    assert [(r.plate_id, r.readout) for r in reads] == [
        ("Plate 1", "LUM:Lum"),
        ("Plate 1", "NormLum"),
    ]
    lum, norm = reads
    # line 47 "A\t8718\t3118\t...\t210\tLUM:Lum", line 48 "\t99.846\t34.111 ... -0.020\tNormLum"
    assert lum.wells["A1"] == 8718 and lum.wells["A12"] == 210
    assert norm.wells["A1"] == pytest.approx(99.846) and norm.wells["A12"] == pytest.approx(-0.020)
    assert lum.wells["H12"] == 8490  # line 61


def test_gen5_multiplate():
    reads = _read("allotropy_agilent_gen5_luminescence_endpoint_multiplate.txt")
    assert [r.plate_id for r in reads] == ["Plate 1"] * 2 + ["Plate 2"] * 2 + ["Plate 3"] * 2
    assert reads[0].wells["H1"] == 415  # line 61 "H\t415\t8318..."
    assert reads[2].wells["H1"] == 269 and reads[2].wells["H12"] == 9053  # line 124
    assert reads[4].wells["H3"] == 5878  # line 187 "H\t336\t912\t5878"


def _gen5_normlum_check(name):
    from precisecli.pdo.readers.gen5 import layout_ids

    reads = _read(name)
    ids = layout_ids(DATA / name)
    checked = 0
    for lum, norm in zip(reads[0::2], reads[1::2], strict=True):
        assert (lum.readout, norm.readout) == ("LUM:Lum", "NormLum")
        plate_ids = ids[lum.plate_id]
        pos = [lum.wells[w] for w, i in plate_ids.items() if i == "POSCON"]
        neg = [lum.wells[w] for w, i in plate_ids.items() if i == "NEGCON"]
        assert len(pos) == 8 and len(neg) == 8
        mean_pos, mean_neg = sum(pos) / len(pos), sum(neg) / len(neg)
        for well, raw in lum.wells.items():
            expected = 100.0 * (raw - mean_neg) / (mean_pos - mean_neg)
            assert abs(expected - norm.wells[well]) < 0.01, (lum.plate_id, well)
            checked += 1
    return checked


def test_gen5_normlum_reproduced_to_001_single_and_multi():
    assert _gen5_normlum_check("allotropy_agilent_gen5_luminescence_endpoint_singleplate.txt") == 96
    assert _gen5_normlum_check("allotropy_agilent_gen5_luminescence_endpoint_multiplate.txt") == 288


def test_softmax_plateformat_utf16():
    reads = _read("allotropy_MD_SMP_absorbance_endpoint_example01.txt")
    assert [r.plate_id for r in reads] == ["Plate01", "Plate02"]
    p1 = reads[0]
    assert (p1.format, p1.readout, p1.rows, p1.cols) == ("softmax-text", "Absorbance 450 nm", 8, 12)
    # full-precision copy, decoded line 14: "\t\t3.4179766666666667\t..." (A1) and its 12th
    # value 2.2356704126666664 (A12); line 21 first value 7.6666666666666723E-05 (H1)
    assert p1.wells["A1"] == pytest.approx(3.4179766666666667, rel=1e-15)
    assert p1.wells["A12"] == pytest.approx(2.2356704126666664, rel=1e-15)
    assert p1.wells["H1"] == pytest.approx(7.6666666666666723e-05, rel=1e-12)


def test_softmax_timeformat_partial_plate():
    reads = _read("allotropy_MD_SMP_luminescence_endpoint_example03.txt")
    assert [r.plate_id for r in reads] == ["c12345_2", "c123455_3"]
    p = reads[0]
    # decoded line 4: "\t25\t1011329\t929426\t..." — A1, A2; field 26 = B12 1185494; D12 = 3633;
    # E1 … H12 are blank in the export
    assert p.wells["A1"] == 1011329 and p.wells["A2"] == 929426
    assert p.wells["B12"] == 1185494 and p.wells["D12"] == 3633
    assert p.wells["E1"] is None and sum(v is not None for v in p.wells.values()) == 48
    assert reads[1].wells["A1"] == 1497823  # decoded line 10


def test_bmg_mars_csv():
    (p,) = _read("allotropy_bmg_mars_PHERAstar_output_file.CSV")
    assert p.format == "mars-csv" and p.readout == "Raw Data (450)"
    assert p.plate_id == "20260618 dsRNA _PLATE_01_18Jun26"  # line 4 "ID1: …"
    # line 10 "A,1.691,1.557,..., 1.641"; line 17 "H,0.069,...,0.884"
    assert p.wells["A1"] == pytest.approx(1.691) and p.wells["A12"] == pytest.approx(1.641)
    assert p.wells["H12"] == pytest.approx(0.884) and p.wells["C4"] == pytest.approx(0.07)


def test_bmg_smart_control_xlsx():
    reads = _read("allotropy_bmg_smart_control_fluorescence_endpoint_example2.xlsx")
    assert [r.readout for r in reads] == [
        "Raw Data (480-14/520-30)",
        "Blank corrected based on Raw Data (480-14/520-30)",
    ]
    raw, corrected = reads
    assert raw.plate_id == "PicoGreen NB-user-5097655-0069"  # cell A9 "ID1: …"
    # sheet 'Microplate End point': B51 = 8168026 (A1), M58 = 15882 (H12); B62 = 8152571
    assert raw.wells["A1"] == 8168026 and raw.wells["H12"] == 15882
    assert corrected.wells["A1"] == 8152571
    # K69:M69 are empty (the blank wells) in the corrected grid
    assert corrected.wells["H10"] is None and corrected.wells["H9"] == 492378


def test_tecan_spark_partial_plate():
    (p,) = _read("wetlabtools_spark_absorbance_1.xlsx")
    assert p.format == "spark-xlsx" and p.readout == "A450"  # cell B24 "A450"
    # B34 = 2.6103 (A1); G41 = 0.0527 (H6); H34 = '' (A7, outside 'Part of Plate A1-H6')
    assert p.wells["A1"] == pytest.approx(2.6103) and p.wells["H6"] == pytest.approx(0.0527)
    assert p.wells["A7"] is None and sum(v is not None for v in p.wells.values()) == 48


def test_tecan_magellan_list():
    (p,) = _read("allotropy_tecan_magellan_SLA01P01_OD.xlsx")
    assert p.format == "magellan-xlsx" and p.plate_id == "96WEL008"
    assert p.readout == "Raw data 595 nm"
    # A2 = 0.1462 (A1), A3 = 0.2118 (B1), A97 = 0.0461 (H12), A82 = 0.0462 (A11)
    assert p.wells["A1"] == pytest.approx(0.1462) and p.wells["B1"] == pytest.approx(0.2118)
    assert p.wells["H12"] == pytest.approx(0.0461) and p.wells["A11"] == pytest.approx(0.0462)


def test_thermo_skanit_xlsx():
    (p,) = _read("allotropy_thermo_skanit_luciferase_assay_example.xlsx")
    assert p.format == "skanit-xlsx" and p.plate_id == "Plate 1"
    assert p.readout == "Luminescence 1 (RLU)"
    # B11 = 105.4 (A1), I12 = 585700 (B8), M18 = 1043 (H12)
    assert p.wells["A1"] == pytest.approx(105.4)
    assert p.wells["B8"] == 585700 and p.wells["H12"] == 1043


def test_revvity_kaleido_csv():
    (p,) = _read("allotropy_revvity_kaleido_luminescence_endpoint_single_plate_example_01.csv")
    assert p.format == "kaleido-csv" and p.readout == "Luminescence 1"
    assert p.plate_id == "V-2023-05-17 16:21:29"  # line 8, barcode
    # line 11 "A,94395,87450,..."; line 17 "G,12460,...,55"; line 18 "H,3065,...,75"
    assert p.wells["A1"] == 94395 and p.wells["G1"] == 12460 and p.wells["G12"] == 55
    assert p.wells["H12"] == 75


def test_breeze_long_table_xlsx():
    reads = _read("Breeze_Raw_Data_Demo_FULL.xlsx")
    assert len(reads) == 16 and {r.format for r in reads} == {"long-table"}
    first = reads[0]
    assert first.plate_id == "Cell_Line1_160122:1" and (first.rows, first.cols) == (16, 24)
    # sheet Raw_Data row 2: ('A1', 1, 'cells', None, 'Cell_Line1_160122', 1109141)
    assert first.wells["A1"] == 1109141
    assert sum(v is not None for v in first.wells.values()) == 384


def test_synergyfinder_block_table():
    reads = _read("synergyfinder_NCATS_10023_responses.csv")
    assert [r.plate_id for r in reads] == [str(i) for i in range(1, 13)]
    b1 = reads[0]
    # line 2 "1,1.0,1.0,-3.544869,1default" → block 1, row 1, col 1; line 3 → col 2
    assert b1.wells["A1"] == pytest.approx(-3.544869) and b1.wells["A2"] == pytest.approx(0.110702)
    assert sum(v is not None for v in b1.wells.values()) == 100


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("allotropy_PE_Envision_luminescence_example01.csv", "envision-csv"),
        ("allotropy_agilent_gen5_luminescence_endpoint_singleplate.txt", "gen5-text"),
        ("allotropy_MD_SMP_absorbance_endpoint_example01.txt", "softmax-text"),
        ("allotropy_bmg_mars_PHERAstar_output_file.CSV", "mars-csv"),
        ("allotropy_bmg_smart_control_fluorescence_endpoint_example2.xlsx", "smart-control-xlsx"),
        ("wetlabtools_spark_absorbance_1.xlsx", "spark-xlsx"),
        ("allotropy_tecan_magellan_SLA01P01_OD.xlsx", "magellan-xlsx"),
        ("allotropy_thermo_skanit_luciferase_assay_example.xlsx", "skanit-xlsx"),
        (
            "allotropy_revvity_kaleido_luminescence_endpoint_single_plate_example_01.csv",
            "kaleido-csv",
        ),
        ("Breeze_Raw_Data_Demo_FULL.xlsx", "long-table"),
    ],
)
def test_format_sniffing(name, fmt):
    assert detect_format(DATA / name) == fmt


def test_generic_detector_reads_vendor_grids_too():
    """The vendor-neutral detector finds the same numbers in the MARS and SkanIt files."""
    (mars,) = _read("allotropy_bmg_mars_PHERAstar_output_file.CSV", "grid")
    assert mars.readout == "Raw Data (450)" and mars.wells["H12"] == pytest.approx(0.884)
    (skan,) = _read("allotropy_thermo_skanit_luciferase_assay_example.xlsx", "grid")
    assert skan.wells["B8"] == 585700
    # SMART Control: the text Layout grid is skipped, the numeric ones are read
    smart = _read("allotropy_bmg_smart_control_fluorescence_endpoint_example2.xlsx", "grid")
    assert [p.plate_id.rsplit("#", 1)[1] for p in smart] == ["1", "2", "3", "4"]
    assert smart[2].wells["A1"] == 8168026
