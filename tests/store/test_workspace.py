import os

import pytest

from precisecli.errors import InputError
from precisecli.store.workspace import Workspace, check_identifier


@pytest.mark.parametrize("good", ["P001", "a", "TB-0001.v2_x", "9" * 64])
def test_identifier_accepts_grammar(good):
    assert check_identifier(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "../x",
        "a/b",
        "/etc/passwd",
        ".hidden",
        "-x",
        "a..b",
        "a b",
        "TB-0001 ",
        "ＴＢ-0001",
        "a\x00b",
        "x" * 65,
        "é",
    ],
)
def test_identifier_refuses(bad):
    with pytest.raises(InputError):
        check_identifier(bad)


def test_workspace_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("PRECISE_WORKSPACE", str(tmp_path / "env"))
    assert Workspace.locate(str(tmp_path / "opt")).root == tmp_path / "opt"
    assert Workspace.locate().root == tmp_path / "env"
    monkeypatch.delenv("PRECISE_WORKSPACE")
    monkeypatch.chdir(tmp_path)
    assert Workspace.locate().root == tmp_path / "precise-workspace"


def test_symlinked_case_folder_refused(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.ensure()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", ws.root / "P1")
    with pytest.raises(InputError, match="symbolic link"):
        ws.case_dir("P1")
