"""Strict reading and deterministic writing of JSON and YAML documents.

Python's json accepts NaN/Infinity and silently keeps the last of duplicate keys; PyYAML does the
same for duplicates and turns dates into ``datetime.date``. Clinical records must refuse all of
that, so every document the tool reads goes through these functions. YAML reading also keeps the
line of every value so schema errors can point at the line the user has to fix.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location

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


def loads_json(text: str, source: str = "<json>") -> Any:
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            object_pairs_hook=_pairs_without_duplicates,
        )
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


def dumps_json(data: Any) -> str:
    """Deterministic JSON: fixed indentation, UTF-8 text, no NaN, trailing newline."""
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:
        raise InputError(f"refusing to write a non-finite number ({exc})") from None


def _yaml_loader():
    import yaml

    class StrictLoader(yaml.SafeLoader):
        """SafeLoader without implicit timestamps (dates stay ISO strings and are checked by the
        schema, so 2024-13-01 is reported as a bad date instead of a YAML crash)."""

    StrictLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return StrictLoader


def _walk_yaml(
    node: Any, path: JsonPath, lines: dict[JsonPath, int], source: str, loader: Any
) -> Any:
    import yaml

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
            out[key] = _walk_yaml(value_node, (*path, key), lines, source, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _walk_yaml(item, (*path, i), lines, source, loader) for i, item in enumerate(node.value)
        ]
    value = loader.construct_object(node, deep=True)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(
            "NaN/Infinity is not allowed",
            location=Location(file=source, line=node.start_mark.line + 1),
            hint="give a finite number or leave the field out",
        )
    return value


def loads_yaml(text: str, source: str = "<yaml>") -> LoadedDocument:
    import yaml

    loader_cls = _yaml_loader()
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            f"not valid YAML ({exc.problem})",
            location=Location(file=source, line=mark.line + 1 if mark else None),
            hint="fix the YAML syntax at that line",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc})", location=Location(file=source)) from None
    try:
        if root is None:
            return LoadedDocument(data=None, source=source)
        lines: dict[JsonPath, int] = {}
        data = _walk_yaml(root, (), lines, source, loader)
        return LoadedDocument(data=data, source=source, lines=lines)
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc})", location=Location(file=source)) from None
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


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})",
            location=Location(file=path.name),
            hint="save the file as UTF-8",
        ) from None


def load_document(path: Path) -> LoadedDocument:
    """Read a YAML or JSON document (by extension; .json is parsed by the strict JSON reader)."""
    text = read_text(path)
    name = path.name
    if path.suffix.lower() == ".json":
        return LoadedDocument(data=loads_json(text, name), source=name)
    return loads_yaml(text, name)
