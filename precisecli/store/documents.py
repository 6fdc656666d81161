"""Strict reading and deterministic writing of JSON and YAML documents.

Python's json accepts NaN/Infinity and silently keeps the last of duplicate keys; PyYAML does the
same for duplicates and turns dates into ``datetime.date``. Clinical records must refuse all of
that, so every document the tool reads goes through these functions. YAML reading also keeps the
line of every value so schema errors can point at the line the user has to fix.

Every document is bounded before it is parsed (issue 11): it must be a regular file no larger
than ``limit("max_document_bytes")``, its nesting is measured on the raw text (JSON, TOML) or the
YAML event stream — never by a recursive parser — against ``limit("max_nesting_depth")``, and
YAML aliases are refused beyond ``limit("max_yaml_aliases")`` (0 by default), so a
billion-laughs document is refused at its first alias and no input reaches a RecursionError.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.limits import exceeded, limit, require_regular_file

JsonPath = tuple[str | int, ...]


@dataclass
class LoadedDocument:
    data: Any
    source: str
    lines: dict[JsonPath, int] = field(default_factory=dict)

    def line_of(self, path: JsonPath) -> int | None:
        # Fall back to the nearest parent that has a known line.
        probe = tuple(path)
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return None
            probe = probe[:-1]


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in clinical data")


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key '{key}'")
        out[key] = value
    return out


# A JSON string, unrolled so that a long or unterminated string costs linear time.
_JSON_STRING = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def _check_bracket_depth(code: str, source: str) -> None:
    """Refuse nesting deeper than the limit, counted on text whose strings and comments are
    already blanked out (so brackets inside values do not count). Linear time, no recursion."""
    maximum = limit("max_nesting_depth")
    depth = 0
    for match in _BRACKETS.finditer(code):
        if match.group() in "[{":
            depth += 1
            if depth > maximum:
                line = code.count("\n", 0, match.start()) + 1
                raise exceeded(
                    "max_nesting_depth",
                    location=Location(file=source, line=line),
                )
        else:
            depth = max(depth - 1, 0)


def _check_data_depth(data: Any, source: str) -> None:
    """Nesting of parsed data (TOML dotted keys nest without brackets); iterative."""
    maximum = limit("max_nesting_depth")
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > maximum:
            raise exceeded(
                "max_nesting_depth",
                location=Location(file=source),
            )
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def loads_json(text: str, source: str = "<json>") -> Any:
    _check_bracket_depth(_JSON_STRING.sub('""', text), source)
    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            object_pairs_hook=_pairs_without_duplicates,
        )
        if _SURROGATE_ESCAPE.search(text):
            _refuse_lone_surrogates(data, text, source)
        return data
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON ({exc.msg})",
            location=Location(file=source, line=exc.lineno),
            hint="fix the JSON syntax at that line",
        ) from None
    except ValueError as exc:
        raise InputError(
            str(exc),
            location=Location(file=source),
            hint="remove the duplicate key or non-finite number",
        ) from None


# A \\uD800–\\uDFFF escape: json.loads turns one that is not half of a pair into a lone
# surrogate, which is no character and cannot be written as UTF-8 (a case record holding one
# could not be saved).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _refuse_lone_surrogates(data: Any, text: str, source: str) -> None:
    from precisecli.fsnames import first_lone_surrogate

    if first_lone_surrogate(data) is None:
        return
    found = _LONE_ESCAPE.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    raise InputError(
        "a string holds a lone UTF-16 surrogate escape (\\uD800–\\uDFFF), which is not a character",
        location=Location(file=source, line=line),
        hint="remove the escape, or write the character it was meant to be",
    )


def dumps_json(data: Any) -> str:
    """Deterministic JSON: fixed indentation, UTF-8 text, no NaN, trailing newline."""
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:
        raise InputError(f"refusing to write a non-finite number ({exc})") from None


# TOML strings (multi-line first) and comments, blanked before counting brackets.
_TOML_CODE = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'|#[^\n]*',
    re.S,
)


def _blank(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")  # keep line numbers


def check_nesting(text: str, source: str, syntax: str) -> None:
    """Refuse text nested deeper than ``limit("max_nesting_depth")`` before a third-party parser
    (wellmap's TOML reader, say) recurses into it. ``syntax`` is "json" or "toml"."""
    pattern = {"json": _JSON_STRING, "toml": _TOML_CODE}[syntax]
    _check_bracket_depth(pattern.sub(_blank, text), source)


def loads_toml(text: str, source: str = "<toml>") -> dict[str, Any]:
    """Strict TOML: nesting bounded before parsing, errors located by line."""
    import tomllib

    _check_bracket_depth(_TOML_CODE.sub(_blank, text), source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        if found is None and "end of document" in str(exc):
            found = re.search(r"(\d+)", str(text.count("\n") + 1))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise InputError(
            f"not valid TOML ({message})",
            location=Location(file=source, line=int(found.group(1)) if found else None),
            hint="fix the TOML syntax at that line",
        ) from None
    _check_data_depth(data, source)
    for value in _scalars(data):
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(
                "nan/inf is not allowed",
                location=Location(file=source),
                hint="give a finite number or leave the field out",
            )
    return data


def _scalars(data: Any) -> list[Any]:
    out, stack = [], [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        else:
            out.append(node)
    return out


def _yaml_loader():
    import yaml

    # libyaml's parser when present (a 2 MB document in ~0.1 s instead of seconds); both keep
    # the line of every node. Its composer recurses, which is safe: nesting is checked on the
    # (iterative) event stream before anything is composed.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        """SafeLoader without implicit timestamps (dates stay ISO strings and are checked by the
        schema, so 2024-13-01 is reported as a bad date instead of a YAML crash)."""

    StrictLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return StrictLoader


def _check_yaml_events(text: str, source: str) -> int:
    """Before anything is composed: nesting depth and aliases from the event stream (the
    parser is iterative). Returns the number of events, which bounds the composed size."""
    import yaml

    max_depth = limit("max_nesting_depth")
    max_aliases = limit("max_yaml_aliases")
    loader = _yaml_loader()(text)
    depth = aliases = events = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            events += 1
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise exceeded(
                        "max_nesting_depth",
                        location=Location(file=source, line=event.start_mark.line + 1),
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    where = Location(file=source, line=event.start_mark.line + 1)
                    if max_aliases == 0:
                        raise InputError(
                            "YAML aliases (*name) are not allowed in an input document",
                            location=where,
                            hint="write the value out in full (if the file is genuine, allow "
                            "aliases with PRECISE_LIMIT_MAX_YAML_ALIASES)",
                        )
                    raise exceeded("max_yaml_aliases", location=where)
    finally:
        loader.dispose()
    return events


class _Budget:
    """Nodes the walk may still visit: aliases may repeat content, but only up to a bound."""

    def __init__(self, nodes: int, source: str):
        self.left = nodes
        self.source = source

    def spend(self, node: Any) -> None:
        self.left -= 1
        if self.left < 0:
            raise exceeded(
                "max_yaml_aliases",
                location=Location(file=self.source, line=node.start_mark.line + 1),
                seen="aliases expand the document more than tenfold",
            )


def _walk_yaml(
    node: Any,
    path: JsonPath,
    lines: dict[JsonPath, int],
    source: str,
    loader: Any,
    budget: _Budget | None = None,
) -> Any:
    import yaml

    if budget is not None:
        budget.spend(node)
        if len(path) > limit("max_nesting_depth"):  # an alias inside itself
            raise exceeded("max_nesting_depth", location=Location(file=source))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise InputError(
                    f"duplicate key '{key}'",
                    location=Location(file=source, line=key_node.start_mark.line + 1),
                    hint="each field may appear once; remove one of them",
                )
            out[key] = _walk_yaml(value_node, (*path, key), lines, source, loader, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _walk_yaml(item, (*path, i), lines, source, loader, budget)
            for i, item in enumerate(node.value)
        ]
    value = loader.construct_object(node, deep=True)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(
            "NaN/Infinity is not allowed",
            location=Location(file=source, line=node.start_mark.line + 1),
            hint="give a finite number or leave the field out",
        )
    return value


@contextmanager
def _yaml_syntax(source: str) -> Iterator[None]:
    """PyYAML's syntax errors as a located InputError (line of the problem when known)."""
    import yaml

    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            f"not valid YAML ({exc.problem})",
            location=Location(file=source, line=mark.line + 1 if mark else None),
            hint="fix the YAML syntax at that line",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc})", location=Location(file=source)) from None


