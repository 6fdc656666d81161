"""Run the installed `precise` console script under a pseudo-terminal, as a user's shell does.

Progress bars, colour and terminal width are decided by whether stdout/stderr are a terminal,
so tests that only capture pipes never exercise that path. ``run_pty`` gives the child a real
pty (Python's ``pty`` module) as stdin, stdout and stderr, reads everything it writes, and
returns the exit code and the raw bytes (escape sequences included).
"""

from __future__ import annotations

import os
import pty
import select
import signal
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PRECISE = Path(sys.executable).parent / "precise"


@dataclass
class PtyResult:
    exit_code: int
    output: bytes

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")


def _set_size(fd: int, rows: int, cols: int) -> None:
    import fcntl
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def run_pty(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 180,
    cols: int = 100,
    rows: int = 40,
) -> PtyResult:
    """Run ``precise ARGS`` with a pty on stdin/stdout/stderr; return its exit code and output."""
    master, slave = pty.openpty()
    _set_size(slave, rows, cols)
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CI", "NO_COLOR", "TERM", "COLUMNS", "LINES")
    }
    full_env["TERM"] = "xterm-256color"
    full_env.update(env or {})
    proc = subprocess.Popen(
        [str(PRECISE), *map(str, args)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        cwd=cwd,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                raise TimeoutError(f"precise {' '.join(map(str, args))} ran over {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the pty
                    data = b""
                if not data:
                    if proc.poll() is not None:
                        break
                    continue
                chunks.append(data)
            elif proc.poll() is not None:
                # drain what is left
                while select.select([master], [], [], 0)[0]:
                    try:
                        data = os.read(master, 65536)
                    except OSError:
                        break
                    if not data:
                        break
                    chunks.append(data)
                break
    finally:
        os.close(master)
    return PtyResult(proc.wait(), b"".join(chunks))
