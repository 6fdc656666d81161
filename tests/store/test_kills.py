"""Seeded SIGKILLs of real commands: variants import, variants import --replace, pdo load and
report. After every kill: `case validate`, `case log --verify` and the next writer succeed, and
every sample, screen and report is wholly present (byte-identical to an uninterrupted run) or
wholly absent. 0 corrupt, 0 partial, 0 false alarms.

Each command runs in a forked child of this (already imported, warmed) test process, so a kill
costs only the command's own work, not an interpreter start. About 70 % of the kills land at a
seeded file operation (the N-th os.open/replace/rename/fsync/unlink/mkdir/rmdir of the commit,
N drawn from
the operations an uninterrupted commit makes, so every step of the commit is reachable: see
CommitServer); the others at a seeded time after the start, anywhere in the command's run.
Either way the process dies by a real SIGKILL.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001"
LIVER = DEMO / "genomics" / "liver_biopsy.vcf"
AXILLA = DEMO / "genomics" / "axilla_biopsy.vcf"
PLATE = DEMO / "pdo" / "pdo_plate1_envision.csv"
LAYOUT = DEMO / "pdo" / "pdo_layout.csv"
RECIST = DEMO / "recist_measurements.csv"
CASE = "K1"
KILLS = int(os.environ.get("PRECISE_KILLS", "104"))
SEED = int(os.environ.get("PRECISE_KILL_SEED", "20261130"))

SCENARIOS = {
    "import": ["variants", "import", CASE, str(AXILLA), "--sample-id", "S2", "--build", "GRCh38"],
    "replace": [
        "variants", "import", CASE, str(AXILLA), "--sample-id", "S1", "--build", "GRCh38",
        "--replace",
    ],
    "pdo": ["pdo", "load", CASE, str(PLATE), "--layout", str(LAYOUT), "--screen", "P1"],
    "report": ["report", CASE, "--html"],
}  # fmt: skip
_HOOKED = ("open", "replace", "rename", "fsync", "unlink", "mkdir", "rmdir")


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _fork_run(ws: Path, argv: list[str], kill_at_op: int | None, count_fd: int | None) -> int:
    """Fork a child that runs `precise argv` in-process; it SIGKILLs itself before its
    kill_at_op-th hooked file operation. With count_fd it writes how many it made."""
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        os.setpgid(0, 0)  # with its own VCF worker, killed as a group below
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.environ["PRECISE_WORKSPACE"] = str(ws)
        calls = [0]

        def hook(name):
            real = getattr(os, name)

            def wrapped(*a, **k):
                calls[0] += 1
                if kill_at_op is not None and calls[0] >= kill_at_op:
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(*a, **k)

            setattr(os, name, wrapped)

        for name in _HOOKED:
            hook(name)
        from precisecli.cli.main import run

        code = run(argv)
        if count_fd is not None:
            os.write(count_fd, str(calls[0]).encode())
    finally:
        os._exit(code)


def _wait(pid: int, kill_after: float | None = None) -> int:
    """Wait for the child; with kill_after, SIGKILL it after that many seconds. Returns the
    signal number that ended it (negative) or its exit code."""
    if kill_after is not None:
        deadline = time.monotonic() + kill_after
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.0005)
        else:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
    else:
        _, status = os.waitpid(pid, 0)
    try:
        os.killpg(pid, signal.SIGKILL)  # any worker the child left behind
    except ProcessLookupError:
        pass
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _run_in_process(ws: Path, *argv: str) -> int:
    from precisecli.cli.main import run

    old = os.environ.get("PRECISE_WORKSPACE")
    os.environ["PRECISE_WORKSPACE"] = str(ws)
    try:
        return run(list(argv))
    finally:
        if old is None:
            os.environ.pop("PRECISE_WORKSPACE", None)
        else:
            os.environ["PRECISE_WORKSPACE"] = old


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A case with one imported sample (S1 from the liver VCF): every trial starts from a copy."""
    import precisecli.genomics.importer  # noqa: F401  (import before forking: children are fast)
    import precisecli.pdo.screens  # noqa: F401
    import precisecli.report.build  # noqa: F401
    import precisecli.report.html  # noqa: F401
    import precisecli.report.model  # noqa: F401

    ws = tmp_path_factory.mktemp("kills") / "base"
    os.environ.setdefault("PRECISE_LOCK_TIMEOUT", "10")
    assert _run_in_process(ws, "case", "new", CASE) == 0
    first = ["variants", "import", CASE, str(LIVER), "--sample-id", "S1", "--build", "GRCh38"]
    assert _run_in_process(ws, *first) == 0
    # Warm every cache (knowledge base, schemas, matplotlib, fonts) once in this process, so
    # that forked children spend their time on the command itself.
    warm = ws.parent / "warm"
    for argv in SCENARIOS.values():
        shutil.rmtree(warm, ignore_errors=True)
        shutil.copytree(ws, warm)
        assert _run_in_process(warm, *argv) == 0
    shutil.rmtree(warm)
    return ws


