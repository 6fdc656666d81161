"""Text that is not valid Unicode: file names that are not UTF-8 (Python decodes their bytes to
lone surrogates, PEP 383) and lone UTF-16 surrogate escapes in JSON (``"\\ud800"``). Neither can
be written as UTF-8; these helpers say so, or show such text with ``\\xNN`` escapes. Imports
nothing: error messages use it."""

from __future__ import annotations

from typing import Any


def utf8_text(text: str) -> bool:
    """Can this text be written as UTF-8 (no lone surrogate)?"""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(text: str) -> str:
    """``text`` for a message or an output: a file-system byte that is not UTF-8 as ``\\xNN``,
    any other lone surrogate as ``\\udNNN``; valid text unchanged."""
    if utf8_text(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate surrogateescape does not make (\\ud800)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def shown_document(value: Any, depth: int = 0) -> Any:
    """A JSON-like document with every key and string ``shown`` (a path under a folder whose
    name is not UTF-8, in a --json output)."""
    if isinstance(value, str):
        return shown(value)
    if depth > 500:
        return value
    if isinstance(value, dict):
        return {shown(k) if isinstance(k, str) else k: shown_document(v, depth + 1)
                for k, v in value.items()}  # fmt: skip
    if isinstance(value, list | tuple):
        return [shown_document(v, depth + 1) for v in value]
    return value


def first_lone_surrogate(value: Any, depth: int = 0) -> str | None:
    """The first key or string of a parsed document that holds a lone surrogate, or None."""
    stack = [(value, depth)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, str):
            if not utf8_text(node):
                return node
        elif level <= 500 and isinstance(node, dict):
            stack.extend((k, level + 1) for k in node if isinstance(k, str))
            stack.extend((v, level + 1) for v in node.values())
        elif level <= 500 and isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return None
