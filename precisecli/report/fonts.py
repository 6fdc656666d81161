"""The report's fonts (shipped in templates/fonts/, never the system's) and the glyph check.

Typst and browsers draw an empty box for a character no font has, without a warning. A clinical
report must not silently lose a patient's name, so every character of the model is checked
against the fonts' character maps first, and rendering is refused if any is missing.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.resources import resource_dir

# Order matters: Latin first, CJK fallback second (the template lists the same families).
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf")
FAMILIES = ("DejaVu Sans", "Droid Sans Fallback")


def font_dir() -> Path:
    return resource_dir("templates") / "fonts"


def font_files() -> list[Path]:
    return [font_dir() / name for name in FONT_FILES]


@cache
def covered() -> frozenset[int]:
    """Code points that the regular faces can draw (bold is DejaVu's own set, a superset)."""
    from precisecli.report.cmap import code_points

    points: set[int] = set()
    for path in font_files():
        if "Bold" not in path.name:
            points |= code_points(path)
    return frozenset(points)


def _drawable(ch: str) -> bool:
    # Line breaks, tabs and other control/format characters are layout, not glyphs.
    return unicodedata.category(ch)[0] not in ("C", "Z") or ch == " "


def check_glyphs(model: dict[str, Any]) -> None:
    """Raise InputError (exit 3) naming the field and code points no bundled font covers."""
    import json

    from precisecli.report.model import iter_text

    have = covered()
    # Every drawable character of every string of the model is in its JSON text (only control
    # characters are escaped there, and they are not drawn): when all of those are covered, the
    # walk below would find nothing. It runs only to name the field when something is missing.
    every = set(json.dumps(model, ensure_ascii=False))
    if all(ord(ch) in have or not _drawable(ch) for ch in every):
        return
    for path, text in iter_text(model):
        missing = sorted(ch for ch in set(text) if ord(ch) not in have and _drawable(ch))
        if missing:
            shown = ", ".join(f"U+{ord(c):04X}" for c in missing[:8])
            raise InputError(
                f"no bundled font can draw {len(missing)} character(s) ({shown}); refusing to "
                "print empty boxes in the report",
                location=Location(field=path),
                hint="replace the characters in the case data, or add a font that covers them "
                "to templates/fonts/ (see docs/report.md)",
            )
