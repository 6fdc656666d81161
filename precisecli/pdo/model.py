"""Typed records passed between the plate readers/layouts and the screen analysis.

This is the contract between precisecli.pdo.readers / precisecli.pdo.layouts (file formats) and
the analysis modules (normalisation, QC, fits, ranking). Change it in one place, with both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["vehicle", "kill", "blank", "treatment", "empty", "day0"]


@dataclass(frozen=True)
class PlateRead:
    """One readout block of one plate, exactly as written in the export."""

    source: str  # file base name
    format: str  # reader id, e.g. "envision-csv", "gen5-text", "long-table"
    plate_id: str
    rows: int  # 8 or 16
    cols: int  # 12 or 24
    readout: str  # e.g. "luminescence", "Lum", "450nm"; as labelled in the file
    wells: dict[str, float | None]  # "A1" -> value; None for a well with no value
    block: int = 0  # index of this block among the file's blocks
    # wells the export marks instead of giving a number (Gen5 '?????', '<0.000', '*0.356*'):
    # well -> what is written and why; their value is None and a load that uses them is refused
    unreadable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WellSpec:
    """What was put in one well, from the layout. Concentrations are converted to µM."""

    plate: str  # plate id, or "*" for a layout that applies to every plate
    well: str  # "A1" (normalised, no zero padding)
    role: Role
    regimen: str | None = None  # KB regimen id or free label; from drug names when absent
    drugs: tuple[str, ...] = ()  # canonical drug ids (precisecli.clinical.canonical_drug)
    concs_um: tuple[float, ...] = ()  # one per drug, µM
    raw_concs: tuple[str, ...] = ()  # as written with unit, for provenance ("10 ng/mL")
    extra: dict[str, str] = field(default_factory=dict)  # other layout columns, kept verbatim

    def treatment(
        self, kb_order: dict[str, list[str]] | None
    ) -> tuple[str | None, tuple[str, ...], tuple[float, ...]]:
        """(regimen, drugs, concs_um), a KB combination's drugs put in the KB's order.

        The dose axis is the first drug, so it must be the same drug on every plate whatever
        column order the layout used.
        """
        drugs, concs = self.drugs, self.concs_um
        regimen = self.regimen or ("+".join(drugs) if drugs else None)
        if kb_order and regimen in kb_order and len(drugs) > 1:
            order = {d: i for i, d in enumerate(kb_order[regimen])}
            pairs = sorted(zip(drugs, concs, strict=False), key=lambda p: order.get(p[0], 99))
            drugs, concs = tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
        return regimen, drugs, concs


@dataclass(frozen=True)
class Layout:
    source: str
    wells: tuple[WellSpec, ...]

    def for_plate(self, plate_id: str) -> dict[str, WellSpec]:
        """Well → spec for one plate (plate-specific entries override '*' entries)."""
        out = {s.well: s for s in self.wells if s.plate == "*"}
        out.update({s.well: s for s in self.wells if s.plate == plate_id})
        return out

    def plates(self) -> list[str]:
        return sorted({s.plate for s in self.wells if s.plate != "*"})


@dataclass(frozen=True)
class DiameterRecord:
    """One organoid's long diameter on one day (organoid diameter tables)."""

    plate: str
    well: str
    organoid_id: str
    day: float
    diameter_um: float
