"""Allotropy's public reader-export corpus through `precise pdo read --json`.

Every export under tests/data/pdo/allotropy/ (origin: SOURCES.md there) is read with the real
command (in-process `cli` fixture) and either

* read, with every raw well value equal to allotropy's expected value (expected/*.json, extracted
  from allotropy's expected ASM documents by extract_expected.py) — each of allotropy's
  measurement groups (one plate × read mode × wavelength) must equal one readout block, well by
  well, and each block holding values must equal one of allotropy's measurement groups or one
  of its calculated-data groups (the reader software's own calculations, such as Gen5's
  "Blank 450:450" or "[Concentration]", which the export holds as data sets); or
* refused with exit 3 and one located line naming the unsupported feature — only the files in
  REFUSED, each with a reason that docs/pdo-formats.md ("Refused exports") justifies.

Where allotropy renumbers the rows of a partly measured plate (EnVision's reduced 384-well reads
of rows A, E, I, M come out as A, B, C, D), the file's own row letters win: the comparison maps
allotropy's rows, in order, onto the rows the file measured, and the block keeps the file's
letters. BMG writes rows 27–32 of a 1536-well plate as a–f; allotropy keeps 'e1', precise calls
it AE1 (the same well).
"""

# ruff: noqa: E501  (corpus file paths are long)
from __future__ import annotations

import re

import pytest

from tests.pdo.readers.allotropy_corpus import compare, entries

# file → category of refusal (docs/pdo-formats.md, "Refused exports", explains each category)
REFUSED: dict[str, str] = {
    "agilent_gen5/absorbance/240411_172731_BNCH2345883_abs450_96well_non_numeric_values.txt": "overflow",
    "agilent_gen5/absorbance/absorbance_error_document_example.txt": "overflow",
    "agilent_gen5/absorbance/kinetic_helper_gene_growth_curve.txt": "plate-size",
    "agilent_gen5/absorbance/spectrum_data.txt": "overflow",
    "agilent_gen5/garbage_error.txt": "not-an-export",
    "agilent_gen5/missing_results_error.txt": "not-an-export",
    "moldev_softmax_pro/ACSINS_absorbance_timeformat_spectrum.txt": "not-endpoint",
    "moldev_softmax_pro/abs_endpoint_plates.txt": "decimal-comma",
    "moldev_softmax_pro/errors/header_size_mismatch.txt": "cut-file",
    "moldev_softmax_pro/errors/lum_spectrum_columns.txt": "not-endpoint",
    "moldev_softmax_pro/errors/missing_kinetic_measurement.txt": "not-endpoint",
    "moldev_softmax_pro/errors/missing_measurement_table_row.txt": "plate-size",
    "moldev_softmax_pro/errors/multi-plate-block_non-unique_plate_ID.txt": "duplicate-plate",
    "moldev_softmax_pro/errors/trf_well_scan_plates.txt": "not-endpoint",
    "moldev_softmax_pro/fl_kinetic_plates.txt": "not-endpoint",
    "moldev_softmax_pro/no_measurements.txt": "plate-size",
    "moldev_softmax_pro/partial_plate.txt": "not-endpoint",
    "moldev_softmax_pro/partial_plate_with_empty_values.txt": "not-endpoint",
    "moldev_softmax_pro/softmaxpro_example_reduced.txt": "reduced-only",
    "moldev_softmax_pro/spectramax340_kinetic_partial_plate.txt": "not-endpoint",
    "moldev_softmax_pro/spectrum_data.txt": "not-endpoint",
    "revvity_kaleido/optical_imaging/optical_imaging_endpoint_single_plate_example_01.csv": "imaging",
    "revvity_kaleido/optical_imaging/optical_imaging_endpoint_single_plate_example_02.csv": "imaging",
    "revvity_kaleido/optical_imaging/optical_imaging_endpoint_single_plate_example_03.csv": "imaging",
    "tecan_magellan/errors/no_well_positions.xlsx": "not-an-export",
}

# what the one-line error must say for each category
CATEGORY_MESSAGE = {
    "not-endpoint": r"is a (Spectrum|Kinetic|Well Scan) read; only endpoint reads",
    "overflow": r"detector overflow",
    "plate-size": r"(numbered columns|has (6|24) wells)",
    "reduced-only": r"reduced values only",
    "imaging": r"image-analysis export",
    "cut-file": r"line shorter than its header",
    "duplicate-plate": r"used by two Plate: blocks",
    "decimal-comma": r"decimal comma",
    "not-an-export": r"no plate grid",
}

# Blocks allotropy has no counterpart for although they are measurements, each checked by hand
# against the file instead (see test_blocks_allotropy_does_not_read).
EXTRA_BLOCKS = {
    # allotropy reads only the first measurement sheet (260 nm); the 280/320 nm sheets are read
    "thermo_skanit/skanit_different_plate_pattern.xlsx": r"^Absorbance (280|320) \(Abs\)",
}

