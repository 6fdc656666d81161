"""The `precise` command: global options, sub-command registration, error → exit-code mapping."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from precisecli import __version__
from precisecli.cli import bundle as bundle_cli
from precisecli.cli import case as case_cli
from precisecli.cli import case_edit as case_edit_cli
from precisecli.cli import cohort as cohort_cli
from precisecli.cli import demo as demo_cli
from precisecli.cli import genomics as genomics_cli
from precisecli.cli import grouping as grouping_cli
from precisecli.cli import housekeeping as housekeeping_cli
from precisecli.cli import line_fix as line_fix_cli
from precisecli.cli import pdo as pdo_cli
from precisecli.cli import report as report_cli
from precisecli.cli import treatment as treatment_cli
from precisecli.cli.common import STATE, err_console

app = typer.Typer(
    name="precise",
    help="Genomic grouping, organoid drug screens and tumour-board reports for "
    "trastuzumab-refractory HER2-positive advanced breast cancer.\n\n"
    "Example: precise demo",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,  # locals would hold patient data
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"precise {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace",
            metavar="DIR",
            help="Workspace folder (default: $PRECISE_WORKSPACE, else ./precise-workspace).",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    STATE.workspace = workspace
    STATE.debug = debug or STATE.debug


for _module in (
    case_cli,
    genomics_cli,
    grouping_cli,
    pdo_cli,
    treatment_cli,
    report_cli,
    cohort_cli,
    demo_cli,
    housekeeping_cli,  # after the domains: these add commands to their sub-apps
    line_fix_cli,
    case_edit_cli,
    bundle_cli,
):
    _module.register(app)


def _print_error(text: str) -> None:
    from precisecli.cli.common import styled

    err_console.print(styled(("error:", "bold red"), " ", text))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (used by main() and by tests in-process)."""
    from typer.exceptions import TyperException

    from precisecli.errors import EXIT_INTERNAL, EXIT_USAGE, PreciseError

    args = list(sys.argv[1:] if argv is None else argv)
    STATE.debug = "--debug" in args
    try:
        result = app(args=args, prog_name="precise", standalone_mode=False)
        return int(result or 0) if isinstance(result, int) else 0
    except PreciseError as exc:
        if STATE.debug:
            err_console.print_exception(show_locals=False)
        # An error with several located problems (a bad intake) lists them, one per line,
        # before its one-line summary.
        for line in getattr(exc, "detail_lines", lambda: [])():
            err_console.print(line)
        _print_error(exc.one_line())
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _print_error("aborted")
        return 130
    except TyperException as exc:  # typer's own click: usage errors, bad parameters
        show = getattr(exc, "show", None)
        if show is not None:
            show(file=sys.stderr)
        else:
            _print_error(str(exc))
        return getattr(exc, "exit_code", None) or EXIT_USAGE
    except KeyboardInterrupt:
        _print_error("interrupted; the case was left as it was")
        return 130
    except Exception as exc:  # a bug: say so in one line unless --debug
        if STATE.debug:
            err_console.print_exception(show_locals=False)
        _print_error(
            f"internal error ({type(exc).__name__}); nothing was changed — rerun with "
            "--debug and report the traceback"
        )
        return EXIT_INTERNAL


def main() -> None:
    os.umask(0o077)  # workspace folders 0700, files 0600
    sys.exit(run())
