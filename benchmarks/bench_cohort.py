#!/usr/bin/env python3
"""Time `precise cohort summary` (JSON only, and with --out plots/exports) on synthetic cohorts.

Usage: python benchmarks/bench_cohort.py [--copies K]   (K x 33 cases, default 1 and 4)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(workspace: Path, *extra: str) -> float:
    exe = Path(sys.executable).parent / "precise"
    began = time.perf_counter()
    subprocess.run([str(exe), "--workspace", str(workspace), "cohort", "summary", "--json",
                    *extra], check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - began


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 4])
    args = parser.parse_args(argv)
    from precisecli.cohort.synthetic import write_cohort

    for copies in args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp) / "ws"
            n = sum(len(write_cohort(ws, seed=k + 1, prefix=f"SYN{k}")) for k in range(copies))
            plain = min(run(ws) for _ in range(3))
            full = min(run(ws, "--out", str(Path(tmp) / "out")) for _ in range(3))
            print(
                f"{n} cases: cohort summary --json {plain:.2f} s; with --out (KM SVG+PNG, "
                f"CSV, xlsx) {full:.2f} s (best of 3, includes interpreter start)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
