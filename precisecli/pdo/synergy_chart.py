"""Synergy landscape heat map (SVG) of one combination's dose matrix: ZIP or Loewe delta per cell.

Diverging colours: red = synergy (delta > 0), blue = antagonism, white = additive; the colour
scale is symmetric and saturates at ±``SATURATE`` percentage points. The most synergistic 3 × 3
area is outlined. Plain SVG text (no markup parsing); deterministic bytes for the same input.
"""

from __future__ import annotations

from html import escape

SATURATE = 30.0
CELL = 34
LEFT, TOP = 90, 46


def _colour(v: float) -> str:
    t = max(-1.0, min(1.0, v / SATURATE))
    if t >= 0:  # white → red
        r, g, b = 255, round(255 * (1 - 0.75 * t)), round(255 * (1 - 0.8 * t))
    else:  # white → blue
        t = -t
        r, g, b = round(255 * (1 - 0.8 * t)), round(255 * (1 - 0.55 * t)), 255
    return f"#{r:02x}{g:02x}{b:02x}"


def landscape_svg(matrix: dict, score: str = "zip", area: dict | None = None) -> bytes:
    """``matrix``: {regimen, row_doses_um, col_doses_um, zip_pct, loewe_pct} (pdo rank)."""
    rows, cols = matrix["row_doses_um"], matrix["col_doses_um"]
    values = matrix[f"{score}_pct"]
    w = LEFT + CELL * len(cols) + 20
    h = TOP + CELL * len(rows) + 50
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="10">',
        f'<text x="{LEFT}" y="16" font-size="12">{escape(matrix["regimen"])}: '
        f"{score.upper()} delta (percentage points)</text>",
    ]
    n = len(rows)
    for i, r in enumerate(rows):  # highest row dose at the top
        y = TOP + CELL * (n - 1 - i)
        out.append(f'<text x="{LEFT - 4}" y="{y + CELL / 2 + 3}" text-anchor="end">{r:.3g}</text>')
        for j, _ in enumerate(cols):
            x = LEFT + CELL * j
            v = values[i][j]
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{_colour(v)}" '
                'stroke="#ffffff"/>'
            )
            out.append(
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 3}" text-anchor="middle">'
                f"{v:+.0f}</text>"
            )
    for j, c in enumerate(cols):
        x = LEFT + CELL * j + CELL / 2
        out.append(f'<text x="{x}" y="{TOP + CELL * n + 14}" text-anchor="middle">{c:.3g}</text>')
    out.append(
        f'<text x="{LEFT}" y="{TOP + CELL * n + 32}">column drug dose (µM); rows: row drug dose '
        "(µM)</text>"
    )
    if area:
        i0 = rows.index(area["row_doses_um"][0])
        i1 = rows.index(area["row_doses_um"][1])
        j0 = cols.index(area["col_doses_um"][0])
        j1 = cols.index(area["col_doses_um"][1])
        x, y = LEFT + CELL * j0, TOP + CELL * (n - 1 - i1)
        out.append(
            f'<rect x="{x}" y="{y}" width="{CELL * (j1 - j0 + 1)}" '
            f'height="{CELL * (i1 - i0 + 1)}" fill="none" stroke="#000000" stroke-width="2"/>'
        )
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")
