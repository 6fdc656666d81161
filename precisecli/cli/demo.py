"""`precise demo`: build a workspace from the bundled sample case and run the whole workup."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import info, styled

MARKER = ".precise-demo"


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)


def demo(
    out: Annotated[
        Path,
        typer.Option("--out", metavar="DIR", help="Folder for the demo workspace and reports."),
    ] = Path("precise-demo"),
    case: Annotated[str, typer.Option(help="Which bundled sample case to run.")] = "DEMO-001",
) -> None:
    """Run the full workup on the bundled sample case, step by step, as a user would type it.

    Example: precise demo --out /tmp/demo
    """
    from precisecli.cli.main import run
    from precisecli.demo import load_workup, prepare_demo_folder
    from precisecli.store.outdir import check_out_folder

    out = check_out_folder(out)
    workup = load_workup(case)
    workspace = prepare_demo_folder(out, workup.case_id)
    for step in workup.steps(workspace):
        info(styled(("$", "dim"), f" precise {shlex.join(step)}"))
        code = run(step)
        if code != 0:
            raise typer.Exit(code)
    for line in workup.closing_lines(workspace):
        info(line)
