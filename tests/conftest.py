"""Shared fixtures: an isolated workspace, an in-process CLI runner, and no network."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Commands run on their own in tests, even when the developer has a command server running
# (`precise server start`); tests/cli/test_cmdserver.py starts its own.
os.environ["PRECISE_SERVER"] = "0"
DATA = Path(__file__).resolve().parent / "data"


# A test still running after this many seconds fails (PRECISE_TEST_TIMEOUT; 0: no limit): a hang
# would otherwise hold CI for its whole 90 minutes. The slowest tests take well under a minute.
TEST_TIMEOUT = int(os.environ.get("PRECISE_TEST_TIMEOUT", "600"))


@pytest.fixture(autouse=True)
def _hang_guard(request):
    """SIGALRM after TEST_TIMEOUT seconds: the test fails with where it was (not inherited by
    forked processes; no test or code of the project uses SIGALRM)."""
    if (
        TEST_TIMEOUT <= 0
        or not hasattr(signal, "SIGALRM")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(_signum, _frame):
        raise TimeoutError(f"{request.node.nodeid} ran past {TEST_TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TEST_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    """Any attempt to open an internet connection fails the test (patient data stays local)."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host not in ("127.0.0.1", "::1", "localhost"):
                raise RuntimeError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    socket.socket.connect = guarded
    yield
    socket.socket.connect = real_connect


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    ws = tmp_path / "ws"
    monkeypatch.setenv("PRECISE_WORKSPACE", str(ws))
    monkeypatch.setenv("PRECISE_LOCK_TIMEOUT", "5")
    return ws


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def cli(workspace, capsys):
    """Run `precise ARGS…` in-process through the real entry logic; returns a Result."""
    from precisecli.cli.main import run

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run([str(a) for a in args])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


def run_console_script(
    *args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 120
) -> Result:
    """Run the installed `precise` console script in a subprocess."""
    exe = Path(sys.executable).parent / "precise"
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(
        [str(exe), *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def sample_case_dir() -> Path:
    return REPO / "sample_cases" / "DEMO-001"
