"""Cases this process opened (workspace root, case id), so that an unexpected failure can be
checked against damaged case data before it is called a bug (cli.main, store.validation)."""

from __future__ import annotations

from pathlib import Path

OPENED: dict[tuple[Path, str], None] = {}
