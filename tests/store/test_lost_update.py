"""Lost updates: a decision taken on a record read before the case lock must be taken again
under it. Each test makes the race happen deterministically: the competing command runs to its
end just before the first one takes the exclusive lock (the widest possible window)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from precisecli.store.cases import CaseStore
from precisecli.store.lock import CaseLock

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001"
LIVER = DEMO / "genomics" / "liver_biopsy.vcf"
AXILLA = DEMO / "genomics" / "axilla_biopsy.vcf"


def _race(monkeypatch, competitor):
    """Run competitor() once, right before the next CaseStore.update takes the lock."""
    real = CaseStore.update
    state = {"done": False}

    def update(self, case_id, **kw):
        if not state["done"]:
            state["done"] = True
            competitor()
        return real(self, case_id, **kw)

    monkeypatch.setattr(CaseStore, "update", update)


def _import(cli, path, *extra):
    return cli("variants", "import", "C1", path, "--sample-id", "S1", "--build", "GRCh38", *extra)


def test_two_imports_into_one_new_sample_one_refused(cli, workspace, monkeypatch):
    assert cli("case", "new", "C1").exit_code == 0
    results = {}
    _race(monkeypatch, lambda: results.setdefault("first", _import(cli, AXILLA)))
    late = _import(cli, LIVER)
    assert results["first"].exit_code == 0, results["first"].stderr
    assert late.exit_code == 3, late.stderr
    assert "already has variants" in late.stderr and "--replace" in late.stderr
    shown = cli("variants", "show", "C1", "--json").json()
    assert cli("case", "validate", "C1").exit_code == 0
    # The sample holds the file that won, not a silent replacement by the loser.
    from precisecli.store.cases import CaseStore as Store
    from precisecli.store.workspace import Workspace

    rec = Store(Workspace(workspace)).load("C1")
    assert rec["genomics"]["samples"]["S1"]["variants"]["file"] == AXILLA.name
    assert rec["audit"]["entries"] == 2
    assert shown  # the case is readable


def test_same_file_twice_concurrently_is_one_import(cli, workspace, monkeypatch):
    assert cli("case", "new", "C1").exit_code == 0
    results = {}
    _race(monkeypatch, lambda: results.setdefault("first", _import(cli, LIVER, "--json")))
    late = _import(cli, LIVER, "--json")
    assert results["first"].exit_code == 0 and late.exit_code == 0
    assert {results["first"].json()["status"], late.json()["status"]} == {"imported", "unchanged"}
    from precisecli.store.cases import CaseStore as Store
    from precisecli.store.workspace import Workspace

    assert Store(Workspace(workspace)).load("C1")["audit"]["entries"] == 2


def test_concurrent_cna_imports_one_refused(cli, workspace, monkeypatch, tmp_path):
    assert cli("case", "new", "C1").exit_code == 0
    a = tmp_path / "a.tsv"
    b = tmp_path / "b.tsv"
    a.write_text("gene\tcopy_number\nERBB2\t12\n")
    b.write_text("gene\tcopy_number\nERBB2\t3\n")

    def cna(path):
        return cli("cna", "import", "C1", path, "--sample-id", "S1", "--build", "GRCh38")

    results = {}
    _race(monkeypatch, lambda: results.setdefault("first", cna(a)))
    late = cna(b)
    assert results["first"].exit_code == 0, results["first"].stderr
    assert late.exit_code == 3 and "--replace" in late.stderr, late.stderr


def test_concurrent_line_starts_one_refused(cli, workspace, monkeypatch):
    assert cli("case", "new", "C1").exit_code == 0

    def start():
        return cli(
            "line", "start", "C1", "--regimen", "eve-h-nabp", "--date", "2024-03-01",
            "--chosen-by", "clinician", "--reason", "tumour board",
        )  # fmt: skip

    results = {}
    _race(monkeypatch, lambda: results.setdefault("first", start()))
    late = start()
    assert results["first"].exit_code == 0, results["first"].stderr
    assert late.exit_code == 3, late.stderr


WRITER = """
import sys
from precisecli.cli.main import run
sys.exit(run(sys.argv[1:]))
"""


@pytest.mark.slow
def test_real_processes_race_on_a_new_sample(tmp_path):
    """The same race between two real processes: both read the case while a third process holds
    the lock, so both pass the early check; under the lock exactly one may win."""
    import os

    ws = tmp_path / "ws"
    env = {**os.environ, "PRECISE_WORKSPACE": str(ws), "PRECISE_LOCK_TIMEOUT": "60"}
    run = [sys.executable, "-c", WRITER]
    assert subprocess.run([*run, "case", "new", "C1"], env=env).returncode == 0
    with CaseLock(ws / "C1", "C1", exclusive=True):
        procs = [
            subprocess.Popen(
                [
                    *run,
                    "variants",
                    "import",
                    "C1",
                    str(p),
                    "--sample-id",
                    "S1",
                    "--build",
                    "GRCh38",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for p in (LIVER, AXILLA)
        ]
        time.sleep(1.5)  # both start and wait for the lock
    codes = sorted(p.wait(timeout=120) for p in procs)
    errors = [p.stderr.read() for p in procs]
    assert codes == [0, 3], errors
    assert any("already has variants" in e for e in errors)
