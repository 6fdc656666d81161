"""`precise variants|cna remove`, `pdo remove`, `response remove`: take wrongly loaded data out.

Each is one audited transaction (the audit entry names the target and the --reason); a target
that is not in the case exits 3 and leaves the case byte-identical. Results derived from the
removed data are marked stale (see `precise case show`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, store

CaseArg = Annotated[str, typer.Argument(help="Case id.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print what was removed as JSON.")]
ReasonOpt = Annotated[
    str | None,
    typer.Option(
        "--reason",
        help="Why (recorded in the audit log; no patient identifiers, at most 200 characters).",
    ),
]


def register(root: typer.Typer) -> None:
    """Attach the remove commands to the domain sub-apps (they are registered first)."""
    from precisecli.cli import genomics, pdo, treatment

    genomics.variants_app.command("remove")(variants_remove)
    genomics.cna_app.command("remove")(cna_remove)
    pdo.app.command("remove")(pdo_remove)
    treatment.response_app.command("remove")(response_remove)


def audit_reason(reason: str | None) -> str | None:
    """The --reason as recorded: one line, bounded (it is operator text, not a note field)."""
    from precisecli.errors import InputError, Location

    if reason is None:
        return None
    text = " ".join(reason.split())
    if len(text) > 200:
        raise InputError(
            f"--reason is {len(text)} characters long (at most 200)",
            location=Location(field="--reason"),
            hint="say briefly why; the audit log is not a place for notes",
        )
    return text or None


def _run(case_id: str, command: str, args: dict, action, json_out: bool, what: str) -> None:
    from precisecli.store.removal import Removal

    args = {**args, "reason": audit_reason(args.get("reason"))}
    with store().update(case_id, command=command, args=args) as txn:
        result: Removal = action(txn)
        case_dir = txn.case_dir
    if result.files:
        _prune_empty_folders(case_id, case_dir, result.files)
    doc = {"case_id": case_id, "command": command, "reason": args["reason"], **result.as_dict()}
    if json_out:
        emit_json(doc, "cli/remove.schema.json")
        return
    info(f"removed {what} from case {case_id} ({len(result.files)} file(s))")
    for name in result.dropped:
        info(f"  {name} dropped: no data left to derive it from")
    for name in result.stale:
        info(f"  {name} is now stale — see `precise case show {case_id}`")


def _prune_empty_folders(case_id: str, case_dir, files: list[str]) -> None:
    """Folders a removal emptied (e.g. pdo/S/plots) go too, under the case lock."""
    from pathlib import PurePosixPath

    folders = sorted(
        {str(p) for f in files for p in PurePosixPath(f).parents if str(p) != "."},
        key=lambda p: -p.count("/"),
    )
    with store().reading(case_id):
        for rel in folders:
            path = case_dir / rel
            try:
                if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                    path.rmdir()
            except OSError:
                pass


def variants_remove(
    case_id: CaseArg,
    sample_id: Annotated[str, typer.Option("--sample-id", help="Sample whose variants go.")],
    reason: ReasonOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Remove a sample's variants (its table and record); the grouping and report become stale.

    Example: precise variants remove P001 --sample-id LIVER-B1 --reason "wrong VCF"
    """
    from precisecli.store.removal import remove_genomics

    _run(
        case_id,
        "variants remove",
        {"sample_id": sample_id, "reason": reason},
        lambda txn: remove_genomics(txn, sample_id, "variants"),
        json_out,
        f"the variants of sample {sample_id}",
    )


def cna_remove(
    case_id: CaseArg,
    sample_id: Annotated[str, typer.Option("--sample-id", help="Sample whose copy number goes.")],
    reason: ReasonOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Remove a sample's copy-number calls; the grouping and report become stale.

    Example: precise cna remove P001 --sample-id NODE-B1 --reason "wrong sample"
    """
    from precisecli.store.removal import remove_genomics

    _run(
        case_id,
        "cna remove",
        {"sample_id": sample_id, "reason": reason},
        lambda txn: remove_genomics(txn, sample_id, "cna"),
        json_out,
        f"the copy number of sample {sample_id}",
    )


def pdo_remove(
    case_id: CaseArg,
    screen: Annotated[str, typer.Option("--screen", help="Screen to remove (all its readouts).")],
    reason: ReasonOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Remove an organoid screen (wells, fits, QC, plots and its ranking); it no longer guides
    `next` or appears in the report, which becomes stale.

    Example: precise pdo remove P001 --screen PDO2 --reason "plate of another patient"
    """
    from precisecli.store.removal import remove_screen

    _run(
        case_id,
        "pdo remove",
        {"screen": screen, "reason": reason},
        lambda txn: remove_screen(txn, screen),
        json_out,
        f"screen {screen}",
    )


def response_remove(
    case_id: CaseArg,
    when: Annotated[str, typer.Option("--date", help="Assessment date, YYYY-MM-DD.")],
    reason: ReasonOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Remove the RECIST measurements of one assessment date; the evaluation and report become
    stale.

    Example: precise response remove P001 --date 2024-05-02 --reason "scan of another site"
    """
    from precisecli.response.lines import parse_date
    from precisecli.store.removal import remove_assessment

    day = parse_date(when, "--date").isoformat()
    _run(
        case_id,
        "response remove",
        {"date": day, "reason": reason},
        lambda txn: remove_assessment(txn, day),
        json_out,
        f"the assessment of {day}",
    )
