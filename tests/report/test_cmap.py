"""The report's own cmap reader agrees with fontTools on every bundled font."""

from __future__ import annotations

import pytest

from precisecli.report.cmap import code_points
from precisecli.report.fonts import font_files


@pytest.mark.parametrize("path", font_files(), ids=lambda p: p.name)
def test_code_points_match_fonttools(path):
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        expected = {cp for cp, name in font.getBestCmap().items() if name != ".notdef"}
    assert code_points(path) == expected


def test_advance_widths_match_fonttools():
    from fontTools.ttLib import TTFont

    from precisecli.report.cmap import advances
    from precisecli.report.fonts import font_dir

    path = font_dir() / "DejaVuSans.ttf"
    widths, upm = advances(path)
    with TTFont(str(path), lazy=True) as font:
        assert upm == font["head"].unitsPerEm
        hmtx = font["hmtx"]
        expected = {cp: hmtx[name][0] for cp, name in font.getBestCmap().items()}
    assert widths == expected
