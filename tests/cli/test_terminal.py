"""The console entry point on a real (pseudo-)terminal, with NO_COLOR, TERM=dumb and piped.

Every test before these ran with pipes only, so a progress bar handed a non-Console object
crashed every long command on a user's terminal (exit 5) and no test saw it.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.ptyrun import PRECISE, run_pty

pytestmark = pytest.mark.skipif(not PRECISE.exists(), reason="console script not installed")

MODES = {
    "colour": {},
    "no-color": {"NO_COLOR": "1"},
    "dumb": {"TERM": "dumb"},
}


@pytest.mark.parametrize(
    "mode",
    # one mode always; the others (same code path, other environment) are slow: CI runs them
    [pytest.param(m, marks=() if m == "colour" else pytest.mark.slow) for m in sorted(MODES)],
)
def test_demo_under_a_pty(tmp_path, mode):
    out = tmp_path / "demo"
    result = run_pty("demo", "--out", out, env=MODES[mode])
    assert result.exit_code == 0, result.text[-2000:]
    assert "internal error" not in result.text
    pdfs = list((out / "reports").glob("*.pdf"))
    assert pdfs and pdfs[0].stat().st_size > 10_000
    if mode == "colour":
        # a progress bar was drawn (carriage-return redraws) and colour escapes were used
        assert b"\r" in result.output and b"\x1b[" in result.output
        assert "Importing variants" in result.text
    if mode == "no-color":
        # no foreground/background colour codes (bold, dim and italic may stay)
        assert not re.search(
            rb"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7])(?:;[0-9;]*)?m", result.output
        )


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    out = tmp_path_factory.mktemp("piped") / "demo"
    proc = subprocess.run(
        [str(PRECISE), "demo", "--out", str(out)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out / "workspace"


def test_piped_tables_are_never_truncated(demo_workspace):
    proc = subprocess.run(
        [str(PRECISE), "--workspace", str(demo_workspace), "variants", "show", "DEMO-001"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "…" not in proc.stdout
    for date in ("2024-02-20", "2024-04-02"):
        assert date in proc.stdout
    proc = subprocess.run(
        [str(PRECISE), "--workspace", str(demo_workspace), "line", "list", "DEMO-001"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "…" not in proc.stdout
    assert "pyrotinib-capecitabine" in proc.stdout or "pyro" not in proc.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ("variants", "show", "DEMO-001"),
        ("variants", "compare", "DEMO-001"),
        ("group", "DEMO-001"),
        ("pdo", "qc", "DEMO-001"),
        ("pdo", "rank", "DEMO-001"),
        ("response", "evaluate", "DEMO-001"),
        ("next", "DEMO-001"),
        ("case", "show", "DEMO-001"),
        ("case", "log", "DEMO-001"),
        ("kb", "show"),
        ("cohort", "summary"),
    ],
)
def test_reading_commands_under_a_pty(demo_workspace, argv):
    result = run_pty("--workspace", demo_workspace, *argv)
    assert result.exit_code == 0, result.text[-2000:]
    assert "internal error" not in result.text


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """A command server of this module's own (PRECISE_SERVER=manual: used, never started by a
    command)."""
    import json
    import os
    import signal

    folder = tmp_path_factory.mktemp("pty-server") / "srv"
    folder.mkdir(mode=0o700)
    env = {"PRECISE_SERVER": "manual", "PRECISE_SERVER_DIR": str(folder)}
    started = subprocess.run([str(PRECISE), "server", "start", "--json"], env={**os.environ, **env},
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert started.returncode == 0, started.stderr
    pid = json.loads(started.stdout)["pid"]
    try:
        yield env
    finally:
        subprocess.run([str(PRECISE), "server", "stop"], env={**os.environ, **env},
                       capture_output=True, timeout=60)  # fmt: skip
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.parametrize(
    ("argv", "cols"),
    [
        (("variants", "show", "DEMO-001"), 100),
        (("variants", "compare", "DEMO-001"), 60),
        (("group", "DEMO-001"), 100),
        (("pdo", "rank", "DEMO-001"), 200),
        (("case", "log", "DEMO-001"), 80),
        (("case", "show", "NOPE"), 100),  # an error, in colour
        (("case", "--help"), 70),
    ],
)
def test_a_command_in_the_server_writes_the_same_bytes_to_the_terminal(
    demo_workspace, server_env, argv, cols
):
    """The same bytes on the terminal — colours, widths, wrapping, the error line — whether the
    command runs in the command server or on its own (after a progress bar, whose animation
    depends on time: what follows the cursor being shown again)."""
    import json
    import os

    def settled(output: bytes) -> bytes:
        return output.rsplit(b"\x1b[?25h", 1)[-1]

    env = {**os.environ, **server_env}
    before = json.loads(_server_status(env))["commands"]
    served = run_pty("--workspace", demo_workspace, *argv, env=server_env, cols=cols)
    alone = run_pty("--workspace", demo_workspace, *argv, env={"PRECISE_SERVER": "0"}, cols=cols)
    assert served.exit_code == alone.exit_code
    assert settled(served.output) == settled(alone.output)
    assert len(settled(alone.output)) > 100
    assert json.loads(_server_status(env))["commands"] == before + 1


def _server_status(env: dict) -> str:
    argv = [str(PRECISE), "server", "status", "--json"]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60).stdout
