"""Helpers shared by the grid-based vendor readers."""

from __future__ import annotations

from pathlib import Path

from precisecli.pdo.model import PlateRead
from precisecli.pdo.readers.grid import Grid


def plate_from_grid(
    path: Path,
    fmt: str,
    grid: Grid,
    plate_id: str,
    readout: str,
    block: int,
    *,
    missing_is_error: bool = True,
) -> PlateRead:
    wells = grid.values(missing_is_error=missing_is_error)
    return PlateRead(
        source=path.name,
        format=fmt,
        plate_id=plate_id,
        rows=grid.n_rows,
        cols=grid.n_cols,
        readout=" ".join(readout.split()),
        wells=grid.all_wells(wells),
        block=block,
    )


def after_colon(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else text.strip()
