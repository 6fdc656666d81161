"""Per-case advisory lock (flock on <case>/.lock): one writer, many readers."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from precisecli.errors import CaseBusyError

DEFAULT_TIMEOUT_S = 30.0


def lock_timeout() -> float:
    raw = os.environ.get("PRECISE_LOCK_TIMEOUT")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_TIMEOUT_S
    except ValueError:
        return DEFAULT_TIMEOUT_S


class CaseLock:
    """Context manager. exclusive=True for writers, False (shared) for readers."""

    def __init__(
        self, case_dir: Path, case_id: str, *, exclusive: bool, timeout: float | None = None
    ):
        self.path = case_dir / ".lock"
        self.case_id = case_id
        self.exclusive = exclusive
        self.timeout = lock_timeout() if timeout is None else timeout
        self._fd: int | None = None

    def __enter__(self) -> CaseLock:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
        self._fd = os.open(self.path, flags, 0o600)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + self.timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(self._fd)
                    self._fd = None
                    raise CaseBusyError(
                        f"case {self.case_id} is busy: another precise command is writing it",
                        hint=f"wait for it to finish and retry (waited {self.timeout:g} s; "
                        "set PRECISE_LOCK_TIMEOUT to wait longer)",
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
