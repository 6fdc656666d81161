"""What a sample sheet asks of each case: the `precise` commands of each stage, in order.

Stages (the Snakemake rule chain, one per case): `import` (case new — run as `case edit
--intake` when the case exists by then, a no-op for the same intake —
variants/cna import, pdo load per screen and readout, response import), `group`, `pdo`
(pdo qc, then pdo rank per screen) and `report`. The same argument lists are run in-process
by `cohort import` and, through the workflow, by `cohort run` — so a batch run does exactly
what running the commands one by one does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from precisecli.cohort.sheet import Sheet, SheetRow

STAGES = ("import", "group", "pdo", "report")
INTAKE_REASON = "intake from the cohort sample sheet"


def _opts(row: SheetRow, names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        value = row.get(name)
        if value is not None:
            out += [
                f"--{name.replace('_', '-')}",
                f"{value:g}" if isinstance(value, float) else value,
            ]
    return out


def import_steps(sheet: Sheet, case_id: str) -> list[list[str]]:
    rows = sheet.rows_of(case_id)
    steps: list[list[str]] = []
    for row in rows:
        if row.input == "intake":  # `case edit --intake` instead when the case exists by then
            steps.append(["case", "new", case_id, "--intake", str(row.path)])
    for row in rows:
        if row.input == "variants":
            steps.append(["variants", "import", case_id, str(row.path),
                          *_opts(row, ("sample_id", "kind", "site", "collected", "tumor_sample",
                                       "build", "assay"))])  # fmt: skip
    for row in rows:
        if row.input == "cna":
            steps.append(["cna", "import", case_id, str(row.path),
                          *_opts(row, ("sample_id", "kind", "site", "collected", "build",
                                       "purity", "ploidy"))])  # fmt: skip
    for screen, readout, files in _screen_loads(rows):
        layout = next(r for r in rows if r.input == "layout" and r.get("screen") == screen)
        steps.append(["pdo", "load", case_id, *files, "--layout", str(layout.path),
                      "--screen", screen, "--readout", readout])  # fmt: skip
    for row in rows:
        if row.input == "recist":
            steps.append(["response", "import", case_id, str(row.path)])
    return steps


def _screen_loads(rows: list[SheetRow]) -> list[tuple[str, str, list[str]]]:
    loads: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row.input == "pdo":
            key = (row.get("screen"), row.get("readout") or "viability")
        elif row.input == "diameters":
            key = (row.get("screen"), "diameter")
        else:
            continue
        loads.setdefault(key, []).append(str(row.path))
    # viability before diameter within a screen, screens in sheet order
    order = list(dict.fromkeys(k[0] for k in loads))
    keys = sorted(loads, key=lambda k: (order.index(k[0]), k[1] != "viability"))
    return [(s, r, loads[(s, r)]) for s, r in keys]


def screens(sheet: Sheet, case_id: str) -> list[str]:
    return list(dict.fromkeys(s for s, _, _ in _screen_loads(sheet.rows_of(case_id))))


def case_plan(sheet: Sheet, case_id: str, report_out: str | None = None) -> dict[str, Any]:
    """Every stage's commands for one case (argument lists without the global options)."""
    shown = screens(sheet, case_id)
    pdo: list[list[str]] = []
    if shown:
        pdo = [["pdo", "qc", case_id]] + [["pdo", "rank", case_id, "--screen", s] for s in shown]
    report = ["report", case_id]
    if report_out:
        report += ["--out", f"{report_out}/{case_id}"]
    return {
        "case_id": case_id,
        "stages": {
            "import": import_steps(sheet, case_id),
            "group": [["group", case_id]],
            "pdo": pdo,
            "report": [report],
        },
    }
