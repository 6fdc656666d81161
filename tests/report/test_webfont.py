"""The HTML carries the CJK glyphs it needs, so browsers without a CJK font draw no boxes."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from precisecli.report.webfont import FAMILY, font_face_css


def _embedded_font(css: str) -> TTFont:
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_subset_covers_exactly_the_cjk_characters_used():
    texts = ["Notes: 病例为合成数据", "王小明", "plain ASCII only"]
    css = font_face_css(texts)
    assert f'font-family: "{FAMILY}"' in css
    cmap = set(_embedded_font(css).getBestCmap())
    wanted = {ord(c) for c in "病例为合成数据王小明"}
    assert wanted <= cmap
    assert ord("N") not in cmap  # Latin stays with DejaVu Sans
    assert len(css) < 40_000  # a few glyphs, not the 4 MB font


def test_no_cjk_no_font_and_subset_is_reproducible():
    assert font_face_css(["Case P-001, ER 90 %"]) == ""
    font_face_css.__globals__["_subset"].cache_clear()
    first = font_face_css(["合成"])
    font_face_css.__globals__["_subset"].cache_clear()
    assert font_face_css(["合成"]) == first


def _fresh_process(monkeypatch, root):
    """What a new process of a command on workspace ``root`` starts with."""
    from precisecli.report import webfont
    from precisecli.store import validated

    monkeypatch.setattr(validated, "_ROOT", [root])
    webfont._subset.cache_clear()


def test_cached_subset_is_the_fresh_subset(monkeypatch, tmp_path):
    from precisecli.report import webfont
    from precisecli.store import validated

    root = tmp_path / "ws"
    root.mkdir()
    texts = ["王小明", "患者于2024年2月行肝脏活检"]
    _fresh_process(monkeypatch, None)  # no workspace: nothing is cached
    fresh = font_face_css(texts)
    _fresh_process(monkeypatch, root)
    assert font_face_css(texts) == fresh  # made and kept
    folder = root / validated.CACHE_DIR / webfont.KIND
    (entry,) = list(folder.iterdir())
    assert (entry.stat().st_mode & 0o777, folder.stat().st_mode & 0o777) == (0o600, 0o700)
    wanted = frozenset(ord(c) for c in "".join(texts) if ord(c) >= 0x2E80)
    assert entry.read_bytes() == webfont._make_subset(wanted)  # the subsetter's own bytes

    # the next process takes it from the cache, without running the subsetter
    def no_subsetting(code_points):
        raise AssertionError("subset made again")

    _fresh_process(monkeypatch, root)
    monkeypatch.setattr(webfont, "_make_subset", no_subsetting)
    assert font_face_css(texts) == fresh


def test_other_characters_get_their_own_subset_and_junk_is_not_used(monkeypatch, tmp_path):
    from precisecli.report import webfont
    from precisecli.store import validated

    root = tmp_path / "ws"
    root.mkdir()
    _fresh_process(monkeypatch, root)
    one = font_face_css(["合成"])
    _fresh_process(monkeypatch, root)
    two = font_face_css(["合成数据"])
    assert one != two
    folder = root / validated.CACHE_DIR / webfont.KIND
    assert len(list(folder.iterdir())) == 2
    for entry in folder.iterdir():
        entry.write_bytes(b"not a font")  # a damaged entry is made again, not embedded
    _fresh_process(monkeypatch, root)
    assert font_face_css(["合成"]) == one
    _fresh_process(monkeypatch, None)
    assert font_face_css(["合成"]) == one


def test_unwritable_cache_only_costs_time(monkeypatch, tmp_path):
    from precisecli.store import validated

    root = tmp_path / "ws"
    root.mkdir()
    (root / validated.CACHE_DIR).write_text("a file where the folder should be")
    _fresh_process(monkeypatch, None)
    expected = font_face_css(["合成"])
    _fresh_process(monkeypatch, root)
    assert font_face_css(["合成"]) == expected
