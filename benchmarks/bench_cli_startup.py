#!/usr/bin/env python3
"""Start-up time of `precise --help` (budget 0.3 s), against a bare interpreter start.

Usage: .venv/bin/python benchmarks/bench_cli_startup.py [--runs N]
Prints wall-clock seconds (median and best of N fresh processes) for:
  python -c pass            the floor no CLI can beat
  precise --help            the installed console script
  precise case --help       a sub-command's help
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUDGET_S = 0.3
# Every figure is a process of its own: no command server (by default a burst of commands
# starts one, which would then run the measured commands).
os.environ["PRECISE_SERVER"] = "0"


def timed(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the page cache and .pyc files
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "precise")
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("precise --help", [exe, "--help"]),
        ("precise case --help", [exe, "case", "--help"]),
    ]
    print(f"{'command':<24}{'median s':>10}{'best s':>10}")
    medians = {}
    for label, cmd in rows:
        t = timed(cmd, args.runs)
        medians[label] = statistics.median(t)
        print(f"{label:<24}{statistics.median(t):>10.3f}{min(t):>10.3f}")
    verdict = "within" if medians["precise --help"] <= BUDGET_S else "OVER"
    print(
        f"precise --help median {medians['precise --help']:.3f} s: {verdict} the "
        f"{BUDGET_S} s budget ({medians['precise --help'] / medians['python -c pass']:.1f}x a "
        "bare interpreter)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
