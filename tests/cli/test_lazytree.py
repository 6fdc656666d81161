"""Building only the named command's branch changes nothing a user sees: every command's and
group's help, and the errors of bad sub-commands and options, are those of the full tree."""

from __future__ import annotations

import pytest
from typer.main import get_command

from precisecli.cli import lazytree
from precisecli.cli.main import app


def _names() -> list[str]:
    return sorted(
        {lazytree._name_of_group(g) for g in app.registered_groups}
        | {lazytree._name_of_command(c) for c in app.registered_commands}
    )


def _outcome(command, args, capsys):
    capsys.readouterr()
    try:
        command.main(args=args, prog_name="precise", standalone_mode=False)
        error = None
    except Exception as exc:  # click usage errors, Exit
        error = (type(exc).__name__, getattr(exc, "exit_code", None), str(exc))
    out, err = capsys.readouterr()
    return out, err, error


def test_every_registered_name_is_found():
    names = _names()
    assert {"case", "pdo", "demo", "group", "next", "report"} <= set(names)
    for name in names:
        assert lazytree._pruned(app, name) is not None, name


@pytest.mark.parametrize(
    "args",
    [
        ["--workspace", "W", "{name}", "--help"],
        ["--workspace=W", "--debug", "{name}", "--help"],
        ["{name}", "nosuchcommand"],
        ["{name}", "--no-such-option"],
    ],
)
def test_pruned_tree_behaves_like_the_full_tree(args, capsys):
    full = get_command(app)
    for name in _names():
        argv = [a.replace("{name}", name) for a in args]
        assert lazytree._target(argv) == name
        pruned = lazytree.command_for(app, argv)
        assert pruned is not full
        assert _outcome(pruned, argv, capsys) == _outcome(full, argv, capsys), argv


@pytest.mark.parametrize(
    "argv",
    [[], ["--help"], ["--version"], ["--bogus", "case"], ["cse"], ["--workspace"], ["--", "x"]],
)
def test_root_level_command_lines_get_the_full_tree(argv):
    full = lazytree.command_for(app, [])
    assert lazytree.command_for(app, argv) is full
    assert len(full.commands) == len(_names())
