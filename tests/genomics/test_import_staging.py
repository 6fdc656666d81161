"""The variants table is staged in a scratch folder inside the case and renamed (not copied) into
place at commit; scratch folders of killed imports are swept, live ones are left alone."""

from __future__ import annotations

import os

from precisecli.store.cases import CaseStore
from precisecli.store.workspace import Workspace
from tests.genomics.conftest import GDATA


def test_commit_renames_a_moved_file(case, workspace):
    store = CaseStore(Workspace(workspace))
    with store.scratch("C1") as scratch:
        assert scratch.parent == case and scratch.name.startswith(".scratch-")
        table = scratch / "t.tsv"
        table.write_text("a\tb\n1\t2\n")
        inode = table.stat().st_ino
        with store.update("C1", command="test move") as txn:
            txn.record["intake"]["notes"] = "moved"
            txn.write_file("variants/T.tsv", table, move=True)
        assert not table.exists()  # handed over to the case
    target = case / "variants" / "T.tsv"
    assert target.read_text() == "a\tb\n1\t2\n"
    assert target.stat().st_ino == inode  # the same file: renamed, not copied
    assert not list(case.glob(".scratch-*")) and not (case / ".txn").exists()
    assert store.verify_audit("C1").ok


def test_stale_scratch_swept_live_scratch_kept(case, workspace):
    store = CaseStore(Workspace(workspace))
    stale = case / ".scratch-killed"  # what a SIGKILL-ed import leaves: nobody holds its lock
    stale.mkdir()
    (stale / "variants.tsv").write_text("partial")
    with store.scratch("C1") as live:
        (live / "variants.tsv").write_text("in progress")
        with store.update("C1", command="another writer") as txn:
            txn.record["intake"]["notes"] = "x"
        assert not stale.exists()
        assert (live / "variants.tsv").read_text() == "in progress"
    assert not live.exists()


def test_import_leaves_no_scratch(cli, case):
    r = cli("variants", "import", "C1", GDATA / "vcf2maf_test_mutect.vcf", "--sample-id", "M1")
    assert r.exit_code == 0, r.stderr
    assert (case / "variants" / "M1.tsv").is_file()
    assert sorted(p.name for p in case.iterdir() if p.name.startswith(".")) == [".lock"]
    assert os.listdir(case / "variants") == ["M1.tsv"]
