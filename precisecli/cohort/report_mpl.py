"""matplotlib set-up of the cohort report's charts (the case report draws plain SVG itself).

Deterministic by construction: a fixed ``svg.hashsalt`` (element ids), no creation date in the
metadata, glyphs written as paths (``svg.fonttype='path'``, so the SVG needs no font), and the
same bundled fonts on every machine (matplotlib's own DejaVu Sans plus the CJK fallback).
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any


@cache
def setup() -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager

    from precisecli.report.fonts import font_files

    for path in font_files():
        font_manager.fontManager.addfont(str(path))


def rc() -> dict[str, Any]:
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


def svg(fig, tight: bool = True) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    buf = io.StringIO()
    fig.savefig(
        buf,
        format="svg",
        metadata={"Date": None, "Creator": None},
        bbox_inches="tight" if tight else None,
        pad_inches=0.05,
    )
    return buf.getvalue()
