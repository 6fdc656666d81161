"""numba for the hot loops that have a compiled form (the dose-response solver, the VCF block
reader): whether it may be used, and where its compiled code is kept.

``compiler()`` returns numba's ``njit`` set up for this process, or None: numba not installed,
``PRECISE_NO_NUMBA=1``, or (for callers) compiling failed — each caller then keeps its plain
numpy/Python path. Compiled code is cached on disk (numba ``cache=True``) in the user's cache
folder: ``$PRECISE_NUMBA_CACHE``, else ``$XDG_CACHE_HOME/precise/numba``, else
``~/.cache/precise/numba`` — never next to the sources (the repository or site-packages). When
that folder cannot be written, code is compiled in memory for this process only.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from precisecli import userdirs


def cache_dir() -> Path | None:
    explicit = os.environ.get("PRECISE_NUMBA_CACHE")
    if explicit:
        return Path(explicit)
    base = userdirs.cache_base()
    return Path(base) / "numba" if base is not None else None


def writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
        return True
    except OSError:
        return False


@cache
def cache_usable() -> bool:
    """Whether compiled code can be kept between processes here (else each process compiles
    again: seconds, which only a very large job repays)."""
    folder = cache_dir()
    return folder is not None and writable(folder)


def enabled() -> bool:
    return os.environ.get("PRECISE_NO_NUMBA", "") not in ("1", "true", "yes")


def compiler():
    """``numba.njit(cache=..., nogil=True)`` for this process, or None (see the module doc)."""
    if not enabled():
        return None
    try:
        import numba
    except ImportError:
        return None
    folder = cache_dir()
    use_cache = folder is not None and writable(folder)
    if use_cache and not os.environ.get("NUMBA_CACHE_DIR"):
        numba.config.CACHE_DIR = str(folder)
    return numba.njit(cache=use_cache, nogil=True)
