"""Organoid regression from long diameters: 100·(D0 − Dt)/D0 per well, then per regimen.

D0 is the mean long diameter of the well's organoids on the first day measured (day 0), Dt the
mean on the last day. Positive = the organoids shrank. Per regimen, the wells at one dose level
are averaged (mean, SD, 95 % CI), exactly like inhibition (ranking.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.pdo.model import DiameterRecord, Layout


@dataclass(frozen=True)
class WellRegression:
    plate_id: str
    well: str
    role: str
    regimen: str | None
    drugs: tuple[str, ...]
    concs_um: tuple[float, ...]
    day0: float
    day_t: float
    n_day0: int
    n_day_t: int
    d0_um: float
    dt_um: float
    regression_pct: float

    @property
    def dose_um(self) -> float | None:
        return self.concs_um[0] if self.concs_um else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "plate_id": self.plate_id,
            "well": self.well,
            "role": self.role,
            "regimen": self.regimen,
            "drugs": list(self.drugs),
            "concs_um": list(self.concs_um),
            "day0": self.day0,
            "day_t": self.day_t,
            "n_day0": self.n_day0,
            "n_day_t": self.n_day_t,
            "d0_um": self.d0_um,
            "dt_um": self.dt_um,
            "regression_pct": self.regression_pct,
        }


def well_regressions(
    records: list[DiameterRecord], layout: Layout, source: str, kb_order=None
) -> list[WellRegression]:
    """Per-well regression. Every well needs a layout entry and two measured days."""
    by_well: dict[tuple[str, str], dict[float, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in records:
        by_well[(r.plate, r.well)][r.day].append(r.diameter_um)
    out = []
    for (plate, well), days in sorted(by_well.items()):
        spec = layout.for_plate(plate).get(well)
        if spec is None:
            raise InputError(
                f"well {well} of plate {plate!r} has diameters but no layout entry",
                location=Location(file=source, well=well),
                hint="give the diameter table's plate ids the names used in the layout",
            )
        if len(days) < 2:
            raise InputError(
                f"well {well} of plate {plate!r} is measured on one day only",
                location=Location(file=source, well=well, field="day"),
                hint="regression needs a day-0 and a later measurement of each well",
            )
        first, last = min(days), max(days)
        d0 = sum(days[first]) / len(days[first])
        dt = sum(days[last]) / len(days[last])
        if not d0 > 0:
            raise InputError(
                f"well {well} of plate {plate!r}: day-{first:g} diameters are not positive",
                location=Location(file=source, well=well, field="diameter_um"),
            )
        regimen, drugs, concs = spec.treatment(kb_order)
        out.append(
            WellRegression(
                plate_id=plate,
                well=well,
                role=spec.role,
                regimen=regimen if spec.role == "treatment" else None,
                drugs=drugs,
                concs_um=concs,
                day0=first,
                day_t=last,
                n_day0=len(days[first]),
                n_day_t=len(days[last]),
                d0_um=d0,
                dt_um=dt,
                regression_pct=100.0 * (d0 - dt) / d0,
            )
        )
    return out
