"""The public Breeze demo screen (tests/data/pdo: 132 drugs × 5 doses × 8 cell lines, 16 plates)
loaded into a temporary workspace as case BZ, screen BZ, with the project's own `precise` — for
the benchmarks that time `pdo rank` on it (bench_fit.py --breeze, bench_bootstrap.py)."""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "pdo" / "Breeze_Raw_Data_Demo_FULL.xlsx"


class Case:
    def __init__(self, env: dict):
        self.env = env

    def run(self, *args: str) -> subprocess.CompletedProcess:
        exe = REPO / ".venv" / "bin" / "precise"
        return subprocess.run([str(exe), *args], env=self.env, capture_output=True, check=True)

    def timed(self, *args: str) -> tuple[subprocess.CompletedProcess, float, float]:
        """The command's result, wall seconds and CPU seconds (user + sys of the child)."""
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = self.run(*args)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        return done, wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


@contextmanager
def breeze_case() -> Iterator[Case]:
    with tempfile.TemporaryDirectory() as tmp:
        case = Case(dict(os.environ, PRECISE_WORKSPACE=str(Path(tmp) / "ws")))
        case.run("case", "new", "BZ", "--pseudonym", "X")
        case.run("pdo", "load", "BZ", str(DATA), "--layout", str(DATA), "--conc-unit", "nM",
                 "--screen", "BZ")  # fmt: skip
        yield case
