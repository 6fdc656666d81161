"""Package data is found from the source tree (editable install) and from a built wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from precisecli.resources import DATA_DIRS, resource_dir

REPO = Path(__file__).resolve().parent.parent


def test_editable_install_finds_top_level_directories():
    for name in DATA_DIRS:
        assert resource_dir(name) == REPO / name
    assert (resource_dir("schemas") / "case.schema.json").is_file()


@pytest.mark.slow
def test_built_wheel_carries_and_finds_package_data(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("precise-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(site)
    assert "precisecli/_data/schemas/case.schema.json" in names
    assert "precisecli/_data/knowledge/her2_refractory.yaml" in names
    assert any(n.startswith("precisecli/_data/sample_cases/DEMO-001/") for n in names)
    probe = (
        "import precisecli.resources as r, precisecli.knowledge as k\n"
        "print(r.resource_dir('schemas'))\n"
        "print(k.load_kb().name)\n"
    )
    # Run from an unrelated folder with the unpacked wheel first on the path.
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    schemas_dir, kb_name = proc.stdout.split()
    assert Path(schemas_dir) == site / "precisecli" / "_data" / "schemas"
    assert kb_name == "her2-refractory"
