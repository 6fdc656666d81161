#!/usr/bin/env python3
"""Per-command overhead and the screen charts (issue 19): every figure with its reference beside
it, measured in one run (interleaved where the runs are short).

  start-up           `python -c pass`, `precise --help`, `precise case show DEMO-001 --json`
                     (a reading command: its time is fixed start-up; budget 0.2 s)
  demo steps         the demo's steps as separate processes vs the same steps in one process
                     (budget: processes ≤ 1.5 × one process): as a user runs them (the
                     default: no server at first, the second command starts one in the
                     background), with no server at all (PRECISE_SERVER=0), and with a server
                     already running (`precise server start`); per step (no server): `pdo
                     load`, `pdo qc`, `pdo rank` (budget 1.5 s), `report`
  precise demo       the whole `precise demo` (budget 10 s)
  10 plates          `pdo load` and `pdo qc` of a 10-plate 384-well screen, and the heat maps
                     alone: the plain-SVG writer vs the matplotlib figure it replaced
                     (kept below as the reference)

Each time is wall-clock seconds (median over runs) with the CPU seconds (user + system of the
process and its children) beside it: on a shared machine the CPU time is the steadier figure.

--baseline PRECISE runs every process-level figure also with another installation's console
script (e.g. the commit before this work, installed in a scratch folder), interleaved with this
one, so before/after ratios come from the same minutes of the same machine.

Usage: .venv/bin/python benchmarks/bench_startup_charts.py [--runs N] [--demo-runs N]
       [--plates N] [--baseline /path/to/other/.venv/bin/precise] [--skip demo,plates]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Every figure is a process of its own with no command server (by default a burst of commands
# starts one, which would then run the measured commands), except the demo steps' "default" row
# (as a user runs them) and "server running" row, which set their own environment.
os.environ["PRECISE_SERVER"] = "0"

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BUDGETS = {"case show --json": 0.2, "pdo rank": 1.5, "precise demo": 10.0, "ratio": 1.5}
IN_PROCESS = """
import os, sys, json
os.environ.setdefault("TYPER_USE_RICH", "0")
os.umask(0o077)
from precisecli.cli.main import run
steps = json.load(open(sys.argv[1]))
for argv in steps:
    code = run(argv)
    if code:
        sys.exit(f"step failed ({code}): {' '.join(argv[2:4])}")
"""


class Timer:
    """Wall and CPU (children's user + system) seconds of one subprocess run."""

    def __init__(self, argv: list[str], env: dict | None = None, cwd: Path | None = None):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd)
        self.wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stderr[-2000:]}")


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def row(label: str, wall: float, cpu: float, ref: str = "") -> None:
    print(f"  {label:<44}{wall:>8.3f}{cpu:>8.3f}  {ref}")


def verdict(wall: float, cpu: float, budget: float) -> str:
    """Budget check on wall time, and on CPU time (what an idle machine's wall time
    approaches; on a loaded machine the wall time also counts waiting for a core)."""

    def word(x: float) -> str:
        return "within" if x <= budget else "OVER"

    return f"{budget} s budget: wall {word(wall)}, cpu {word(cpu)}"


def header(title: str) -> None:
    print(f"\n{title}\n  {'':<44}{'wall s':>8}{'cpu s':>8}")


def python_of(precise: Path) -> str:
    return str(precise.parent / "python")


def demo_steps(workspace: Path) -> list[list[str]]:
    from precisecli.demo import load_workup

    return load_workup("DEMO-001").steps(workspace)


def run_steps_as_processes(
    precise: Path, workspace: Path, env: dict | None = None
) -> tuple[float, float, dict]:
    per_step: dict[str, tuple[float, float]] = {}
    wall = cpu = 0.0
    workspace.parent.mkdir(parents=True, exist_ok=True)
    for argv in demo_steps(workspace):
        t = Timer([str(precise), *argv], env=env)
        wall, cpu = wall + t.wall, cpu + t.cpu
        name = " ".join(argv[2:4]) if argv[2] in ("pdo", "case") else argv[2]
        if name not in per_step:  # the first of each (pdo load: the viability load)
            per_step[name] = (t.wall, t.cpu)
    return wall, cpu, per_step


