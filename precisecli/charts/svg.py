"""A small deterministic SVG writer for charts drawn without matplotlib.

matplotlib costs ~0.3 s to import and 0.1–0.5 s per figure (text layout, ``tight_layout``); the
charts precise files with a case are simple enough to write directly: every element is placed
on a fixed layout computed from the data, numbers are written with fixed rounding, and nothing
(ids, dates, dictionary order) varies between runs — the same data always give the same bytes.
Text is kept as text (a viewer or the report can restyle it) and is always XML-escaped, never
interpreted (a label "$x$" is shown as written).

Sizes are in points (``width="…pt"``, like matplotlib's SVG output), so a chart shows at the
size its fonts were chosen for. Used by ``pdo/plots.py`` (plate heat maps) and open to any other
chart (e.g. the report's) that wants to drop matplotlib.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

FONT_FAMILY = "DejaVu Sans"
CHAR_WIDTH = 0.6  # average advance of DejaVu Sans digits/capitals, in font sizes (for layout)


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros ("12", "12.5", "-0.25")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float) -> float:
    """Estimated width of a one-line label (for margins; generous for digits and capitals)."""
    return len(text) * CHAR_WIDTH * size


def nice_ticks(lo: float, hi: float, max_ticks: int = 7) -> list[float]:
    """Round tick values covering [lo, hi] with steps of 1, 2, 2.5 or 5 × 10^k."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    raw = (hi - lo) / max(max_ticks - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12 * power)
    first = math.ceil(lo / step - 1e-9)
    ticks = []
    k = first
    while k * step <= hi + 1e-9 * step:
        ticks.append(round(k * step, 10))
        k += 1
    return ticks


def tick_label(value: float) -> str:
    """A tick value as a plain number ("20", "2.5", "15000"); never mathtext or offsets."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"


class Svg:
    """Elements appended in drawing order; ``bytes()`` gives the document."""

    def __init__(self, width: float, height: float, *, font_size: float = 8):
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}pt" '
            f'height="{num(height)}pt" viewBox="0 0 {num(width)} {num(height)}" '
            f'font-family="{FONT_FAMILY}" font-size="{num(font_size)}">',
        ]
        self.defs: list[str] = []
        self.comments: list[str] = []

    def comment(self, text: str) -> None:
        """A comment written right after the opening tag (e.g. what the chart was drawn from)."""
        self.comments.append(f"<!-- {escape(text).replace('--', '- -')} -->")

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        *,
        stroke: str | None = None,
        stroke_width: float = 0.8,
        crisp: bool = False,
    ) -> None:
        """``crisp``: no anti-aliased seams between touching cells (heat maps)."""
        line = f' stroke="{stroke}" stroke-width="{num(stroke_width)}"' if stroke else ""
        if crisp:
            line += ' shape-rendering="crispEdges"'
        self.parts.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
            f'fill="{fill}"{line}/>'
        )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str = "black",
        width: float = 0.8,
        dash: str | None = None,
    ) -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
            f'stroke="{stroke}" stroke-width="{num(width)}"{dashes}/>'
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float | None = None,
        anchor: str = "start",
        fill: str | None = None,
        rotate: float | None = None,
        middle: bool = False,
    ) -> None:
        """Text with its baseline at y (``middle``: y is the vertical centre of capitals)."""
        if middle:
            y += 0.36 * (size or 8)
        attrs = f' x="{num(x)}" y="{num(y)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if size is not None:
            attrs += f' font-size="{num(size)}"'
        if fill:
            attrs += f' fill="{fill}"'
        if rotate is not None:
            attrs += f' transform="rotate({num(rotate)} {num(x)} {num(y)})"'
        self.parts.append(f"<text{attrs}>{escape(content)}</text>")

    def vertical_gradient(self, gradient_id: str, colours: list[str]) -> str:
        """A bottom-to-top gradient through ``colours``; returns its ``url(#…)``."""
        stops = "".join(
            f'<stop offset="{num(i / (len(colours) - 1))}" stop-color="{c}"/>'
            for i, c in enumerate(colours)
        )
        self.defs.append(
            f'<linearGradient id={quoteattr(gradient_id)} x1="0" y1="1" x2="0" y2="0">'
            f"{stops}</linearGradient>"
        )
        return f"url(#{gradient_id})"

    def bytes(self) -> bytes:
        head, body = self.parts[:1], self.parts[1:]
        defs = [f"<defs>{''.join(self.defs)}</defs>"] if self.defs else []
        lines = [*head, *self.comments, *defs, *body, "</svg>"]
        return ("\n".join(lines) + "\n").encode("utf-8")
