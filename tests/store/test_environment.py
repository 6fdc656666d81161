"""Environment faults are exit 3 with what to do, never exit 5, and never leave half a change.

Tests run as root in CI, and root ignores permission bits, so "permission denied" and
"read-only" are produced by raising the errno the kernel would give from the exact call that
would fail (monkeypatch). Where the machine allows mounting, a real 256 KiB tmpfs gives a real
ENOSPC and a real read-only (EROFS) file system; those tests are skipped elsewhere.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001"
LIVER = DEMO / "genomics" / "liver_biopsy.vcf"
AXILLA = DEMO / "genomics" / "axilla_biopsy.vcf"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _one_line_exit_3(r, *words):
    assert r.exit_code == 3, (r.exit_code, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert "internal error" not in lines[0]
    for w in words:
        assert w in lines[0], lines[0]


def _import(cli, path=LIVER, sample="S1"):
    return cli("variants", "import", "C1", path, "--sample-id", sample, "--build", "GRCh38")


def _fail_fsync(monkeypatch, code, after=0):
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code))
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("after", [0, 1, 3])
def test_disk_full_during_import(cli, workspace, monkeypatch, after):
    assert cli("case", "new", "C1").exit_code == 0
    before = _tree(workspace / "C1")
    _fail_fsync(monkeypatch, errno.ENOSPC, after)
    r = _import(cli)
    monkeypatch.undo()
    _one_line_exit_3(r, "disk is full", "free some space", "nothing was changed")
    assert _tree(workspace / "C1") == before
    assert not [p for p in (workspace / "C1").iterdir() if p.name.startswith((".txn", ".scratch"))]


def test_disk_full_during_report(cli, workspace, monkeypatch):
    assert cli("case", "new", "C1").exit_code == 0
    before = _tree(workspace / "C1")
    real_fsync = os.fsync
    import precisecli.store.cases as cases

    real_commit = cases.CaseStore._commit

    def commit(self, txn, key):  # the disk fills while the report is being filed
        monkeypatch.setattr(os, "fsync", _raiser(errno.ENOSPC))
        try:
            return real_commit(self, txn, key)
        finally:
            monkeypatch.setattr(os, "fsync", real_fsync)

    monkeypatch.setattr(cases.CaseStore, "_commit", commit)
    _one_line_exit_3(cli("report", "C1", "--html"), "disk is full")
    assert _tree(workspace / "C1") == before
    assert not (workspace / "C1" / "reports").exists()


def _raiser(code):
    def fail(*a, **k):
        raise OSError(code, os.strerror(code))

    return fail


def test_read_only_case_folder(cli, workspace, monkeypatch):
    """A read-only case: the lock opens (it exists), the journal folder cannot be created."""
    assert cli("case", "new", "C1").exit_code == 0
    before = _tree(workspace / "C1")
    real_mkdir = Path.mkdir

    def mkdir(self, *a, **k):
        if self.name == ".txn":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_mkdir(self, *a, **k)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    _one_line_exit_3(_import(cli), "read-only", "writable workspace")
    monkeypatch.undo()
    assert _tree(workspace / "C1") == before


def test_permission_denied_on_lock_and_case_json(cli, workspace, monkeypatch):
    assert cli("case", "new", "C1").exit_code == 0
    real_open = os.open

    def guarded(target):
        def fake(path, flags, *a, **k):
            if os.path.basename(str(path)) == target:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, flags, *a, **k)

        return fake

    monkeypatch.setattr(os, "open", guarded(".lock"))
    _one_line_exit_3(cli("case", "show", "C1"), "permission denied", "C1/.lock")
    _one_line_exit_3(_import(cli), "permission denied")
    monkeypatch.setattr(os, "open", guarded("case.json"))
    _one_line_exit_3(cli("case", "show", "C1"), "permission denied", "C1/case.json")
    _one_line_exit_3(cli("case", "validate", "C1"), "permission denied")


def test_lock_that_is_a_folder(cli, workspace):
    assert cli("case", "new", "C1").exit_code == 0
    os.unlink(workspace / "C1" / ".lock")
    os.mkdir(workspace / "C1" / ".lock")
    _one_line_exit_3(cli("case", "show", "C1"), "folder stands where a file is expected")


def test_bad_workspace_paths(cli, tmp_path, monkeypatch):
    dangling = tmp_path / "ws-link"
    dangling.symlink_to(tmp_path / "nowhere")
    monkeypatch.setenv("PRECISE_WORKSPACE", str(dangling))
    _one_line_exit_3(cli("case", "new", "C1"), "symbolic link to nothing")
    _one_line_exit_3(cli("case", "show", "C1"), "symbolic link to nothing")
    monkeypatch.setenv("PRECISE_WORKSPACE", "/proc/self")
    _one_line_exit_3(cli("case", "new", "C1"), "/proc")
    _one_line_exit_3(cli("case", "show", "C1"), "/proc")
    afile = tmp_path / "afile"
    afile.write_text("x")
    monkeypatch.setenv("PRECISE_WORKSPACE", str(afile))
    _one_line_exit_3(cli("case", "new", "C1"), "not a folder")
    monkeypatch.setenv("PRECISE_WORKSPACE", str(afile / "below"))
    r = cli("case", "new", "C1")
    _one_line_exit_3(r, "not a folder")


def test_out_naming_an_existing_file(cli, workspace, tmp_path):
    assert cli("case", "new", "C1").exit_code == 0
    before = _tree(workspace / "C1")
    target = tmp_path / "report.pdf"
    target.write_bytes(b"keep me")
    _one_line_exit_3(cli("report", "C1", "--html", "--out", target), "existing file", "--out")
    assert target.read_bytes() == b"keep me"
    assert _tree(workspace / "C1") == before  # refused before anything was filed
    _one_line_exit_3(cli("report", "C1", "--out", target / "sub"), "below a file")
    _one_line_exit_3(cli("report", "C1", "--out", "/proc/self/x"), "/proc")
    _one_line_exit_3(cli("cohort", "summary", "--out", target), "existing file")
    _one_line_exit_3(cli("demo", "--out", target), "existing file")


def test_deep_nesting_is_a_located_refusal_not_a_crash(cli, workspace, tmp_path):
    deep = tmp_path / "intake.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    r = cli("case", "new", "C1", "--intake", deep)
    assert r.exit_code == 3, r.stderr
    assert "intake.json" in r.stderr
    assert "internal error" not in r.stderr and len(r.stderr.splitlines()) == 1
    assert not (workspace / "C1").exists()


def test_recursion_in_our_own_code_stays_an_internal_error(cli, workspace, monkeypatch):
    import precisecli.store.cases as cases

    def recurse(*a, **k):
        return recurse(*a, **k)

    monkeypatch.setattr(cases.CaseStore, "create", recurse)
    r = cli("case", "new", "C1")
    assert r.exit_code == 5 and "internal error (RecursionError)" in r.stderr


def test_other_os_errors_are_not_masked(cli, workspace, monkeypatch):
    import precisecli.store.cases as cases

    def bug(*a, **k):
        raise FileNotFoundError(errno.ENOENT, "No such file", "/some/bug")

    monkeypatch.setattr(cases.CaseStore, "create", bug)
    assert cli("case", "new", "C1").exit_code == 5


# --- real file systems (skipped where mounting is not allowed) ----------------------------------
@contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
    )
    if proc.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_real_disk_full_and_read_only(cli, tmp_path, monkeypatch):
    with _tmpfs(tmp_path / "small", "256k") as ws:
        monkeypatch.setenv("PRECISE_WORKSPACE", str(ws))
        assert cli("case", "new", "C1").exit_code == 0
        assert _import(cli).exit_code == 0
        # Fill the disk but for a few KiB: the next import's table cannot be written.
        fd = os.open(ws / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        os.truncate(ws / "filler", max(0, os.path.getsize(ws / "filler") - 16 * 1024))
        before = _tree(ws / "C1")
        _one_line_exit_3(_import(cli, AXILLA, "S2"), "disk is full")
        assert _tree(ws / "C1") == before
        _one_line_exit_3(cli("report", "C1", "--html"), "disk is full")
        assert _tree(ws / "C1") == before
        assert cli("case", "validate", "C1").exit_code == 0
        (ws / "filler").unlink()
        proc = subprocess.run(["mount", "-o", "remount,ro", str(ws)], capture_output=True)
        if proc.returncode != 0:
            pytest.skip("cannot remount read-only here")
        _one_line_exit_3(_import(cli, AXILLA, "S2"), "read-only")
        _one_line_exit_3(cli("case", "new", "C2"), "read-only")
        assert _tree(ws / "C1") == before
        assert json.loads((ws / "C1" / "case.json").read_text())["audit"]["entries"] == 2
