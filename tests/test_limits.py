"""Bounded messages and bounded documents (issue 11, classes 5 and 6)."""

from __future__ import annotations

import time

import pytest

from precisecli.errors import InputError, Location, PreciseError, quoted
from precisecli.store import documents as D


def test_message_is_one_bounded_line_keeping_location_and_hint():
    err = InputError("bad value " + "x" * 5000 + "\nsecond line\r\x00", location=Location(
        file="intake.yaml", line=3, field="notes"), hint="shorten the note")  # fmt: skip
    line = err.one_line()
    assert "\n" not in line and "\x00" not in line
    assert len(line) <= 300
    assert line.startswith("intake.yaml, line 3, field 'notes': bad value x")
    assert line.endswith("— shorten the note")


def test_message_limit_is_a_named_setting(monkeypatch):
    monkeypatch.setenv("PRECISE_LIMIT_MAX_MESSAGE_CHARS", "120")
    assert len(PreciseError("y" * 1000).one_line()) == 120


def test_quoted_hides_free_text():
    assert quoted("2024-13-01") == "'2024-13-01'"
    assert quoted("Jane Doe, MRN 0012345").startswith("(a value of")
    assert quoted("x" * 100) == "(a value of 100 characters)"


def test_yaml_aliases_refused_at_the_first_one():
    text = 'a: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: [*b, *b]\n'
    with pytest.raises(InputError, match="aliases") as info:
        D.loads_yaml(text, "kb.yaml")
    assert info.value.location.line == 2


def test_billion_laughs_bounded_when_aliases_are_allowed(monkeypatch):
    monkeypatch.setenv("PRECISE_LIMIT_MAX_YAML_ALIASES", "1000")
    lines = ['l0: &l0 "lol"'] + [
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)
    ]
    start = time.monotonic()
    with pytest.raises(InputError, match="alias"):
        D.loads_yaml("\n".join(lines), "kb.yaml")
    assert time.monotonic() - start < 5
    # a few genuine aliases still load
    doc = D.loads_yaml("a: &a {x: 1}\nb: *a\n", "ok.yaml")
    assert doc.data == {"a": {"x": 1}, "b": {"x": 1}}


@pytest.mark.parametrize(
    "loader, text",
    [
        (D.loads_json, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        (D.loads_toml, "a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        (lambda t, s: D.loads_yaml(t, s), "a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        (lambda t, s: D.loads_yaml(t, s), "".join("  " * i + f"k{i}:\n" for i in range(200))),
        (D.loads_toml, "".join(f"[{'.'.join(['t'] * 80)}]\n")),
    ],
)
def test_nesting_refused_before_any_recursion(loader, text):
    with pytest.raises(InputError, match="nesting"):
        loader(text, "doc")


def test_brackets_inside_strings_do_not_count():
    deep_string = "[" * 500
    assert D.loads_json('{"a": "' + deep_string + '"}')["a"] == deep_string
    assert D.loads_toml('a = "' + deep_string + '" # ' + "{" * 300 + "\n")["a"] == deep_string
    assert D.loads_toml("a = '''\n" + "[" * 300 + "'''\n")["a"] == "[" * 300


def test_toml_errors_are_located():
    with pytest.raises(InputError, match="not valid TOML") as info:
        D.loads_toml("a = 1\nb = [1,\n", "layout.toml")
    assert info.value.location.file == "layout.toml" and info.value.location.line


def test_special_files_refused_before_open(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "FIFO"), ("/dev/zero", "device"), (tmp_path, "folder")):
        start = time.monotonic()
        with pytest.raises(InputError, match=kind):
            D.load_document(tmp_path.__class__(path))
        assert time.monotonic() - start < 1


def test_document_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "intake.yaml"
    path.write_text("a: " + "x" * 1000 + "\n")
    monkeypatch.setenv("PRECISE_LIMIT_MAX_DOCUMENT_BYTES", "100")
    with pytest.raises(InputError) as info:
        D.load_document(path)
    assert "PRECISE_LIMIT_MAX_DOCUMENT_BYTES" in info.value.one_line()


def test_check_nesting_for_third_party_parsers():
    D.check_nesting("[a]\nb = [[1, 2], [3]]\n", "layout.toml", "toml")
    with pytest.raises(InputError, match="nesting"):
        D.check_nesting("[a]\nb = " + "[" * 65 + "]" * 65 + "\n", "layout.toml", "toml")
