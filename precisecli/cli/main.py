"""The `precise` command: global options, sub-command registration, error → exit-code mapping."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Annotated

import typer

from precisecli import __version__
from precisecli.cli import bundle as bundle_cli
from precisecli.cli import case as case_cli
from precisecli.cli import case_edit as case_edit_cli
from precisecli.cli import cohort as cohort_cli
from precisecli.cli import cohort_export as cohort_export_cli
from precisecli.cli import demo as demo_cli
from precisecli.cli import export as export_cli
from precisecli.cli import genomics as genomics_cli
from precisecli.cli import grouping as grouping_cli
from precisecli.cli import housekeeping as housekeeping_cli
from precisecli.cli import kb_diff as kb_diff_cli
from precisecli.cli import line_fix as line_fix_cli
from precisecli.cli import pdo as pdo_cli
from precisecli.cli import purity as purity_cli
from precisecli.cli import report as report_cli
from precisecli.cli import server as server_cli
from precisecli.cli import treatment as treatment_cli
from precisecli.cli.common import STATE, err_console, use_workspace

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
    use_workspace(workspace)
    STATE.debug = debug or STATE.debug


for _module in (
    case_cli,
    genomics_cli,
    purity_cli,
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
    kb_diff_cli,
    export_cli,
    cohort_export_cli,
    server_cli,
):
    _module.register(app)


def _print_error(text: str) -> None:
    from precisecli.cli.common import styled

    err_console.print(styled(("error:", "bold red"), " ", text))


def _command(args: list[str]):
    """The click command tree for this command line, built once per process and target (typer
    rebuilds it on every call); only the part the command needs — see cli/lazytree.py."""
    from precisecli.cli.lazytree import command_for

    return command_for(app, args)


def _print_warning(text: str) -> None:
    from precisecli.cli.common import styled

    err_console.print(styled(("warning:", "bold yellow"), " ", text))


def _saved_note(saved: list[str]) -> str:
    """Appended to an error raised after a commit: the change itself is stored."""
    if not saved:
        return ""
    return f" (the change to case {', '.join(saved)} was saved before this error)"


def _usage_line(exc: Exception) -> str | None:
    """A click usage error as one line (bad option value, missing option …); None for the
    bare-command help screen, which click shows itself."""
    try:  # typer ≥ 0.2x carries its own click
        from typer._click import exceptions as click_exc
    except ImportError:  # pragma: no cover - older typer on plain click
        from click import exceptions as click_exc

    no_args = getattr(click_exc, "NoArgsIsHelpError", ())
    if not isinstance(exc, click_exc.UsageError) or (no_args and isinstance(exc, no_args)):
        return None
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "precise"
    return " ".join(f"{exc.format_message()} — see `{command} --help`".split())


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (used by main() and by tests in-process)."""
    from precisecli.errors import reset_commits
    from precisecli.store.opened import OPENED

    OPENED.clear()
    args = list(sys.argv[1:] if argv is None else argv)
    STATE.debug = "--debug" in args
    global _DEPTH
    if _DEPTH == 0:  # `precise demo` runs its steps through run(): keep the outer record
        reset_commits()
    _DEPTH += 1
    try:
        return _run(args)
    finally:
        _DEPTH -= 1


_DEPTH = 0