def loads_yaml(text: str, source: str = "<yaml>") -> LoadedDocument:
    loader_cls = _yaml_loader()
    with _yaml_syntax(source):
        events = _check_yaml_events(text, source)
    loader = loader_cls(text)
    with _yaml_syntax(source):
        root = loader.get_single_node()
    try:
        if root is None:
            return LoadedDocument(data=None, source=source)
        lines: dict[JsonPath, int] = {}
        with _yaml_syntax(source):
            budget = _Budget(10 * events + 1000, source)
            data = _walk_yaml(root, (), lines, source, loader, budget)
        return LoadedDocument(data=data, source=source, lines=lines)
    finally:
        loader.dispose()


def unreadable(path: Path, exc: OSError) -> InputError:
    """The one message for an input that cannot be opened (shows the path as the user typed it)."""
    if isinstance(exc, FileNotFoundError):
        return InputError(
            "file not found", location=Location(file=str(path)), hint="check the path"
        )
    if isinstance(exc, IsADirectoryError):
        return InputError("is a directory, not a file", location=Location(file=str(path)))
    if isinstance(exc, PermissionError):
        return InputError(
            "permission denied",
            location=Location(file=str(path)),
            hint="check the file's permissions",
        )
    return InputError(
        f"cannot read the file ({exc.strerror or exc})", location=Location(file=str(path))
    )


def read_bytes(path: Path, *, limit_name: str = "max_input_bytes") -> bytes:
    """The bytes of an input file: a regular file (a FIFO or a device is refused before it is
    opened) within the named size limit."""
    st = require_regular_file(path)
    if st.st_size > limit(limit_name):
        raise exceeded(limit_name, location=Location(file=path.name))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None


def decode_text(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})",
            location=Location(file=path.name),
            hint="save the file as UTF-8",
        ) from None


def read_text(path: Path, *, limit_name: str = "max_input_bytes") -> str:
    return decode_text(read_bytes(path, limit_name=limit_name), path)


def load_document(path: Path) -> LoadedDocument:
    """Read a YAML, JSON or TOML document (by extension; YAML otherwise), bounded in size."""
    text = read_text(path, limit_name="max_document_bytes")
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".json":
        return LoadedDocument(data=loads_json(text, name), source=name)
    if suffix == ".toml":
        return LoadedDocument(data=loads_toml(text, name), source=name)
    return loads_yaml(text, name)
