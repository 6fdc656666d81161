"""Table-driven hostile-input catalogue (see framework.py): every item from items_*.py."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess

import pytest

from tests.hostile import framework as fw


def _all_items() -> list[fw.Item]:
    items: list[fw.Item] = []
    package = importlib.import_module("tests.hostile")
    for mod in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if mod.name.startswith("items_"):
            items += importlib.import_module(f"tests.hostile.{mod.name}").ITEMS
    return items


ITEMS = _all_items()


def test_catalogue_is_well_formed():
    ids = [i.id for i in ITEMS]
    assert len(ids) == len(set(ids)), "duplicate item ids"
    assert all(i.cls in fw.CLASSES for i in ITEMS)


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-demo") / "demo"
    proc = subprocess.run(
        [str(fw.PRECISE), "demo", "--out", str(out)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out / "workspace"


@pytest.fixture(scope="session")
def case_workspace(tmp_path_factory):
    """HOSTILE-1 created once; each "case" item gets a copy (a `case new` per item is slow)."""
    root = tmp_path_factory.mktemp("hostile-case")
    return fw.prepare("case", root, None)


def test_catalogue_covers_every_class():
    """Acceptance of issue 11: ≥ 60 items over every class (all areas' items_*.py merged)."""
    missing = [c for c in fw.CLASSES if not any(i.cls == c for i in ITEMS)]
    assert len(ITEMS) >= 60 and not missing, f"{len(ITEMS)} items; no item for {missing}"


@pytest.mark.skipif(not fw.PRECISE.exists(), reason="console script not installed")
@pytest.mark.parametrize(
    "item",
    # Items on a copy of the whole demo case are the heavy ones: slow (run in CI, `make test-all`).
    [pytest.param(i, id=i.id, marks=pytest.mark.slow if i.setup == "demo" else ()) for i in ITEMS],
)
def test_hostile_item(item, tmp_path, request):
    if item.requires is not None and not item.requires():
        pytest.skip(f"{item.id}: not possible on this machine")
    demo = request.getfixturevalue("demo_workspace") if item.setup == "demo" else None
    case = request.getfixturevalue("case_workspace") if item.setup == "case" else None
    fw.check_item(item, tmp_path, demo, case)


@pytest.fixture(scope="session")
def command_server(tmp_path_factory):
    """A command server of this session (one per xdist worker), in a private folder."""
    import json
    import os
    import signal

    folder = tmp_path_factory.mktemp("hostile-server") / "srv"
    folder.mkdir(mode=0o700)
    env = dict(os.environ, PRECISE_SERVER="manual", PRECISE_SERVER_DIR=str(folder))
    started = subprocess.run([str(fw.PRECISE), "server", "start", "--json"], env=env,
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert started.returncode == 0, started.stderr
    pid = json.loads(started.stdout)["pid"]
    try:
        yield {"PRECISE_SERVER": "manual", "PRECISE_SERVER_DIR": str(folder)}
        state = subprocess.run([str(fw.PRECISE), "server", "status", "--json"], env=env,
                               capture_output=True, text=True, timeout=60)  # fmt: skip
        assert json.loads(state.stdout).get("commands", 0) > 0, "no command ran in the server"
    finally:
        subprocess.run([str(fw.PRECISE), "server", "stop"], env=env, capture_output=True)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.skipif(not fw.PRECISE.exists(), reason="console script not installed")
@pytest.mark.parametrize(
    "item",
    [pytest.param(i, id=i.id, marks=pytest.mark.slow if i.setup == "demo" else ()) for i in ITEMS],
)
def test_hostile_item_in_the_command_server(item, tmp_path, request, monkeypatch):
    """Every item again, each command run through a command server (as a burst of commands
    runs by default): the same exit codes, one-line messages, untouched cases, budgets."""
    if item.requires is not None and not item.requires():
        pytest.skip(f"{item.id}: not possible on this machine")
    served = request.getfixturevalue("command_server")
    demo = request.getfixturevalue("demo_workspace") if item.setup == "demo" else None
    case = request.getfixturevalue("case_workspace") if item.setup == "case" else None
    monkeypatch.setattr(fw, "SERVED_ENV", served)
    fw.check_item(item, tmp_path, demo, case)
