"""Validation messages never quote free text (it may be a patient's); codes and numbers stay."""

from __future__ import annotations

import pytest

from precisecli.store.schema import _describe

SECRET = "Patientin klagt über Müdigkeit seit Mai"


class _Err:
    def __init__(self, validator, value, instance, message="raw jsonschema message"):
        self.validator, self.validator_value, self.instance = validator, value, instance
        self.message = f"{instance!r} {message}"


@pytest.mark.parametrize(
    ("validator", "value"),
    [("type", "number"), ("type", ["number", "null"]), ("pattern", "^[A-Z]+$"), ("enum", ["a"]),
     ("const", "x"), ("format", "date"), ("maxLength", 10), ("minItems", 2), ("maxItems", 1),
     ("uniqueItems", True), ("oneOf", []), ("anyOf", []), ("not", {})],
)  # fmt: skip
def test_free_text_is_never_quoted(validator, value):
    instance = [SECRET] if validator in ("minItems", "maxItems", "uniqueItems") else SECRET
    text = _describe(_Err(validator, value, instance))
    assert "Müdigkeit" not in text and "Patientin" not in text


def test_codes_and_numbers_are_quoted():
    assert _describe(_Err("enum", ["G1", "G2"], "G7")) == "'G7' is not one of: G1, G2"
    assert _describe(_Err("type", "string", 3.5)) == "3.5 is not of type 'string'"
    assert (
        _describe(_Err("format", "date", SECRET)) == "a text of 39 characters is not a valid date"
    )
