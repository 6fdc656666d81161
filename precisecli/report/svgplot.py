"""A small deterministic SVG plotting kit for the report's charts (no matplotlib).

The report draws a few chart kinds (bars, small multiples of curves, spider, waterfall, a log
VAF course, a timeline); drawing them as SVG text directly is ~1000 × faster than matplotlib
for a 132-regimen screen and gives the same bytes on every machine: coordinates are printed
with two decimals, text is real text in the bundled fonts (Typst embeds them in the PDF, the
HTML names them and embeds the CJK subset), and label widths are measured on DejaVu Sans's
own advance widths so long names wrap instead of overflowing.
"""

from __future__ import annotations

import math
from functools import cache

INK = "#222222"
MUTED = "#5a6570"
GRID = "#e3e7eb"
FONT = "DejaVu Sans, Droid Sans Fallback, Precise CJK, sans-serif"
_FONT_ATTR = f'"{FONT}"'  # xml.sax.saxutils.quoteattr(FONT): no quote or markup character in it


def escape(text: str) -> str:
    """xml.sax.saxutils.escape (same replacements, same order) without importing xml.sax, which
    pulls in urllib (10 ms of every report's start-up)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


@cache
def _advances() -> tuple[dict[int, int], int]:
    from precisecli.report.cmap import advances
    from precisecli.report.fonts import font_dir

    return advances(font_dir() / "DejaVuSans.ttf")


def text_width(text: str, size: float) -> float:
    """Width of ``text`` set in DejaVu Sans at ``size`` (CJK and unknown glyphs: 1 em)."""
    adv, upm = _advances()
    return sum(adv.get(ord(ch), upm) for ch in text) * size / upm


def wrap(text: str, width: float, size: float, max_lines: int = 2) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; a word longer than a line is cut
    between characters; lines beyond ``max_lines`` are dropped and the last ends with '…'."""
    lines: list[str] = []
    current = ""
    for word in text.replace("\n", " ").split(" "):
        trial = f"{current} {word}" if current else word
        if text_width(trial, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:
            if text_width(current + ch, size) > width and current:
                lines.append(current)
                current = ""
            current += ch
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines or [""]


def _n(v: float) -> str:
    out = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


class Svg:
    """An SVG canvas in points (1 unit = 1 pt when printed at its natural width)."""

    def __init__(self, width: float, height: float, title: str = "") -> None:
        self.width, self.height, self.title = width, height, title
        self.parts: list[str] = []
        self._hatch = False

    def line(self, x1, y1, x2, y2, stroke=INK, width=0.6, dash: str | None = None) -> None:
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{stroke}" stroke-width="{_n(width)}"{d}/>'
        )

    def polyline(self, pts, stroke=INK, width=1.0, dash: str | None = None) -> None:
        if len(pts) < 2:
            return
        d = f' stroke-dasharray="{dash}"' if dash else ""
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)
        self.parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{stroke}" '
            f'stroke-width="{_n(width)}" stroke-linejoin="round"{d}/>'
        )

    def rect(self, x, y, w, h, fill, stroke: str | None = None, hatch: bool = False) -> None:
        if hatch:
            self._hatch = True
            fill = "url(#hatch)"
        s = f' stroke="{stroke}" stroke-width="0.8"' if stroke else ""
        self.parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}" '
            f'fill="{fill}"{s}/>'
        )

    def circle(self, x, y, r, fill, stroke: str | None = None) -> None:
        s = f' stroke="{stroke}" stroke-width="0.8"' if stroke else ""
        self.parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}"{s}/>')

    def diamond(self, x, y, r, fill) -> None:
        pts = f"{_n(x)},{_n(y - r)} {_n(x + r)},{_n(y)} {_n(x)},{_n(y + r)} {_n(x - r)},{_n(y)}"
        self.parts.append(f'<polygon points="{pts}" fill="{fill}"/>')

    def text(self, x, y, s: str, size=7.0, anchor="start", fill=INK, bold=False, rotate=False):
        w = ' font-weight="bold"' if bold else ""
        r = f' transform="rotate(-90 {_n(x)} {_n(y)})"' if rotate else ""
        self.parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
            f'fill="{fill}"{w}{r}>{escape(s)}</text>'
        )

    def render(self) -> str:
        defs = (
            '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse">'
            '<rect width="4" height="4" fill="#ffffff"/>'
            '<path d="M0,4 L4,0" stroke="#e0a458" stroke-width="0.8"/></pattern></defs>'
            if self._hatch
            else ""
        )
        title = f"<title>{escape(self.title)}</title>" if self.title else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}pt" '
            f'height="{_n(self.height)}pt" viewBox="0 0 {_n(self.width)} {_n(self.height)}" '
            f'font-family={_FONT_ATTR} role="img">{title}{defs}' + "".join(self.parts) + "</svg>\n"
        )