def _reference(base: Path, tmp: Path, name: str) -> tuple[dict[str, str], int, float, int]:
    """An uninterrupted run: its final files, its number of hooked operations, its duration."""
    ws = tmp / f"ref-{name}"
    shutil.copytree(base, ws)
    read, write = os.pipe()
    start = time.monotonic()
    pid = _fork_run(ws, SCENARIOS[name], None, write)
    os.close(write)
    code = _wait(pid)
    seconds = time.monotonic() - start
    ops = int(os.read(read, 64) or b"0")
    os.close(read)
    assert code == 0, f"reference run of {name} failed ({code})"
    entries = json.loads((ws / CASE / "case.json").read_text())["audit"]["entries"]
    return _digest(ws / CASE), ops, seconds, entries


def _parts(name: str, files: dict[str, str], record: dict) -> dict:
    """What must be all-or-nothing for a scenario: its files and its part of the record."""
    samples = (record.get("genomics") or {}).get("samples", {})
    if name in ("import", "replace"):
        sid = "S2" if name == "import" else "S1"
        table = {k: v for k, v in files.items() if k == f"variants/{sid}.tsv"}
        entry = dict(samples.get(sid, {}).get("variants") or {})
        return {"table": table, "sha": entry.get("sha256"), "n": entry.get("n_variants")}
    if name == "pdo":
        screens = (record.get("pdo") or {}).get("screens", [])
        return {
            "files": {k: v for k, v in files.items() if k.startswith("pdo/P1/")},
            "screen": [s["screen_id"] for s in screens],
        }
    return {"files": {k: v for k, v in files.items() if k.startswith("reports/")}}


class CommitServer:
    """A child that runs a scenario's command up to the start of its commit, then, for each
    request, restores the workspace as it was at that moment and forks a grandchild that runs
    the commit and SIGKILLs itself before its k-th hooked file operation. Every kill inside the
    commit thus costs milliseconds instead of a whole import or render."""

    def __init__(self, ws: Path, argv: list[str]):
        self.req_r, self.req_w = os.pipe()
        self.resp_r, self.resp_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            self._serve(ws, argv)  # never returns
        os.close(self.req_r)
        os.close(self.resp_w)
        assert os.read(self.resp_r, 1) == b"R", "the command failed before its commit"

    def _serve(self, ws: Path, argv: list[str]) -> None:
        try:
            os.close(self.req_w)
            os.close(self.resp_r)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.environ["PRECISE_WORKSPACE"] = str(ws)
            import precisecli.store.cases as cases

            real_commit = cases.CaseStore._commit
            snap = ws.parent / (ws.name + "-snap")

            def serve(store, txn, key):
                shutil.copytree(ws, snap)
                os.write(self.resp_w, b"R")
                while (k := int.from_bytes(os.read(self.req_r, 4), "little", signed=True)) != 0:
                    shutil.rmtree(ws)
                    shutil.copytree(snap, ws)
                    count_r, count_w = os.pipe()
                    pid = os.fork()
                    if pid == 0:
                        calls = [0]
                        for name in _HOOKED:
                            real = getattr(os, name)

                            def wrapped(*a, _real=real, _calls=calls, **kw):
                                _calls[0] += 1
                                if _calls[0] == k:
                                    os.kill(os.getpid(), signal.SIGKILL)
                                return _real(*a, **kw)

                            setattr(os, name, wrapped)
                        real_commit(store, txn, key)
                        os.write(count_w, calls[0].to_bytes(4, "little"))
                        os._exit(0)
                    os.close(count_w)
                    _, status = os.waitpid(pid, 0)
                    ops = int.from_bytes(os.read(count_r, 4) or b"\0\0\0\0", "little")
                    os.close(count_r)
                    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
                    os.write(self.resp_w, code.to_bytes(4, "little", signed=True))
                    os.write(self.resp_w, ops.to_bytes(4, "little"))
                os._exit(0)

            cases.CaseStore._commit = serve
            from precisecli.cli.main import run

            run(argv)
        finally:
            os._exit(71)

    def kill_at(self, k: int) -> tuple[int, int]:
        """Run the commit once with a kill before operation k (-1: no kill). (code, ops)."""
        os.write(self.req_w, k.to_bytes(4, "little", signed=True))
        data = b""
        while len(data) < 8:
            chunk = os.read(self.resp_r, 8 - len(data))
            assert chunk, "commit server died"
            data += chunk
        return int.from_bytes(data[:4], "little", signed=True), int.from_bytes(data[4:], "little")

    def close(self) -> None:
        os.write(self.req_w, (0).to_bytes(4, "little"))
        os.waitpid(self.pid, 0)
        os.close(self.req_w)
        os.close(self.resp_r)


