#!/usr/bin/env python3
"""Time `precise cohort summary --json` and `precise cohort report` on synthetic cohorts of 30,
300 and 3 000 cases (scripts/make_cohort.py), with the per-case cost, and beside them two
reference runs on the same workspace: a loop that only json.loads every case.json, and the
former read path (every case.json loaded and schema-validated, outcome recomputed).

Usage: python benchmarks/bench_cohort.py [--sizes 30 300 3000] [--keep DIR] [--repeat N]
--keep DIR keeps (and reuses) the generated workspaces in DIR/ws-<N>: building 3 000 cases
through the case store (one audited, fsync-ed commit each) takes a few minutes.
Times are wall-clock, best of --repeat, each command a fresh process (interpreter start-up
included), and CPU (user + system of that run): on a shared machine the CPU figure is the one
to compare, the load average is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Every figure is a process of its own: no command server (by default a burst of commands
# starts one, which would then run the measured commands; bench_startup_charts.py measures the
# default on purpose, in a row of its own).
os.environ["PRECISE_SERVER"] = "0"

ROOT = Path(__file__).resolve().parent.parent


def precise(workspace: Path, *args: str) -> tuple[float, float]:
    exe = Path(sys.executable).parent / "precise"
    before = os.times()
    began = time.perf_counter()
    subprocess.run([str(exe), "--workspace", str(workspace), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wall = time.perf_counter() - began
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(runs)


def timed(argv: list[str]) -> tuple[float, float]:
    before = os.times()
    began = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - began
    after = os.times()
    return wall, (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def reference_json_loop(workspace: Path) -> tuple[float, float]:
    code = (
        "import json,os,sys,time;t=time.perf_counter();ws=sys.argv[1];"
        "[json.load(open(os.path.join(ws,c,'case.json'))) for c in sorted(os.listdir(ws)) "
        "if os.path.isfile(os.path.join(ws,c,'case.json'))];print(time.perf_counter()-t)"
    )
    return timed([sys.executable, "-c", code, str(workspace)])


def reference_full_read(workspace: Path) -> tuple[float, float]:
    code = (
        "import sys,time;from pathlib import Path;t=time.perf_counter();"
        "from precisecli.store.cases import CaseStore;"
        "from precisecli.store.workspace import Workspace;"
        "from precisecli.cohort.outcomes import case_outcome;"
        "from precisecli.response.recist import RecistRules;"
        "st=CaseStore(Workspace.locate(Path(sys.argv[1])));r=RecistRules();"
        "[case_outcome(st.load(c),r) for c in st.workspace.case_ids()]"
    )
    return timed([sys.executable, "-c", code, str(workspace)])


def workspace_for(folder: Path, n: int) -> Path:
    ws = folder / f"ws-{n}"
    count = sum(1 for p in ws.glob("*/case.json")) if ws.is_dir() else 0
    if count != n:
        if ws.exists():
            raise SystemExit(f"{ws} holds {count} cases, not {n}: remove it first")
        began = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_cohort.py"), str(ws),
                        "--cases", str(n)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"  (built {n} cases in {time.perf_counter() - began:.0f} s)", flush=True)
    return ws


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[30, 300, 3000])
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for n in args.sizes:
            ws = workspace_for(folder, n)
            summary = best([precise(ws, "cohort", "summary", "--json")
                            for _ in range(args.repeat)])  # fmt: skip
            out = Path(tmp) / f"report-{n}"
            report = best([precise(ws, "cohort", "report", "--out", str(out))
                           for _ in range(max(1, args.repeat - 1))])  # fmt: skip
            loop = min(reference_json_loop(ws) for _ in range(args.repeat))
            full = reference_full_read(ws)
            rows.append({"cases": n, "summary_s": summary[0], "summary_cpu_s": summary[1],
                         "report_s": report[0], "report_cpu_s": report[1],
                         "json_loop_s": loop[0], "json_loop_cpu_s": loop[1],
                         "full_read_s": full[0], "full_read_cpu_s": full[1],
                         "load_average": os.getloadavg()[0]})  # fmt: skip
            print(
                f"{n:5d} cases: cohort summary --json {summary[0]:6.2f} s wall, cpu "
                f"{summary[1]:.2f} s ({summary[1] / n * 1000:.2f} ms/case); cohort report "
                f"{report[0]:6.2f} s wall, cpu {report[1]:.2f} s ({report[1] / n * 1000:.2f} "
                f"ms/case) | reference cpu: json.load loop {loop[1]:.2f} s, former validated "
                f"full read {full[1]:.2f} s | load average {os.getloadavg()[0]:.1f} on "
                f"{os.cpu_count()} cores",
                flush=True,
            )
        if len(rows) > 1:
            a, b = rows[0], rows[-1]
            for key in ("summary_cpu_s", "report_cpu_s"):
                growth = (b[key] - a[key]) / (b["cases"] - a["cases"]) * 1000
                print(f"marginal cpu cost of {key[:-6]}: {growth:.2f} ms per added case "
                      f"({a['cases']} -> {b['cases']})")  # fmt: skip
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
