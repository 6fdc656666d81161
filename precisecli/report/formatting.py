"""The one place the report turns numbers into text, plus the table and section shapes.

Both renderings print these strings as they are, so the PDF and the HTML cannot disagree.
"""

from __future__ import annotations

import re
from typing import Any


def fmt(value: Any, digits: int = 1, suffix: str = "") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value}{suffix}"
    if isinstance(value, float):
        return f"{value:.{digits}f}{suffix}"
    return f"{value}{suffix}"


def pct(fraction: Any, digits: int = 1) -> str:
    """A 0-1 fraction as a percentage."""
    if not isinstance(fraction, int | float) or isinstance(fraction, bool):
        return "–"
    return f"{100 * fraction:.{digits}f} %"


def num(v: Any) -> float | None:
    """A finite float, or None (stored documents may hold strings, NaN or nothing)."""
    try:
        out = float(v)
    except (TypeError, ValueError):
        return None
    return out if out == out and abs(out) != float("inf") else None


# A value that must never break inside: a number (with unit or %), a date, an interval
# "87.3 – 95.7", a comparison "< 0.01", a count "2 / yes", or a dash.
_VALUE = re.compile(
    r"^(?:[<>≤≥]\s?)?[-+−]?\d[\d.,]*(?:\s?(?:%|µM|mm|Mb|mut/Mb|d|wk))?"
    r"(?:\s?[–/-]\s?[-+−]?\d[\d.,]*(?:\s?(?:%|µM|mm))?)*$|^–$|^\d{4}-\d{2}-\d{2}$"
)


def is_value(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def table(title: str | None, columns: list[str], align: str, rows: list[list[Any]], **extra):
    """A display table: align is one letter per column (l, r, c). ``nowrap`` marks the columns
    whose every cell is a value (number, date, interval), which must never break inside;
    ``wrap`` the columns that may hold long unbroken names (file names, hashes), which the
    renderings break anywhere rather than let them run into the next column."""
    assert len(align) == len(columns)
    text = [[fmt(c) if not isinstance(c, str) else c for c in row] for row in rows]
    nowrap = [bool(text) and all(is_value(r[i]) for r in text) for i in range(len(columns))]
    return {
        "title": title,
        "columns": columns,
        "align": list(align),
        "rows": text,
        "empty": extra.get("empty", "None."),
        "legend": extra.get("legend", []),
        "nowrap": nowrap,
        "wrap": [i in extra.get("wrap", ()) for i in range(len(columns))],
    }


def section(sid: str, title: str, **parts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": sid,
        "title": title,
        "facts": [],
        "paragraphs": [],
        "tables": [],
        "charts": [],
        "missing": [],
        "flags": [],
    }
    out.update(parts)
    return out
