"""`precise report`: the tumour-board report of a case as PDF and/or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, progress, store


def register(root: typer.Typer) -> None:
    """Add this domain's commands to the root app."""
    from precisecli.cli.report_list import ReportCommand

    root.command("report", cls=ReportCommand)(report)  # also routes `report list CASE`


def report(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    pdf: Annotated[bool, typer.Option("--pdf", help="Write the PDF report.")] = False,
    html: Annotated[bool, typer.Option("--html", help="Write the HTML report.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Also copy the files to this folder."),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print what was written (and the model) as JSON.")
    ] = False,
) -> None:
    """Write the tumour-board report (both formats when neither --pdf nor --html is given).

    Files are named CASE_DATE_report.{pdf,html,json} and stored in the case's reports/ folder;
    the date is the case's last change (or SOURCE_DATE_EPOCH), so reruns give identical bytes.

    `precise report list CASE [--json]` lists the reports filed in a case.

    Example: precise report DEMO-001 --out ./reports
    """
    from precisecli.report.build import render, write_out
    from precisecli.report.model import build_model
    from precisecli.store import staleness
    from precisecli.store.outdir import check_out_folder

    if out is not None:
        check_out_folder(out)  # before anything is rendered or filed
    formats = tuple(f for f, on in (("pdf", pdf), ("html", html)) if on) or ("pdf", "html")
    with progress("Rendering report", None, json_mode=json_out):
        # One exclusive lock around read + write, so the report shows exactly the case it files.
        with store().update(case_id, command="report", args={"formats": sorted(formats)}) as txn:
            # A stale grouping or evaluation is not presented as current: re-run it first.
            staleness.require_current(
                txn.record, ["grouping", "evaluation"], f"precise report {case_id}"
            )
            staleness.clear(txn.record, "report")
            model = build_model(txn.case_dir, txn.record)
            files = render(model, formats)
            for f in files:
                txn.write_bytes(f"reports/{f.name}", f.data)
            case_dir = txn.case_dir
    written = [case_dir / "reports" / f.name for f in files]
    if out is not None:
        written += write_out(out, files)
    if json_out:
        emit_json(
            {
                "case_id": case_id,
                "report_date": model["report_date"],
                "files": [
                    {"format": f.format, "name": f.name, "sha256": f.sha256, "bytes": len(f.data)}
                    for f in files
                ],
                "paths": [str(p) for p in written],
                "missing": sorted({m for s in model["sections"] for m in s["missing"]}),
                "summary": model["summary"],
            },
            "cli/report.schema.json",
        )
        return
    for path in written:
        info(f"wrote {path}")
