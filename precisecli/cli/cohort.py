"""`precise cohort …`: cross-case endpoints (ORR, PFS1 per group, organoid prediction)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, out_console, progress, store

app = typer.Typer(help="Summaries over every case of the workspace.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    from precisecli.cli import cohort_batch, cohort_report

    cohort_batch.register(app)
    cohort_report.register(app)
    root.add_typer(app, name="cohort")


@app.command("summary")
def summary(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="DIR", help="Also write the KM plot (SVG, PNG) and CSV/xlsx tables."
        ),
    ] = None,
) -> None:
    """ORR with Clopper–Pearson 95 % CI and PFS1 Kaplan–Meier median with 95 % CI per genomic
    group, log-rank across groups, and organoid predictive performance (sensitivity,
    specificity, PPV, NPV) against patient response.

    Example: precise cohort summary --json --out cohort-out
    """
    from precisecli.cohort.digest import outcome_of
    from precisecli.cohort.summary import summarise

    if out is not None:
        from precisecli.store.outdir import check_out_folder

        out = check_out_folder(out)
    outcomes = [outcome_of(s) for s in _summaries(json_out)]
    doc = summarise(outcomes)
    if out is not None:
        doc["files"] = _write_outputs(out, doc, outcomes)
    if json_out:
        emit_json(doc, "cli/cohort-summary.schema.json")
        return
    _print(doc)


def _summaries(json_out: bool) -> list[dict]:
    """Every case's summary document (one small file per case; see store/case_summary.py)."""
    from precisecli.store.case_summary import read_summary

    st = store()
    st.workspace.check_usable()
    ids = st.workspace.case_ids() if st.workspace.root.is_dir() else []
    found = []
    with progress("Reading cases", len(ids), json_mode=json_out) as advance:
        for cid in ids:
            found.append(read_summary(st, cid))
            advance(1)
    return found


def _write_outputs(out: Path, doc: dict, outcomes: list) -> list[str]:
    from precisecli.cohort import export
    from precisecli.cohort.plot import km_plot
    from precisecli.cohort.summary import case_rows
    from precisecli.store.atomic import atomic_write_bytes
    from precisecli.store.documents import dumps_json

    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    groups = export.flatten_groups([*doc["groups"], doc["all"]])
    cases = case_rows(outcomes)
    texts = {
        "cohort_groups.csv": export.to_csv(groups, export.GROUP_COLUMNS),
        "cohort_cases.csv": export.to_csv(cases, export.CASE_COLUMNS),
        "cohort_summary.json": dumps_json({k: v for k, v in doc.items() if k != "files"}),
    }
    for name, text in texts.items():
        atomic_write_bytes(out / name, text.encode("utf-8"))
    export.to_xlsx(
        {"groups": (groups, export.GROUP_COLUMNS), "cases": (cases, export.CASE_COLUMNS)},
        out / "cohort.xlsx",
    )
    km_plot(outcomes, out / "pfs1_km.svg", out / "pfs1_km.png")
    return sorted([*texts, "cohort.xlsx", "pfs1_km.svg", "pfs1_km.png"])


def _print(doc: dict) -> None:
    from rich.table import Table

    def ci(pair, scale=100.0, unit=""):
        if not pair:
            return "—"
        lo, hi = (("NR" if v is None else f"{v * scale:.1f}{unit}") for v in pair)
        return f"{lo}–{hi}"

    table = Table("group", "n", "evaluable", "ORR", "95 % CI", "PFS1 median (mo)", "95 % CI",
                  "events", title=f"Cohort: {doc['n_cases']} cases")  # fmt: skip
    for g in [*doc["groups"], doc["all"]]:
        table.add_row(
            g["group"],
            str(g["n"]),
            str(g["n_evaluable"]),
            "—" if g["orr"] is None else f"{g['orr'] * 100:.1f} %",
            ci(g["orr_ci95"], unit=" %"),
            "NR" if g["pfs_median_months"] is None else f"{g['pfs_median_months']:.1f}",
            ci(g["pfs_ci95"], scale=1.0),
            str(g["n_events"]),
        )
    out_console.print(table)
    if doc["logrank"]:
        lr = doc["logrank"]
        out_console.print(
            f"log-rank across groups: χ² = {lr['test_statistic']:.2f} "
            f"(df {lr['degrees_of_freedom']}), p = {lr['p_value']:.3g}"
        )
    p = doc["pdo_prediction"]
    if p["n"]:
        parts = []
        for key in ("sensitivity", "specificity", "ppv", "npv"):
            value = p[key]
            shown = "—" if value is None else f"{value * 100:.0f} % ({ci(p[key + '_ci95'])})"
            parts.append(f"{key} {shown}")
        out_console.print(f"organoid prediction (n = {p['n']}): " + ", ".join(parts))
    else:
        out_console.print("organoid prediction: no line with both an organoid call and RECIST")
    for name in doc.get("files", []):
        info(f"wrote {name}")
