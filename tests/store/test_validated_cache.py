"""The cache of validated documents skips only exact bytes that already passed, and never turns a
bad document into a good one."""

from __future__ import annotations

import json
import os

import pytest

from precisecli.store import schema, validated

CASE = "C1"


@pytest.fixture
def counted(monkeypatch):
    """Count full validations (calls of schema_errors through validate)."""
    calls = []
    real = schema.schema_errors

    def counting(data, name):
        calls.append(name)
        return real(data, name)

    monkeypatch.setattr(schema, "schema_errors", counting)
    return calls


def _forget_process_memory():
    """What a new process starts with: nothing in memory, only the workspace file."""
    validated._SEEN.clear()
    validated._LOADED.clear()


def test_unchanged_case_is_validated_once_across_processes(cli, workspace, counted):
    assert cli("case", "new", CASE).exit_code == 0
    assert (workspace / validated.CACHE_DIR / validated.CACHE_FILE).is_file()
    mode = (workspace / validated.CACHE_DIR / validated.CACHE_FILE).stat().st_mode & 0o777
    assert mode == 0o600
    _forget_process_memory()
    counted.clear()
    first = cli("case", "show", CASE, "--json")
    assert first.exit_code == 0
    # the record was remembered at commit: only the --json output is validated in full
    assert counted == ["cli/case-show.schema.json"]
    _forget_process_memory()
    counted.clear()
    again = cli("case", "show", CASE, "--json")
    assert again.stdout == first.stdout
    assert counted == []


def test_changed_bytes_are_validated_and_refused(cli, workspace, counted):
    assert cli("case", "new", CASE).exit_code == 0
    path = workspace / CASE / "case.json"
    record = json.loads(path.read_text())
    record["schema_version"] = "one"  # wrong type: the schema refuses it
    path.write_text(json.dumps(record, indent=2) + "\n")
    _forget_process_memory()
    r = cli("case", "show", CASE, "--json")
    assert r.exit_code == 3, r.stderr
    assert "case.json" in r.stderr
    assert "case.schema.json" in counted


def test_a_changed_schema_set_invalidates_every_entry(cli, workspace, counted, monkeypatch):
    assert cli("case", "new", CASE).exit_code == 0
    _forget_process_memory()
    monkeypatch.setattr(validated, "_KEY", ["another schema set"])
    counted.clear()
    assert cli("case", "show", CASE, "--json").exit_code == 0
    assert "case.schema.json" in counted


def test_key_covers_every_schema_file_and_the_version():
    key = validated.schema_set_key()
    assert len(key) == 64
    validated._KEY.clear()
    try:
        assert validated.schema_set_key() == key  # deterministic
    finally:
        validated._KEY[:] = [key]


def test_only_plain_json_objects_count_for_their_bytes():
    assert validated.plain_json({"a": [1, 2.5, None, True, "x"]})
    assert not validated.plain_json({"a": (1, 2)})  # a tuple is not a JSON array to jsonschema
    assert not validated.plain_json({1: "x"})  # int keys become strings
    assert not validated.plain_json({"a": float("nan")})


def test_tuple_document_is_validated_in_full(workspace, counted, monkeypatch):
    validated.use_workspace(None)
    text = '{\n  "a": [\n    1\n  ]\n}\n'
    monkeypatch.setattr(schema, "_validator", lambda name: _AcceptAll())
    schema.validate({"a": (1,)}, "x.schema.json", written=text)
    schema.validate({"a": (1,)}, "x.schema.json", written=text)
    assert counted == ["x.schema.json", "x.schema.json"]
    schema.validate({"a": [1]}, "x.schema.json", written=text)
    schema.validate({"a": [1]}, "x.schema.json", written=text)
    assert len(counted) == 3


class _AcceptAll:
    def iter_errors(self, data):
        return iter(())


def test_no_workspace_is_created_for_the_cache(tmp_path):
    validated.use_workspace(tmp_path / "absent")
    validated.remember("x.schema.json", b"{}")
    assert not (tmp_path / "absent").exists()


def test_unwritable_or_damaged_cache_is_ignored(tmp_path):
    root = tmp_path / "ws"
    (root / validated.CACHE_DIR).mkdir(parents=True)
    path = root / validated.CACHE_DIR / validated.CACHE_FILE
    path.write_bytes(b"garbage\n\xff\xfe" + b"0" * 63 + b"\n")  # torn or foreign lines
    _forget_process_memory()
    validated.use_workspace(root)
    assert not validated.known("x.schema.json", b"{}")
    os.chmod(path, 0o400)
    os.chmod(root / validated.CACHE_DIR, 0o500)
    try:
        validated.remember("x.schema.json", b"{}")  # cannot write: no error
    finally:
        os.chmod(root / validated.CACHE_DIR, 0o700)
    assert validated.known("x.schema.json", b"{}")  # still known in this process


