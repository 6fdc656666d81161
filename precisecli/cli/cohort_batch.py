"""`precise cohort import | run | regroup`: batch work over the cases a sample sheet names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, out_console, progress, store, styled


def register(app: typer.Typer) -> None:
    app.command("import")(import_sheet)
    app.command("run")(run_sheet)
    app.command("regroup")(regroup)


def _sheet(path: Path):
    from precisecli.cohort.sheet import check_new_cases, read_sheet

    sheet = read_sheet(path)
    check_new_cases(sheet, set(store().workspace.case_ids()))
    return sheet


def _fail_if_any(failed: list[tuple[str, str]], total: int, where: str) -> None:
    from precisecli.errors import InputError

    if failed:
        raise InputError(
            f"{len(failed)} of {total} case(s) failed: "
            + ", ".join(f"{case} ({what})" for case, what in failed),
            hint=f"fix those cases' inputs (each error is {where}) and run again; "
            "the other cases are done",
        )


def import_sheet(
    sheet: Annotated[Path, typer.Argument(help="Sample sheet (CSV or TSV).", show_default=False)],
) -> None:
    """Create or update the cases a sample sheet names (one row per input file).

    Columns: case_id, input (intake, variants, cna, pdo, layout, diameters, recist), file, and
    as the input needs them sample_id, kind, site, collected, tumor_sample, build, assay,
    screen, readout, purity, ploidy; relative paths are relative to the sheet. The whole sheet
    is checked first (every problem with its line, row and column) and nothing runs if any is
    found. A case that fails stops at its failing command; the others go on, and the failures
    are listed at the end.

    Example: precise cohort import cohort.tsv
    """
    from precisecli.cohort.batch import run_steps
    from precisecli.cohort.plan import import_steps

    parsed = _sheet(sheet)
    st = store()
    failed: list[tuple[str, str]] = []
    cases = parsed.case_ids()
    with progress("Importing cases", len(cases), json_mode=False) as advance:
        for case_id in cases:
            steps = import_steps(parsed, case_id)
            result = run_steps(st.workspace.root, case_id, steps)
            if result.failed:
                failed.append((case_id, " ".join(result.failed[:2])))
            advance(1)
    info(f"{len(cases) - len(failed)} of {len(cases)} case(s) imported")
    _fail_if_any(failed, len(cases), "printed above")


def run_sheet(
    sheet: Annotated[Path, typer.Argument(help="Sample sheet (CSV or TSV).", show_default=False)],
    jobs: Annotated[
        int, typer.Option("-j", "--jobs", min=1, max=512, help="Jobs run at once (cores).")
    ] = 1,
    snakemake_args: Annotated[
        str | None,
        typer.Option(
            "--snakemake-args",
            metavar="ARGS",
            help="More Snakemake arguments, e.g. a cluster executor: "
            '"--executor slurm --default-resources slurm_partition=main".',
        ),
    ] = None,
    workdir: Annotated[
        Path | None,
        typer.Option(
            "--workdir",
            metavar="DIR",
            help="Run folder (plans, markers, logs); default: SHEET's name + .run beside it.",
        ),
    ] = None,
) -> None:
    """Run every case of a sample sheet end to end (import → group → pdo → report) on
    Snakemake: one rule chain per case, one writer per case, --keep-going.

    Needs the optional `cohort` dependency group (Snakemake). A failing case does not stop
    the others; failures are listed at the end with their log. Run again after fixing a case:
    only unfinished cases (and cases whose rows changed) run. --snakemake-args hands the same
    workflow to a cluster executor plugin (install it beside Snakemake).

    Example: precise cohort run cohort.tsv -j 2
    """
    from precisecli.cohort.snake import run

    parsed = _sheet(sheet)
    st = store()
    root = st.workspace.ensure()
    run_dir = (workdir or sheet.parent / f"{sheet.stem}.run").absolute()
    result = run(parsed, root, run_dir, jobs, snakemake_args)
    for case_id in result.done:
        out_console.print(f"{case_id}: done")
    for case_id, stage, log in result.failed:
        out_console.print(styled((f"{case_id}: failed at {stage} (log: {log})", "bold red")))
    info(f"{len(result.done)} of {len(result.done) + len(result.failed)} case(s) done")
    _fail_if_any(
        [(c, f"{s}, see {log}") for c, s, log in result.failed],
        len(parsed.case_ids()),
        f"in its log under {run_dir.name}/",
    )


def regroup(
    kb: Annotated[
        Path | None,
        typer.Option("--kb", metavar="FILE", help="Knowledge base (default: the bundled one)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List the cases that would change; write nothing.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Re-group every case against a knowledge base, writing only the cases whose group or
    regimen (or any part of the grouping result) would change; prints who changes.

    Example: precise cohort regroup --kb site_kb.yaml --dry-run
    """
    from precisecli.cohort.regroup import regroup_cases

    st = store()
    ids = st.workspace.case_ids()
    with progress("Re-grouping", len(ids), json_mode=json_out) as advance:
        doc = regroup_cases(st, ids, kb, dry_run=dry_run, advance=advance)
    if json_out:
        emit_json(doc, "cli/cohort-regroup.schema.json")
        return
    for change in doc["changes"]:
        before, after = change["before"], change["after"]
        out_console.print(
            f"{change['case_id']}: group {before['group'] or '—'} → {after['group'] or '—'}, "
            f"regimen {before['regimen'] or '—'} → {after['regimen'] or '—'}"
            + ("" if change["written"] else " (not written)")
        )
    for skip in doc["skipped"]:
        out_console.print(f"{skip['case_id']}: not re-grouped ({skip['reason']})")
    verb = "would change" if dry_run else "changed"
    info(
        f"{len(doc['changes'])} of {doc['n_cases']} case(s) {verb}; {doc['n_unchanged']} unchanged"
    )
