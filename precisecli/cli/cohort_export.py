"""`precise cohort export --format fhir|phenopacket --out DIR`: one export file per case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, progress, store
from precisecli.cli.export import FormatOpt, NotesOpt


def register(root: typer.Typer) -> None:
    from precisecli.cli import cohort

    cohort.app.command("export")(cohort_export)


def cohort_export(
    fmt: FormatOpt,
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for the files.")],
    with_notes: NotesOpt = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print what was written as JSON.")
    ] = False,
) -> None:
    """Export every case of the workspace to DIR/<case>.fhir.json or DIR/<case>.phenopacket.json.
    A case that cannot be exported (e.g. a stale grouping) is listed and skipped; the others are
    written, and the command then exits with that case's code.

    Example: precise cohort export --format phenopacket --out exports/
    """
    from precisecli.errors import PreciseError
    from precisecli.export.writer import SUFFIX, export_case, write_file
    from precisecli.store.outdir import check_out_folder

    folder = check_out_folder(out)
    st = store()
    ids = st.workspace.case_ids() if st.workspace.root.is_dir() else []
    files, failed = [], []
    with progress("Exporting cases", len(ids), json_mode=json_out) as advance:
        for case_id in ids:
            try:
                text, _ = export_case(st, case_id, fmt.value, with_notes=with_notes)
            except PreciseError as exc:
                failed.append(
                    {"case_id": case_id, "error": exc.one_line(), "exit_code": exc.exit_code}
                )
            else:
                written = write_file(folder / f"{case_id}{SUFFIX[fmt.value]}", text)
                files.append({"case_id": case_id, **written})
            advance(1)
    doc = {
        "format": fmt.value,
        "out": str(folder),
        "with_notes": with_notes,
        "files": files,
        "failed": failed,
    }
    if json_out:
        emit_json(doc, "cli/cohort-export.schema.json")
    else:
        info(f"wrote {len(files)} {fmt.value} file(s) to {folder}")
        for item in failed:
            info(f"  case {item['case_id']} not exported: {item['error']}")
    if failed:
        raise typer.Exit(failed[0]["exit_code"])
