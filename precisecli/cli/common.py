"""Shared CLI plumbing: global state, consoles, JSON output, progress bars."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from precisecli.cli import fastparams

fastparams.install()  # option values converted without importing pydantic (see fastparams)


@dataclass
class GlobalState:
    workspace: str | None = None
    debug: bool = False
    quiet_progress: bool = False


STATE = GlobalState()


# Width used when output is piped or redirected: wide enough that no table cell is ever cut.
PIPE_WIDTH = 100_000


class _LazyConsole:
    """A rich Console created on first use: importing rich costs ~0.1 s that --help must not pay.

    Markup is off: every string printed (ids, gene names, labels from files) is shown as written,
    never interpreted as console markup. Styling is given explicitly with ``style=`` or ``Text``.
    When the stream is not a terminal the console is as wide as its content, so piped or
    redirected tables never truncate values.
    """

    def __init__(self, **options: Any):
        self._options = options
        self._console: Any = None

    def get(self) -> Any:
        """The real rich Console (for APIs that need one, e.g. ``Progress(console=...)``)."""
        if self._console is None:
            from rich.console import Console

            console = Console(markup=False, highlight=False, emoji=False, **self._options)
            if not console.is_terminal:
                console = Console(
                    markup=False, highlight=False, emoji=False, width=PIPE_WIDTH, **self._options
                )
            self._console = console
        return self._console

    def reset(self) -> None:
        """Forget the console (tests swap sys.stdout/sys.stderr between runs)."""
        self._console = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


err_console: Any = _LazyConsole(stderr=True, soft_wrap=True)
out_console: Any = _LazyConsole()


def styled(*parts: str | tuple[str, str]) -> Any:
    """A rich Text from plain strings and (text, style) pairs; no markup is parsed."""
    from rich.text import Text

    return Text.assemble(*parts)


def finite(value: float | None) -> float | None:
    """Option callback: refuse nan/inf (click's ranges let nan through every comparison)."""
    import math

    if value is not None and not math.isfinite(value):
        import typer

        raise typer.BadParameter(f"{value} is not a finite number")
    return value


def positive(value: float | None) -> float | None:
    """Option callback: a finite number above 0."""
    finite(value)
    if value is not None and value <= 0:
        import typer

        raise typer.BadParameter(f"{value:g} is not above 0")
    return value


def use_workspace(option: str | None) -> None:
    """Set the workspace of this command (--workspace, else $PRECISE_WORKSPACE, else the
    default); its private cache of validated documents is used from here on."""
    from precisecli.store import validated
    from precisecli.store.workspace import Workspace

    STATE.workspace = option
    validated.use_workspace(Workspace.locate(option).root)


def workspace():
    from precisecli.store.workspace import Workspace

    return Workspace.locate(STATE.workspace)


def store():
    from precisecli.store.cases import CaseStore

    return CaseStore(workspace())


def emit_json(document: Any, schema: str | None = None) -> None:
    """Print exactly one JSON document on stdout, validated against its output schema."""
    from precisecli.store.documents import dumps_json

    try:
        text = dumps_json(document)
        if not text.isascii():  # only text beyond ASCII can hold a lone surrogate
            text.encode("utf-8")
    except UnicodeEncodeError:  # a path under a folder whose name is not UTF-8: shown as \xNN
        from precisecli.fsnames import shown_document

        document = shown_document(document)
        text = dumps_json(document)
    except Exception:  # refused below, after validation, as before
        text = None
    if schema:
        from precisecli.store.schema import validate

        validate(document, schema, source="--json output", written=text)
    sys.stdout.write(text if text is not None else dumps_json(document))
    sys.stdout.flush()


def info(message: Any) -> None:
    """A message on stderr, printed as written (a str is never parsed as markup; a byte of a
    file name that is not UTF-8 as \\xNN)."""
    if isinstance(message, str):
        from precisecli.fsnames import shown

        message = shown(message)
    err_console.print(message)


def progress_enabled(json_mode: bool = False) -> bool:
    return (
        not json_mode
        and not STATE.quiet_progress
        and err_console.is_terminal
        and not os.environ.get("CI")
    )


@contextmanager
def progress(description: str, total: float | None, *, json_mode: bool = False) -> Iterator[Any]:
    """Yield an ``advance(n)`` callable; draws a transient bar on a terminal only."""
    if not progress_enabled(json_mode):
        yield lambda n=1: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}"),
        TimeElapsedColumn(),
        console=err_console.get(),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)
