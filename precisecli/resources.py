"""Locate the package data directories (schemas, templates, knowledge, sample_cases).

They live at the repository top level. A wheel carries them under ``precisecli/_data/`` (see the
``force-include`` table in pyproject.toml); an editable install or a source checkout finds them
beside the package. This is the only function that knows both places.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from precisecli.errors import InternalError

DATA_DIRS = ("schemas", "templates", "knowledge", "sample_cases")


@cache
def resource_dir(name: str) -> Path:
    if name not in DATA_DIRS:
        raise InternalError(f"unknown resource directory '{name}'")
    # the package folder itself (what importlib.resources.files gives for an installed package,
    # without importing its machinery: ~5 ms of every command's start-up)
    packaged = Path(__file__).resolve().parent / "_data" / name
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / name
    if source_tree.is_dir():
        return source_tree
    raise InternalError(
        f"package data '{name}' not found",
        hint="reinstall precise (make test or pip install .) — the installation is incomplete",
    )


def resource_file(directory: str, relative: str) -> Path:
    path = resource_dir(directory) / relative
    if not path.is_file():
        raise InternalError(
            f"package file '{directory}/{relative}' not found",
            hint="reinstall precise; the installation is incomplete",
        )
    return path
