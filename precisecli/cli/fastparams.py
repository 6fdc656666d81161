"""Option and argument conversion without pydantic on the common path.

typer 0.29 converts every parameter value through a pydantic ``TypeAdapter``; importing pydantic
and building the adapters costs 0.1–0.25 s per process, more than the rest of a reading
command. ``install()`` puts a light converter in front of typer's: for the annotations precise
declares (``str``, ``Path``, ``int``/``float`` with ``min=``/``max=``, bool flags and lists of
these) it converts the values a user normally types exactly as pydantic would (same value, same
type), and hands everything else — a value it does not recognise as plainly valid, an
out-of-range number, nan/inf, an annotation it does not know — to typer's own pydantic adapter,
so every accepted value, every error message and every exit code stay typer's. Callbacks
(``finite``/``positive``), required checks and help texts are untouched: they run after
conversion in typer's ``process_value``.

The rule for contributors: nothing to do. Declare options with the usual typer annotations; an
annotation this layer does not know simply takes typer's path (correct, only slower).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, get_args, get_origin

_INT = re.compile(r"[+-]?[0-9]+\Z")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_DECLINE = object()  # "not plainly valid: let typer's adapter decide (and word the error)"
_INSTALLED: list[Any] = []


def _in_range(value: float, info: Any) -> bool:
    return (info.min is None or value >= info.min) and (info.max is None or value <= info.max)


def _int(value: Any, info: Any) -> Any:
    if type(value) is str and _INT.match(value):
        value = int(value)
    if type(value) is int and _in_range(value, info):
        return value
    return _DECLINE


def _float(value: Any, info: Any) -> Any:
    if type(value) is str and _FLOAT.match(value):
        value = float(value)
    elif type(value) is int and abs(value) < 2**53:
        value = float(value)
    if type(value) is float and math.isfinite(value) and _in_range(value, info):
        return value
    return _DECLINE


def _str(value: Any, info: Any) -> Any:
    return value if type(value) is str else _DECLINE


def _path(value: Any, info: Any) -> Any:
    from typer._param_types import coerce_cli_path

    if type(value) is str:
        value = Path(value)  # what pydantic's Path validator returns for any str
    if not isinstance(value, Path):
        return _DECLINE
    path_type = info.path_type or Path
    if path_type is not Path:
        return _DECLINE
    from typer._click.exceptions import BadParameter

    try:
        return coerce_cli_path(value, info, path_type=Path)
    except (BadParameter, ValueError):  # typer words it (from the value as typed)
        return _DECLINE


def _leaf(annotation: Any, info: Any) -> Any:
    """The converter for one plain annotation, or None when typer's adapter must do it."""
    if info.parser is not None or info.clamp:
        return None
    if annotation is int:
        return _int
    if annotation is float:
        return _float
    if annotation is str:
        return _str
    if annotation is Path and info.path_type in (None, Path):
        return _path
    return None


def _converter(annotation: Any, info: Any) -> Any:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
        leaf = _leaf(item, info)
        if leaf is None:
            return None

        def convert_list(value: Any, info: Any) -> Any:
            items = value if isinstance(value, (list, tuple)) else [value]
            out = [leaf(v, info) for v in items]
            return _DECLINE if any(v is _DECLINE for v in out) else out

        return convert_list
    if annotation is bool:  # flags arrive as bools and typer skips them; others: typer

        def convert_bool(value: Any, info: Any) -> Any:
            return value if type(value) is bool else _DECLINE

        return convert_bool
    return _leaf(annotation, info)


def install() -> None:
    """Route typer's parameter conversion through the light converters (idempotent)."""
    if _INSTALLED:
        return
    import typer.core
    from typer._coercion import RuntimeParam

    original = typer.core.build_runtime_param

    class LightRuntimeParam(RuntimeParam):
        def __init__(self, descriptor: Any, convert: Any):
            super().__init__(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
            object.__setattr__(self, "_descriptor", descriptor)
            object.__setattr__(self, "_convert", convert)
            object.__setattr__(self, "_typer", None)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = self._convert(value, self.parameter_info)
            if out is not _DECLINE:
                return out
            if self._typer is None:
                object.__setattr__(self, "_typer", original(self._descriptor))
            return self._typer._coerce_value(value, param=param, ctx=ctx)

    def build_runtime_param(descriptor: Any) -> Any:
        if descriptor.file_annotation is None:
            convert = _converter(descriptor.annotation, descriptor.parameter_info)
            if convert is not None:
                return LightRuntimeParam(descriptor, convert)
        return original(descriptor)

    typer.core.build_runtime_param = build_runtime_param
    _INSTALLED.append(original)