def test_long_cache_is_compacted(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    root.mkdir()
    monkeypatch.setattr(validated, "_MAX_LINES", 10)
    _forget_process_memory()
    validated.use_workspace(root)
    for i in range(25):
        validated.remember("x.schema.json", str(i).encode())
    lines = (root / validated.CACHE_DIR / validated.CACHE_FILE).read_text().split()
    assert 5 <= len(lines) <= 11
    _forget_process_memory()
    assert validated.known("x.schema.json", b"24")  # the newest entries are kept


def test_case_delete_leaves_no_digest_behind(cli, workspace):
    assert cli("case", "new", CASE).exit_code == 0
    assert (workspace / validated.CACHE_DIR).is_dir()
    assert cli("case", "delete", CASE, "--yes").exit_code == 0
    assert list(workspace.iterdir()) == []


def test_case_delete_removes_the_derived_files_too(cli, workspace):
    """The report's CJK font subsets say which characters a patient's notes use: they go with
    the case (the whole private cache folder is removed)."""
    from precisecli.store import blobcache

    assert cli("case", "new", CASE).exit_code == 0
    blobcache.put("fonts", "ab" * 32, b"\x00\x01\x00\x00subset")
    assert blobcache.get("fonts", "ab" * 32) == b"\x00\x01\x00\x00subset"
    assert cli("case", "delete", CASE, "--yes").exit_code == 0
    assert list(workspace.iterdir()) == []
    blobcache.put("fonts", "cd" * 32, b"written after the delete")  # by the deleting process
    assert list(workspace.iterdir()) == []


def test_blobcache_keeps_the_newest_entries(workspace, monkeypatch):
    from precisecli.store import blobcache

    workspace.mkdir()
    monkeypatch.setattr(validated, "_ROOT", [workspace])
    monkeypatch.setattr(blobcache, "MAX_ENTRIES", 3)
    keys = [f"{i:064x}" for i in range(5)]
    for i, key in enumerate(keys):
        blobcache.put("fonts", key, str(i).encode())
        os.utime(workspace / validated.CACHE_DIR / "fonts" / key, ns=(i * 10**9, i * 10**9))
    assert [blobcache.get("fonts", k) for k in keys] == [None, None, b"2", b"3", b"4"]
    assert blobcache.get("fonts", "../validated") is None  # keys are digests, nothing else


def _check_counter(monkeypatch) -> list[str]:
    """Every metaschema check (jsonschema's check_schema) this process makes, by $id."""
    from jsonschema import Draft202012Validator

    checked: list[str] = []
    real = Draft202012Validator.check_schema.__func__

    def counting(cls, doc, *args, **kwargs):
        checked.append(doc.get("$id", "?"))
        return real(cls, doc, *args, **kwargs)

    monkeypatch.setattr(Draft202012Validator, "check_schema", classmethod(counting))
    return checked


def test_the_installed_schemas_are_checked_once_per_user(tmp_path, monkeypatch):
    monkeypatch.setenv("PRECISE_CACHE_DIR", str(tmp_path / "user-cache"))
    checked = _check_counter(monkeypatch)
    schema.installed_schemas_checked.cache_clear()
    try:
        assert schema.installed_schemas_checked() is True
        n = len(list(schema.resource_dir("schemas").rglob("*.schema.json")))
        assert len(checked) == n >= 10  # every installed schema, once
        entries = list((tmp_path / "user-cache" / "schema-check").iterdir())
        assert len(entries) == 1 and entries[0].read_bytes() == b"ok\n"
        # another process (the in-process memory forgotten): a hit, no check at all
        schema.installed_schemas_checked.cache_clear()
        checked.clear()
        assert schema.installed_schemas_checked() is True
        assert checked == []
        # a damaged entry is not taken: checked again and rewritten
        entries[0].write_bytes(b"no\n")
        schema.installed_schemas_checked.cache_clear()
        assert schema.installed_schemas_checked() is True
        assert len(checked) == n and entries[0].read_bytes() == b"ok\n"
    finally:
        schema.installed_schemas_checked.cache_clear()


def test_a_schema_failing_the_metaschema_is_never_recorded(tmp_path, monkeypatch):
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    monkeypatch.setenv("PRECISE_CACHE_DIR", str(tmp_path / "user-cache"))
    real = Draft202012Validator.check_schema.__func__

    def failing(cls, doc, *args, **kwargs):
        if doc.get("$id", "").endswith("case.schema.json"):
            raise SchemaError("broken")
        return real(cls, doc, *args, **kwargs)

    monkeypatch.setattr(Draft202012Validator, "check_schema", classmethod(failing))
    schema.installed_schemas_checked.cache_clear()
    schema._validator.cache_clear()
    monkeypatch.setattr(validated, "_SEEN", set())
    try:
        assert schema.installed_schemas_checked() is False
        assert not (tmp_path / "user-cache" / "schema-check").exists() or not any(
            (tmp_path / "user-cache" / "schema-check").iterdir()
        )
        with pytest.raises(SchemaError):  # the schema is checked when used, and fails
            schema._validator("case.schema.json")
    finally:
        schema.installed_schemas_checked.cache_clear()
        schema._validator.cache_clear()


def test_no_user_cache_folder_means_each_schema_is_checked_when_used(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)  # a symlink is not a cache folder precise uses
    monkeypatch.setenv("PRECISE_CACHE_DIR", str(tmp_path / "link"))
    checked = _check_counter(monkeypatch)
    schema.installed_schemas_checked.cache_clear()
    try:
        assert schema.installed_schemas_checked() is False
        assert checked == [] and not any(target.iterdir())
    finally:
        schema.installed_schemas_checked.cache_clear()
