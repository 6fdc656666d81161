"""Plate heat maps as deterministic SVG, drawn without matplotlib (``precisecli.charts.svg``).

One cell per well coloured by viability % (0–120, viridis) or, before normalisation, by raw
signal; controls marked V/K/B, excluded wells ×, a colour bar. The same plate always gives the
same bytes. The dose-response curves and the ranking chart are in ``pdo/curve_svg.py``.

Each heat map starts with a comment holding the sha256 of everything it is drawn from (the
renderer version, title, plate size, every cell's value and mark): ``pdo load`` draws them;
``pdo qc`` recomputes QC and redraws a plate only when that digest changed, so an unchanged plate
keeps its file (``heatmap_is_current``). A changed value or exclusion changes the digest, and
``pdo remove`` takes the whole screen folder, so a heat map never shows stale data.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

from precisecli.charts.colormaps import VIRIDIS, colour
from precisecli.charts.svg import Svg, nice_ticks, text_width, tick_label

RENDERER = "plate-heatmap/2"
_MARKS = {"vehicle": "V", "kill": "K", "blank": "B"}
_DIGEST_PREFIX = "precise heat map input sha256:"


def _cells(plate) -> tuple[bool, list[tuple[int, int, float | None, str]]]:
    """(normalised, [(row, col, value, mark)]) in plate order; mark "" | V | K | B | ×."""
    normalised = any(w.viability_pct is not None for w in plate.wells)
    cells = []
    for w in plate.wells:
        if not (0 <= w.row < plate.rows and 0 <= w.col < plate.cols):
            continue
        value = w.viability_pct if normalised else w.raw
        if value is not None and not math.isfinite(value):
            value = None
        mark = _MARKS.get(w.role, "")
        if not mark and w.excluded and w.raw is not None:
            mark = "×"
        cells.append((w.row, w.col, value, mark))
    return normalised, cells


def heatmap_digest(plate, title: str) -> str:
    normalised, cells = _cells(plate)
    doc = [RENDERER, title, plate.rows, plate.cols, normalised, cells]
    return hashlib.sha256(json.dumps(doc, allow_nan=False).encode("utf-8")).hexdigest()


def heatmap_is_current(path: Path, plate, title: str) -> bool:
    """Is the heat map filed at ``path`` drawn from exactly this plate and title?"""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512).decode("utf-8", "replace")
    except OSError:
        return False
    return f"{_DIGEST_PREFIX}{heatmap_digest(plate, title)}" in head


def plate_heatmap_svg(plate, title: str) -> bytes:
    """Viability % (or raw signal before normalisation) by well; controls marked."""
    normalised, cells = _cells(plate)
    values = [v for _, _, v, _ in cells if v is not None]
    if normalised:
        vmin, vmax = 0.0, 120.0
    else:
        vmin, vmax = (min(values), max(values)) if values else (0.0, 1.0)
        if vmax == vmin:
            vmin, vmax = vmin - 0.5, vmax + 0.5
    ticks = [t for t in nice_ticks(vmin, vmax) if vmin - 1e-9 <= t <= vmax + 1e-9]
    labels = [tick_label(t) for t in ticks]

    cell = 22.0 if max(plate.rows, plate.cols) <= 24 else (12.0 if plate.cols <= 48 else 8.0)
    small = 6.0 if cell >= 12 else 4.5  # tick labels and marks
    left, top, bottom = 24.0, 30.0, 24.0
    grid_w, grid_h = plate.cols * cell, plate.rows * cell
    bar_x = left + grid_w + 20.0
    bar_w, bar_h = 12.0, 0.8 * grid_h
    bar_y = top + (grid_h - bar_h) / 2
    label_w = max((text_width(s, 8) for s in labels), default=8.0)
    width = bar_x + bar_w + 3.5 + 3.5 + label_w + 8.0 + 10.0 + 10.0
    height = top + grid_h + bottom

    svg = Svg(width, height)
    svg.comment(f"{_DIGEST_PREFIX}{heatmap_digest(plate, title)}")
    svg.rect(0, 0, width, height, "white")
    svg.text(left + grid_w / 2, 18.0, title, size=9.6, anchor="middle")
    for row, col, value, _ in cells:
        fill = colour(value, vmin, vmax)
        if fill is not None:
            svg.rect(left + col * cell, top + row * cell, cell, cell, fill, crisp=True)
    for row, col, _, mark in cells:
        if mark:
            x, y = left + (col + 0.5) * cell, top + (row + 0.5) * cell
            red = mark == "×"
            size = small + (1 if red else 0)
            svg.text(x, y, mark, size=size, anchor="middle", fill="red" if red else "white",
                     middle=True)  # fmt: skip
    # axes: left and bottom spines, a tick per column and row
    svg.line(left, top, left, top + grid_h)
    svg.line(left, top + grid_h, left + grid_w, top + grid_h)
    for col in range(plate.cols):
        x = left + (col + 0.5) * cell
        svg.line(x, top + grid_h, x, top + grid_h + 3.5)
        svg.text(x, top + grid_h + 3.5 + 2 + small, str(col + 1), size=small, anchor="middle")
    for row in range(plate.rows):
        y = top + (row + 0.5) * cell
        svg.line(left - 3.5, y, left, y)
        svg.text(left - 3.5 - 2, y, _row_label(row), size=small, anchor="end", middle=True)
    # colour bar
    gradient = svg.vertical_gradient(
        f"viridis-{heatmap_digest(plate, title)[:12]}", [VIRIDIS[i] for i in range(0, 256, 8)]
        + [VIRIDIS[255]],
    )  # fmt: skip
    svg.rect(bar_x, bar_y, bar_w, bar_h, gradient, stroke="black", stroke_width=0.8)
    for t, label in zip(ticks, labels, strict=True):
        y = bar_y + bar_h * (1 - (t - vmin) / (vmax - vmin))
        svg.line(bar_x + bar_w, y, bar_x + bar_w + 3.5, y)
        svg.text(bar_x + bar_w + 3.5 + 3.5, y, label, size=8, middle=True)
    label_x = bar_x + bar_w + 3.5 + 3.5 + label_w + 8.0 + 5.0
    svg.text(label_x, bar_y + bar_h / 2, "viability %" if normalised else "signal", size=8,
             anchor="middle", rotate=-90)  # fmt: skip
    return svg.bytes()


def _row_label(row: int) -> str:
    """A, B, … Z, AA, AB … (1536-well plates have 32 rows)."""
    return chr(65 + row) if row < 26 else "A" + chr(65 + row - 26)
