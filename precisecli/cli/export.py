"""`precise export CASE --format fhir|phenopacket`: standard exports of a case and its decision."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, store


class ExportFormat(StrEnum):
    fhir = "fhir"
    phenopacket = "phenopacket"


FormatOpt = Annotated[
    ExportFormat,
    typer.Option(
        "--format",
        case_sensitive=False,
        help="fhir: FHIR R4 Bundle (Genomics Reporting STU3 + mCODE STU4); "
        "phenopacket: GA4GH Phenopacket v2.",
    ),
]
NotesOpt = Annotated[
    bool,
    typer.Option(
        "--with-notes", help="Include the intake's free-text notes (left out by default)."
    ),
]


def register(root: typer.Typer) -> None:
    root.command("export")(export)


def export(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    fmt: FormatOpt,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write here (default: print to stdout)."),
    ] = None,
    with_notes: NotesOpt = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="With --out: print what was written as JSON.")
    ] = False,
) -> None:
    """Export a case — patient (pseudonym only), diagnosis and markers, specimens, oncogenic
    variants, copy-number calls, TMB/MSI, treatment lines and responses, and the board's
    decision — as a FHIR R4 Bundle or a Phenopacket v2 (JSON, UTF-8). The same case gives the
    same bytes; free-text notes only with --with-notes. See docs/export.md.

    Example: precise export P001 --format fhir --out P001.fhir.json
    """
    from precisecli.errors import UsageError
    from precisecli.export.writer import export_case, write_file

    if json_out and out is None:
        raise UsageError("--json goes with --out (without --out the export itself is printed)")
    if out is not None:
        from precisecli.store.outdir import check_out_file

        out = check_out_file(out)
    text, summary = export_case(store(), case_id, fmt.value, with_notes=with_notes)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    written = write_file(out, text)
    if json_out:
        emit_json({**summary, **written}, "cli/export.schema.json")
        return
    size, sha = written["bytes"], written["sha256"]
    info(f"wrote {written['path']} ({fmt.value}, {size} bytes, sha256 {sha})")
