"""Joining plate reads to their layout and normalising each plate to its own controls.

viability % = 100·(x − μ_kill)/(μ_vehicle − μ_kill)   (DESIGN.md §6; Breeze, Gen5 NormLum)
inhibition % = 100 − viability %

The blank (medium-only) mean stands in for the kill control when a plate has no kill wells; with
neither, the floor is 0 (thunor's x/μ_vehicle) and the plate is flagged. Control means are taken
after Breeze's 1.5×IQR outlier rule. A plate with an edge effect (see qc.py) is normalised to its
interior controls only and its treated edge wells are excluded from fits and ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from precisecli.errors import InputError, InternalError, Location
from precisecli.pdo.model import Layout, PlateRead, WellSpec
from precisecli.pdo.readers.grid import parse_well


@dataclass(frozen=True)
class Well:
    """One measured well with its layout entry and (after normalisation) its viability."""

    plate_id: str
    well: str
    row: int  # 0-based
    col: int  # 0-based
    role: str
    regimen: str | None
    drugs: tuple[str, ...]
    concs_um: tuple[float, ...]
    raw: float | None
    viability_pct: float | None = None
    excluded: str = ""  # why the well is left out of fits ("" = used)

    @property
    def inhibition_pct(self) -> float | None:
        return None if self.viability_pct is None else 100.0 - self.viability_pct

    @property
    def dose_um(self) -> float | None:
        """The dose axis: the first drug's concentration (a fixed-ratio partner scales with it)."""
        return self.concs_um[0] if self.concs_um else None


@dataclass(frozen=True)
class Plate:
    plate_id: str
    rows: int
    cols: int
    source: str
    readout: str
    wells: tuple[Well, ...]
    floor_role: str  # kill | blank | none
    controls_from: str = "all"  # all | interior
    flags: tuple[str, ...] = field(default_factory=tuple)


def is_edge(well: Well, rows: int, cols: int) -> bool:
    return well.row in (0, rows - 1) or well.col in (0, cols - 1)


def measured_roles(wells) -> set[str]:
    return {w.role for w in wells if w.raw is not None}


def floor_role(wells) -> str:
    """The 0 % viability reference: kill wells, else blank (medium-only) wells, else none."""
    roles = measured_roles(wells)
    return "kill" if "kill" in roles else ("blank" if "blank" in roles else "none")


def check_layout_covers(read: PlateRead, specs: dict[str, WellSpec], layout_source: str) -> None:
    """Every layout well must be a well of the plate read and, unless the layout marks it
    empty, lie in a row the export holds values for: a row the reader did not export (a reduced
    export, a cut file) is refused rather than turned into wells silently without a value."""
    from precisecli.pdo.readers.grid import row_letter, well_sort_key

    used = {w: s for w, s in specs.items() if s.role != "empty"}
    outside = sorted((w for w in used if w not in read.wells), key=well_sort_key)
    if outside:
        raise InputError(
            f"layout well {outside[0]} lies outside plate {read.plate_id!r} "
            f"({read.rows * read.cols}-well, A1–{row_letter(read.rows - 1)}{read.cols})"
            + (f" ({len(outside)} such wells)" if len(outside) > 1 else ""),
            location=Location(file=layout_source, well=outside[0]),
            hint="fix the well in the layout, or load the export of the right plate size",
        )
    marked = sorted((w for w in used if w in read.unreadable), key=well_sort_key)
    if marked:
        raise InputError(
            f"layout well {marked[0]} has no number in {read.source}: "
            f"{read.unreadable[marked[0]]}"
            + (f" ({len(marked)} such wells)" if len(marked) > 1 else ""),
            location=Location(file=read.source, well=marked[0]),
            hint="choose the raw read with --read-label, or mark those wells role=empty",
        )
    rows_with_values = {
        parse_well(w)[0] for w, v in read.wells.items() if v is not None and parse_well(w)
    }
    missing = sorted(
        (w for w in used if parse_well(w) and parse_well(w)[0] not in rows_with_values),
        key=well_sort_key,
    )
    if missing:
        rows = sorted({parse_well(w)[0] for w in missing})
        letters = ", ".join(row_letter(r) for r in rows[:6]) + (" …" if len(rows) > 6 else "")
        raise InputError(
            f"plate {read.plate_id!r} in {read.source} has no values in row(s) {letters}, "
            f"which the layout uses ({len(missing)} wells, first {missing[0]})",
            location=Location(file=read.source, well=missing[0]),
            hint="export the whole plate, or mark those wells role=empty in the layout",
        )


