"""`precise pdo …`: load organoid screens, check plate QC, rank regimens."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, finite, info, out_console, progress, store, styled

app = typer.Typer(help="Organoid (PDO) drug screens: load, QC, rank.", no_args_is_help=True)

KbOption = Annotated[
    Path | None,
    typer.Option("--kb", metavar="FILE", help="Site knowledge base (default: the bundled one)."),
]
ScreenOption = Annotated[
    str | None,
    typer.Option("--screen", metavar="SCREEN_ID", help="Screen id (default: the only one)."),
]


def register(root: typer.Typer) -> None:
    """Add the `pdo` sub-app (and `pdo read` from the plate-file module when present)."""
    if importlib.util.find_spec("precisecli.cli.pdo_read") is not None:
        from precisecli.cli import pdo_read

        pdo_read.register(app)
    root.add_typer(app, name="pdo")


@app.command("load")
def load(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    files: Annotated[list[Path], typer.Argument(help="Plate-reader exports or diameter tables.")],
    layout: Annotated[
        Path,
        typer.Option(
            "--layout",
            metavar="LAYOUT",
            help="Plate layout (wellmap TOML, plate-shaped sheet or long table).",
        ),
    ],
    screen: Annotated[str, typer.Option("--screen", metavar="SCREEN_ID", help="Screen id.")],
    readout: Annotated[
        str,
        typer.Option("--readout", help="viability (plate exports) or diameter (organoid tables)."),
    ] = "viability",
    fmt: Annotated[
        str, typer.Option("--format", help="Export format (see `pdo read --help`).")
    ] = "auto",
    read_label: Annotated[
        str | None,
        typer.Option(
            "--read-label", metavar="LABEL", help="Readout block to use when a plate has several."
        ),
    ] = None,
    conc_unit: Annotated[
        str | None,
        typer.Option(
            "--conc-unit", metavar="UNIT", help="Unit of layout concentrations written without one."
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace this screen's data of this readout.")
    ] = False,
    kb_file: KbOption = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the loaded screen as JSON.")
    ] = False,
) -> None:
    """Import plate exports (with QC and normalisation) or organoid diameter tables into a case.

    Each plate is normalised to its own vehicle and kill (or blank) controls; plate QC is stored
    with it. Loading the same files again changes nothing.

    Example: precise pdo load DEMO-001 plate1.csv --layout layout.toml --screen S1
    """
    from precisecli.errors import UsageError
    from precisecli.knowledge import load_kb
    from precisecli.pdo.screens import READOUTS, check_screen_id, load_into_case

    check_screen_id(screen)
    if readout not in READOUTS:
        raise UsageError(f"unknown readout {readout!r}", hint="viability or diameter")
    kb = load_kb(kb_file)
    with progress("Loading", None, json_mode=json_out):
        entry, changed = load_into_case(
            store(),
            case_id,
            files,
            layout,
            screen,
            kb,
            readout=readout,
            fmt=fmt,
            read_label=read_label,
            conc_unit=conc_unit,
            replace=replace,
            kb_file=kb_file,
        )
    if json_out:
        from precisecli.pdo.screens import load_document

        emit_json(load_document(case_id, entry), "cli/pdo-load.schema.json")
        return
    if not changed:
        info(f"screen {screen}: these files are already loaded (nothing written)")
        return
    _render_qc(case_id, [entry])
    info(f"screen {screen} stored in case {case_id}")


@app.command("qc")
def qc(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    screen: ScreenOption = None,
    kb_file: KbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Plate QC (Z′, robust Z′, SSMD, vehicle CV, edge effect) with thresholds; saves heat maps.

    QC is recomputed with the knowledge base's thresholds; qc.json and plate heat maps are
    stored in the case.

    Example: precise pdo qc DEMO-001 --json
    """
    from precisecli.knowledge import load_kb
    from precisecli.pdo.screens import qc_case, qc_document

    kb = load_kb(kb_file)
    screens = qc_case(store(), case_id, screen, kb, kb_file=kb_file)
    doc = qc_document(case_id, screens)
    if json_out:
        emit_json(doc, "cli/pdo-qc.schema.json")
        return
    _render_qc(case_id, screens)


