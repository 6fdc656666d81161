"""Plate layouts: what was put in each well (role, drug(s), concentration(s), regimen).

Three shapes are read (docs/pdo-formats.md):

* a wellmap TOML file (through the ``wellmap`` package: ``[expt]``, ``[row.A]``, ``[col.3]``,
  ``[block.2x2.A1]``, ``[well.B5]``, ``[plate.NAME]`` …);
* a plate-shaped sheet (CSV/TSV/xlsx) holding one 8×12 / 16×24 grid per attribute, the attribute
  named in the grid's corner cell (as wellmap's plate-shaped files do) or on the line above;
* a long table with a ``well`` column (``plate, well, role, regimen, drug, conc, unit, drug2,
  conc2, unit2``; Breeze's ``WELL, PLATE, DRUG_NAME, CONCENTRATION`` works too).

Roles: vehicle, kill, blank, treatment, empty, with the synonyms in ``ROLE_SYNONYMS``. Without a
role column the role comes from the drug name (DMSO → vehicle, staurosporine → kill, medium →
blank), else treatment when a drug is given, else empty. Drug names go through
``canonical_drug``; concentrations are converted to µM (``precisecli.pdo.units``) — the unit comes
from a unit column, from the column name (``conc_nM``, ``CONCENTRATION (nM)``, ``dose_M``), from
the cell (``10 nM``) or from the caller's explicit ``conc_unit``, never by assumption.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from precisecli.clinical import canonical_drug
from precisecli.errors import InputError, Location
from precisecli.limits import require_regular_file
from precisecli.pdo.model import Layout, WellSpec
from precisecli.pdo.readers.grid import (
    parse_well,
    well_sort_key,
)
from precisecli.pdo.readers.table import load_sheets
from precisecli.pdo.units import canonical_unit, to_micromolar

ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "vehicle": (
        "vehicle",
        "dmso",
        "control",
        "ctrl",
        "neg",
        "negative",
        "negative control",
        "neg control",
        "negcon",
        "neg ctrl",
        "solvent",
        "vehicle control",
        "0 dose",
        "zero dose",
    ),
    "kill": (
        "kill",
        "kill control",
        "positive",
        "positive control",
        "pos",
        "pos control",
        "poscon",
        "pos ctrl",
        "staurosporine",
        "bzcl",
        "benzethonium",
        "benzethonium chloride",
        "max kill",
        "dead",
        "total kill",
    ),
    "blank": (
        "blank",
        "medium",
        "media",
        "medium only",
        "medium-only",
        "media only",
        "no cells",
        "background",
        "bkg",
        "cell-free",
    ),
    "treatment": ("treatment", "treated", "sample", "test", "drug", "compound"),
    "empty": ("empty", "unused", "none", "-", "na", "n/a"),
    # untreated cells read when treatment starts (GR metrics; Hafner 2016 "time zero")
    "day0": ("day0", "day 0", "day-0", "d0", "time0", "time 0", "time-zero", "t0", "time_zero"),
}
TIMEPOINT = ("timepoint", "time_point", "timepoint_d", "timepoint_h", "read_day")
# Untreated cells (Breeze 'cells' columns) are a vehicle-like reference without solvent; kept as
# vehicle with extra["control"] = "untreated" so analyses can tell them apart from DMSO wells.
UNTREATED = ("cells", "untreated", "no treatment", "no drug", "cells only")

_ROLE_INDEX = {_k: role for role, names in ROLE_SYNONYMS.items() for _k in names}

KEYS: dict[str, tuple[str, ...]] = {
    "role": ("role", "well_role", "well_type", "type", "control_type"),
    "regimen": ("regimen", "regimen_id"),
    "drug": ("drug", "drug1", "drug_name", "drug1_name", "compound", "agent", "drug_1"),
    "conc": ("conc", "conc1", "concentration", "dose", "drug1_conc", "conc_1", "concentration1"),
    "unit": ("unit", "unit1", "units", "conc_unit", "drug1_units", "drug1_unit", "unit_1"),
    "drug2": ("drug2", "drug_2", "drug2_name", "compound2", "agent2"),
    "conc2": ("conc2", "conc_2", "concentration2", "dose2", "drug2_conc"),
    "unit2": ("unit2", "unit_2", "units2", "drug2_units", "drug2_unit", "conc2_unit"),
}
_KEY_INDEX = {name: key for key, names in KEYS.items() for name in names}
# a unit written into the column name: conc_nM, CONCENTRATION (nM) → concentration_nm, dose_M
_UNIT_COL = re.compile(r"^(conc|concentration|dose|drug1_conc)(2)?_?\(?([a-z/]+)\)?$")
_UNIT_COL2 = re.compile(r"^(conc2|concentration2|dose2|drug2_conc)_?\(?([a-z/]+)\)?$")
_WITH_UNIT = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµμ/]+)\s*$")

LAYOUT_COLUMNS = "role, regimen, drug, conc, unit, drug2, conc2, unit2 (see docs/pdo-formats.md)"


def _is_time_zero(attrs: dict[str, str]) -> bool:
    for key in TIMEPOINT:
        text = (attrs.get(key) or "").strip().lower()
        if text:
            for suffix in ("days", "day", "d", "hours", "h"):
                if text.endswith(suffix):
                    text = text[: -len(suffix)].strip()
                    break
            try:
                return float(text) == 0.0
            except ValueError:
                return False
    return False


def role_of(text: str) -> str | None:
    t = " ".join(text.strip().lower().replace("_", " ").split())
    return _ROLE_INDEX.get(t)


def _attr_key(column: str) -> tuple[str, str | None]:
    """Folded column name → (layout key or the name itself, unit carried by the name)."""
    if column in _KEY_INDEX:
        return _KEY_INDEX[column], None
    m = _UNIT_COL2.match(column)
    if m and canonical_unit(m.group(2)):
        return "conc2", m.group(2)
    m = _UNIT_COL.match(column)
    if m and canonical_unit(m.group(3)) and not m.group(2):
        return "conc", m.group(3)
    return column, None


# Longest value of one layout field (a drug, a regimen label, a unit, an extra attribute): a
# longer one is a paste error, and it would be copied into every well it names.
MAX_VALUE_CHARS = 200


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


class _Builder:
    """Turns per-well attribute dicts into WellSpecs (shared by the three layout shapes)."""

    def __init__(self, source: str, kb: Any, conc_unit: str | None):
        self.source = source
        self.kb = kb
        self.conc_unit = conc_unit
        self.specs: dict[tuple[str, str], WellSpec] = {}

    def add(
        self,
        plate: str,
        well: str,
        attrs: dict[str, str],
        where: Callable[[str | None], Location],
        name_units: dict[str, str],
    ) -> None:
        if parse_well(well) is None:
            raise InputError(
                f"{well!r} is not a well of a 96-, 384- or 1536-well plate",
                location=where("well"),
                hint="wells run from A1 to H12 (96), P24 (384) or AF48 (1536)",
            )
        for name, text in attrs.items():
            if len(text) > MAX_VALUE_CHARS:
                raise InputError(
                    f"the {name} of well {well} is {len(text)} characters long "
                    f"(at most {MAX_VALUE_CHARS})",
                    location=where(name),
                    hint="layout values are short names, labels and numbers",
                )
        key = (plate, well)
        if key in self.specs:
            raise InputError(
                f"well {well} of plate {plate} is described twice",
                location=where("well"),
                hint="one entry per plate and well",
            )
        self.specs[key] = self._spec(plate, well, attrs, where, name_units)

    def _spec(self, plate, well, attrs, where, name_units) -> WellSpec:
        extra = {k: v for k, v in attrs.items() if k not in KEYS and v != ""}
        role_text = attrs.get("role", "")
        drug_text = attrs.get("drug", "")
        role: str | None = None
        if _is_time_zero(attrs):  # a `timepoint` column: 0 marks the day-0 (time-zero) read
            role = "day0"
        elif role_text:
            if role_text.strip().lower() in UNTREATED:
                role, extra["control"] = "vehicle", "untreated"
            else:
                role = role_of(role_text)
            if role is None:
                raise InputError(
                    f"unknown role {role_text!r}",
                    location=where("role"),
                    hint="use vehicle, kill, blank, treatment or empty (synonyms: DMSO, "
                    "positive control, medium …; see docs/pdo-formats.md)",
                )
        elif drug_text:
            if drug_text.strip().lower() in UNTREATED:
                role, extra["control"] = "vehicle", "untreated"
            else:
                implied = role_of(drug_text)
                role = implied if implied in ("vehicle", "kill", "blank", "empty") else "treatment"
        else:
            role = "empty"
        if role != "treatment":
            # control agents (DMSO, staurosporine …) are kept verbatim, not as regimen drugs
            for k in ("drug", "conc", "unit", "drug2", "conc2", "unit2", "regimen"):
                if attrs.get(k):
                    extra[k] = attrs[k]
            return WellSpec(plate=plate, well=well, role=role, extra=extra)  # type: ignore[arg-type]
        if not drug_text:
            raise InputError(
                "treatment well without a drug",
                location=where("drug"),
                hint="give the drug name, or set the role (vehicle, kill, blank, empty)",
            )
        drugs, concs, raws = [], [], []
        for dk, ck, uk in (("drug", "conc", "unit"), ("drug2", "conc2", "unit2")):
            name = attrs.get(dk, "")
            if not name:
                if attrs.get(ck):
                    raise InputError(
                        f"{ck} given without {dk}", location=where(ck), hint=f"add the {dk} name"
                    )
                continue
            canon = canonical_drug(name)
            value, unit = self._conc(
                attrs.get(ck, ""), attrs.get(uk, ""), name_units.get(ck), where, ck
            )
            if value < 0:
                raise InputError(
                    f"negative concentration {value:g} {unit}",
                    location=where(ck),
                    hint="a concentration is 0 or more",
                )
            mw = None
            drug_entry = self.kb.drug(canon) if self.kb is not None else None
            if drug_entry:
                mw = drug_entry.get("molecular_weight_da")
            um = to_micromolar(
                value,
                unit,
                drug=canon,
                molecular_weight_da=mw,
                location=where(uk if attrs.get(uk) else ck),
            )
            drugs.append(canon)
            concs.append(um)
            raws.append(f"{_num(value)} {unit}")
        regimen = attrs.get("regimen") or None
        if regimen is None:
            found = self.kb.regimen_for_drugs(drugs) if self.kb is not None else None
            regimen = found or "+".join(drugs)
        return WellSpec(
            plate=plate,
            well=well,
            role="treatment",
            regimen=regimen,
            drugs=tuple(drugs),
            concs_um=tuple(concs),
            raw_concs=tuple(raws),
            extra=extra,
        )

    def _conc(self, text, unit_text, name_unit, where, field) -> tuple[float, str]:
        if text == "":
            raise InputError(
                "treatment well without a concentration",
                location=where(field),
                hint="give the concentration and its unit",
            )
        m = _WITH_UNIT.match(text)
        cell_unit = None
        if m:
            text, cell_unit = m.group(1), m.group(2)
        try:
            value = float(text)
        except ValueError:
            raise InputError(
                f"concentration {text!r} is not a number",
                location=where(field),
                hint="write a number, optionally followed by its unit (10 nM)",
            ) from None
        if not math.isfinite(value):
            raise InputError(f"concentration {text!r} is not finite", location=where(field))
        unit = unit_text or cell_unit or name_unit or self.conc_unit
        if not unit:
            raise InputError(
                "concentration without a unit",
                location=where(field),
                hint="add a unit column (pM, nM, uM, mM, M, ng/mL, ug/mL, mg/mL) or write "
                "the unit in the column name (conc_nM); units are never assumed",
            )
        return value, unit

    def layout(self) -> Layout:
        specs = sorted(self.specs.values(), key=lambda s: (s.plate, well_sort_key(s.well)))
        return Layout(source=self.source, wells=tuple(specs))


def _num(v: float) -> str:
    return f"{v:g}"


def read_layout(path: Path, kb: Any = None, *, conc_unit: str | None = None) -> Layout:
    """The layout in ``path`` (wellmap TOML, plate-shaped sheet or long table).

    kb: the knowledge base (regimen ids, molecular weights); None loads the bundled default.
    conc_unit: the unit of unit-less concentrations, when the user states it explicitly.
    """
    path = Path(path)
    if kb is None:
        from precisecli.knowledge.kb import load_kb

        kb = load_kb()
    # FIFOs, devices and folders are refused before anything opens them (a FIFO blocks)
    require_regular_file(path, what="layout file")
    from precisecli.pdo.layout_shapes import from_long_table, from_plate_sheets, from_wellmap

    builder = _Builder(path.name, kb, conc_unit)
    if path.suffix.lower() == ".toml":
        from_wellmap(path, builder)
    else:
        sheets = load_sheets(path)
        if not from_long_table(path, sheets, builder):
            from_plate_sheets(path, sheets, builder)
    layout = builder.layout()
    if not layout.wells:
        raise InputError(
            "the layout describes no wells",
            location=Location(file=path.name),
            hint=f"columns/keys: well plus {LAYOUT_COLUMNS}",
        )
    return layout


def require_treated_wells(layout: Layout) -> None:
    """A screen's layout must name treated wells: one of controls only has nothing to rank."""
    if not any(w.role == "treatment" for w in layout.wells):
        raise InputError(
            "the layout names no treated wells (only controls): there is nothing to rank",
            location=Location(file=layout.source),
            hint="give the treated wells a regimen or drug and a concentration",
        )


def layout_includes(path: Path) -> list[Path]:
    """The files a wellmap layout includes (see ``layout_shapes.layout_includes``)."""
    from precisecli.pdo.layout_shapes import layout_includes as includes

    return includes(Path(path))
