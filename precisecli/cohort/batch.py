"""Running a sheet's per-case commands: in-process (`cohort import`, and each Snakemake job of
`cohort run`, through `python -m precisecli.cohort.batch`).

Each command goes through the CLI's own entry (`precisecli.cli.main.run`), so it is validated,
audited and refused exactly as when a user types it. A case's stage stops at its first failing
command; other cases go on.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CaseRun:
    case_id: str
    ran: int = 0
    failed: list[str] | None = None  # the failing command (without paths), when one failed
    exit_code: int = 0
    stages: list[str] = field(default_factory=list)


def shown(step: list[str]) -> list[str]:
    """A command as it may be printed: the sub-command and options, file paths by base name."""
    return [Path(a).name if ("/" in a or "\\" in a) else a for a in step]


def run_steps(workspace: Path, case_id: str, steps: list[list[str]]) -> CaseRun:
    from precisecli.cli.main import run
    from precisecli.cohort.plan import INTAKE_REASON

    result = CaseRun(case_id)
    for step in steps:
        if step[:2] == ["case", "new"] and (workspace / step[2] / "case.json").is_file():
            # the case exists: update its intake instead (nothing changes when it is the same)
            step = ["case", "edit", *step[2:], "--reason", INTAKE_REASON]
        code = run(["--workspace", str(workspace), *step])
        result.ran += 1
        if code != 0:
            result.failed, result.exit_code = shown(step), code
            break
    return result


def main(argv: list[str]) -> int:
    """`python -m precisecli.cohort.batch WORKSPACE PLAN.json STAGE`: run one stage of one case
    (a Snakemake job). Exit status: that of the failing command, else 0."""
    workspace, plan_path, stage = Path(argv[0]), Path(argv[1]), argv[2]
    plan: dict[str, Any] = json.loads(plan_path.read_text(encoding="utf-8"))
    result = run_steps(workspace, plan["case_id"], plan["stages"][stage])
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
