import pytest

from precisecli.errors import InputError
from precisecli.store.documents import dumps_json, loads_json, loads_yaml


def test_json_refuses_nan_infinity_and_duplicate_keys():
    for text in ('{"af": NaN}', '{"af": Infinity}', '{"af": -Infinity}'):
        with pytest.raises(InputError, match="not allowed"):
            loads_json(text, "x.json")
    with pytest.raises(InputError, match="duplicate key 'a'"):
        loads_json('{"a": 1, "a": 2}', "x.json")


def test_json_syntax_error_names_line():
    with pytest.raises(InputError) as info:
        loads_json('{\n  "a": 1,\n  oops\n}', "x.json")
    assert info.value.location.line == 3


def test_yaml_keeps_dates_as_text_and_records_lines():
    doc = loads_yaml("a:\n  when: 2024-13-01\n  list:\n    - 1\n    - 2\n", "i.yaml")
    assert doc.data == {"a": {"when": "2024-13-01", "list": [1, 2]}}
    assert doc.line_of(("a", "when")) == 2
    assert doc.line_of(("a", "list", 1)) == 5
    assert doc.line_of(("a", "missing")) == 2  # falls back to the parent mapping's line


def test_yaml_refuses_duplicates_and_nan():
    with pytest.raises(InputError) as info:
        loads_yaml("a: 1\nb: 2\na: 3\n", "i.yaml")
    assert info.value.location.line == 3
    with pytest.raises(InputError, match="NaN"):
        loads_yaml("x: .nan\n", "i.yaml")


def test_dumps_is_deterministic_and_refuses_nan():
    assert dumps_json({"b": 1, "a": "é"}) == '{\n  "b": 1,\n  "a": "é"\n}\n'
    with pytest.raises(InputError):
        dumps_json({"x": float("nan")})
