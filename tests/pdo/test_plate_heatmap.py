"""Plate heat maps drawn without matplotlib: colours as matplotlib's viridis maps them, controls
and exclusions marked, text as written, the same bytes every time, drawn once at `pdo load` and
kept by `pdo qc` while the plate's data are unchanged."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from precisecli.pdo import plots
from precisecli.pdo.normalise import Plate, Well

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001" / "pdo"


def _plate(title_id="P1", value=60.0, normalised=True) -> Plate:
    wells = []
    for r in range(8):
        for c in range(12):
            role = "vehicle" if c == 0 else "kill" if c == 11 else "treatment"
            v = value if (r, c) == (3, 4) else 100.0 - 5 * c
            raw = None if (r, c) == (2, 2) else v * 200
            excluded = "outlier" if (r, c) == (5, 5) else ""
            wells.append(
                Well(title_id, f"{chr(65 + r)}{c + 1}", r, c, role, None, (), (), raw,
                     (v if raw is not None else None) if normalised else None, excluded)
            )  # fmt: skip
    return Plate(title_id, 8, 12, "x.csv", "viability", tuple(wells), "kill")


def _cell_fill(svg: str, row: int, col: int) -> str | None:
    left, top, cell = 24, 30, 22
    m = re.search(
        rf'<rect x="{left + col * cell}" y="{top + row * cell}" width="{cell}" '
        rf'height="{cell}" fill="(#[0-9a-f]{{6}})"',
        svg,
    )
    return m.group(1) if m else None


def test_colours_are_matplotlibs_viridis():
    from matplotlib import colormaps, colors

    reference = colormaps["viridis"]
    for value in (0.0, 12.5, 60.0, 99.9, 119.0, 150.0, -20.0):
        svg = plots.plate_heatmap_svg(_plate(value=value), "S1 plate P1").decode()
        expected = colors.to_hex(reference(colors.Normalize(0, 120)(value)))
        assert _cell_fill(svg, 3, 4) == expected, value


def test_marks_missing_wells_and_text_as_written():
    svg = plots.plate_heatmap_svg(_plate(), "S1 plate $x$ <b>&").decode()
    assert _cell_fill(svg, 2, 2) is None  # no value: background
    assert svg.count(">V</text>") == 8 and svg.count(">K</text>") == 8
    assert svg.count(">×</text>") == 1
    assert "S1 plate $x$ &lt;b&gt;&amp;" in svg
    assert "viability %" in svg and ">120</text>" in svg and ">0</text>" in svg
    raw = plots.plate_heatmap_svg(_plate(normalised=False), "raw").decode()
    assert ">signal</text>" in raw


def test_same_plate_same_bytes_and_digest_tracks_the_data(tmp_path):
    a = plots.plate_heatmap_svg(_plate(), "S1 plate P1")
    assert a == plots.plate_heatmap_svg(_plate(), "S1 plate P1")
    path = tmp_path / "plate.svg"
    path.write_bytes(a)
    assert plots.heatmap_is_current(path, _plate(), "S1 plate P1")
    assert not plots.heatmap_is_current(path, _plate(value=61.0), "S1 plate P1")
    assert not plots.heatmap_is_current(path, _plate(), "S2 plate P1")
    moved = replace(_plate(), wells=tuple(replace(w, excluded="") for w in _plate().wells))
    assert not plots.heatmap_is_current(path, moved, "S1 plate P1")
    assert not plots.heatmap_is_current(tmp_path / "absent.svg", _plate(), "S1 plate P1")


def test_qc_keeps_the_heat_maps_drawn_at_load(cli, workspace, monkeypatch):
    assert cli("case", "new", "H1").exit_code == 0
    load = cli("pdo", "load", "H1", DEMO / "pdo_plate1_envision.csv",
               "--layout", DEMO / "pdo_layout.csv", "--screen", "S1")  # fmt: skip
    assert load.exit_code == 0, load.stderr
    heatmap = workspace / "H1" / "pdo" / "S1" / "plots" / "plate_1.svg"
    drawn = heatmap.read_bytes()
    calls = []
    real = plots.plate_heatmap_svg
    monkeypatch.setattr(plots, "plate_heatmap_svg", lambda *a: calls.append(a) or real(*a))
    assert cli("pdo", "qc", "H1").exit_code == 0
    assert calls == [] and heatmap.read_bytes() == drawn
    heatmap.write_bytes(drawn.replace(b"sha256:", b"sha256:0", 1))  # not what it was drawn from
    assert cli("pdo", "qc", "H1").exit_code == 0
    assert len(calls) == 1 and heatmap.read_bytes() == drawn


@pytest.mark.slow
def test_screen_commands_never_import_matplotlib(tmp_path):
    code = (
        "import sys; from precisecli.cli.main import run\n"
        "for argv in sys.argv[1:]:\n"
        "    assert run(argv.split('|')) == 0, argv\n"
        "print('matplotlib' in sys.modules)\n"
    )
    ws = tmp_path / "ws"
    steps = [
        f"--workspace|{ws}|case|new|M1",
        f"--workspace|{ws}|pdo|load|M1|{DEMO / 'pdo_plate1_envision.csv'}|--layout|"
        f"{DEMO / 'pdo_layout.csv'}|--screen|S1",
        f"--workspace|{ws}|pdo|qc|M1",
        f"--workspace|{ws}|pdo|rank|M1",
    ]
    done = subprocess.run([sys.executable, "-c", code, *steps], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"
