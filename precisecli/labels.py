"""Free text typed on the command line (a regimen label, drug names, a reason, a biopsy site).

It is stored and shown as written — never as markup — but it must be one line of printable
text of bounded length: a control character (an ANSI escape, a newline, a NUL) would rewrite
the user's terminal or break a table, and a 5 000-character label is a paste error.
"""

from __future__ import annotations

import unicodedata

from precisecli.errors import InputError, Location


def check_label(text: str, option: str, *, max_chars: int = 80) -> str:
    """The text stripped; InputError naming the option when empty, too long or not printable."""
    value = text.strip()
    where = Location(field=option)
    if not value:
        raise InputError(f"{option} is empty", location=where, hint="give a short label")
    if len(value) > max_chars:
        raise InputError(
            f"{option} is {len(value)} characters long (at most {max_chars})",
            location=where,
            hint="give a shorter text",
        )
    for i, ch in enumerate(value):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise InputError(
                f"{option} contains a control character (U+{ord(ch):04X} at position {i + 1})",
                location=where,
                hint="type plain text on one line",
            )
    return value
