from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

GDATA = Path(__file__).resolve().parent.parent / "data" / "genomics"


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under a case folder (to prove a rejected import changed nothing)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def case(cli, workspace):
    """A fresh empty case 'C1'; returns its folder."""
    result = cli("case", "new", "C1")
    assert result.exit_code == 0, result.stderr
    return workspace / "C1"


@pytest.fixture
def gdata() -> Path:
    return GDATA
