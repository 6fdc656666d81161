"""JSON Schema validation (draft 2020-12) of every document the tool reads or writes."""

from __future__ import annotations

import json
import re
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
    # check compiles every pattern: 70 ms for the knowledge-base schema): recorded in the
    # user's cache for the whole set (installed_schemas_checked), else per workspace
    # (store.validated).
    from precisecli.store import validated

    if not validated.known(_METASCHEMA, name.encode("utf-8")):
        if not installed_schemas_checked():
            Draft202012Validator.check_schema(schema)
        validated.remember(_METASCHEMA, name.encode("utf-8"))
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


@cache
def installed_schemas_checked() -> bool:
    """Has every installed schema passed the draft 2020-12 metaschema check? Done once per
    installation and user (~0.5 s for all of them) and recorded in the user's cache
    (store.blobcache, user=True) under the schema set's key (every schema file's bytes,
    precise's and jsonschema's installation); False when there is no usable user cache folder
    or a schema fails (each schema is then checked when it is first used, which reports it)."""
    import hashlib

    from precisecli.store import blobcache, validated

    key = hashlib.sha256(f"{validated.schema_set_key()}\0{_METASCHEMA}".encode()).hexdigest()
    if blobcache.get("schema-check", key, user=True) == b"ok\n":
        return True
    if blobcache.user_root(create=True) is None:
        return False
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    registry = _registry()
    for path in sorted(resource_dir("schemas").rglob("*.schema.json")):
        sid = json.loads(path.read_text(encoding="utf-8")).get("$id", "")
        try:
            Draft202012Validator.check_schema(registry.contents(sid))
        except (SchemaError, LookupError):
            return False
    blobcache.put("schema-check", key, b"ok\n", user=True)
    return True


def _dotted(path: JsonPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


_TOKEN = re.compile(r"[A-Za-z0-9_.:+\-]{1,40}")


def _shown(value: Any) -> str:
    """A value quoted in a message: numbers, booleans, null and short code-like words as they
    are; any other text only by its length (it may be a patient's free text)."""
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return repr(value) if _TOKEN.fullmatch(value) else f"a text of {len(value)} characters"
    return "a mapping" if isinstance(value, dict) else f"a {type(value).__name__}"


_MESSAGES = {
    "type": lambda e: (
        f"{_shown(e.instance)} is not of type {e.validator_value!r}"
        if not isinstance(e.validator_value, list)
        else f"{_shown(e.instance)} is not of type {' or '.join(map(repr, e.validator_value))}"
    ),
    "pattern": lambda e: f"{_shown(e.instance)} does not have the expected form",
    "maxLength": lambda e: f"longer than {e.validator_value} characters",
    "minLength": lambda e: f"shorter than {e.validator_value} character(s)",
    "const": lambda e: f"{_shown(e.instance)} must be {e.validator_value!r}",
    "format": lambda e: f"{_shown(e.instance)} is not a valid {e.validator_value}",
    "minItems": lambda e: f"fewer than {e.validator_value} item(s)",
    "maxItems": lambda e: f"more than {e.validator_value} item(s)",
    "uniqueItems": lambda e: "items repeat",
    "minProperties": lambda e: f"fewer than {e.validator_value} field(s)",
    "maxProperties": lambda e: f"more than {e.validator_value} field(s)",
    "propertyNames": lambda e: "a field name does not have the expected form",
    "contains": lambda e: "no item of the expected kind",
    "enum": lambda e: (
        f"{_shown(e.instance)} is not one of: " + ", ".join(map(str, e.validator_value))
    ),
}


def _describe(error: Any) -> str:
    if error.validator == "additionalProperties":
        return f"unknown field ({error.message.split('(')[-1].rstrip(')')})"
    describe = _MESSAGES.get(error.validator)
    if describe is not None:
        return describe(error)
    if error.validator in ("oneOf", "anyOf", "allOf", "not", "if", "then", "else"):
        return f"{_shown(error.instance)} does not match the allowed forms"
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