def _process_cpu(pid: int) -> float:
    """CPU seconds of a process and of the children it has reaped (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_steps_through_server(precise: Path, workspace: Path, tmp: Path) -> tuple[float, float]:
    """The steps as separate processes with a command server running (`precise server
    start`): wall time of the steps, CPU of the clients plus the server's forked processes
    (the server's own start-up is not counted: it is made once for many commands)."""
    folder = tmp / f"srv-{time.monotonic_ns()}"
    folder.mkdir(mode=0o700)
    env = dict(os.environ, PRECISE_SERVER_DIR=str(folder))
    env.pop("PRECISE_SERVER", None)
    started = subprocess.run([str(precise), "server", "start", "--json"], env=env,
                             capture_output=True, text=True, check=True)  # fmt: skip
    pid = json.loads(started.stdout)["pid"]
    try:
        before = _process_cpu(pid)
        wall, cpu, _ = run_steps_as_processes(precise, workspace, env=env)
        served = _process_cpu(pid) - before
    finally:
        subprocess.run([str(precise), "server", "stop"], env=env, capture_output=True)
    return wall, cpu + served


def run_steps_default(precise: Path, workspace: Path, tmp: Path) -> tuple[float, float]:
    """The steps as separate processes as a user runs them: PRECISE_SERVER unset and no server
    at first — the second command starts one in the background, the next use it once it is
    ready. CPU counts the clients and all of the server (its own start-up included)."""
    folder = tmp / f"srv-{time.monotonic_ns()}"
    folder.mkdir(mode=0o700)
    env = dict(os.environ, PRECISE_SERVER_DIR=str(folder))
    env.pop("PRECISE_SERVER", None)
    try:
        wall, cpu, _ = run_steps_as_processes(precise, workspace, env=env)
        state = subprocess.run([str(precise), "server", "status", "--json"], env=env,
                               capture_output=True, text=True, check=True)  # fmt: skip
        pid = json.loads(state.stdout).get("pid")
        served = _process_cpu(pid) if pid else 0.0
    finally:
        subprocess.run([str(precise), "server", "stop"], env=env, capture_output=True)
    return wall, cpu + served


def run_steps_in_process(precise: Path, workspace: Path, tmp: Path) -> Timer:
    workspace.parent.mkdir(parents=True, exist_ok=True)
    steps = tmp / f"steps-{os.getpid()}-{time.monotonic_ns()}.json"
    steps.write_text(json.dumps(demo_steps(workspace)))
    return Timer([python_of(precise), "-c", IN_PROCESS, str(steps)])


def bench_startup(builds: dict[str, Path], workspace: Path, runs: int) -> dict:
    env = dict(os.environ, PRECISE_WORKSPACE=str(workspace))
    items = [("python -c pass", [sys.executable, "-c", "pass"])]
    for tag, exe in builds.items():
        items.append((f"{tag}: precise --help", [str(exe), "--help"]))
        items.append((f"{tag}: case show --json", [str(exe), "case", "show", "DEMO-001", "--json"]))
    times: dict[str, list[Timer]] = {label: [] for label, _ in items}
    for _label, argv in items:  # warm caches (.pyc, page cache, the validated-document cache)
        Timer(argv, env=env)
    for _ in range(runs):
        for label, argv in items:
            times[label].append(Timer(argv, env=env))
    header(f"start-up ({runs} interleaved runs, medians)")
    base = med([t.wall for t in times["python -c pass"]])
    out = {}
    for label, _ in items:
        w, c = med([t.wall for t in times[label]]), med([t.cpu for t in times[label]])
        out[label] = (w, c)
        ref = "" if label == "python -c pass" else f"{w / base:5.1f} × python -c pass"
        if label.endswith("case show --json"):
            ref += "; " + verdict(w, c, BUDGETS["case show --json"])
        row(label, w, c, ref)
    return out


def bench_demo(builds: dict[str, Path], tmp: Path, runs: int) -> None:
    results: dict[str, dict[str, list]] = {
        tag: {"proc": [], "inproc": [], "steps": [], "demo": [], "server": [], "default": []}
        for tag in builds
    }
    off = dict(os.environ)
    for i in range(runs):
        for tag, exe in builds.items():
            ws = tmp / f"{tag}-proc-{i}" / "workspace"
            w, c, steps = run_steps_as_processes(exe, ws, env=off)
            results[tag]["proc"].append((w, c))
            results[tag]["steps"].append(steps)
            t = run_steps_in_process(exe, tmp / f"{tag}-inproc-{i}" / "workspace", tmp)
            results[tag]["inproc"].append((t.wall, t.cpu))
            if "server" in subprocess.run([str(exe), "--help"], capture_output=True,
                                          text=True, env=off).stdout:  # fmt: skip
                ws = tmp / f"{tag}-default-{i}" / "workspace"
                results[tag]["default"].append(run_steps_default(exe, ws, tmp))
                ws = tmp / f"{tag}-server-{i}" / "workspace"
                results[tag]["server"].append(run_steps_through_server(exe, ws, tmp))
            out = tmp / f"{tag}-demo-{i}"
            t = Timer([str(exe), "demo", "--out", str(out)], env=off)
            results[tag]["demo"].append((t.wall, t.cpu))
    header(f"demo of DEMO-001 ({runs} run(s) each, interleaved, medians)")
    for tag in builds:
        r = results[tag]
        pw, pc = med([x[0] for x in r["proc"]]), med([x[1] for x in r["proc"]])
        iw, ic = med([x[0] for x in r["inproc"]]), med([x[1] for x in r["inproc"]])
        n = len(demo_steps(tmp / "x"))
        row(f"{tag}: same steps in one process", iw, ic)

        def ratios(w: float, c: float, iw: float = iw, ic: float = ic) -> str:
            return f"{w / iw:4.2f} × in one process (wall), {c / ic:4.2f} × (cpu); budget 1.5"

        if r["default"]:
            dw, dc = med([x[0] for x in r["default"]]), med([x[1] for x in r["default"]])
            row(f"{tag}: {n} steps as processes (default)", dw, dc, ratios(dw, dc))
        row(f"{tag}: {n} steps as processes, PRECISE_SERVER=0", pw, pc, ratios(pw, pc))
        if r["server"]:
            sw, sc = med([x[0] for x in r["server"]]), med([x[1] for x in r["server"]])
            row(f"{tag}: {n} steps as processes, server running", sw, sc, ratios(sw, sc))
        bare = med([Timer([str(builds[tag]), "--version"], env=off).cpu for _ in range(5)])
        print(
            f"  {tag}: floor without a server: one bare start-up (`precise --version`, "
            f"{bare:.3f} s cpu) per step gives {(ic + n * bare) / ic:4.2f} × in cpu even if a "
            "step added nothing else"
        )
        for step in ("pdo load", "pdo qc", "pdo rank", "report"):
            sw = med([s[step][0] for s in r["steps"]])
            sc = med([s[step][1] for s in r["steps"]])
            note = ""
            if step == "pdo rank":
                note = verdict(sw, sc, BUDGETS["pdo rank"])
            row(f"{tag}:   step {step}", sw, sc, note)
        dw, dc = med([x[0] for x in r["demo"]]), med([x[1] for x in r["demo"]])
        row(f"{tag}: precise demo", dw, dc, verdict(dw, dc, BUDGETS["precise demo"]))


def bench_plates(builds: dict[str, Path], tmp: Path, n_plates: int, runs: int) -> None:
    from tests.pdo.synth_screen import write_screen

    folder = tmp / "plates"
    folder.mkdir()
    plates, layout = write_screen(folder, plates=tuple(f"P{i + 1}" for i in range(n_plates)))
    times: dict[str, list[Timer]] = {}
    for i in range(runs):
        for tag, exe in builds.items():
            ws = tmp / f"{tag}-plates-{i}"
            env = dict(os.environ, PRECISE_WORKSPACE=str(ws))
            Timer([str(exe), "case", "new", "B1"], env=env)
            load = [str(exe), "pdo", "load", "B1", str(plates), "--layout", str(layout),
                    "--screen", "S1"]  # fmt: skip
            times.setdefault(f"{tag}: pdo load", []).append(Timer(load, env=env))
            qc = [str(exe), "pdo", "qc", "B1"]
            times.setdefault(f"{tag}: pdo qc", []).append(Timer(qc, env=env))
    header(f"{n_plates} plates of 384 wells ({runs} run(s) each, interleaved, medians)")
    for label, ts in times.items():
        row(label, med([t.wall for t in ts]), med([t.cpu for t in ts]))
    # the heat maps alone, in this process: the plain-SVG writer vs the matplotlib figure
    from precisecli.knowledge.kb import load_kb
    from precisecli.pdo import plots
    from precisecli.pdo.screens import load_viability

    loaded, _, _ = load_viability([plates], layout, load_kb())
    t0 = time.process_time()
    for p in loaded:
        plots.plate_heatmap_svg(p, f"S1 plate {p.plate_id}")
    svg_s = time.process_time() - t0
    t0 = time.process_time()
    for p in loaded:
        matplotlib_heatmap_svg(p, f"S1 plate {p.plate_id}")
    mpl_s = time.process_time() - t0
    ratio = mpl_s / max(svg_s, 1e-9)
    print(
        f"  heat maps of {len(loaded)} plates, cpu s: plain SVG {svg_s:.3f}, "
        f"matplotlib (the figure before) {mpl_s:.3f} ({ratio:.0f} ×)"
    )


def matplotlib_heatmap_svg(plate, title: str) -> bytes:
    """The heat map as `pdo load`/`pdo qc` drew it before (matplotlib, tight_layout): the
    reference for the plain-SVG writer's speed."""
    import io

    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    import numpy as np

    plt.rcParams.update({"svg.hashsalt": "precise-pdo", "svg.fonttype": "none",
                         "font.size": 8, "text.parse_math": False})  # fmt: skip
    grid = np.full((plate.rows, plate.cols), np.nan)
    normalised = any(w.viability_pct is not None for w in plate.wells)
    for w in plate.wells:
        v = w.viability_pct if normalised else w.raw
        if v is not None and w.row < plate.rows and w.col < plate.cols:
            grid[w.row, w.col] = v
    fig, ax = plt.subplots(figsize=(1.6 + plate.cols * 0.3, 0.9 + plate.rows * 0.3))
    im = ax.imshow(grid, cmap="viridis", vmin=0 if normalised else None,
                   vmax=120 if normalised else None)  # fmt: skip
    marks = {"vehicle": "V", "kill": "K", "blank": "B"}
    for w in plate.wells:
        if w.role in marks:
            ax.text(w.col, w.row, marks[w.role], ha="center", va="center", color="white",
                    fontsize=6)  # fmt: skip
        elif w.excluded and w.raw is not None:
            ax.text(w.col, w.row, "×", ha="center", va="center", color="red", fontsize=7)
    ax.set_xticks(range(plate.cols), [str(i + 1) for i in range(plate.cols)], fontsize=6)
    ax.set_yticks(range(plate.rows), [chr(65 + i) for i in range(plate.rows)], fontsize=6)
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="viability %" if normalised else "signal", shrink=0.8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="start-up runs (interleaved)")
    parser.add_argument("--demo-runs", type=int, default=1)
    parser.add_argument("--plates", type=int, default=10)
    parser.add_argument("--plate-runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another installation's precise script")
    parser.add_argument("--skip", default="", help="comma-separated: startup,demo,plates")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    builds = {"this": Path(sys.executable).parent / "precise"}
    if args.baseline:
        builds["baseline"] = args.baseline.absolute()
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp_name:
        tmp = Path(tmp_name)
        # a worked-up demo case for the reading command
        ws = tmp / "startup" / "workspace"
        Timer([str(builds["this"]), "demo", "--out", str(ws.parent)])
        if "startup" not in skip:
            bench_startup(builds, ws, args.runs)
        if "demo" not in skip:
            bench_demo(builds, tmp, args.demo_runs)
        if "plates" not in skip:
            bench_plates(builds, tmp, args.plates, args.plate_runs)
        shutil.rmtree(tmp, ignore_errors=True)
    load = os.getloadavg()
    print(f"\nmachine afterwards: load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
