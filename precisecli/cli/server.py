"""`precise server start|stop|status`: the command server (cli/cmdserver.py), which runs each
command in a process forked from one that has already loaded precise — for scripts and batches of
many short commands."""

from __future__ import annotations

from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info

server_app = typer.Typer(
    name="server",
    help="The resident command server for many short commands (scripts, batches): started by "
    "a burst of commands (a second one within a minute); PRECISE_SERVER=0 turns it off, "
    "=manual uses only one started here.\n\n"
    "Example: precise server status",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    root.add_typer(server_app)


def _document(state: dict | None, *, running: bool) -> dict:
    doc = {"running": running}
    for key in ("pid", "commands", "running_commands", "idle_limit_s"):
        if state and key in state:
            doc[key] = state[key]
    return doc


@server_app.command("start")
def server_start(
    idle_minutes: Annotated[
        float,
        typer.Option("--idle-minutes", min=0.1, max=24 * 60, help="End after this long unused."),
    ] = 30,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Start the command server (if it is not running): later `precise` commands of this user,
    installation and environment run in processes forked from it, without the start-up cost.
    It holds no case data; PRECISE_SERVER=0 makes a command run on its own. (A burst of
    commands starts one by itself; this starts it now, with its own idle limit.)

    Example: precise server start --idle-minutes 60
    """
    from precisecli.cli import cmdstart
    from precisecli.errors import StorageError

    state = cmdstart.start(idle_minutes * 60)
    if state is None:
        raise StorageError(
            "the command server did not start",
            hint="its socket needs a folder only you can open ($XDG_RUNTIME_DIR/precise or "
            "/tmp/precise-<uid>, mode 0700; PRECISE_SERVER_DIR names another); commands run "
            "without a server meanwhile",
        )
    doc = _document(state, running=True)
    if json_out:
        emit_json(doc, "cli/server.schema.json")
        return
    info(f"command server running (pid {doc['pid']}); stop it with `precise server stop`")


@server_app.command("stop")
def server_stop(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Stop the command server once the commands it runs have ended.

    Example: precise server stop
    """
    from precisecli.cli import cmdstart

    state = cmdstart.stop()
    doc = _document(None, running=bool(state) and not state.get("stopped", False))
    if json_out:
        emit_json(doc, "cli/server.schema.json")
        return
    info("command server stopped" if state else "no command server was running")


@server_app.command("status")
def server_status(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Whether the command server runs, its pid and how many commands it has run.

    Example: precise server status --json
    """
    from precisecli.cli import cmdstart

    state = cmdstart.status()
    doc = _document(state, running=state is not None)
    if json_out:
        emit_json(doc, "cli/server.schema.json")
        return
    if state is None:
        info("no command server is running (start one with `precise server start`)")
    else:
        info(
            f"command server running: pid {doc['pid']}, {doc['commands']} command(s) run, "
            f"{doc['running_commands']} running now"
        )
