"""Integrity of stored case data: tampered, torn, planted or inconsistent files are refused with
exit 3 and what to do, never followed, never glued to, never an exit 5 or a false alarm."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from precisecli.store import audit
from precisecli.store.cases import CaseStore
from precisecli.store.workspace import Workspace

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001"
LIVER = DEMO / "genomics" / "liver_biopsy.vcf"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def case(cli, workspace) -> Path:
    assert cli("case", "new", "C1").exit_code == 0
    r = cli("variants", "import", "C1", LIVER, "--sample-id", "S1", "--build", "GRCh38")
    assert r.exit_code == 0, r.stderr
    return workspace / "C1"


def _one_line_exit_3(r, *words):
    assert r.exit_code == 3, (r.exit_code, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_case_json_naming_another_case_is_refused(cli, case, workspace):
    other = json.loads((case / "case.json").read_text())
    other["case_id"] = "C2"
    (case / "case.json").write_text(json.dumps(other))
    before = _tree(case)
    for args in (("case", "show", "C1"), ("report", "C1", "--html"), ("case", "validate", "C1")):
        _one_line_exit_3(cli(*args), "names another case", "case_id")
    assert _tree(case) == before
    assert not (workspace / "C2").exists()


def test_torn_audit_tail_refused_never_glued(cli, case):
    log = case / "audit.jsonl"
    log.write_bytes(log.read_bytes()[:-40])  # the last line loses its end
    before = _tree(case)
    r = cli("case", "new", "C9")  # another case is unaffected
    assert r.exit_code == 0
    r = cli("line", "start", "C1", "--regimen", "eve-h-nabp", "--date", "2024-03-01",
            "--chosen-by", "clinician", "--reason", "board")  # fmt: skip
    _one_line_exit_3(r, "audit log is broken", "torn", "restore")
    assert _tree(case) == before
    _one_line_exit_3(cli("case", "validate", "C1"), "audit log")


def test_edited_last_entry_refused_by_writers(cli, case):
    log = case / "audit.jsonl"
    lines = log.read_text().splitlines(keepends=True)
    last = json.loads(lines[-1])
    last["args"]["replace"] = True
    lines[-1] = json.dumps(last) + "\n"
    log.write_text("".join(lines))
    r = cli("variants", "import", "C1", LIVER, "--sample-id", "S2", "--build", "GRCh38")
    _one_line_exit_3(r, "audit log is broken", "edited")


def _rewrite_history(case: Path) -> None:
    """What someone with write access but no site key can do: edit an entry and recompute every
    hash and the head in case.json so the plain chain verifies."""
    log = case / "audit.jsonl"
    entries = [json.loads(x) for x in log.read_text().splitlines()]
    entries[0]["user"] = "someone-else"
    prev = audit.GENESIS
    for e in entries:
        e.pop("mac", None)
        e["prev"] = prev
        e["hash"] = audit.entry_hash(e)
        prev = e["hash"]
    log.write_text("".join(audit.serialise(e) for e in entries))
    record = json.loads((case / "case.json").read_text())
    record["audit"]["head"] = prev
    (case / "case.json").write_text(json.dumps(record, indent=2))


def test_site_key_makes_a_rewritten_history_fail_verify(cli, workspace, tmp_path, monkeypatch):
    key = tmp_path / "site.key"
    key.write_bytes(os.urandom(32))
    monkeypatch.setenv("PRECISE_AUDIT_KEY_FILE", str(key))
    assert cli("case", "new", "C1").exit_code == 0
    r = cli("variants", "import", "C1", LIVER, "--sample-id", "S1", "--build", "GRCh38")
    assert r.exit_code == 0
    entries = [json.loads(x) for x in (workspace / "C1" / "audit.jsonl").read_text().splitlines()]
    assert all(len(e["mac"]) == 64 for e in entries)
    # The MAC is HMAC-SHA256 over the entry hash, checked here with the standard library.
    import hmac

    assert entries[1]["mac"] == hmac.new(key.read_bytes(), entries[1]["hash"].encode(),
                                         hashlib.sha256).hexdigest()  # fmt: skip
    assert cli("case", "log", "C1", "--verify").exit_code == 0
    _rewrite_history(workspace / "C1")
    _one_line_exit_3(cli("case", "log", "C1", "--verify"), "no MAC")
    _one_line_exit_3(cli("case", "validate", "C1"), "audit log")
    # Without the key the consistent rewrite is undetectable by the chain alone, which is why
    # the head/anchor is also printed outside the case.
    monkeypatch.delenv("PRECISE_AUDIT_KEY_FILE")
    assert cli("case", "log", "C1", "--verify").exit_code == 0
    # A different key is told apart from a missing MAC.
    monkeypatch.setenv("PRECISE_AUDIT_KEY_FILE", str(key))
    other = tmp_path / "other.key"
    other.write_bytes(os.urandom(32))
    assert cli("case", "new", "C2").exit_code == 0
    monkeypatch.setenv("PRECISE_AUDIT_KEY_FILE", str(other))
    _one_line_exit_3(cli("case", "log", "C2", "--verify"), "another site key")


def test_short_key_file_refused(cli, workspace, tmp_path, monkeypatch):
    key = tmp_path / "site.key"
    key.write_bytes(b"short")
    monkeypatch.setenv("PRECISE_AUDIT_KEY_FILE", str(key))
    _one_line_exit_3(cli("case", "new", "C1"), "audit key")
    assert not (workspace / "C1").exists()


@pytest.mark.parametrize(
    "writes",
    [
        [[".tmp-abc", "../../escaped.txt"]],
        [[".tmp-abc", "/tmp/escaped.txt"]],
        [["../../../etc/passwd", "case.json"]],
        [[".tmp-abc", "variants/../../escaped.txt"]],
    ],
)
def test_planted_manifest_is_never_followed(cli, case, workspace, writes):
    txn = case / ".txn"
    txn.mkdir()
    (txn / ".tmp-abc").write_text("planted")
    (txn / "manifest.json").write_text(json.dumps({"writes": writes, "removals": []}))
    before = _tree(case)
    r = cli("variants", "import", "C1", LIVER, "--sample-id", "S2", "--build", "GRCh38")
    _one_line_exit_3(r, "journal", "remove that folder")
    assert _tree(case) == before
    assert (
        not (workspace / "escaped.txt").exists() and not (workspace.parent / "escaped.txt").exists()
    )
    _one_line_exit_3(cli("case", "validate", "C1"), "journal")
    # Removing the journal, as the message says, makes the case usable again.
    import shutil

    shutil.rmtree(txn)
    assert cli("case", "validate", "C1").exit_code == 0


def test_corrupt_manifest_is_exit_3_not_5(cli, case):
    (case / ".txn").mkdir()
    (case / ".txn" / "manifest.json").write_text("{not json")
    _one_line_exit_3(cli("case", "show", "C1"), "journal", "not valid JSON")
    _one_line_exit_3(cli("group", "C1"), "journal")


def test_symlinked_case_subfolder_refused(cli, case, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    real = case / "variants"
    for f in real.iterdir():
        (outside / f.name).write_bytes(f.read_bytes())
    import shutil

    shutil.rmtree(real)
    real.symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    r = cli("variants", "import", "C1", LIVER, "--sample-id", "S2", "--build", "GRCh38")
    _one_line_exit_3(r, "symbolic link", "C1/variants")
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    _one_line_exit_3(cli("case", "validate", "C1"), "symbolic link")
    _one_line_exit_3(cli("variants", "show", "C1"), "symbolic link")


def test_fifo_as_case_json_does_not_hang(cli, case):
    os.unlink(case / "case.json")
    os.mkfifo(case / "case.json")
    r = cli("case", "validate", "C1")
    assert r.exit_code == 3, r.stderr  # refused at once, never blocks on the FIFO


def test_corrupt_table_reported_by_validate_and_writers(cli, case):
    table = case / "variants" / "S1.tsv"
    lines = table.read_text().splitlines(keepends=True)
    cols = lines[1].split("\t")
    cols[1] = "not-a-number"
    lines[1] = "\t".join(cols)
    table.write_text("".join(lines))
    _one_line_exit_3(cli("case", "validate", "C1"), "C1/variants/S1.tsv", "line 2", "'pos'")
    before = _tree(case)
    _one_line_exit_3(cli("group", "C1"), "S1.tsv")  # a writer: exit 3 naming the file, not 5
    assert _tree(case) == before


def test_truncated_table_and_missing_table(cli, case):
    table = case / "variants" / "S1.tsv"
    text = table.read_text()
    table.write_text(text[: len(text) // 2].rsplit("\t", 3)[0])
    _one_line_exit_3(cli("case", "validate", "C1"), "S1.tsv", "fields")
    table.unlink()
    _one_line_exit_3(cli("case", "validate", "C1"), "S1.tsv", "missing")


def test_orphan_table_reported(cli, case):
    (case / "variants" / "GHOST.tsv").write_text("x\n")
    _one_line_exit_3(cli("case", "validate", "C1"), "GHOST.tsv", "does not know")


def test_corrupt_stored_document_reported(cli, workspace):
    assert cli("case", "new", "C1").exit_code == 0
    r = cli("pdo", "load", "C1", DEMO / "pdo" / "pdo_plate1_envision.csv",
            "--layout", DEMO / "pdo" / "pdo_layout.csv", "--screen", "P1")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    qc = workspace / "C1" / "pdo" / "P1" / "qc.json"
    doc = json.loads(qc.read_text())
    doc["plates"] = "nonsense"
    qc.write_text(json.dumps(doc))
    _one_line_exit_3(cli("case", "validate", "C1"), "qc.json", "plates")


def test_stale_journal_and_scratch_swept_without_alarm(cli, case):
    """A writer killed before its commit point leaves a journal without manifest, temp files and
    a scratch folder: readers and validate finish the cleanup and raise no alarm."""
    (case / ".txn").mkdir()
    (case / ".txn" / ".tmp-x1").write_text("half")
    (case / ".scratch-dead").mkdir()
    (case / ".scratch-dead" / "big.tsv").write_text("x")
    (case / "variants" / ".tmp-y2").write_text("stale")
    r = cli("case", "validate", "C1")
    assert r.exit_code == 0, r.stderr
    assert not (case / ".txn").exists()
    assert not (case / ".scratch-dead").exists()
    assert not (case / "variants" / ".tmp-y2").exists()


def test_committed_journal_is_rolled_forward_by_a_reader(cli, case, workspace):
    """A writer killed after its commit point, with the report files already renamed but
    case.json and the audit log not yet: validate finishes the change (no false tamper alarm),
    and the report files end up with their audit entry."""
    st = CaseStore(Workspace(workspace))
    import precisecli.store.cases as cases

    real = cases.apply_plan

    def stop_after_reports(case_dir, plan):
        partial = {
            "writes": [w for w in plan["writes"] if w[1].startswith("reports/")],
            "removals": [],
        }
        real(case_dir, partial)
        raise KeyboardInterrupt  # stands for the kill: the journal stays behind

    cases.apply_plan = stop_after_reports
    try:
        with pytest.raises(KeyboardInterrupt), st.update("C1", command="report") as txn:
            txn.write_bytes("reports/C1_x_report.html", b"<html></html>")
    finally:
        cases.apply_plan = real
    assert (case / "reports" / "C1_x_report.html").exists()
    assert (case / ".txn" / "manifest.json").exists()
    r = cli("case", "validate", "C1")
    assert r.exit_code == 0, r.stderr
    assert not (case / ".txn").exists()
    lines = (case / "audit.jsonl").read_text().splitlines()
    assert json.loads(lines[-1])["command"] == "report"
    assert cli("case", "log", "C1", "--verify").exit_code == 0
