"""Housekeeping commands and every command with a progress bar, as a terminal user runs them.

The README's "Correcting, cleaning up and moving a case" block is run command by command, as
written, on a copy of the demo workspace: under a pty with colour, with NO_COLOR, with
TERM=dumb, and piped. Each command must exit 0 without an internal error.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest

from tests.conftest import REPO
from tests.ptyrun import PRECISE, run_pty

pytestmark = pytest.mark.skipif(not PRECISE.exists(), reason="console script not installed")

MODES = {
    "colour": {},
    "no-color": {"NO_COLOR": "1"},
    "dumb": {"TERM": "dumb"},
    "piped": None,
}
SECTION = "### Correcting, cleaning up and moving a case"


WORKING = "## Working a case"


def readme_commands(heading: str = SECTION) -> list[list[str]]:
    """The first ```bash block after ``heading`` in the README, one argv per command line
    (comments dropped; `export` lines are set by the test as the environment instead)."""
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index(heading) :]
    start = section.index("```bash") + len("```bash")
    block = section[start : section.index("```", start)]
    commands = []
    for line in block.strip().splitlines():
        command = re.split(r"\s+#\s", line)[0].strip()
        if command.startswith("export "):
            continue
        argv = shlex.split(command)
        assert argv[0] == "precise", line
        commands.append(argv[1:])
    return commands


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    out = tmp_path_factory.mktemp("hk-terminal") / "demo"
    proc = subprocess.run(
        [str(PRECISE), "demo", "--out", str(out)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out / "workspace"


def run_block(commands: list[list[str]], cwd, env: dict[str, str], mode: str) -> None:
    """Each command as a user types it in ``mode`` (a pty environment, or piped): exit 0, no
    internal error, and piped tables never truncated."""
    for argv in commands:
        if MODES[mode] is None:
            proc = subprocess.run(
                [str(PRECISE), *argv],
                capture_output=True,
                text=True,
                cwd=cwd,
                env={**os.environ, **env},
                timeout=180,
            )
            code, text = proc.returncode, proc.stdout + proc.stderr
            assert "…" not in proc.stdout, argv  # piped tables never truncated
        else:
            result = run_pty(*argv, env={**env, **MODES[mode]}, cwd=cwd)
            code, text = result.exit_code, result.text
        assert code == 0, (argv, text[-1500:])
        assert "internal error" not in text and "Traceback" not in text, argv


def _copy(demo_workspace, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(demo_workspace, ws, symlinks=True)
    (tmp_path / "sample_cases").symlink_to(REPO / "sample_cases")  # paths as in the README
    return ws


def test_readme_block_lists_every_new_command():
    seen = {tuple(argv[:2]) for argv in readme_commands()}
    for command in [
        ("pdo", "remove"), ("variants", "remove"), ("cna", "remove"), ("response", "remove"),
        ("line", "edit"), ("line", "undo"), ("case", "edit"), ("case", "export"),
        ("case", "delete"), ("case", "import"), ("report", "list"),
    ]:  # fmt: skip
        assert command in seen, command


@pytest.mark.parametrize(
    "mode",
    # one mode always; the others (same code path, other environment) are slow: CI runs them
    [pytest.param(m, marks=() if m == "colour" else pytest.mark.slow) for m in sorted(MODES)],
)
def test_readme_housekeeping_block(demo_workspace, tmp_path, mode):
    ws = _copy(demo_workspace, tmp_path)
    run_block(readme_commands(), tmp_path, {"PRECISE_WORKSPACE": str(ws)}, mode)
    assert (tmp_path / "DEMO-001.tar.gz").is_file()
    assert (tmp_path / "DEMO-001-archive.tar.gz").is_file()


@pytest.mark.parametrize(
    "mode",
    [pytest.param(m, marks=() if m == "colour" else pytest.mark.slow) for m in sorted(MODES)],
)
def test_readme_working_a_case_block(tmp_path, mode):
    """Issue 10: every command of the README's "Working a case", as written, from a fresh
    workspace, under a pty (colour, NO_COLOR, TERM=dumb) and piped."""
    (tmp_path / "sample_cases").symlink_to(REPO / "sample_cases")
    commands = readme_commands(WORKING)
    assert len(commands) >= 15
    run_block(commands, tmp_path, {"PRECISE_WORKSPACE": str(tmp_path / "ws")}, mode)
    assert list((tmp_path / "ws" / "DEMO-001" / "reports").glob("*.pdf"))
    assert (tmp_path / "cohort").is_dir()


# Commands that draw a progress bar on a terminal, with the description each shows.
PROGRESS = [
    (["variants", "import", "DEMO-001", "{demo}/genomics/ctdna_2024-04-02.vcf", "--sample-id",
      "CTDNA-T3", "--kind", "ctdna", "--collected", "2024-06-01", "--assay", "wes"],
     "Importing variants"),
    (["pdo", "read", "{demo}/pdo/pdo_plate1_envision.csv"], "Reading"),
    (["pdo", "load", "DEMO-001", "{demo}/pdo/pdo_plate1_envision.csv", "--layout",
      "{demo}/pdo/pdo_layout.csv", "--screen", "PDO3"], "Loading"),
    (["pdo", "rank", "DEMO-001", "--screen", "PDO3"], "Fitting"),
    (["report", "DEMO-001", "--html"], "Rendering report"),
    (["cohort", "summary"], "Reading cases"),
]  # fmt: skip


def test_progress_commands_under_a_pty(demo_workspace, tmp_path):
    ws = _copy(demo_workspace, tmp_path)
    demo = str(REPO / "sample_cases" / "DEMO-001")
    for argv, label in PROGRESS:
        argv = [a.replace("{demo}", demo) for a in argv]
        result = run_pty(*argv, env={"PRECISE_WORKSPACE": str(ws)})
        assert result.exit_code == 0, (argv, result.text[-1500:])
        assert "internal error" not in result.text, argv
        assert label in result.text, (argv, "no progress bar drawn")
