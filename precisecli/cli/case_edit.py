"""`precise case edit` and `precise case delete`: amend the intake record, delete a case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, store
from precisecli.cli.housekeeping import audit_reason

CaseArg = Annotated[str, typer.Argument(help="Case id.")]


def register(root: typer.Typer) -> None:
    from precisecli.cli import case

    case.app.command("edit")(case_edit)
    case.app.command("delete")(case_delete)


def case_edit(
    case_id: CaseArg,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="PATH=VALUE",
            help="Set one intake field (repeatable); an empty value removes it.",
        ),
    ] = None,
    intake: Annotated[
        Path | None,
        typer.Option("--intake", metavar="FILE", help="Replace the whole intake with this file."),
    ] = None,
    reason: Annotated[
        str,
        typer.Option(
            "--reason", help="Why (recorded in the audit log; no patient identifiers, ≤ 200 chars)."
        ),
    ] = ...,
    json_out: Annotated[bool, typer.Option("--json", help="Print the change as JSON.")] = False,
) -> None:
    """Amend the intake record: re-validated as a whole; the audit log records the field paths
    changed (never their values). The grouping and report become stale.

    Example: precise case edit P001 --set diagnosis.er_percent=5 --reason "pathology revised"
    """
    from precisecli.errors import UsageError
    from precisecli.store import staleness
    from precisecli.store.intake import load_intake
    from precisecli.store.intake_edit import apply, changed_fields, check_amended, parse_assignment

    if bool(sets) == (intake is not None):
        raise UsageError("give either --set PATH=VALUE (one or more) or --intake FILE")
    why = audit_reason(reason)
    if why is None:
        raise UsageError("--reason must say why the record is amended")
    assignments = [parse_assignment(s) for s in sets or []]
    inputs, new_intake, source = [], None, "--set"
    if intake is not None:
        new_intake, digest = load_intake(intake)
        inputs, source = [digest], intake.name
    args = {"source": "intake" if intake is not None else "set", "reason": why}
    with store().update(case_id, command="case edit", args=args, inputs=inputs) as txn:
        old = txn.record["intake"]
        if new_intake is None:
            new_intake = old
            for path, value in assignments:
                new_intake = apply(new_intake, path, value)
        check_amended(txn.record, new_intake, source)
        fields = changed_fields(old, new_intake)
        stale: list[str] = []
        if fields:
            txn.record["intake"] = new_intake
            txn.args["fields"] = fields
            stale = staleness.mark(
                txn.record,
                ["grouping", "report"],
                "`case edit` of " + ", ".join(fields)[:200],
                has_reports=staleness.has_reports(txn.case_dir),
            )
        else:
            txn.inputs = []  # nothing changes: no audit entry, case untouched
    doc = {"case_id": case_id, "changed": fields, "stale": stale, "reason": why}
    if json_out:
        emit_json(doc, "cli/case-edit.schema.json")
        return
    if not fields:
        info(f"case {case_id}: nothing changed (the intake already says so)")
        return
    info(f"case {case_id}: changed {', '.join(fields)}")
    for name in stale:
        info(f"  {name} is now stale — see `precise case show {case_id}`")


def case_delete(
    case_id: CaseArg,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete (required).")] = False,
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive", metavar="FILE", help="First export the case to this bundle (.tar.gz)."
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")] = False,
) -> None:
    """Delete a case folder and everything in it (refused without --yes). With --archive the
    case is first exported as a verified bundle, and deleted only if that succeeded.

    Example: precise case delete P001 --yes --archive P001.tar.gz
    """
    from precisecli.errors import UsageError
    from precisecli.store.bundle import delete_case, export_case

    if not yes:
        raise UsageError(
            f"refusing to delete case {case_id} without --yes",
            hint=f"precise case delete {case_id} --yes [--archive FILE]",
        )
    st = store()
    st.load(case_id)  # exists and is readable
    exported = None
    if archive is not None:
        exported = {"case_id": case_id, **export_case(st, case_id, archive)}
    delete_case(st, case_id)
    doc = {"case_id": case_id, "deleted": True, "archive": exported}
    if json_out:
        emit_json(doc, "cli/case-delete.schema.json")
        return
    if exported:
        info(f"archived case {case_id} to {exported['path']} (sha256 {exported['sha256'][:12]})")
    info(f"deleted case {case_id}")
