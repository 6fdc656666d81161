"""The patient's course as SVG: RECIST spider and waterfall, ctDNA VAF over time, a timeline.

Each function takes the chart data the model carries (dates as ISO text, values as numbers)
and returns SVG text; thresholds and floors arrive in the data (from RECIST 1.1 and the KB).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from precisecli.report.svgplot import (
    GRID,
    INK,
    MUTED,
    Scale,
    Svg,
    axes,
    legend,
    log_ticks,
    nice_ticks,
    tick_text,
    wrap,
)

WIDTH = 500.0
PALETTE = ("#1f6f8b", "#c0504d", "#6a8d3a", "#8064a2", "#d98c1f", "#2f8f83", "#7f6000", "#4d4d4d")
THRESH = "#9c4a00"


def _day(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


def _pct(v: float) -> str:
    return f"{tick_text(v)} %"


def spider_svg(chart: dict[str, Any]) -> str:
    """Target-lesion change from baseline per assessment (sum bold, lesions thin)."""
    series = chart["series"]
    left, right, top, bottom = 52.0, WIDTH - 14, 10.0, 160.0
    svg = Svg(WIDTH, bottom + 52, chart["title"])
    xs = [p[0] for s in series for p in s["points"]] or [0.0, 1.0]
    ys = [p[1] for s in series for p in s["points"]] + [30.0, -40.0]
    x = Scale(min(0.0, min(xs)), max(xs) or 1.0, left, right)
    yt = nice_ticks(min(ys), max(ys), 6)
    y = Scale(yt[0], yt[-1], bottom, top)
    axes(
        svg,
        x,
        y,
        nice_ticks(x.lo, x.hi, 8),
        yt,
        xlabel=chart["x_label"],
        ylabel="change from baseline (%)",
        yfmt=_pct,
    )
    for v in chart["thresholds"]:
        svg.line(left, y(v), right, y(v), stroke=THRESH, width=0.8, dash="4 2")
    svg.line(left, y(0), right, y(0), stroke=MUTED, width=0.6)
    items = []
    for i, s in enumerate(series):
        colour = INK if s["sum"] else PALETTE[i % len(PALETTE)]
        pts = [(x(a), y(b)) for a, b in s["points"]]
        svg.polyline(pts, stroke=colour, width=1.8 if s["sum"] else 0.9)
        for px, py in pts:
            svg.circle(px, py, 2.2 if s["sum"] else 1.6, colour)
        items.append(("line", colour, s["label"]))
    items.append(("dash", THRESH, "RECIST +20 % (PD) and −30 % (PR)"))
    legend(svg, left, bottom + 40, right - left, items)
    return svg.render()


def waterfall_svg(chart: dict[str, Any]) -> str:
    """Best (lowest) change from baseline, one bar per target lesion and the sum."""
    bars = chart["bars"]
    left, right, top, bottom = 52.0, WIDTH - 14, 10.0, 150.0
    svg = Svg(WIDTH, bottom + 40, chart["title"])
    yt = nice_ticks(
        min([-40.0, *(b["value"] for b in bars)]), max([30.0, *(b["value"] for b in bars)]), 6
    )
    y = Scale(yt[0], yt[-1], bottom, top)
    n = max(len(bars), 1)
    x = Scale(0, n, left, right)
    axes(svg, x, y, [], yt, ylabel="best change from baseline (%)", yfmt=_pct)
    for v in chart["thresholds"]:
        svg.line(left, y(v), right, y(v), stroke=THRESH, width=0.8, dash="4 2")
    svg.line(left, y(0), right, y(0), stroke=MUTED, width=0.6)
    bw = min((right - left) / n * 0.6, 40)
    for i, b in enumerate(bars):
        xc = x(i + 0.5)
        y0, y1 = sorted((y(0), y(b["value"])))
        svg.rect(xc - bw / 2, y0, bw, y1 - y0, INK if b.get("sum") else PALETTE[0])
        svg.text(
            xc,
            bottom + 10,
            wrap(b["label"], (right - left) / n - 2, 6.2, 1)[0],
            size=6.2,
            anchor="middle",
        )
    legend(
        svg,
        left,
        bottom + 30,
        right - left,
        [
            ("box", INK, "sum of target lesions"),
            ("box", PALETTE[0], "single target lesion"),
            ("dash", THRESH, "−30 % (RECIST PR); +20 % (RECIST PD counts from the nadir)"),
        ],
    )
    return svg.render()


def _vaf_panel(svg, series, floor, x, top, bottom, left, right, title):
    vals = [p[1] for s in series for p in s["points"] if p[1]] + [floor]
    lo = 10.0 ** math.floor(math.log10(floor))
    if lo >= floor * 0.99:
        lo /= 10
    hi = max(vals) * 1.5
    y = Scale(lo, hi, bottom, top, log=True)
    yt = log_ticks(lo, hi)
    axes(svg, x, y, [], yt, ylabel="VAF (%)", yfmt=lambda v: tick_text(v * 100))
    svg.text(left, top - 3, title, size=6.8, bold=True)
    svg.line(left, y(floor), right, y(floor), stroke=THRESH, width=0.8, dash="4 2")
    for i, s in enumerate(series):
        colour = MUTED if s["ch"] else PALETTE[i % len(PALETTE)]
        pts = []
        for when, vaf, _status in s["points"]:
            if vaf:
                pts.append((x(_day(when)), y(vaf)))
                svg.circle(pts[-1][0], pts[-1][1], 2.2, colour)
            else:  # not detected: drawn on the floor, open
                svg.circle(x(_day(when)), y(floor), 2.2, "#ffffff", stroke=colour)
        svg.polyline(pts, stroke=colour, width=1.0, dash="3 2" if s["ch"] else None)


def vaf_svg(chart: dict[str, Any]) -> str:
    """ctDNA VAF per draw on a log axis; clonal-haematopoiesis variants in their own panel."""
    tumour = [s for s in chart["series"] if not s["ch"]]
    ch = [s for s in chart["series"] if s["ch"]]
    dates = sorted({p[0] for s in chart["series"] for p in s["points"]})
    days = [_day(d) for d in dates] or [0]
    left, right, ph = 52.0, WIDTH - 14, 110.0
    panels = [(tumour, "tumour-derived variants")] + (
        [(ch, "clonal haematopoiesis (not tumour)")] if ch else []
    )
    height = 14 + len(panels) * (ph + 26) + 40
    svg = Svg(WIDTH, height, chart["title"])
    pad = max((days[-1] - days[0]) * 0.06, 5)
    x = Scale(days[0] - pad, days[-1] + pad, left, right)
    top = 14.0
    for series, title in panels:
        _vaf_panel(svg, series, chart["floor"], x, top, top + ph, left, right, title)
        for d in dates:
            xx = x(_day(d))
            svg.line(xx, top + ph, xx, top + ph + 2.5, stroke=MUTED)
            svg.text(xx, top + ph + 10, d, size=6, anchor="middle", fill=MUTED)
        top += ph + 26
    svg.text((left + right) / 2, top - 4, "date of the ctDNA draw", size=6.5, anchor="middle")
    items = [("line", PALETTE[i % len(PALETTE)], s["label"]) for i, s in enumerate(tumour)]
    items += [("dash", MUTED, s["label"] + " (CH)") for s in ch]
    items += [
        ("dash", THRESH, f"detection floor {tick_text(chart['floor'] * 100)} %"),
        ("dot", MUTED, "open: not detected"),
    ]
    legend(svg, left, top + 8, right - left, items)
    return svg.render()


LANES = {
    "lines": "Treatment lines",
    "biopsy": "Biopsies",
    "ctdna": "ctDNA draws",
    "recist": "RECIST assessments",
    "screen": "Organoid screens",
}
MARK_LABEL = {
    "biopsy": "biopsy",
    "ctdna": "ctDNA draw",
    "recist": "RECIST assessment",
    "screen": "organoid screen",
}
MARK = {"biopsy": "#6a8d3a", "ctdna": "#8064a2", "recist": "#1f6f8b", "screen": "#d98c1f"}


def timeline_svg(chart: dict[str, Any]) -> str:
    """One row per kind of event over the same date axis; lines drawn as labelled bars."""
    lines, events = chart["lines"], chart["events"]
    kinds = {e["kind"] for e in events}
    lanes = ["lines"] + [k for k in ("biopsy", "ctdna", "recist", "screen") if k in kinds]
    all_days = [_day(d) for ln in lines for d in (ln["start"], ln["end"]) if d]
    all_days += [_day(e["date"]) for e in events] + [_day(chart["today"])]
    lo, hi = min(all_days), max(all_days)
    pad = max((hi - lo) * 0.03, 10)
    left, right, lane = 92.0, WIDTH - 10, 24.0
    top = 6.0
    bottom = top + lane * len(lanes)
    svg = Svg(WIDTH, bottom + 44, chart["title"])
    x = Scale(lo - pad, hi + pad, left, right)
    years = list(range(date.fromordinal(lo).year, date.fromordinal(hi).year + 2))
    yt = [
        date(yr, 1, 1).toordinal()
        for yr in years
        if lo - pad <= date(yr, 1, 1).toordinal() <= hi + pad
    ]
    for i, name in enumerate(LANES[k] for k in lanes):
        yc = top + lane * (i + 0.5)
        svg.text(left - 6, yc + 2.4, name, size=6.6, anchor="end")
        svg.line(left, top + lane * (i + 1), right, top + lane * (i + 1), stroke=GRID, width=0.4)
    for t in yt:
        svg.line(x(t), top, x(t), bottom, stroke=GRID, width=0.4)
        svg.line(x(t), bottom, x(t), bottom + 2.5, stroke=MUTED)
        svg.text(
            x(t), bottom + 10, str(date.fromordinal(t).year), size=6.5, anchor="middle", fill=MUTED
        )
    svg.line(left, bottom, right, bottom, stroke=MUTED)
    for ln in lines:
        x0 = x(_day(ln["start"]))
        x1 = x(_day(ln["end"] or chart["today"]))
        yc = top + lane * 0.5
        colour = "#1f4e79" if ln["study"] else "#9aa5b1"
        svg.rect(x0, yc - 5, max(x1 - x0, 1.5), 10, colour)
        label = wrap(ln["label"], max(x1 - x0 - 3, 8), 5.8, 1)[0]
        if x1 - x0 > 14:
            svg.text(x0 + 2, yc + 2.1, label, size=5.8, fill="#ffffff")
    for e in events:
        row = lanes.index(e["kind"])
        svg.diamond(x(_day(e["date"])), top + lane * (row + 0.5), 3.4, MARK[e["kind"]])
    t = x(_day(chart["today"]))
    items = [("box", "#9aa5b1", "prior line"), ("box", "#1f4e79", "study line")]
    items += [("diamond", MARK[k], MARK_LABEL[k]) for k in lanes[1:]]
    if chart.get("ongoing"):
        svg.line(t, top, t, bottom, stroke=THRESH, width=0.8, dash="3 2")
        items.append(("dash", THRESH, f"report date {chart['today']}"))
    legend(svg, left, bottom + 28, right - left, items)
    return svg.render()


DRAW = {"spider": spider_svg, "waterfall": waterfall_svg, "vaf": vaf_svg, "timeline": timeline_svg}
