"""The HTML carries the CJK glyphs it needs, so browsers without a CJK font draw no boxes."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from precisecli.report.webfont import FAMILY, font_face_css


def _embedded_font(css: str) -> TTFont:
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_subset_covers_exactly_the_cjk_characters_used():
    texts = ["Notes: 病例为合成数据", "王小明", "plain ASCII only"]
    css = font_face_css(texts)
    assert f'font-family: "{FAMILY}"' in css
    cmap = set(_embedded_font(css).getBestCmap())
    wanted = {ord(c) for c in "病例为合成数据王小明"}
    assert wanted <= cmap
    assert ord("N") not in cmap  # Latin stays with DejaVu Sans
    assert len(css) < 40_000  # a few glyphs, not the 4 MB font


def test_no_cjk_no_font_and_subset_is_reproducible():
    assert font_face_css(["Case P-001, ER 90 %"]) == ""
    font_face_css.__globals__["_subset"].cache_clear()
    first = font_face_css(["合成"])
    font_face_css.__globals__["_subset"].cache_clear()
    assert font_face_css(["合成"]) == first
