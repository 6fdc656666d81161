"""The report's start-up shortcuts give what the library calls they replace give."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import sys
from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr

import pytest

from precisecli.report import sources, svgplot
from precisecli.report.sections import provenance


def test_versions_are_importlib_metadata_versions():
    got = provenance.versions()
    for dist in provenance._DISTRIBUTIONS:
        assert got[dist] == importlib.metadata.version(dist)
    assert provenance._installed_versions(provenance._DISTRIBUTIONS) == {
        d: importlib.metadata.version(d) for d in provenance._DISTRIBUTIONS
    }


def _dist(folder, name, version):
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nVersion: not this\n"
    )


def test_versions_follow_sys_path_order_and_leave_odd_cases_to_importlib(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(first, "Jinja2", "9.0")  # the first folder on sys.path wins, as for importlib
    _dist(second, "jinja2", "1.0")
    _dist(first, "typst", "1.0")
    _dist(first, "typst", "2.0")  # two candidates in one folder: importlib decides
    _dist(second, "font_tools", "3.0")  # not fonttools
    monkeypatch.setattr(sys, "path", [str(first), str(second), str(tmp_path / "absent")])
    importlib.invalidate_caches()
    assert provenance._installed_versions(provenance._DISTRIBUTIONS) == {"jinja2": "9.0"}
    assert importlib.metadata.version("jinja2") == "9.0"
    assert provenance.versions()["fonttools"] == "not installed"


def test_svg_escape_is_saxutils_escape():
    for text in ["a < b & c > d", "&amp;", "<<>>&&", "plain", "", "\"quotes\" 'too'", "王 <x>"]:
        assert svgplot.escape(text) == sax_escape(text)
    assert svgplot._FONT_ATTR == quoteattr(svgplot.FONT)


@dataclasses.dataclass(frozen=True)
class _Inner:
    values: tuple[float, ...]
    tags: frozenset[str]


@dataclasses.dataclass
class _Outer:
    name: str
    inner: _Inner
    items: list[_Inner]
    mapping: dict[int, _Inner]
    note: str | None = None


def test_plain_is_asdict_made_plain():
    inner = _Inner((1.0, 2.5), frozenset({"b", "a"}))
    value = _Outer("x", inner, [inner, inner], {1: inner})
    expected = {
        "name": "x",
        "inner": {"values": [1.0, 2.5], "tags": ["a", "b"]},
        "items": [{"values": [1.0, 2.5], "tags": ["a", "b"]}] * 2,
        "mapping": {"1": {"values": [1.0, 2.5], "tags": ["a", "b"]}},
        "note": None,
    }
    assert sources._plain(value) == expected
    assert sources._plain(value) == sources._plain(dataclasses.asdict(value))


def test_reading_once_hands_out_copies():
    calls = []

    def compute():
        calls.append(1)
        return {"rows": [{"vaf": 0.1, "nested": [1, 2]}], "nan": float("nan")}

    record, other = {"case_id": "A"}, {"case_id": "A"}
    with sources.reading_once():
        first = sources._once("doc", sources.Path("c"), record, compute)
        first["rows"][0]["vaf"] = 99  # a caller changing its copy changes nobody else's
        second = sources._once("doc", sources.Path("c"), record, compute)
        assert len(calls) == 1
        sources._once("doc", sources.Path("c"), other, compute)  # another record object
        assert len(calls) == 2
    assert second["rows"] == [{"vaf": 0.1, "nested": [1, 2]}]
    sources._once("doc", sources.Path("c"), record, compute)  # outside the block: computed again
    assert len(calls) == 3


def test_glyph_check_names_the_field_and_ignores_keys():
    from precisecli.errors import InputError
    from precisecli.report.fonts import check_glyphs
    from precisecli.report.model import iter_strings, iter_text

    model = {"a": ["fine", {"b": "王小明\n\t"}], "\ua000 key": "value"}
    check_glyphs(model)  # keys are not printed: only values are checked
    assert sorted(iter_strings(model)) == sorted(t for _, t in iter_text(model))
    model["a"][1]["c"] = "x \ua000\ua001 y"
    with pytest.raises(InputError) as err:
        check_glyphs(model)
    assert err.value.location.field == "a[1].c"
    assert "2 character(s) (U+A000, U+A001)" in str(err.value)


def test_cached_curve_values_are_the_computed_ones(monkeypatch, tmp_path):
    from precisecli.pdo import curves
    from precisecli.store import validated

    root = tmp_path / "ws"
    root.mkdir()
    fits = [
        {"hill": 1.3, "einf": 0.12, "ec50_um": 0.37, "converged": True},
        {"hill": 0.8, "einf": 0.4, "ec50_um": 2.0, "top": 1.05, "converged": True},
        {"hill": 1.0, "einf": 0.1, "ec50_um": 1.0, "converged": False},  # not drawn
    ]
    doses = [0.001 * 1.7**i for i in range(25)]
    requests = [(fit, doses) for fit in fits]
    monkeypatch.setattr(validated, "_ROOT", [None])
    fresh = sources.fitted_curves(requests)
    assert fresh[2] is None and fresh[0] != fresh[1]
    assert fresh[0] == sources.fitted_curve(fits[0], doses)
    monkeypatch.setattr(validated, "_ROOT", [root])
    assert sources.fitted_curves(requests) == fresh  # computed and kept
    (entry,) = (root / validated.CACHE_DIR / "curves").iterdir()

    def no_predict(*args):
        raise AssertionError("computed again")

    monkeypatch.setattr(curves, "predict", no_predict)
    assert sources.fitted_curves(requests) == fresh  # from the cache, exactly equal
    other = [(dict(fits[0], hill=1.31), doses)]  # other parameters: another key
    with pytest.raises(AssertionError, match="computed again"):
        sources.fitted_curves(other)
    entry.write_text("[[1.0]]")  # a damaged entry is computed again, not used
    monkeypatch.undo()
    monkeypatch.setattr(validated, "_ROOT", [root])
    assert sources.fitted_curves(requests) == fresh
