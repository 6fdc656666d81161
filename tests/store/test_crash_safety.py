"""A writer killed at any moment never leaves an unreadable case; concurrent writers lose none."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from precisecli.store.cases import CaseStore, read_case_json
from precisecli.store.workspace import Workspace

WRITER = textwrap.dedent(
    """
    import sys
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace
    store = CaseStore(Workspace.locate(sys.argv[1]))
    blob = "x" * int(sys.argv[3])
    for i in range(int(sys.argv[2])):
        with store.update("C1", command="test write", args={"i": i}) as txn:
            counter = int(txn.record["intake"].get("notes", "0")) + 1
            txn.record["intake"]["notes"] = str(counter)
            txn.write_text("blobs/a.txt", blob + str(counter))
            txn.write_text("blobs/b.txt", str(counter) + blob)
    """
)


def make_case(root) -> CaseStore:
    store = CaseStore(Workspace(root))
    store.create("C1", {"notes": "0"}, args={}, inputs=[])
    return store


def spawn(root, n, size):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), str(n), str(size)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkill_mid_write_never_corrupts(tmp_path):
    root = tmp_path / "ws"
    store = make_case(root)
    rng = random.Random(1234)
    kills = 0
    for _ in range(24):
        proc = spawn(root, 10_000, 300_000)
        time.sleep(0.25 + rng.random() * 0.4)  # interpreter start-up is ~0.2 s
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        # A reader at any moment sees a complete, valid record.
        record = read_case_json(root / "C1")
        assert record["case_id"] == "C1"
        # The next writer finishes or discards the interrupted transaction...
        with store.update("C1", command="after kill") as txn:
            txn.record["intake"]["notes"] = txn.record["intake"]["notes"]
        # ...and afterwards the files agree with the record and the audit chain holds.
        result = store.verify_audit("C1")
        assert result.ok, result.problem
        record = read_case_json(root / "C1")
        writes = int(record["intake"]["notes"])
        if writes:
            a = (root / "C1" / "blobs" / "a.txt").read_text()
            assert a.endswith(str(writes))  # the blob of the last committed write
            b = (root / "C1" / "blobs" / "b.txt").read_text()
            assert b.startswith(str(writes))
        assert not list((root / "C1").glob(".tmp-*"))
        assert not (root / "C1" / ".txn").exists()
    assert kills >= 20


def test_two_concurrent_writers_lose_no_update(tmp_path):
    root = tmp_path / "ws"
    store = make_case(root)
    procs = [spawn(root, 40, 1000) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    record = store.load("C1")
    assert record["intake"]["notes"] == "80"
    assert record["audit"]["entries"] == 81
    assert store.verify_audit("C1").ok


def test_failed_command_leaves_case_byte_identical(tmp_path):
    root = tmp_path / "ws"
    store = make_case(root)
    before = {p.name: p.read_bytes() for p in (root / "C1").iterdir() if p.is_file()}
    with pytest.raises(ValueError):
        with store.update("C1", command="doomed") as txn:
            txn.record["intake"]["notes"] = "changed"
            txn.write_text("variants/S1.tsv", "data")
            raise ValueError("parse error half-way")
    after = {p.name: p.read_bytes() for p in (root / "C1").iterdir() if p.is_file()}
    assert after == before
    assert not (root / "C1" / "variants").exists()


def test_disk_error_during_staging_leaves_case_intact(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    store = make_case(root)
    before = (root / "C1" / "case.json").read_bytes()
    import precisecli.store.cases as cases

    real = cases.write_temp
    calls = {"n": 0}

    def failing(directory, data):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(directory, data)

    monkeypatch.setattr(cases, "write_temp", failing)
    from precisecli.errors import StorageError

    with pytest.raises(StorageError, match="disk is full"):
        with store.update("C1", command="x") as txn:
            txn.record["intake"]["notes"] = "1"
            txn.write_text("a.txt", "a")
    assert (root / "C1" / "case.json").read_bytes() == before
    assert not (root / "C1" / ".txn").exists()


def test_busy_case_exits_4(tmp_path, cli, workspace, monkeypatch):
    assert cli("case", "new", "C1").exit_code == 0
    from precisecli.store.lock import CaseLock

    monkeypatch.setenv("PRECISE_LOCK_TIMEOUT", "0.2")
    with CaseLock(workspace / "C1", "C1", exclusive=True):
        r = cli("case", "show", "C1")
    assert r.exit_code == 4 and "busy" in r.stderr


def test_audit_tampering_detected(cli, workspace, sample_case_dir):
    cli("case", "new", "C1", "--intake", sample_case_dir / "intake.yaml")
    store = CaseStore(Workspace(workspace))
    for i in range(3):
        with store.update("C1", command="edit", args={"i": i}) as txn:
            txn.record["intake"]["notes"] = f"note {i}"
    log = workspace / "C1" / "audit.jsonl"
    pristine = log.read_text()
    assert cli("case", "log", "C1", "--verify").exit_code == 0
    lines = pristine.splitlines(keepends=True)

    edited = json.loads(lines[1])
    edited["args"] = {"i": 99}
    variants = {
        "edited": [lines[0], json.dumps(edited) + "\n", *lines[2:]],
        "deleted middle": [lines[0], *lines[2:]],
        "reordered": [lines[0], lines[2], lines[1], lines[3]],
        "deleted last": lines[:-1],
    }
    for label, content in variants.items():
        log.write_text("".join(content))
        r = cli("case", "log", "C1", "--verify")
        assert r.exit_code == 3, label
        assert "audit log" in r.stderr, label
    log.write_text(pristine)
    assert cli("case", "validate", "C1").exit_code == 0
    assert os.stat(log).st_size == len(pristine.encode())