@app.command("rank")
def rank(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    screen: ScreenOption = None,
    metric: Annotated[
        str | None,
        typer.Option(
            "--metric",
            help="inhibition | aac | ic50 | regression | dss | gr_aoc (default: inhibition).",
        ),
    ] = None,
    dss_threshold: Annotated[
        float | None,
        typer.Option(
            "--dss-threshold",
            metavar="PCT",
            min=0,
            max=99,
            callback=finite,
            help="DSS activity threshold, % inhibition (default: knowledge base, 10).",
        ),
    ] = None,
    dss_variant: Annotated[
        str | None,
        typer.Option("--dss-variant", help="dss1 | dss2 | dss3 (default: knowledge base, dss2)."),
    ] = None,
    dss_range: Annotated[
        str | None,
        typer.Option(
            "--dss-range",
            metavar="LO,HI",
            help="DSS concentration range in µM (default: each curve's tested range).",
        ),
    ] = None,
    model: Annotated[
        str,
        typer.Option("--model", help="ll3 (bounded 3-parameter, also spelt ll3u) or ll4."),
    ] = "ll3u",
    include_failed: Annotated[
        bool, typer.Option("--include-failed", help="Use plates that failed QC too.")
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            metavar="PCT",
            min=0,
            max=100,
            callback=finite,
            help="Inhibition % for a sensitive call (overrides the KB).",
        ),
    ] = None,
    kb_file: KbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Fit dose-response curves and rank regimens by organoid sensitivity.

    Inhibition at each regimen's reference dose (mean, SD, 95 % CI), AAC, IC50 and organoid
    regression; sensitivity against the knowledge base threshold. Every fit carries R², its
    residual SE and flags; a poor fit (knowledge-base thresholds), a non-converged fit, a CI too
    wide to call, or a drug that needs immune cells (anti-PD-1) makes a regimen not assessable:
    no call, ranked after the assessable ones. Failed plates are left out unless --include-failed.

    DSS (Yadav 2014; --dss-*), GR metrics when the screen has a day-0 read, ZIP/Loewe for
    combinations with a dose matrix, and seeded bootstrap 95 % intervals are shown beside.

    Example: precise pdo rank DEMO-001 --metric inhibition --json
    """
    from precisecli.errors import UsageError
    from precisecli.knowledge import load_kb
    from precisecli.pdo.curves import canonical_model
    from precisecli.pdo.screen_rank import rank_into_case

    try:
        model = canonical_model(model)
    except ValueError:
        raise UsageError(f"unknown model {model!r}", hint="ll3 (ll3u) or ll4") from None
    kb = load_kb(kb_file)
    dss_settings = _dss_settings(kb, dss_threshold, dss_variant, dss_range)
    with progress("Fitting curves", None, json_mode=json_out) as advance:
        doc = rank_into_case(
            store(),
            case_id,
            screen,
            kb,
            metric=metric,
            model=model,
            include_failed=include_failed,
            threshold=threshold,
            kb_file=kb_file,
            advance=advance,
            dss_settings=dss_settings,
        )
    if json_out:
        emit_json(doc, "cli/pdo-rank.schema.json")
        return
    from precisecli.cli.pdo_metrics_view import render_screen_metrics

    _render_rank(doc)
    render_screen_metrics(doc)


def _dss_settings(kb, threshold, variant, range_text):
    """DSS settings from the knowledge base and the --dss-* options (usage errors name them)."""
    import math

    from precisecli.errors import UsageError
    from precisecli.pdo.dss import VARIANTS, DSSSettings

    if variant is not None and variant.lower() not in VARIANTS:
        raise UsageError(f"--dss-variant {variant!r} is not one of dss1, dss2, dss3")
    conc = None
    if range_text is not None:
        try:
            lo, hi = (float(x) for x in range_text.split(","))
        except ValueError:
            raise UsageError("--dss-range takes two µM values: LO,HI (e.g. 0.001,10)") from None
        if not (math.isfinite(lo) and math.isfinite(hi) and 0 < lo < hi):
            raise UsageError("--dss-range needs 0 < LO < HI (µM)")
        conc = (lo, hi)
    return DSSSettings.from_kb(kb, threshold_pct=threshold, variant=variant, conc_range_um=conc)


def _num(v, fmt: str = "{:.1f}") -> str:
    return "—" if v is None else fmt.format(v)


def _render_qc(case_id: str, screens: list[dict]) -> None:
    from rich.table import Table

    table = Table(title=f"{case_id} plate QC")
    for col in (
        "screen",
        "plate",
        "Z′",
        "robust Z′",
        "SSMD",
        "vehicle CV %",
        "edge ratio",
        "passed",
        "flags",
    ):
        table.add_column(col)
    for s in screens:
        for p in s.get("plates", []):
            q = p["qc"]
            table.add_row(
                s["screen_id"],
                p["plate_id"],
                _num(q["z_prime"], "{:.2f}"),
                _num(q["robust_z_prime"], "{:.2f}"),
                _num(q["ssmd"], "{:.1f}"),
                _num(q["cv_vehicle_pct"]),
                _num(q["edge_ratio"], "{:.2f}"),
                "yes" if q["passed"] else styled(("NO", "red")),
                ", ".join(q["flags"]),
            )
    out_console.print(table)


def _render_rank(doc: dict) -> None:
    from rich.table import Table

    from precisecli.pdo import metric_cells as cells

    table = Table(title=f"{doc['case_id']} screen {doc['screen']} — by {doc['metric']}")
    for col in (
        "rank",
        "regimen",
        "inhibition %",
        "95 % CI",
        "n",
        "AAC",
        "IC50 µM",
        "R²",
        "regression %",
        "sensitive",
        "fit flags",
        "note",
    ):
        table.add_column(col)
    for r in doc["regimens"]:
        ci = r["ci95"]
        note = []
        if not r["assessable"]:
            note.append("not assessable: " + (r.get("assessable_note") or "on organoids"))
        if r["near_tie"]:
            note.append("near tie")
        table.add_row(
            "—" if r["rank"] is None else str(r["rank"]),
            r["regimen"],
            _num(r["inhibition_pct"]),
            "—" if not ci else f"{ci[0]:.1f}–{ci[1]:.1f}",
            str(r["n_wells"]),
            _num(r["aac"], "{:.2f}"),
            cells.bounded(r, "ic50", cells.TERMINAL),
            _num(r.get("r2"), "{:.2f}"),
            _num(r["regression_pct"]),
            {True: "yes", False: "no", None: "—"}[r["sensitive"]],
            ", ".join(r.get("fit_flags") or []),
            "; ".join(note),
        )
    out_console.print(table)
    if doc["plates_excluded"]:
        info(f"plates left out after failing QC: {', '.join(doc['plates_excluded'])}")
