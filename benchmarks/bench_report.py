"""Time the tumour-board report (PDF + HTML): the demo case, the 132-regimen stress case, and the
ratio to a Typst-only compile of the same model and charts.

- demo: `precise report DEMO-001` in a new process (what a user waits for: interpreter start,
  imports, model, charts, PDF, HTML, filing in the case), and the in-process render.
- Typst-only reference: the same model JSON and chart SVGs compiled by `typst.compile` alone,
  in a new process (interpreter + `import typst` + compile) and in-process (compile only).
  Ratios: report process / Typst-only process, in-process render / in-process compile.
- stress: tests/report/stress_case.py (6 samples, 132 regimens, long file names, CJK notes),
  model + charts + PDF + HTML in-process.
Budgets (DESIGN §7, issues 14 and 19): demo report ≤ 2 s and ≤ 3 × the Typst-only compile;
stress PDF + HTML ≤ 10 s.

Usage: .venv/bin/python benchmarks/bench_report.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Every figure is a process of its own: no command server (by default a burst of commands
# starts one, which would then run the measured commands; bench_startup_charts.py measures the
# default on purpose, in a row of its own).
os.environ["PRECISE_SERVER"] = "0"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.report.stress_case

DEMO_BUDGET_S = 2.0
STRESS_BUDGET_S = 10.0
RATIO_BUDGET = 3.0

TYPST_ONLY = """
import json, sys, time
from pathlib import Path
import typst
d = Path(sys.argv[1])
inputs = json.loads((d / "inputs.json").read_text(encoding="utf-8"))
typst.compile((d / "report.typ").read_bytes(), root=sys.argv[2], font_paths=[sys.argv[3]],
              ignore_system_fonts=True, sys_inputs=inputs, timestamp=0)
"""


def build_case(root: Path) -> Path:
    from precisecli.cli.main import run
    from precisecli.demo import load_workup, prepare_demo_folder

    workup = load_workup("DEMO-001")
    workspace = prepare_demo_folder(root, workup.case_id)
    for step in workup.steps(workspace):
        if step[2] == "report":
            continue
        if run(step) != 0:
            print(f"warning: demo step failed ({' '.join(step[2:4])})", file=sys.stderr)
            break
    return workspace


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def process_times(argv: list[str], repeat: int, env=None) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + sys of the child) seconds of running argv, per run. CPU time is the
    figure that does not depend on how busy the machine is."""
    import resource

    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, env=env, capture_output=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return walls, cpus


def typst_inputs(model, svgs) -> dict[str, str]:
    inputs = {"model": json.dumps(model, ensure_ascii=False, sort_keys=True)}
    inputs.update({f"chart-{cid}": svg for cid, svg in svgs.items()})
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import typst

    from precisecli.report import charts
    from precisecli.report.build import render
    from precisecli.report.fonts import font_dir
    from precisecli.report.model import build_model
    from precisecli.resources import resource_file
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace
    from tests.report import stress_case

    template = resource_file("templates", "report.typ")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = build_case(Path(tmp) / "demo")
        exe = Path(sys.executable).parent / "precise"
        env = dict(os.environ, PRECISE_WORKSPACE=str(workspace))
        cold, cold_cpu = process_times([str(exe), "report", "DEMO-001"], args.repeat, env)
        store = CaseStore(Workspace(workspace))

        def demo_render():
            with store.reading("DEMO-001") as (record, case_dir):
                model = build_model(case_dir, record)
            return model, render(model, ("pdf", "html"))

        warm = timed(demo_render, args.repeat)
        model, files = demo_render()
        inputs = typst_inputs(model, charts.render_all(model))
        ref = Path(tmp) / "typst-only"
        ref.mkdir()
        (ref / "inputs.json").write_text(json.dumps(inputs), encoding="utf-8")
        (ref / "report.typ").write_bytes(template.read_bytes())

        def compile_only():
            typst.compile(
                template.read_bytes(),
                root=str(template.parent),
                font_paths=[str(font_dir())],
                ignore_system_fonts=True,
                sys_inputs=inputs,
                timestamp=0,
            )

        typst_warm = timed(compile_only, args.repeat)
        typst_cold, typst_cpu = process_times(
            [sys.executable, "-c", TYPST_ONLY, str(ref), str(template.parent), str(font_dir())],
            args.repeat,
        )

        def stress():
            model = stress_case.stress_model(Path(tmp))
            return render(model, ("pdf", "html"))

        stress_times = timed(stress, max(2, args.repeat // 2))
        stress_files = stress()

    med = statistics.median
    sizes = ", ".join(f"{f.format} {len(f.data) / 1024:.0f} KiB" for f in files)
    print(
        f"demo report, new process (PDF + HTML, filed in the case): median {med(cold):.2f} s wall "
        f"(min {min(cold):.2f}), {med(cold_cpu):.2f} s CPU; budget {DEMO_BUDGET_S:.1f} s: "
        f"{'OK' if med(cold) <= DEMO_BUDGET_S else 'OVER'} (wall), "
        f"{'OK' if med(cold_cpu) <= DEMO_BUDGET_S else 'OVER'} (CPU)"
    )
    print(
        f"demo in-process render (model + charts + PDF + HTML): median {med(warm):.2f} s "
        f"(min {min(warm):.2f}); {sizes}"
    )
    ratio_cold = med(cold) / med(typst_cold)
    ratio_cpu = med(cold_cpu) / med(typst_cpu)
    ratio_warm = med(warm) / med(typst_warm)
    print(
        f"Typst-only compile of the same model and charts: new process {med(typst_cold):.2f} s "
        f"wall, {med(typst_cpu):.2f} s CPU; in-process {med(typst_warm):.2f} s"
    )
    print(
        f"ratio report / Typst-only: new process {ratio_cold:.1f} x wall, {ratio_cpu:.1f} x CPU; "
        f"in-process {ratio_warm:.1f} x (budget {RATIO_BUDGET:.0f} x: "
        f"{'OK' if ratio_cpu <= RATIO_BUDGET else 'OVER'} by CPU)"
    )
    import io

    from pypdf import PdfReader

    pdf = next(f for f in stress_files if f.format == "pdf")
    pages = len(PdfReader(io.BytesIO(pdf.data)).pages)
    print(
        f"stress case (6 samples, 132 regimens) model + PDF + HTML in-process: median "
        f"{med(stress_times):.2f} s (min {min(stress_times):.2f}); budget {STRESS_BUDGET_S:.0f} s: "
        f"{'OK' if med(stress_times) <= STRESS_BUDGET_S else 'OVER'}; PDF pages: {pages}"
    )


if __name__ == "__main__":
    main()
