"""JSON Schema validation (draft 2020-12) of every document the tool reads or writes."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from precisecli.errors import InternalError, Location, ValidationError
from precisecli.resources import resource_dir
from precisecli.store.documents import JsonPath, LoadedDocument

SCHEMA_URN = "urn:precise:schema:"
_METASCHEMA = "(draft 2020-12 metaschema)"


@cache
def _registry():
    from referencing import Registry, Resource

    resources = []
    for path in sorted(resource_dir("schemas").rglob("*.schema.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        resources.append((doc["$id"], Resource.from_contents(doc)))
    return Registry().with_resources(resources)


@cache
def _validator(name: str):
    from jsonschema import Draft202012Validator, FormatChecker

    uri = SCHEMA_URN + name
    try:
        schema = _registry().contents(uri)
    except Exception:
        raise InternalError(f"schema '{name}' is not installed") from None
    # Is the schema itself valid draft 2020-12? Checked once per installed schema set (the
    # check compiles every pattern: 70 ms for the knowledge-base schema), see store.validated.
    from precisecli.store import validated

    if not validated.known(_METASCHEMA, name.encode("utf-8")):
        Draft202012Validator.check_schema(schema)
        validated.remember(_METASCHEMA, name.encode("utf-8"))
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def _dotted(path: JsonPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _describe(error: Any) -> str:
    if error.validator == "additionalProperties":
        return f"unknown field ({error.message.split('(')[-1].rstrip(')')})"
    if error.validator == "format":
        return f"{error.instance!r} is not a valid {error.validator_value}"
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{error.instance!r} is not one of: {allowed}"
    return error.message


def schema_errors(data: Any, name: str) -> list[tuple[JsonPath, str]]:
    validator = _validator(name)
    found = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            # Point at the offending key itself, not its parent.
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            if extra:
                path = (*path, extra[0])
        found.append((path, _describe(err)))
    return found


def validate(
    data: Any,
    name: str,
    *,
    source: str | None = None,
    document: LoadedDocument | None = None,
    hint: str | None = None,
    raw: bytes | str | None = None,
    written: bytes | str | None = None,
) -> None:
    """Raise ValidationError naming the first failing field (and its line when known).

    ``raw``: the bytes ``data`` was parsed from; ``written``: the bytes ``data`` is serialised
    to. With either, a document whose exact bytes already passed this schema is not validated
    again, and one that passes is remembered (see ``store.validated`` for why that is safe).
    """
    from precisecli.store import validated

    key = raw if raw is not None else written
    if written is not None and raw is None and not validated.plain_json(data):
        key = None
    if key is not None and validated.known(name, key):
        return
    errors = schema_errors(data, name)
    if not errors:
        if key is not None:
            validated.remember(name, key)
        return
    path, message = errors[0]
    line = document.line_of(path) if document else None
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise ValidationError(
        f"{message}{more}",
        location=Location(
            file=source or (document.source if document else None), line=line, field=_dotted(path)
        ),
        hint=hint,
    )
