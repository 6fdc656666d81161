"""The user's own folders outside any workspace, and how a process is tied to its parent.

Kept import-light (os and stat only; nothing that imports enum): the console entry point uses
it before anything else.

* ``cache_base()`` — ``$XDG_CACHE_HOME/precise`` (an absolute path only, as the XDG spec says),
  else ``~/.cache/precise``; used for what is derived from the package's own files (the bundled
  knowledge base checked, store/blobcache.py; the numba kernels, pdo/llsolver_numba.py).
* ``owned_folder()`` — whether a folder is fit to keep such things (or a socket) in.
* ``die_with_parent()`` — a forked helper process that must not outlive its parent.
"""

from __future__ import annotations

import os
import stat


def cache_base() -> str | None:
    """The user's cache folder for precise (not created here), or None without a home."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        home = os.environ.get("HOME") or ""
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "precise")


def owned_folder(path: str, *, create: bool = False, private: bool = False) -> bool:
    """True when ``path`` is an absolute path to a real folder (not a symlink) owned by this
    user that no one else may write to — with ``private``, that no one else may open at all
    (0700). ``create`` makes it, 0700, when it is missing (its parents as needed)."""
    if not os.path.isabs(path):
        return False
    try:
        if create and not os.path.lexists(path):
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            os.mkdir(path, 0o700)
        st = os.lstat(path)
    except OSError:
        return False
    others = 0o077 if private else 0o022
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & others


def die_with_parent(parent: int, exit_code: int) -> None:
    """Ask Linux to kill this forked process when its parent (``parent``: its pid, taken
    before the fork) dies (PR_SET_PDEATHSIG); if it is already gone, leave with ``exit_code``."""
    import signal

    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(exit_code)
