"""A worked-up demo case (built once per session) copied into each test's workspace."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ptyrun import PRECISE


@pytest.fixture(scope="session")
def demo_workspace_template(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hk-demo") / "demo"
    proc = subprocess.run(
        [str(PRECISE), "demo", "--out", str(out)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out / "workspace"


@pytest.fixture
def workspace(tmp_path, monkeypatch, demo_workspace_template) -> Path:
    """Overrides the empty workspace: this one holds DEMO-001 after the whole demo workup."""
    ws = tmp_path / "ws"
    shutil.copytree(demo_workspace_template, ws, symlinks=True)
    monkeypatch.setenv("PRECISE_WORKSPACE", str(ws))
    monkeypatch.setenv("PRECISE_LOCK_TIMEOUT", "5")
    return ws


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file (and 'dir' for every folder) below root."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        out[rel] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out
