"""CLI commands for the genomics domain (filled in by its issue)."""

from __future__ import annotations

import typer


def register(root: typer.Typer) -> None:
    """Add this domain's commands to the root app."""
