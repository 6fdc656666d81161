"""Time the tumour-board report (PDF + HTML) for the bundled sample case DEMO-001.

Builds the demo case with the demo's own workup steps (all but the report), then times
`precise report DEMO-001` end to end in a fresh process (what a user waits for, including
interpreter start and imports) and the in-process render (model + charts + PDF + HTML).
Budget (DESIGN §7): ≤ 3 s for both formats.

Usage: .venv/bin/python benchmarks/bench_report.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 3.0


def build_case(root: Path) -> Path:
    from precisecli.cli.main import run
    from precisecli.demo import load_workup, prepare_demo_folder

    workup = load_workup("DEMO-001")
    workspace = prepare_demo_folder(root, workup.case_id)
    for step in workup.steps(workspace):
        if step[2] == "report":
            continue
        code = run(step)
        if code != 0:
            print(
                f"warning: demo step failed ({' '.join(step[2:4])}); timing the partial case",
                file=sys.stderr,
            )
            break
    return workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = build_case(Path(tmp) / "demo")
        exe = Path(sys.executable).parent / "precise"
        env = dict(os.environ, PRECISE_WORKSPACE=str(workspace))
        cold = []
        for i in range(args.repeat):
            t0 = time.perf_counter()
            subprocess.run(
                [str(exe), "report", "DEMO-001", "--out", f"{tmp}/out{i}"],
                check=True,
                env=env,
                capture_output=True,
            )
            cold.append(time.perf_counter() - t0)

        from precisecli.report.build import render
        from precisecli.report.model import build_model
        from precisecli.store.cases import CaseStore
        from precisecli.store.workspace import Workspace

        store = CaseStore(Workspace(workspace))
        warm = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            with store.reading("DEMO-001") as (record, case_dir):
                model = build_model(case_dir, record)
            files = render(model, ("pdf", "html"))
            warm.append(time.perf_counter() - t0)
        sizes = ", ".join(f"{f.format} {len(f.data) / 1024:.0f} KiB" for f in files)
        med = statistics.median(cold)
        print(
            f"precise report DEMO-001 (PDF + HTML), new process: median {med:.2f} s, "
            f"min {min(cold):.2f} s over {args.repeat} runs (budget {BUDGET_S:.1f} s: "
            f"{'OK' if med <= BUDGET_S else 'OVER'})"
        )
        print(
            f"in-process render (model + charts + PDF + HTML): median "
            f"{statistics.median(warm):.2f} s, min {min(warm):.2f} s; {sizes}"
        )


if __name__ == "__main__":
    main()
