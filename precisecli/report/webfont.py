"""A subset of the bundled CJK font, embedded in the HTML for the characters the report uses.

Browsers on machines without a CJK font draw empty boxes for Chinese names and notes; the PDF
refuses to do that (fonts.check_glyphs), and the HTML must not either. Only the glyphs the
report needs are embedded (a few KB), and the subset's bytes are reproducible.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from functools import cache
from pathlib import Path

from precisecli.report.fonts import font_dir

CJK_FONT = "DroidSansFallbackFull.ttf"
FAMILY = "Precise CJK"
KIND = "fonts"  # the folder of store.blobcache that holds the subsets
_SFNT = b"\x00\x01\x00\x00"  # a TrueType font's first bytes


def _needs_fallback(code_point: int) -> bool:
    # Everything from CJK Radicals onwards (CJK, kana, hangul, full-width forms) is the
    # fallback's job; DejaVu Sans covers the Latin, Greek and symbol text of the report.
    return code_point >= 0x2E80


# The subset recipe; part of the cache key, so a change here never reuses an old subset.
_OPTIONS: dict[str, object] = {
    "name_IDs": ["*"],  # keep the licence and copyright records
    "notdef_outline": True,
    "layout_features": [],  # CJK ideographs need no shaping features
    "hinting": False,
}
_DROP = ("GSUB", "GPOS", "GDEF", "vhea", "vmtx", "gasp")  # horizontal text only


def _make_subset(code_points: frozenset[int]) -> bytes:
    """Subset the bundled CJK font with fontTools (0.3–0.5 s with the import)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # lazy: only the tables the subset needs are parsed (3 × faster on the 4 MB font)
    font = TTFont(str(font_dir() / CJK_FONT), recalcTimestamp=False, lazy=True)
    options = subset.Options()
    for name, value in _OPTIONS.items():
        setattr(options, name, value)
    options.drop_tables += list(_DROP)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def _recipe_digest() -> str:
    """What a subset is a function of besides its code points: the font's bytes, the installed
    fontTools (its version file, and the subsetter's size and mtime, which change on any
    reinstall), precise's version and the recipe above."""
    import importlib.util

    from precisecli import __version__

    h = hashlib.sha256(f"precise {__version__}\0".encode())
    h.update(hashlib.sha256((font_dir() / CJK_FONT).read_bytes()).digest())
    spec = importlib.util.find_spec("fontTools")
    if spec is None or spec.origin is None:
        raise OSError("fontTools is not installed")  # the subset itself would fail the same way
    origin = Path(spec.origin)
    h.update(origin.read_bytes())  # holds `version = __version__ = "…"`
    st = os.stat(origin.parent / "subset" / "__init__.py")
    h.update(f"\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    h.update(json.dumps([_OPTIONS, _DROP], sort_keys=True).encode())
    return h.hexdigest()


def _cache_key(code_points: frozenset[int]) -> str:
    points = ",".join(f"{cp:x}" for cp in sorted(code_points))
    return hashlib.sha256(f"{_recipe_digest()}\0{points}".encode()).hexdigest()


@cache
def _subset(code_points: frozenset[int]) -> bytes:
    """The subset for these code points: from the workspace's private cache when an identical
    one was made before (same font, fontTools, recipe and code points), else made now and kept
    there (``store.blobcache``; cleared with the case cache when a case is deleted)."""
    from precisecli.store import blobcache

    try:
        key = _cache_key(code_points)
    except OSError:
        key = None
    data = blobcache.get(KIND, key) if key else None
    if data is None or not data.startswith(_SFNT):
        data = _make_subset(code_points)
        if key:
            blobcache.put(KIND, key, data)
    return data


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
