"""Charts of the report as SVG text, drawn from the model's chart data by svgplot.

Organoid charts live here (ranking bars with 95 % CI, one page of dose–response small
multiples); the patient's course (spider, waterfall, ctDNA VAF, timeline) in charts_course.
Deterministic: the same chart data gives the same SVG bytes.
"""

from __future__ import annotations

import math
from typing import Any

from precisecli.report.svgplot import (
    INK,
    MUTED,
    Scale,
    Svg,
    axes,
    legend,
    log_ticks,
    nice_ticks,
    text_width,
    wrap,
)

SENSITIVE = "#1f6f8b"
RESISTANT = "#b8c4cc"
NOT_ASSESSABLE = "#e0a458"
IC50 = "#aa3333"
HALF = "#9a9a9a"
WIDTH = 500.0  # pt: the PDF body is 505 pt wide
BAR_H = 12.0
CURVE_COLS = 3
CURVE_H = 118.0


def ranking_svg(chart: dict[str, Any]) -> str:
    """Horizontal bars (rank 1 on top) with 95 % CI whiskers; colour = organoid call."""
    bars = chart["bars"]
    size = 6.8
    label_w = min(max((text_width(b["label"], size) for b in bars), default=40) + 6, 210)
    left, right = label_w + 8, WIDTH - 12
    top = 8.0
    n = max(len(bars), 1)
    bottom = top + BAR_H * n
    height = bottom + 48
    svg = Svg(WIDTH, height, chart["title"])
    values = [v for b in bars for v in (b["value"], b["lo"], b["hi"]) if v is not None]
    lo, hi = min([0.0, *values]), max([1e-9, *values])
    ticks = nice_ticks(lo, hi, 6)
    x = Scale(min(lo, ticks[0]), max(hi, ticks[-1]), left, right)
    y = Scale(0, n, top, bottom)
    axes(svg, x, y, ticks, [], xlabel=chart.get("axis") or "", ygrid=False)
    for t in ticks:
        svg.line(x(t), top, x(t), bottom, stroke="#e3e7eb", width=0.4)
    svg.line(x(0), top, x(0), bottom, stroke=MUTED, width=0.6)
    for i, b in enumerate(bars):
        yc = y(i + 0.5)
        label = b["label"] + (" (given)" if b.get("given") else "")
        lines = wrap(label, label_w - 4, size, 1)
        svg.text(
            left - 5,
            yc + size * 0.35,
            lines[0],
            size=size,
            anchor="end",
            fill=MUTED if b.get("given") else INK,
        )
        if b["value"] is None:
            svg.text(x(0) + 3, yc + size * 0.35, "not measured", size=6, fill=MUTED)
            continue
        x0, x1 = sorted((x(0), x(b["value"])))
        svg.rect(
            x0,
            yc - BAR_H * 0.31,
            x1 - x0,
            BAR_H * 0.62,
            SENSITIVE if b["sensitive"] else RESISTANT,
            stroke=NOT_ASSESSABLE if not b["assessable"] else None,
            hatch=not b["assessable"],
        )
        if b["lo"] is not None and b["hi"] is not None:
            svg.line(x(b["lo"]), yc, x(b["hi"]), yc, stroke=INK, width=0.8)
            for v in (b["lo"], b["hi"]):
                svg.line(x(v), yc - 2.5, x(v), yc + 2.5, stroke=INK, width=0.8)
    items = [
        ("box", SENSITIVE, "sensitive"),
        ("box", RESISTANT, "not sensitive"),
        ("hatch", NOT_ASSESSABLE, "not assessable on organoids"),
    ]
    if chart.get("ci"):
        items.append(("line", INK, "95 % CI"))
    legend(svg, left, bottom + 38, right - left, items)
    return svg.render()


def _curve_panel(svg: Svg, c: dict[str, Any], x0: float, y0: float, w: float, first_col: bool):
    title = wrap(c["regimen"] + (" (given)" if c.get("given") else ""), w - 14, 6.8, 2)
    for k, line in enumerate(title):
        svg.text(x0 + w / 2, y0 + 7 + 8 * k, line, size=6.8, anchor="middle", bold=True)
    pts, curve = c["points"], c["curve"]
    doses = [p[0] for p in pts] + [p[0] for p in curve]
    doses = [d for d in doses if d and d > 0] or [0.01, 1.0]
    dlo, dhi = min(doses), max(doses)
    dlo, dhi = 10 ** math.floor(math.log10(dlo) + 1e-9), 10 ** math.ceil(math.log10(dhi) - 1e-9)
    if dhi <= dlo:
        dhi = dlo * 10
    left, right = x0 + 30, x0 + w - 6
    top, bottom = y0 + 22, y0 + CURVE_H - 30
    x = Scale(dlo, dhi, left, right, log=True)
    y = Scale(-10, 130, bottom, top)
    xt = log_ticks(dlo, dhi)
    if len(xt) > 5:
        xt = xt[:: math.ceil(len(xt) / 5)]
    axes(svg, x, y, xt, [0, 50, 100], ylabel="viability (%)" if first_col else "", size=6)
    for k, line in enumerate(wrap(c.get("x_label") or "concentration (µM)", w - 14, 5.8, 2)):
        svg.text(x0 + w / 2 + 8, bottom + 17 + 7 * k, line, size=5.8, anchor="middle")
    svg.line(left, y(50), right, y(50), stroke=HALF, width=0.6)
    for d, v in pts:
        if d and d > 0:
            svg.circle(x(d), y(v), 1.5, SENSITIVE)
    svg.polyline([(x(d), y(v)) for d, v in curve if d and d > 0], stroke=INK, width=1.0)
    if c.get("ic50_um"):
        svg.line(x(c["ic50_um"]), top, x(c["ic50_um"]), bottom, stroke=IC50, width=0.8, dash="3 2")


def curves_svg(chart: dict[str, Any]) -> str:
    """One page of dose–response small multiples (at most 12 panels: 3 × 4)."""
    curves = chart["curves"]
    rows = max(1, math.ceil(len(curves) / CURVE_COLS))
    head = 18.0
    height = head + rows * CURVE_H + 4
    svg = Svg(WIDTH, height, chart["title"])
    legend(
        svg,
        30,
        10,
        WIDTH - 40,
        [
            ("dot", SENSITIVE, "observed wells"),
            ("line", INK, "fitted curve"),
            ("dash", IC50, "IC50 (fitted)"),
            ("line", HALF, "50 % viability"),
        ],
    )
    w = WIDTH / CURVE_COLS
    for i, c in enumerate(curves):
        r, col = divmod(i, CURVE_COLS)
        _curve_panel(svg, c, col * w, head + r * CURVE_H, w, col == 0)
    return svg.render()


def render(chart: dict[str, Any]) -> str:
    from precisecli.report import charts_course

    kind = chart["kind"]
    if kind == "ranking":
        return ranking_svg(chart)
    if kind == "curves":
        return curves_svg(chart)
    return charts_course.DRAW[kind](chart)


def render_all(model: dict[str, Any]) -> dict[str, str]:
    """chart id -> SVG text, for every chart in the model."""
    return {c["id"]: render(c) for s in model["sections"] for c in s["charts"]}
