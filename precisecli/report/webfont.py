"""A subset of the bundled CJK font, embedded in the HTML for the characters the report uses.

Browsers on machines without a CJK font draw empty boxes for Chinese names and notes; the PDF
refuses to do that (fonts.check_glyphs), and the HTML must not either. Only the glyphs the
report needs are embedded (a few KB), and the subset's bytes are reproducible.
"""

from __future__ import annotations

import base64
import io
from functools import cache

from precisecli.report.fonts import font_dir

CJK_FONT = "DroidSansFallbackFull.ttf"
FAMILY = "Precise CJK"


def _needs_fallback(code_point: int) -> bool:
    # Everything from CJK Radicals onwards (CJK, kana, hangul, full-width forms) is the
    # fallback's job; DejaVu Sans covers the Latin, Greek and symbol text of the report.
    return code_point >= 0x2E80


@cache
def _subset(code_points: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # lazy: only the tables the subset needs are parsed (3 × faster on the 4 MB font)
    font = TTFont(str(font_dir() / CJK_FONT), recalcTimestamp=False, lazy=True)
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the licence and copyright records
    options.notdef_outline = True
    options.layout_features = []  # CJK ideographs need no shaping features
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "gasp"]  # horizontal text
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face_css(texts: list[str]) -> str:
    """An @font-face rule with the glyphs of ``texts`` that need the CJK font ('' if none)."""
    wanted = frozenset(ord(ch) for text in texts for ch in text if _needs_fallback(ord(ch)))
    if not wanted:
        return ""
    data = base64.b64encode(_subset(wanted)).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; '
        f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n'
    )