def join_plate(read: PlateRead, layout: Layout, kb_order=None) -> Plate:
    """Attach the layout to one plate read; wells the layout leaves out (or marks empty) are
    not part of the screen."""
    specs = layout.for_plate(read.plate_id)
    if not specs:
        raise InputError(
            f"the layout has no entries for plate {read.plate_id!r}",
            location=Location(file=layout.source),
            hint=f"plates in the layout: {', '.join(layout.plates()) or '(none)'}; "
            f"the plate ids of {read.source} are what `precise pdo read` shows",
        )
    check_layout_covers(read, specs, layout.source)
    wells = []
    for name, value in read.wells.items():
        spec = specs.get(name)
        if spec is None or spec.role == "empty":
            # Readers export the whole grid; wells the layout does not use carry no meaning.
            continue
        wells.append(_well(read.plate_id, name, spec, value, kb_order))
    wells.sort(key=lambda w: (w.row, w.col))
    if "vehicle" not in measured_roles(wells):
        raise InputError(
            f"plate {read.plate_id!r} has no vehicle wells with a value",
            location=Location(file=layout.source),
            hint="mark the vehicle (DMSO) wells with role=vehicle; viability is relative to them",
        )
    return Plate(
        plate_id=read.plate_id,
        rows=read.rows,
        cols=read.cols,
        source=read.source,
        readout=read.readout,
        wells=tuple(wells),
        floor_role=floor_role(wells),
    )


def _well(plate_id: str, name: str, spec: WellSpec, value, kb_order) -> Well:
    regimen, drugs, concs = spec.treatment(kb_order)
    rc = parse_well(name)
    if rc is None:
        # Readers name every well through well_name(), so this is a reader bug, not bad input.
        raise InternalError(f"plate {plate_id!r} has a well key {name!r} that is not a well name")
    row, col = rc
    excluded = ""
    if value is None:
        excluded = "no-value"
    elif spec.role == "treatment" and not concs:
        excluded = "no-concentration"
    return Well(
        plate_id=plate_id,
        well=name,
        row=row,
        col=col,
        role=spec.role,
        regimen=regimen if spec.role == "treatment" else None,
        drugs=drugs,
        concs_um=concs,
        raw=None if value is None else float(value),
        excluded=excluded,
    )


def iqr_clean(values):
    """Values inside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] (Breeze's control clean-up); keeps ≥ 2."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    if v.size < 4:
        return v
    q1, q3 = np.percentile(v, [25, 75])
    iqr = q3 - q1
    kept = v[(v >= q1 - 1.5 * iqr) & (v <= q3 + 1.5 * iqr)]
    return kept if kept.size >= 2 else v


def control_values(plate: Plate, role: str, interior_only: bool = False) -> list[float]:
    return [
        w.raw
        for w in plate.wells
        if w.role == role
        and w.raw is not None
        and not (interior_only and is_edge(w, plate.rows, plate.cols))
    ]


def normalise(plate: Plate, interior_only: bool = False) -> Plate:
    """Viability % for every well with a value, relative to this plate's controls."""
    import numpy as np

    top = iqr_clean(control_values(plate, "vehicle", interior_only))
    if top.size == 0:  # no interior vehicles: fall back to all of them, and say so
        top = iqr_clean(control_values(plate, "vehicle"))
        interior_only = False
    floor = 0.0
    if plate.floor_role in ("kill", "blank"):
        vals = iqr_clean(control_values(plate, plate.floor_role, interior_only))
        if vals.size == 0:
            vals = iqr_clean(control_values(plate, plate.floor_role))
        floor = float(np.mean(vals))
    mu_top = float(np.mean(top))
    span = mu_top - floor
    if not span > 0:
        raise InputError(
            f"plate {plate.plate_id!r}: the vehicle mean ({mu_top:g}) is not above the "
            f"{plate.floor_role} mean ({floor:g})",
            location=Location(file=plate.source),
            hint="check the layout's roles and that the readout is a viability signal",
        )
    wells = []
    for w in plate.wells:
        if w.raw is None:
            wells.append(w)
            continue
        v = 100.0 * (w.raw - floor) / span
        excluded = w.excluded
        if (
            interior_only
            and w.role == "treatment"
            and not excluded
            and is_edge(w, plate.rows, plate.cols)
        ):
            excluded = "edge-effect"
        wells.append(replace(w, viability_pct=v, excluded=excluded))
    flags = list(plate.flags)
    if plate.floor_role == "none":
        flags.append("no-kill-control")
    return replace(
        plate,
        wells=tuple(wells),
        controls_from="interior" if interior_only else "all",
        flags=tuple(sorted(set(flags))),
    )
