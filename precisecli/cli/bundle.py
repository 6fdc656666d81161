"""`precise case export` / `precise case import`: move a case as a verified bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, store

CaseArg = Annotated[str, typer.Argument(help="Case id.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")]


def register(root: typer.Typer) -> None:
    from precisecli.cli import case

    case.app.command("export")(case_export)
    case.app.command("import")(case_import)


def case_export(
    case_id: CaseArg,
    out: Annotated[Path, typer.Option("--out", metavar="FILE.tar.gz", help="Bundle to write.")],
    with_inputs: Annotated[
        bool,
        typer.Option(
            "--with-inputs",
            help="Include the input files themselves (from the case, or found in --inputs-dir).",
        ),
    ] = False,
    inputs_dir: Annotated[
        Path | None,
        typer.Option(
            "--inputs-dir",
            metavar="DIR",
            help="Folder searched (recursively, by sha256) for inputs the case does not hold.",
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Write a self-contained bundle of a case (case.json, audit log, tables, screens, reports,
    and the inputs with --with-inputs) with a sha256 manifest; the same case gives the same bytes.

    Example: precise case export P001 --out P001.tar.gz --with-inputs --inputs-dir ./data
    """
    from precisecli.errors import UsageError
    from precisecli.store.bundle import export_case

    if inputs_dir is not None and not with_inputs:
        raise UsageError("--inputs-dir goes with --with-inputs")
    doc = export_case(store(), case_id, out, with_inputs=with_inputs, inputs_dir=inputs_dir)
    if json_out:
        emit_json({"case_id": case_id, **doc}, "cli/case-export.schema.json")
        return
    info(f"wrote {doc['path']}: {doc['n_files']} files, sha256 {doc['sha256']}")


def case_import(
    bundle: Annotated[Path, typer.Argument(metavar="FILE.tar.gz", help="Bundle from case export.")],
    as_id: Annotated[
        str | None, typer.Option("--as", metavar="NEW_ID", help="Import under another case id.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import a case bundle. Everything is verified first — member names and types, sizes,
    every file's sha256 against the manifest, case.json's schema and the audit chain — and
    nothing is written if any check fails. An existing case id is refused unless --as NEW_ID.

    Example: precise case import P001.tar.gz --as P001-SITE2
    """
    from precisecli.store.bundle import import_case

    doc = import_case(store(), bundle, as_id)
    if json_out:
        emit_json(doc, "cli/case-import.schema.json")
        return
    renamed = f" (was {doc['from_case_id']})" if doc["renamed"] else ""
    info(f"imported case {doc['case_id']}{renamed}: {doc['n_files']} files, audit chain verified")
    for name in doc["stale"]:
        info(f"  {name} is stale — see `precise case show {doc['case_id']}`")
