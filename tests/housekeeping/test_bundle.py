"""`case export` / `case delete` / `case import`: round trip, determinism and hostile bundles."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile

import pytest

from tests.conftest import REPO
from tests.housekeeping.conftest import tree_digest

CASE = "DEMO-001"


def members(bundle) -> dict[str, bytes]:
    with tarfile.open(bundle, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isreg()}


def write_bundle(path, files: dict[str, bytes], extra=()) -> None:
    """A bundle from member bytes (as export writes them) plus extra raw TarInfo members."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info, data in extra:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)


def with_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute the manifest's sums so that only the targeted check can catch the change."""
    manifest = json.loads(files["MANIFEST.json"])
    manifest["files"] = [
        {"path": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
        for n, d in sorted(files.items())
        if n != "MANIFEST.json"
    ]
    return {**files, "MANIFEST.json": json.dumps(manifest).encode()}


@pytest.fixture
def bundle(cli, workspace, tmp_path):
    out = tmp_path / "b" / "case.tar.gz"
    r = cli("case", "export", CASE, "--out", out, "--json")
    assert r.exit_code == 0, r.stderr
    return out


def test_export_delete_import_gives_the_same_case_and_report(cli, workspace, tmp_path, bundle):
    rep_before = cli("report", CASE, "--json").json()
    sums_before = {f["name"]: f["sha256"] for f in rep_before["files"]}
    out = tmp_path / "b" / "again.tar.gz"
    # the report written just now is in the case: export again with it
    assert cli("case", "export", CASE, "--out", out).exit_code == 0
    assert cli("case", "export", CASE, "--out", tmp_path / "twice.tar.gz").exit_code == 0
    assert out.read_bytes() == (tmp_path / "twice.tar.gz").read_bytes()  # deterministic

    before = tree_digest(workspace / CASE)
    refused = cli("case", "delete", CASE)
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert (workspace / CASE / "case.json").exists()
    d = cli("case", "delete", CASE, "--yes", "--json")
    assert d.exit_code == 0 and d.json()["archive"] is None
    assert not (workspace / CASE).exists() and list(workspace.iterdir()) == []

    imp = cli("case", "import", out, "--json")
    assert imp.exit_code == 0, imp.stderr
    assert imp.json()["case_id"] == CASE and imp.json()["renamed"] is False
    assert cli("case", "validate", CASE).exit_code == 0
    assert cli("case", "log", CASE, "--verify").exit_code == 0
    after = tree_digest(workspace / CASE)
    # every file comes back as it was; case.json and the audit log gain the import entry
    assert {k: v for k, v in after.items() if k not in ("case.json", "audit.jsonl")} == {
        k: v for k, v in before.items() if k not in ("case.json", "audit.jsonl")
    }
    log = cli("case", "log", CASE, "--json").json()["entries"]
    assert log[-1]["command"] == "case import" and log[-1]["args"]["from_case_id"] == CASE

    rep_after = cli("report", CASE, "--json").json()
    assert {f["name"]: f["sha256"] for f in rep_after["files"]} == sums_before


def test_bundle_layout_and_manifest(bundle):
    files = members(bundle)
    manifest = json.loads(files.pop("MANIFEST.json"))
    assert manifest["format"] == "precise-case-bundle" and manifest["case_id"] == CASE
    assert {f["path"] for f in manifest["files"]} == set(files)
    for f in manifest["files"]:
        assert hashlib.sha256(files[f["path"]]).hexdigest() == f["sha256"]
    assert "case/case.json" in files and "case/audit.jsonl" in files
    assert any(n.startswith("case/pdo/PDO1/") for n in files)
    assert any(n.startswith("case/reports/") for n in files)
    assert not any(".lock" in n for n in files)
    with tarfile.open(bundle, "r:gz") as tar:
        names = tar.getnames()
        assert names == ["MANIFEST.json", *sorted(names[1:])]
        for m in tar:
            assert (m.mtime, m.uid, m.gid, m.uname, m.gname) == (0, 0, 0, "", "")
    raw = bundle.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip header mtime 0


def test_import_refuses_an_existing_id_unless_as(cli, workspace, bundle):
    before = tree_digest(workspace)
    r = cli("case", "import", bundle)
    assert r.exit_code == 3 and "already exists" in r.stderr and "--as" in r.stderr
    assert tree_digest(workspace) == before

    r = cli("case", "import", bundle, "--as", "SITE2-001", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["renamed"] and r.json()["stale"] == ["report"]
    record = json.loads((workspace / "SITE2-001" / "case.json").read_text())
    assert record["case_id"] == "SITE2-001"

    def case_ids(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from [v] if k == "case_id" else case_ids(v)
        elif isinstance(value, list):
            for v in value:
                yield from case_ids(v)

    ids = list(case_ids(record))
    assert len(ids) >= 2 and set(ids) == {"SITE2-001"}  # grouping, rankings … rewritten too
    qc = json.loads((workspace / "SITE2-001" / "pdo" / "PDO1" / "qc.json").read_text())
    assert qc["case_id"] == "SITE2-001"
    assert cli("case", "validate", "SITE2-001").exit_code == 0
    log = cli("case", "log", "SITE2-001", "--json", "--verify").json()
    assert log["verified"] and log["entries"][-1]["args"]["as"] == "SITE2-001"
    rep = cli("report", "SITE2-001", "--html", "--json")
    assert rep.exit_code == 0 and rep.json()["files"][0]["name"].startswith("SITE2-001_")
    assert cli("pdo", "rank", "SITE2-001", "--json").json()["case_id"] == "SITE2-001"
    assert cli("case", "import", bundle, "--as", "../x").exit_code == 3


def _tampered_table(files):
    name = next(n for n in files if n.startswith("case/variants/"))
    return {**files, name: files[name].replace(b"PIK3CA", b"PIK3CB", 1)}, []


def _broken_chain(files):
    lines = files["case/audit.jsonl"].decode().splitlines(keepends=True)
    entry = json.loads(lines[2])
    entry["user"] = "someone-else"
    lines[2] = json.dumps(entry, separators=(",", ":")) + "\n"
    return with_manifest({**files, "case/audit.jsonl": "".join(lines).encode()}), []


def _dotdot(files):
    info = tarfile.TarInfo("case/../../evil.txt")
    info.size = 4
    return files, [(info, b"evil")]


def _dotdot_listed(files):
    # the member is also in the manifest: the name check, not the manifest, must refuse it
    files = {**files, "case/../evil.txt": b"evil"}
    return with_manifest(files), []


def _absolute(files):
    info = tarfile.TarInfo("/tmp/evil.txt")
    info.size = 4
    return files, [(info, b"evil")]


def _symlink(files):
    info = tarfile.TarInfo("case/variants/link.tsv")
    info.type = tarfile.SYMTYPE
    info.linkname = "/etc/passwd"
    return files, [(info, None)]


def _hardlink(files):
    info = tarfile.TarInfo("case/variants/hard.tsv")
    info.type = tarfile.LNKTYPE
    info.linkname = "case/case.json"
    return files, [(info, None)]


def _device(files):
    info = tarfile.TarInfo("case/dev")
    info.type = tarfile.CHRTYPE
    info.devmajor, info.devminor = 1, 3
    return files, [(info, None)]


def _fifo(files):
    info = tarfile.TarInfo("case/fifo")
    info.type = tarfile.FIFOTYPE
    return files, [(info, None)]


def _unlisted(files):
    return {**files, "case/extra.txt": b"x"}, []


def _missing(files):
    name = next(n for n in files if n.startswith("case/cna/"))
    return {k: v for k, v in files.items() if k != name}, []


def _no_manifest(files):
    return {k: v for k, v in files.items() if k != "MANIFEST.json"}, []


HOSTILE = {
    "tampered-table": (_tampered_table, "sha256"),
    "broken-audit-chain": (_broken_chain, "audit log"),
    "dotdot-member": (_dotdot, "'..'"),
    "dotdot-member-listed": (_dotdot_listed, "'..'"),
    "absolute-member": (_absolute, "absolute"),
    "symlink-member": (_symlink, "link"),
    "hardlink-member": (_hardlink, "link"),
    "device-member": (_device, "device"),
    "fifo-member": (_fifo, "FIFO"),
    "unlisted-file": (_unlisted, "does not list"),
    "missing-file": (_missing, "missing"),
    "no-manifest": (_no_manifest, "MANIFEST"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_bundle_refused_and_nothing_written(cli, workspace, bundle, tmp_path, kind):
    import re

    make, message = HOSTILE[kind]
    files, extra = make(members(bundle))
    bad = tmp_path / f"{kind}.tar.gz"
    write_bundle(bad, files, extra)
    assert cli("case", "delete", CASE, "--yes").exit_code == 0
    before = tree_digest(workspace)
    r = cli("case", "import", bad)
    assert r.exit_code == 3, r.stderr
    assert re.search(message, r.stderr), r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert tree_digest(workspace) == before
    assert not (tmp_path / "evil.txt").exists() and not (workspace.parent / "evil.txt").exists()


def test_not_a_bundle_and_limits(cli, workspace, bundle, tmp_path, monkeypatch):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar at all")
    before = tree_digest(workspace)
    r = cli("case", "import", junk)
    assert r.exit_code == 3 and "bundle" in r.stderr
    monkeypatch.setenv("PRECISE_LIMIT_MAX_BUNDLE_MEMBERS", "5")
    r = cli("case", "import", bundle, "--as", "X2")
    assert r.exit_code == 3 and "PRECISE_LIMIT_MAX_BUNDLE_MEMBERS" in r.stderr
    monkeypatch.delenv("PRECISE_LIMIT_MAX_BUNDLE_MEMBERS")
    monkeypatch.setenv("PRECISE_LIMIT_MAX_DECOMPRESSED_BYTES", "1000")
    r = cli("case", "import", bundle, "--as", "X2")
    assert r.exit_code == 3 and "PRECISE_LIMIT_MAX_DECOMPRESSED_BYTES" in r.stderr
    gz = tmp_path / "plain.gz"
    gz.write_bytes(gzip.compress(b"hello"))
    assert cli("case", "import", gz, "--as", "X3").exit_code == 3
    assert tree_digest(workspace) == before


def test_with_inputs_carries_the_input_files(cli, workspace, tmp_path):
    demo = REPO / "sample_cases" / "DEMO-001"
    out = tmp_path / "in.tar.gz"
    r = cli("case", "export", CASE, "--out", out, "--with-inputs")
    assert r.exit_code == 3 and "--inputs-dir" in r.stderr and not out.exists()
    r = cli("case", "export", CASE, "--out", out, "--with-inputs", "--inputs-dir", demo, "--json")
    assert r.exit_code == 0, r.stderr
    files = members(out)
    record = json.loads(files["case/case.json"])
    for i in record["inputs"]:
        data = files[f"case/inputs/{i['sha256']}/{i['name']}"]
        assert hashlib.sha256(data).hexdigest() == i["sha256"]
    assert cli("case", "import", out, "--as", "MOVED").exit_code == 0
    stored = sorted(p.name for p in (workspace / "MOVED" / "inputs").rglob("*") if p.is_file())
    assert stored == sorted(i["name"] for i in record["inputs"])
    # a case holding its inputs exports them without --inputs-dir
    again = tmp_path / "again.tar.gz"
    assert cli("case", "export", "MOVED", "--out", again, "--with-inputs").exit_code == 0


def test_delete_with_archive_writes_the_bundle_first(cli, workspace, tmp_path):
    archive = tmp_path / "arch" / "d.tar.gz"
    bad = tmp_path / "is-a-folder"
    bad.mkdir()
    r = cli("case", "delete", CASE, "--yes", "--archive", bad)
    assert r.exit_code == 3 and (workspace / CASE / "case.json").exists()
    r = cli("case", "delete", CASE, "--yes", "--archive", archive, "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["archive"]["sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert not (workspace / CASE).exists()
    assert cli("case", "import", archive).exit_code == 0
    assert cli("case", "delete", "NOPE", "--yes").exit_code == 3


def test_export_refuses_a_case_holding_a_link(cli, workspace, tmp_path):
    (workspace / CASE / "variants" / "x.tsv").symlink_to("/etc/hostname")
    out = tmp_path / "l.tar.gz"
    r = cli("case", "export", CASE, "--out", out)
    assert r.exit_code == 3 and "symbolic link" in r.stderr
    assert not out.exists() and not list(tmp_path.glob(".tmp-*"))
