"""Concentration units → µM, checked against hand arithmetic."""

from __future__ import annotations

import pytest

from precisecli.errors import InputError
from precisecli.pdo.units import canonical_unit, to_micromolar


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (250, "pM", 0.00025),
        (10, "nM", 0.01),
        (3, "uM", 3.0),
        (3, "µM", 3.0),
        (3, "μM", 3.0),  # Greek mu
        (2, "mM", 2000.0),
        (1e-6, "M", 1.0),
    ],
)
def test_molar_units(value, unit, expected):
    assert to_micromolar(value, unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        # 500 ng/mL = 5e-4 g/L; / 500 g/mol = 1e-6 M = 1 µM
        (500, "ng/mL", 1.0),
        # 2 µg/mL = 2e-3 g/L; / 500 g/mol = 4e-6 M
        (2, "ug/mL", 4.0),
        (2, "µg/mL", 4.0),
        # 1 mg/mL = 1 g/L; / 500 g/mol = 2e-3 M
        (1, "mg/mL", 2000.0),
    ],
)
def test_mass_units_need_weight(value, unit, expected):
    assert to_micromolar(value, unit, molecular_weight_da=500) == pytest.approx(expected)
    with pytest.raises(InputError) as info:
        to_micromolar(value, unit, drug="x")
    assert "molecular weight" in info.value.message


def test_unknown_and_ambiguous_units():
    for bad in ("nmol", "ppm", "m", "%", ""):
        with pytest.raises(InputError):
            to_micromolar(1, bad)
    assert canonical_unit("M") == "m" and canonical_unit("m") is None


def test_negative_concentration_rejected():
    with pytest.raises(InputError):
        to_micromolar(-1, "nM")
