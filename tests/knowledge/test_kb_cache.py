"""The bundled knowledge base kept parsed and checked in the user's cache (store.blobcache,
user=True): a hit gives exactly what parsing and validating the YAML gives, and the cache is
used only when it is the user's own folder that no one else may write to."""

from __future__ import annotations

import os

import pytest

from precisecli.knowledge import kb as kbmod
from precisecli.resources import resource_file
from precisecli.store import blobcache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("PRECISE_CACHE_DIR", str(root))
    kbmod._default.cache_clear()
    yield root
    kbmod._default.cache_clear()


def _fresh():
    """The bundled base parsed and validated from its YAML, without any cache."""
    path = resource_file("knowledge", kbmod.DEFAULT_KB)
    return kbmod._load(path, kbmod.DEFAULT_KB)


def _entries(root):
    folder = root / kbmod._CACHE_KIND
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_first_load_keeps_the_checked_base_and_a_hit_equals_a_fresh_parse(cache_dir, monkeypatch):
    first = kbmod.load_kb()
    assert len(_entries(cache_dir)) == 1
    assert (os.stat(cache_dir).st_mode & 0o777) == 0o700
    kbmod._default.cache_clear()

    def no_yaml(*_a, **_k):
        raise AssertionError("the YAML was parsed although the cache holds it")

    monkeypatch.setattr(kbmod, "loads_yaml", no_yaml)
    monkeypatch.setattr(kbmod, "validate", no_yaml)
    second = kbmod.load_kb()
    monkeypatch.undo()
    fresh = _fresh()
    assert second.data == fresh.data == first.data
    assert list(second.data) == list(fresh.data)  # the same order of sections
    assert second.stamp() == fresh.stamp() == first.stamp()
    assert second.sha256 == fresh.sha256


def test_a_damaged_entry_is_ignored_and_replaced(cache_dir):
    kbmod.load_kb()
    (name,) = _entries(cache_dir)
    entry = cache_dir / kbmod._CACHE_KIND / name
    for damaged in (b"", b"{not json", b"[1, 2]", b'{"version": 1}'):
        entry.write_bytes(damaged)
        kbmod._default.cache_clear()
        assert kbmod.load_kb().data == _fresh().data
        assert entry.read_bytes() not in (b"", b"{not json", b"[1, 2]")


def test_a_folder_others_may_write_to_is_not_used(cache_dir):
    cache_dir.mkdir(mode=0o700)
    os.chmod(cache_dir, 0o777)
    assert blobcache.user_root() is None
    assert kbmod.load_kb().data == _fresh().data
    assert not (cache_dir / kbmod._CACHE_KIND).exists()


def test_a_symlinked_folder_is_not_used(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("PRECISE_CACHE_DIR", str(link))
    assert blobcache.user_root() is None
    blobcache.put("bundled-kb", "ab" * 32, b"x", user=True)
    assert list(real.iterdir()) == []


def test_where_the_user_cache_is(tmp_path, monkeypatch):
    monkeypatch.delenv("PRECISE_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert blobcache.user_root(create=True) == tmp_path / "xdg" / "precise"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")  # as the XDG spec says
    assert blobcache.user_root(create=True) == tmp_path / "home" / ".cache" / "precise"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "")
    assert blobcache.user_root(create=True) is None
