"""`precise pdo read`: show what was read from plate-reader exports (no case needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, out_console, progress

FORMAT_IDS = (
    "auto, envision-csv, gen5-text, softmax-text, mars-csv, smart-control-xlsx, spark-xlsx, "
    "magellan-xlsx, skanit-xlsx, kaleido-csv, long-table, grid"
)


def register(app: typer.Typer) -> None:
    """Add `read` to the `pdo` sub-app."""
    app.command("read")(read)


def read(
    files: Annotated[list[Path], typer.Argument(help="Plate-reader exports (CSV, TXT, XLSX).")],
    fmt: Annotated[str, typer.Option("--format", help=f"Export format: {FORMAT_IDS}.")] = "auto",
    json_out: Annotated[bool, typer.Option("--json", help="Print what was read as JSON.")] = False,
) -> None:
    """Show every plate and readout block read from plate-reader exports, values as written.

    Use it to check a new export before `pdo load`. Nothing is written.

    Example: precise pdo read plate1.csv --json
    """
    from precisecli.pdo.readers import read_plate_file

    documents = []
    with progress("Reading", len(files), json_mode=json_out) as advance:
        for path in files:
            reads = read_plate_file(path, fmt)
            documents.append(_file_doc(path, reads))
            advance(1)
    doc = {"files": documents}
    if json_out:
        emit_json(doc, "cli/pdo-read.schema.json")
        return
    _render(doc)


def _file_doc(path: Path, reads) -> dict:
    return {
        "file": path.name,
        "format": reads[0].format if reads else None,
        "plates": [
            {
                "plate_id": r.plate_id,
                "rows": r.rows,
                "cols": r.cols,
                "readout": r.readout,
                "block": r.block,
                "wells": dict(r.wells),
                **({"unreadable": dict(r.unreadable)} if r.unreadable else {}),
            }
            for r in reads
        ],
    }


def _render(doc: dict) -> None:
    from rich.table import Table

    for f in doc["files"]:
        table = Table(title=f"{f['file']}  ({f['format']})", title_justify="left")
        for col in ("block", "plate", "plate size", "readout", "wells with values", "min", "max"):
            table.add_column(col, justify="right" if col in ("block", "min", "max") else "left")
        for p in f["plates"]:
            vals = [v for v in p["wells"].values() if v is not None]
            marked = len(p.get("unreadable", {}))
            table.add_row(
                str(p["block"]),
                p["plate_id"],
                f"{p['rows'] * p['cols']} ({p['rows']}×{p['cols']})",
                p["readout"],
                f"{len(vals)} / {len(p['wells'])}" + (f" ({marked} marked)" if marked else ""),
                f"{min(vals):g}" if vals else "–",
                f"{max(vals):g}" if vals else "–",
            )
        out_console.print(table)