@pytest.mark.slow
def test_seeded_kills_leave_every_part_whole(base, tmp_path):
    rng = random.Random(SEED)
    base_record = json.loads((base / CASE / "case.json").read_text())
    base_entries = base_record["audit"]["entries"]
    refs = {name: _reference(base, tmp_path, name) for name in SCENARIOS}
    before_parts = {n: _parts(n, _digest(base / CASE), base_record) for n in SCENARIOS}
    after_parts = {}
    for name, (files, _, _, _) in refs.items():
        record = json.loads((tmp_path / f"ref-{name}" / CASE / "case.json").read_text())
        after_parts[name] = _parts(name, files, record)
        assert after_parts[name] != before_parts[name], name

    tally: Counter = Counter()
    started = time.monotonic()

    def check(ws: Path, name: str, where: str) -> None:
        # The first command after the kill is a reader: it must see a whole case, no alarm.
        assert _run_in_process(ws, "case", "validate", CASE) == 0, f"{where}: false alarm"
        assert _run_in_process(ws, "case", "log", CASE, "--verify", "--json") == 0, where
        case = ws / CASE
        record = json.loads((case / "case.json").read_text())
        parts = _parts(name, _digest(case), record)
        entries = record["audit"]["entries"]
        if parts == after_parts[name]:
            assert entries == refs[name][3], f"{where}: change without its audit entry"
            tally["whole after"] += 1
        else:
            assert parts == before_parts[name], f"{where}: partial {name}: {parts}"
            assert entries == base_entries, f"{where}: audit entry without its change"
            tally["whole before"] += 1
        # The next writer succeeds, leaves no debris, and the chain still verifies.
        assert _run_in_process(ws, "response", "import", CASE, str(RECIST)) == 0, where
        assert _run_in_process(ws, "case", "log", CASE, "--verify", "--json") == 0, where
        leftovers = [
            p.name for p in case.rglob("*") if p.name.startswith((".txn", ".tmp-", ".scratch-"))
        ]
        assert not leftovers, f"{where}: the next writer left {leftovers}"

    per_scenario = -(-KILLS // len(SCENARIOS))
    in_commit = round(per_scenario * 0.7)  # cheap: the commit server; the rest at a time
    for name in SCENARIOS:
        # Most kills at a seeded operation inside the commit (via the commit server).
        ws = tmp_path / f"srv-{name}"
        shutil.copytree(base, ws)
        server = CommitServer(ws, SCENARIOS[name])
        try:
            code, commit_ops = server.kill_at(-1)
            assert code == 0 and commit_ops > 5, (name, code, commit_ops)
            check(ws, name, f"{name}: uninterrupted commit")
            for _ in range(in_commit):
                k = rng.randint(1, commit_ops)
                code, _ = server.kill_at(k)
                assert code == -signal.SIGKILL, (name, k, code)
                tally["killed in commit"] += 1
                tally[f"killed {name}"] += 1
                check(ws, name, f"{name}: kill before commit operation {k}/{commit_ops}")
        finally:
            server.close()
        # The others at a seeded time after the command starts (anywhere in its run).
        _, ops, seconds, _ = refs[name]
        timed = 0
        while timed < per_scenario - in_commit:
            ws = tmp_path / f"t-{name}-{timed}-{tally['finished before the kill']}"
            shutil.copytree(base, ws)
            delay = rng.uniform(0, 0.85 * seconds)
            code = _wait(_fork_run(ws, SCENARIOS[name], None, None), delay)
            if code == -signal.SIGKILL:
                timed += 1
                tally["killed at a time"] += 1
                tally[f"killed {name}"] += 1
            else:
                assert code == 0, f"{name}: exit {code}"
                tally["finished before the kill"] += 1
            check(ws, name, f"{name}: kill after {delay:.3f} s")
            shutil.rmtree(ws)
    elapsed = time.monotonic() - started
    killed = tally["killed in commit"] + tally["killed at a time"]
    print(f"\nkill test: {killed} SIGKILLs in {elapsed:.1f} s (seed {SEED}): {dict(tally)}")
    assert killed >= KILLS
    assert tally["whole before"] and tally["whole after"]
