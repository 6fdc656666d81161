"""Shared CLI plumbing: global state, consoles, JSON output, progress bars."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class GlobalState:
    workspace: str | None = None
    debug: bool = False
    quiet_progress: bool = False


STATE = GlobalState()


class _LazyConsole:
    """A rich Console created on first use: importing rich costs ~0.1 s that --help must not pay."""

    def __init__(self, **options: Any):
        self._options = options
        self._console: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


err_console: Any = _LazyConsole(stderr=True, highlight=False, soft_wrap=True)
out_console: Any = _LazyConsole(highlight=False)


def workspace():
    from precisecli.store.workspace import Workspace

    return Workspace.locate(STATE.workspace)


def store():
    from precisecli.store.cases import CaseStore

    return CaseStore(workspace())


def emit_json(document: Any, schema: str | None = None) -> None:
    """Print exactly one JSON document on stdout, validated against its output schema."""
    from precisecli.store.documents import dumps_json

    if schema:
        from precisecli.store.schema import validate

        validate(document, schema, source="--json output")
    sys.stdout.write(dumps_json(document))
    sys.stdout.flush()


def info(message: str) -> None:
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
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)
