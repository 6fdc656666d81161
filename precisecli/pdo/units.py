"""Concentration units → µM. Molar units convert directly; mass concentrations need the drug's
molecular weight from the knowledge base (``drugs.<id>.molecular_weight_da``) and are refused
without it — a unit is never assumed and a weight never guessed."""

from __future__ import annotations

import re

from precisecli.errors import InputError, Location

# factor to µM
MOLAR = {"pm": 1e-6, "nm": 1e-3, "um": 1.0, "mm": 1e3, "m": 1e6}
# g/L per unit; µM = (g/L) / (g/mol) × 1e6
MASS = {"ng/ml": 1e-6, "ug/ml": 1e-3, "mg/ml": 1.0, "ng/ul": 1.0, "ug/l": 1e-6, "mg/l": 1e-3}
ALIASES = {
    "µm": "um",
    "μm": "um",
    "umol/l": "um",
    "micromolar": "um",
    "nmol/l": "nm",
    "nanomolar": "nm",
    "pmol/l": "pm",
    "picomolar": "pm",
    "mmol/l": "mm",
    "millimolar": "mm",
    "mol/l": "m",
    "molar": "m",
    "µg/ml": "ug/ml",
    "μg/ml": "ug/ml",
    "mcg/ml": "ug/ml",
}
UNITS_HELP = "pM, nM, uM/µM, mM, M, ng/mL, ug/mL/µg/mL, mg/mL"


def canonical_unit(unit: str) -> str | None:
    """'µM' → 'um', 'ng/mL' → 'ng/ml'; None when the unit is not a concentration we know."""
    u = re.sub(r"\s+", "", unit or "")
    if u == "M":
        return "m"
    low = u.lower()
    if low == "m" and u != "M":
        return None  # lower-case 'm' is metres or milli-, not molar
    low = ALIASES.get(low, low)
    if low in MOLAR or low in MASS:
        return low
    return None


def is_mass(unit: str) -> bool:
    return canonical_unit(unit) in MASS


def to_micromolar(
    value: float,
    unit: str,
    *,
    drug: str | None = None,
    molecular_weight_da: float | None = None,
    location: Location | None = None,
) -> float:
    """``value`` in ``unit`` as µM; mass units use ``molecular_weight_da`` (g/mol)."""
    cu = canonical_unit(unit)
    if cu is None:
        raise InputError(
            f"unknown concentration unit {unit!r}",
            location=location,
            hint=f"use one of {UNITS_HELP}",
        )
    if value < 0:
        raise InputError(f"negative concentration {value:g} {unit}", location=location)
    if cu in MOLAR:
        return value * MOLAR[cu]
    if not molecular_weight_da or molecular_weight_da <= 0:
        raise InputError(
            f"{unit} needs the molecular weight of {drug or 'the drug'} to convert to µM",
            location=location,
            hint="add molecular_weight_da for the drug to the knowledge base drugs section, "
            "or give the concentration in a molar unit",
        )
    return value * MASS[cu] / molecular_weight_da * 1e6
