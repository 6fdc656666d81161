"""Bliss and HSA excess on the SynergyFinder NCATS block, against a hand computation."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest

from precisecli.pdo.normalise import Well
from precisecli.pdo.synergy import block_excess, screen_synergy
from tests.conftest import DATA

FOLDER = DATA / "pdo-analysis"


def _block(block_id: int):
    values = {}
    with (FOLDER / "synergyfinder_NCATS_10023_responses.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for row in reader:
            if int(row[0]) == block_id:
                values[(int(float(row[2])), int(float(row[1])))] = float(row[3])  # (Row, Col)
    with (FOLDER / "synergyfinder_NCATS_10023_metadata.csv").open(encoding="utf-8") as fh:
        meta = next(r for r in csv.DictReader(fh) if int(r["BlockId"]) == block_id)
    row_concs = [float(x) for x in meta["RowConcs"].split(",")]
    col_concs = [float(x) for x in meta["ColConcs"].split(",")]
    matrix = [[values[(i + 1, j + 1)] for j in range(10)] for i in range(10)]
    return matrix, row_concs, col_concs


@pytest.mark.parametrize("block_id", [1, 7, 12])
def test_block_bliss_and_hsa_match_a_hand_computation(block_id):
    matrix, row_concs, col_concs = _block(block_id)
    bliss, hsa = block_excess(matrix, row_concs, col_concs)
    # The metadata lists doses in descending order with 0 last: row 10 / column 10 are singles.
    zero_r, zero_c = row_concs.index(0.0), col_concs.index(0.0)
    assert (zero_r, zero_c) == (9, 9)
    checked = 0
    for i in range(10):
        for j in range(10):
            if row_concs[i] == 0 or col_concs[j] == 0:
                assert math.isnan(bliss[i, j]) and math.isnan(hsa[i, j])
                continue
            a = matrix[i][zero_c]  # row drug alone at row dose i
            b = matrix[zero_r][j]  # column drug alone at column dose j
            y = matrix[i][j]
            assert bliss[i, j] == pytest.approx(y - (a + b - a * b / 100.0), abs=1e-9)
            assert hsa[i, j] == pytest.approx(y - max(a, b), abs=1e-9)
            checked += 1
    assert checked == 81


def test_block_1_first_cell_by_hand():
    matrix, row_concs, col_concs = _block(1)
    bliss, hsa = block_excess(matrix, row_concs, col_concs)
    # values read from the file: Row 1/Col 1, Row 1/Col 10, Row 10/Col 1
    y, a, b = matrix[0][0], matrix[0][9], matrix[9][0]
    expected_bliss = y - (1 - (1 - a / 100) * (1 - b / 100)) * 100
    assert bliss[0, 0] == pytest.approx(expected_bliss, abs=1e-9)
    assert hsa[0, 0] == pytest.approx(y - max(a, b), abs=1e-9)
    assert np.nanmean(bliss) == pytest.approx(
        np.mean(
            [
                matrix[i][j] - (1 - (1 - matrix[i][9] / 100) * (1 - matrix[9][j] / 100)) * 100
                for i in range(9)
                for j in range(9)
            ]
        )
    )


def _w(well, drugs, concs, viability):
    return Well(
        plate_id="1",
        well=well,
        row=0,
        col=0,
        role="treatment",
        regimen="+".join(drugs) if len(drugs) > 1 else drugs[0],
        drugs=drugs,
        concs_um=concs,
        raw=1.0,
        viability_pct=viability,
    )


def test_plate_combination_uses_singles_at_the_same_doses():
    wells = [
        _w("A1", ("pyrotinib",), (0.1,), 70.0),  # 30 % inhibition
        _w("A2", ("pyrotinib",), (0.1,), 60.0),  # 40 %
        _w("A3", ("capecitabine",), (10.0,), 80.0),  # 20 %
        _w("A4", ("pyrotinib", "capecitabine"), (0.1, 10.0), 30.0),  # 70 %
        _w("A5", ("pyrotinib", "capecitabine"), (0.1, 10.0), 40.0),  # 60 %
        _w("A6", ("pyrotinib", "capecitabine"), (1.0, 10.0), 10.0),  # no single at 1.0 µM
    ]
    (point,) = screen_synergy(wells)
    # singles: pyrotinib 35 %, capecitabine 20 %; combination 65 %
    assert point.concs_um == (0.1, 10.0)
    assert point.inhibition_pct == pytest.approx(65.0)
    assert point.bliss_expected_pct == pytest.approx(100 * (1 - 0.65 * 0.80))  # 48 %
    assert point.bliss_excess == pytest.approx(65.0 - 48.0)
    assert point.hsa_excess == pytest.approx(65.0 - 35.0)
