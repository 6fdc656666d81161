"""`cohort run`: the sheet's per-case rule chains on Snakemake (optional dependency group
`cohort`, imported only here).

The run folder holds `config.yaml`, `plans/<case>.json` (the commands of every stage, see
cohort/plan.py; rewritten only when they change, so Snakemake re-runs only cases whose rows
changed), `done/<case>.<stage>` markers and `logs/<case>.<stage>.log`. Snakemake is driven
through its own argument parser into its API (`snakemake.cli.parse_args` + `args_to_api`), so
that `--snakemake-args "--executor slurm --default-resources ..."` reaches an executor plugin
exactly as on Snakemake's command line. `--keep-going` is always on.
"""

from __future__ import annotations

import contextlib
import io
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from precisecli.cohort.plan import STAGES, case_plan
from precisecli.cohort.sheet import Sheet
from precisecli.errors import InputError, UsageError

SNAKEFILE = Path(__file__).parent / "workflow" / "Snakefile"  # package data


@dataclass(frozen=True)
class RunResult:
    done: list[str]
    failed: list[tuple[str, str, str]]  # (case, stage that failed, log file relative to run dir)
    run_dir: Path


def snakemake_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("snakemake") is not None


def prepare(sheet: Sheet, workspace: Path, run_dir: Path) -> list[str]:
    """Write the run folder's plans and config; returns the case ids."""
    from precisecli.store.atomic import atomic_write_bytes

    (run_dir / "plans").mkdir(parents=True, exist_ok=True)
    cases = sheet.case_ids()
    for case_id in cases:
        plan = case_plan(sheet, case_id)
        data = (json.dumps(plan, indent=1, sort_keys=True) + "\n").encode("utf-8")
        target = run_dir / "plans" / f"{case_id}.json"
        if not target.is_file() or target.read_bytes() != data:
            atomic_write_bytes(target, data)
    config = {"workspace": str(workspace), "python": sys.executable, "cases": cases}
    atomic_write_bytes(run_dir / "config.json", json.dumps(config, indent=1).encode("utf-8"))
    return cases


def argv_for(run_dir: Path, jobs: int, extra: str | None) -> list[str]:
    argv = ["--snakefile", str(SNAKEFILE), "--directory", str(run_dir),
            "--configfile", str(run_dir / "config.json"), "--cores", str(jobs),
            "--keep-going"]  # fmt: skip
    if extra:
        try:
            argv += shlex.split(extra)
        except ValueError as exc:
            raise UsageError(f"--snakemake-args: {exc}") from None
    return argv


def run(sheet: Sheet, workspace: Path, run_dir: Path, jobs: int, extra: str | None) -> RunResult:
    if not snakemake_available():
        raise UsageError(
            "cohort run needs Snakemake, which is not installed",
            hint="install the optional group: pip install 'precise[cohort]' "
            "(or uv sync --extra cohort)",
        )
    from snakemake.cli import args_to_api, parse_args

    argv = argv_for(run_dir, jobs, extra)
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            parser, args = parse_args(argv)
    except SystemExit:
        raise UsageError("--snakemake-args: Snakemake refused these arguments") from None
    cases = prepare(sheet, workspace, run_dir)
    try:
        args_to_api(args, parser)
    except Exception as exc:  # a workflow error Snakemake reports (already logged by it)
        if not (run_dir / "done").is_dir():
            raise InputError(
                f"Snakemake could not start the workflow ({type(exc).__name__})",
                hint=f"see the log under {run_dir.name}/.snakemake/log",
            ) from None
    return collect(run_dir, cases)


def collect(run_dir: Path, cases: list[str]) -> RunResult:
    done, failed = [], []
    for case_id in cases:
        if (run_dir / "done" / f"{case_id}.report").is_file():
            done.append(case_id)
            continue
        stage = next(s for s in STAGES if not (run_dir / "done" / f"{case_id}.{s}").is_file())
        failed.append((case_id, stage, f"logs/{case_id}.{stage}.log"))
    return RunResult(done, failed, run_dir)