# allotropy refuses these (its errors/ folder) but precise reads them; values checked by hand
READ_ALTHOUGH_ALLOTROPY_REFUSES = {
    # 'ID1 = …' instead of 'ID1: …' → read as a generic grid; line 10 "A,23864,23796,…"
    "bmg_mars/errors/file_with_no_delimiter_malformed.csv": ("A1", 23864.0, "A2", 23796.0),
    # no 'Background information' section; the calculated grid's line "A,3912.12920565,…"
    "perkin_elmer_envision/example01_missing_header_error.csv": (
        "A1",
        3912.12920565,
        "A2",
        3923.92517971,
    ),
    # only Gen5's blank-corrected data set, no raw read (allotropy wants the raw read): the
    # block is what the file holds, labelled as such; line "A→2.100→2.130→2.160→Blank abs450:450"
    "agilent_gen5/calculated_data_with_no_measurements_error.txt": ("A1", 2.1, "A3", 2.16),
}

ENTRIES = entries()


def _extra(pattern: str, problem: str) -> bool:
    m = re.search(r"\('(.*)'\) equals no allotropy measurement", problem)
    return bool(m and re.search(pattern, m.group(1)))


def test_corpus_is_complete_and_small():
    assert len(ENTRIES) >= 100
    vendors = {e.vendor for e in ENTRIES}
    assert vendors == {
        "agilent_gen5",
        "bmg_labtech_smart_control",
        "bmg_mars",
        "moldev_softmax_pro",
        "perkin_elmer_envision",
        "revvity_kaleido",
        "tecan_magellan",
        "thermo_skanit",
    }
    assert all(e.path.stat().st_size < 2_000_000 for e in ENTRIES)
    assert set(REFUSED) <= {e.local for e in ENTRIES}
    # the refused list stays short (25 of 112, 9 of them files allotropy refuses too)
    assert len(REFUSED) <= 25
    assert sum("error" in f for f in REFUSED) >= 9


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.local for e in ENTRIES])
def test_corpus_file(entry, cli):
    result = cli("pdo", "read", str(entry.path), "--json")
    if entry.local in REFUSED:
        category = REFUSED[entry.local]
        assert result.exit_code == 3, result.stdout[:300]
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, result.stderr
        assert re.search(CATEGORY_MESSAGE[category], lines[0]), lines[0]
        assert entry.path.name in lines[0]  # located: the file is named
        return
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    (f,) = doc["files"]
    assert f["plates"], "no plate read"
    if entry.local in READ_ALTHOUGH_ALLOTROPY_REFUSES:
        w1, v1, w2, v2 = READ_ALTHOUGH_ALLOTROPY_REFUSES[entry.local]
        first = f["plates"][0]["wells"]
        assert first[w1] == pytest.approx(v1, rel=1e-12)
        assert first[w2] == pytest.approx(v2, rel=1e-12)
        return
    assert entry.has_expected, f"{entry.local}: read, but allotropy has no expected output"
    expected = entry.expected()
    problems, _notes = compare(f, expected)
    extra = EXTRA_BLOCKS.get(entry.local)
    if extra:
        problems = [p for p in problems if not _extra(extra, p)]
    assert not problems, "\n".join(problems)


def test_blocks_allotropy_does_not_read(cli):
    """The SkanIt sheets allotropy skips, checked by hand: sheet 'Absorbance 280_03', grid
    'Abs' of 'Blank plate', cell B… (well A2) holds 0.0444; of 'Sample Plate' 0.0582; sheet
    'Absorbance 320_05' 0.042 / 0.0427."""
    path = next(e.path for e in ENTRIES if e.local.endswith("skanit_different_plate_pattern.xlsx"))
    doc = cli("pdo", "read", str(path), "--json").json()
    got = {(p["plate_id"], p["readout"]): p["wells"]["A2"] for p in doc["files"][0]["plates"]}
    assert got[("Blank plate", "Absorbance 280 (Abs)")] == 0.0444
    assert got[("Sample Plate", "Absorbance 280 (Abs)")] == 0.0582
    assert got[("Blank plate", "Absorbance 320 (Abs)")] == 0.042
    assert got[("Sample Plate", "Absorbance 320 (Abs)")] == 0.0427


def test_softmax_several_wavelengths_are_separate_blocks(cli):
    """MD_SMP_fluorescence_endpoint_example06.txt, plate BNCH_28465721_96w: line 4 (first data
    row) starts '0, 2138332.25, -421432.75 …' for em 445 nm and, after 12 values and a blank
    column, '-961071.375, 1651907.625 …' for em 535 nm; the reduced grid below (-2.807…) is
    SoftMax's calculation and is not a block."""
    path = next(e.path for e in ENTRIES if e.local.endswith("fluorescence_endpoint_example06.txt"))
    doc = cli("pdo", "read", str(path), "--json").json()
    plates = [p for p in doc["files"][0]["plates"] if p["plate_id"] == "BNCH_28465721_96w"]
    assert [p["readout"] for p in plates] == [
        "Fluorescence ex 404 / em 445 nm",
        "Fluorescence ex 485 / em 535 nm",
        "Fluorescence ex 569 / em 780 nm",
    ]
    assert plates[0]["wells"]["A1"] == 2138332.25 and plates[0]["wells"]["A2"] == -421432.75
    assert plates[1]["wells"]["A1"] == -961071.375 and plates[1]["wells"]["A2"] == 1651907.625
    assert all(abs(v) > 1000 for p in plates for v in p["wells"].values() if v is not None)
