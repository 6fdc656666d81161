"""Build only the part of the command tree a command line needs.

typer turns every registered function into a click command before parsing anything (resolving
each parameter's annotations): about 0.06 s for ~90 commands, paid by every process. When the
first word after the global options names a registered command or group, the root is built with
that one entry only — the same callback, options, help and error handling, so its behaviour is
unchanged (a group is built whole, so its own help, suggestions and errors stay complete).
Anything else (no command, ``--help``, ``--version``, an unknown word or option) gets the full
tree, so root help and "No such command … Did you mean" keep every command. Trees are built once
per process and target (the demo and the tests run many commands in one process).
"""

from __future__ import annotations

import copy
from typing import Any

# Root options that take a value; every other root option is a flag. Keep in step with the
# root callback in cli/main.py (an option missing here only means the full tree is built).
_ROOT_VALUE_OPTIONS = ("--workspace",)
_ROOT_FLAGS = ("--debug",)
_TREES: dict[tuple[int, str | None], Any] = {}


def _target(args: list[str]) -> str | None:
    """The first word after the root options, or None when the command line needs the root."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _ROOT_VALUE_OPTIONS:
            i += 2
        elif arg.split("=", 1)[0] in _ROOT_VALUE_OPTIONS and "=" in arg:
            i += 1
        elif arg in _ROOT_FLAGS:
            i += 1
        elif arg.startswith("-"):
            return None  # --help, --version, --, an unknown option: the full tree decides
        else:
            return arg
    return None


def _name_of_group(info: Any) -> str | None:
    name = info.name
    if isinstance(name, str):
        return name
    inner = getattr(info.typer_instance, "info", None)
    inner_name = getattr(inner, "name", None)
    return inner_name if isinstance(inner_name, str) else None


def _name_of_command(info: Any) -> str | None:
    from typer.main import get_command_name

    if isinstance(info.name, str):
        return info.name
    callback = info.callback
    return get_command_name(callback.__name__) if callback is not None else None


def _pruned(app: Any, target: str) -> Any | None:
    """A shallow copy of ``app`` holding only ``target``, or None if no entry is named so."""
    groups = [g for g in app.registered_groups if _name_of_group(g) == target]
    commands = [c for c in app.registered_commands if _name_of_command(c) == target]
    if len(groups) + len(commands) != 1:
        return None
    pruned = copy.copy(app)
    pruned.registered_groups = groups
    pruned.registered_commands = commands
    return pruned


def command_for(app: Any, args: list[str]) -> Any:
    """The click command that parses ``args``: the pruned tree when it is enough."""
    from typer.main import get_command

    target = _target(args)
    key = (id(app), target)
    if key not in _TREES:
        pruned = _pruned(app, target) if target is not None else None
        if pruned is None:
            key = (id(app), None)
            if key not in _TREES:
                _TREES[key] = get_command(app)
        else:
            _TREES[key] = get_command(pruned)
    return _TREES[key]