def _run(args: list[str]) -> int:
    from typer.exceptions import TyperException

    from precisecli.errors import EXIT_INPUT, EXIT_USAGE, PreciseError, committed_cases

    try:
        with _noting_ctrl_c() as ctrl_c:
            result = _command(args)(args=args, prog_name="precise", standalone_mode=False)
        if ctrl_c and result == 130:  # typer returns Ctrl-C as a bare 130: say what happened
            return _interrupted()
        return int(result or 0) if isinstance(result, int) else 0
    except PreciseError as exc:
        if STATE.debug:
            err_console.print_exception(show_locals=False)
        # An error with several located problems (a bad intake) lists them, one per line,
        # before its one-line summary.
        for line in getattr(exc, "detail_lines", lambda: [])():
            err_console.print(line)
        _print_error(exc.one_line() + _saved_note(committed_cases()))
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _print_error("aborted")
        return 130
    except TyperException as exc:  # typer's own click: usage errors, bad parameters
        usage_line = _usage_line(exc)
        show = getattr(exc, "show", None)
        if usage_line is not None:
            _print_error(usage_line)
        elif show is not None:
            show(file=sys.stderr)
        else:
            _print_error(str(exc))
        return getattr(exc, "exit_code", None) or EXIT_USAGE
    except KeyboardInterrupt:
        return _interrupted()
    except RecursionError as exc:
        if STATE.debug or not _input_caused(exc):
            return _internal(exc)
        where = _first_input_file(args)
        _print_error(
            (f"{where}: " if where else "")
            + "an input is nested too deeply to read — flatten the document (nesting of JSON, "
            "YAML or TOML beyond a few hundred levels is refused); nothing was changed"
        )
        return EXIT_INPUT
    except OSError as exc:
        from precisecli.store.faults import ENVIRONMENT_ERRNOS, describe

        if STATE.debug or exc.errno not in ENVIRONMENT_ERRNOS:
            return _internal(exc)
        where = os.path.basename(str(exc.filename)) if exc.filename else None
        _print_error(describe(exc, doing="read or write a file", where=where).one_line())
        return EXIT_INPUT
    except Exception as exc:  # a bug: say so in one line unless --debug
        return _internal(exc)


@contextmanager
def _noting_ctrl_c():
    """Yield a list that gets an entry when SIGINT arrives (raised as KeyboardInterrupt, as
    Python's own handler does); a SIGINT that is ignored (a background job) stays ignored."""
    import signal
    import threading

    noted: list[int] = []
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield noted
        return

    def on_sigint(signum, frame):
        noted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _interrupted() -> int:
    from precisecli.errors import committed_cases

    saved = committed_cases()
    _print_error("interrupted" + (_saved_note(saved) if saved else "; the case was left as it was"))
    return 130


def _internal(exc: BaseException) -> int:
    from precisecli.errors import EXIT_INTERNAL, EXIT_OK, committed_cases

    saved = committed_cases()
    if saved:
        if STATE.debug:
            err_console.print_exception(show_locals=False)
        # The change is stored (the commit succeeded); only showing the result failed.
        # That is not a failed command: exit 0 and say where to see the result.
        _print_warning(
            f"case {', '.join(saved)} was changed and saved, but showing the result failed "
            f"({type(exc).__name__}) — see it with `precise case show {saved[0]}`; rerun "
            "a reading command with --debug and report the traceback"
        )
        return EXIT_OK
    damaged = None if STATE.debug else _damaged_case()
    if damaged is not None:  # the failure comes from damaged case data, not from a bug
        _print_error(damaged.one_line())
        return damaged.exit_code
    if STATE.debug:
        err_console.print_exception(show_locals=False)
    _print_error(
        f"internal error ({type(exc).__name__}); nothing was changed — rerun with "
        "--debug and report the traceback"
    )
    return EXIT_INTERNAL


def _first_input_file(args: list[str]) -> str | None:
    """Base name of the first existing file named on the command line (to locate a refusal
    that a library raised without saying which document it was reading)."""
    for arg in args:
        value = arg.split("=", 1)[-1]
        if value and not value.startswith("-") and os.path.isfile(value):
            return os.path.basename(value)
    return None


def _damaged_case():
    """The first integrity problem of a case this command opened, if any."""
    from precisecli.store.cases import CaseStore
    from precisecli.store.opened import OPENED
    from precisecli.store.validation import damage
    from precisecli.store.workspace import Workspace

    for root, case_id in list(OPENED):
        problem = damage(CaseStore(Workspace(root)), case_id)
        if problem is not None:
            return problem
    return None


# Libraries that recurse over the structure of an input document: a RecursionError raised in
# one of them is caused by the input's nesting, not by a bug of precise.
_DOCUMENT_MODULES = ("json", "yaml", "tomllib", "tomli", "jsonschema", "referencing", "copy", "xml")


def _input_caused(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module.split(".")[0] in _DOCUMENT_MODULES:
            return True
        tb = tb.tb_next
    return False


def main() -> None:
    os.umask(0o077)  # workspace folders 0700, files 0600
    sys.exit(run())
