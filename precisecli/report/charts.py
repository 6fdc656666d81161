"""Charts of the report as SVG text, drawn by matplotlib from the model's chart data.

Deterministic by construction: a fixed ``svg.hashsalt`` (element ids), no creation date in the
metadata, glyphs written as paths (``svg.fonttype='path'``, so the SVG needs no font), and the
same bundled fonts on every machine (matplotlib's own DejaVu Sans plus our CJK fallback).
"""

from __future__ import annotations

import io
import textwrap
from functools import cache
from typing import Any

SENSITIVE = "#1f6f8b"
RESISTANT = "#b8c4cc"
NOT_ASSESSABLE = "#e0a458"
INK = "#222222"


@cache
def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager

    from precisecli.report.fonts import font_files

    for path in font_files():
        font_manager.fontManager.addfont(str(path))


def _rc() -> dict[str, Any]:
    return {
        "svg.hashsalt": "precise-report",
        "svg.fonttype": "path",
        "font.family": ["DejaVu Sans", "Droid Sans Fallback"],
        "font.size": 8,
        "axes.edgecolor": "#555555",
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "path.simplify": False,
        "text.parse_math": False,  # labels from files are text: "$x$" is not mathtext
    }


def _svg(fig, tight: bool = True) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    buf = io.StringIO()
    # "tight" costs a second full draw; the small multiples use fixed margins instead.
    fig.savefig(
        buf,
        format="svg",
        metadata={"Date": None, "Creator": None},
        bbox_inches="tight" if tight else None,
        pad_inches=0.05,
    )
    return buf.getvalue()


def _wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def ranking_svg(chart: dict[str, Any]) -> str:
    """Horizontal bars (rank 1 on top) with 95 % CI whiskers; colour = organoid call."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    _setup()
    bars = chart["bars"]
    with matplotlib.rc_context(_rc()):
        n = max(len(bars), 1)
        fig = Figure(figsize=(6.6, 1.1 + 0.32 * n), layout="constrained")
        ax = fig.add_subplot()
        ys = list(range(n))[::-1]
        for y, b in zip(ys, bars, strict=False):
            value = b["value"] if b["value"] is not None else 0.0
            ax.barh(
                y,
                value,
                height=0.62,
                color=SENSITIVE if b["sensitive"] else RESISTANT,
                edgecolor=NOT_ASSESSABLE if not b["assessable"] else "none",
                hatch="////" if not b["assessable"] else None,
                linewidth=0.0,
            )
            if b["lo"] is not None and b["hi"] is not None:
                ax.errorbar(
                    value,
                    y,
                    xerr=[[max(value - b["lo"], 0)], [max(b["hi"] - value, 0)]],
                    fmt="none",
                    ecolor=INK,
                    elinewidth=0.8,
                    capsize=2.5,
                )
            if b["value"] is None:
                # x in axes fraction: a data x would fall outside small-valued axes (IC50, AAC).
                ax.text(
                    0.01,
                    y,
                    "not measured",
                    transform=ax.get_yaxis_transform(),
                    va="center",
                    fontsize=7,
                    color="#666666",
                )
        ax.set_yticks(ys, [_wrap(b["label"]) for b in bars])
        ax.axvline(0, color="#555555", linewidth=0.6)
        ax.set_xlabel(chart.get("axis") or "")
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        fig.legend(
            handles=[
                Patch(facecolor=SENSITIVE, label="sensitive"),
                Patch(facecolor=RESISTANT, label="not sensitive"),
                Patch(
                    facecolor="white",
                    edgecolor=NOT_ASSESSABLE,
                    hatch="////",
                    label="not assessable on organoids",
                ),
            ],
            loc="outside lower center",
            ncol=3,
            fontsize=7,
            frameon=False,
        )
        return _svg(fig)


def curves_svg(chart: dict[str, Any]) -> str:
    """Small multiples: observed viability per concentration and the fitted curve (log dose)."""
    import matplotlib
    from matplotlib.figure import Figure

    _setup()
    curves = chart["curves"]
    cols = 3
    rows = (len(curves) + cols - 1) // cols
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(6.6, 1.9 * rows + 0.2))
        axes = fig.subplots(rows, cols, squeeze=False, sharey=True)
        for i, ax in enumerate(axes.flat):
            if i >= len(curves):
                ax.set_visible(False)
                continue
            c = curves[i]
            if c["points"]:
                xs, ys = zip(*c["points"], strict=True)
                ax.scatter(xs, ys, s=6, color=SENSITIVE, linewidths=0)
            if c["curve"]:
                cx, cy = zip(*c["curve"], strict=True)
                ax.plot(cx, cy, color=INK, linewidth=1.0)
            if c.get("ic50_um"):
                ax.axvline(c["ic50_um"], color="#aa3333", linewidth=0.6, linestyle="--")
            ax.axhline(50, color="#bbbbbb", linewidth=0.5)
            ax.set_xscale("log")
            ax.set_ylim(-10, 130)
            ax.set_title(_wrap(c["regimen"], 30), fontsize=7)
            ax.tick_params(labelsize=6)
            if i % cols == 0:
                ax.set_ylabel("viability %", fontsize=7)
            if i >= len(curves) - cols:
                ax.set_xlabel("µM", fontsize=7)
        top = 1 - 0.42 / fig.get_figheight()
        bottom = 0.42 / fig.get_figheight()
        fig.subplots_adjust(left=0.08, right=0.99, top=top, bottom=bottom, hspace=0.9, wspace=0.12)
        return _svg(fig, tight=False)


def render(chart: dict[str, Any]) -> str:
    if chart["kind"] == "ranking":
        return ranking_svg(chart)
    return curves_svg(chart)


def render_all(model: dict[str, Any]) -> dict[str, str]:
    """chart id -> SVG text, for every chart in the model."""
    return {c["id"]: render(c) for s in model["sections"] for c in s["charts"]}