class Scale:
    """Data → canvas coordinate, linear or log10; clamps to the range drawn."""

    def __init__(self, lo: float, hi: float, a: float, b: float, log: bool = False) -> None:
        if log:
            lo, hi = math.log10(lo), math.log10(hi)
        if hi <= lo:
            hi = lo + 1.0
        self.lo, self.hi, self.a, self.b, self.log = lo, hi, a, b, log

    def __call__(self, v: float) -> float:
        t = math.log10(max(v, 1e-300)) if self.log else v
        t = min(max(t, self.lo), self.hi)
        return self.a + (t - self.lo) / (self.hi - self.lo) * (self.b - self.a)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5, 5 × 10^k steps)."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step + 1e-9) * step
    out = []
    v = first
    while True:
        out.append(round(v, 10))
        if v >= hi - 1e-9 * step:
            return out
        v += step


def log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of ten within [lo, hi] (at least the two ends' decades)."""
    a, b = math.floor(math.log10(lo) + 1e-9), math.ceil(math.log10(hi) - 1e-9)
    return [10.0**k for k in range(a, b + 1) if lo * (1 - 1e-9) <= 10.0**k <= hi * (1 + 1e-9)]


def tick_text(v: float) -> str:
    """A tick label in plain digits: 0.001, 0.5, 10, 1000 (never 1e-3 or mathtext)."""
    if v == 0:
        return "0"
    if abs(v) >= 1:
        return f"{v:.10g}"
    return f"{v:.6f}".rstrip("0").rstrip(".")


def axes(
    svg: Svg,
    x: Scale,
    y: Scale,
    xticks: list[float],
    yticks: list[float],
    xlabel: str = "",
    ylabel: str = "",
    size: float = 6.5,
    xfmt=tick_text,
    yfmt=tick_text,
    ygrid: bool = True,
) -> None:
    """Left and bottom spines with ticks, labels and optional horizontal grid lines."""
    left, right = min(x.a, x.b), max(x.a, x.b)
    top, bottom = min(y.a, y.b), max(y.a, y.b)
    for t in yticks:
        yy = y(t)
        if ygrid:
            svg.line(left, yy, right, yy, stroke=GRID, width=0.4)
        svg.line(left - 2.5, yy, left, yy, stroke=MUTED)
        svg.text(left - 4, yy + size * 0.35, yfmt(t), size=size, anchor="end", fill=MUTED)
    for t in xticks:
        xx = x(t)
        svg.line(xx, bottom, xx, bottom + 2.5, stroke=MUTED)
        svg.text(xx, bottom + 3.5 + size, xfmt(t), size=size, anchor="middle", fill=MUTED)
    svg.line(left, top, left, bottom, stroke=MUTED)
    svg.line(left, bottom, right, bottom, stroke=MUTED)
    if xlabel:
        svg.text((left + right) / 2, bottom + 7 + 2 * size, xlabel, size=size, anchor="middle")
    if ylabel:
        svg.text(
            left - 8 - 3.2 * size,
            (top + bottom) / 2,
            ylabel,
            size=size,
            anchor="middle",
            rotate=True,
        )


def legend(svg: Svg, x: float, y: float, width: float, items: list[tuple], size=6.5) -> float:
    """Items (kind, colour, label) left to right, wrapping; kind is one of 'box', 'hatch',
    'line', 'dash', 'dot', 'diamond'. Returns the y below the legend."""
    cx, cy = x, y
    for kind, colour, label in items:
        w = 14 + text_width(label, size) + 10
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + size + 4
        mid = cy - size * 0.35
        if kind in ("box", "hatch"):
            svg.rect(
                cx,
                mid - 3.5,
                9,
                7,
                colour,
                stroke="#e0a458" if kind == "hatch" else None,
                hatch=kind == "hatch",
            )
        elif kind in ("line", "dash"):
            svg.line(
                cx,
                mid,
                cx + 10,
                mid,
                stroke=colour,
                width=1.0,
                dash="3 2" if kind == "dash" else None,
            )
        elif kind == "diamond":
            svg.diamond(cx + 5, mid, 3, colour)
        else:
            svg.circle(cx + 5, mid, 2.2, colour)
        svg.text(cx + 13, cy, label, size=size)
        cx += w
    return cy + size
