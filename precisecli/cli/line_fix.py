"""`precise line undo` and `precise line edit`: correct the study's treatment lines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info, store
from precisecli.cli.housekeeping import ReasonOpt, audit_reason

CaseArg = Annotated[str, typer.Argument(help="Case id.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the change as JSON.")]


def register(root: typer.Typer) -> None:
    from precisecli.cli import treatment

    treatment.line_app.command("undo")(line_undo)
    treatment.line_app.command("edit")(line_edit)


def _mark_stale(txn, before: list[dict], because: str) -> list[str]:
    """Line changes make the evaluation and report stale, and the grouping when the drugs given
    (which count as prior exposure) changed."""
    from precisecli.store import staleness

    after = txn.record.get("treatment", {}).get("lines", [])
    drugs = [sorted({d for x in lines for d in x["drugs"]}) for lines in (before, after)]
    results = ["evaluation", "report"] + (["grouping"] if drugs[0] != drugs[1] else [])
    return staleness.mark(
        txn.record, results, because, has_reports=staleness.has_reports(txn.case_dir)
    )


def line_undo(case_id: CaseArg, reason: ReasonOpt = None, json_out: JsonOpt = False) -> None:
    """Undo the last line change (a start, stop or edit), as one audited change.

    Example: precise line undo P001 --reason "stopped the wrong line"
    """
    from precisecli.response.line_fix import undo

    why = audit_reason(reason)
    with store().update(case_id, command="line undo", args={"reason": why}) as txn:
        result = undo(txn.record)
        txn.args["undone"] = result["undone"]
        stale = _mark_stale(txn, result["lines_before"], f"`line undo` ({result['undone']})")
    doc = {
        "case_id": case_id,
        "undone": result["undone"],
        "lines": result["lines_after"],
        "stale": stale,
        "reason": why,
    }
    if json_out:
        emit_json(doc, "cli/line-fix.schema.json")
        return
    info(f"undid the last {result['undone']}: {len(doc['lines'])} study line(s) on record")
    for name in stale:
        info(f"  {name} is now stale — see `precise case show {case_id}`")


def line_edit(
    case_id: CaseArg,
    line: Annotated[int, typer.Option("--line", help="Study line number (see line list).")],
    regimen: Annotated[
        str | None, typer.Option("--regimen", help="Knowledge-base id, or a label with --drugs.")
    ] = None,
    drugs: Annotated[str | None, typer.Option("--drugs", help="Comma-separated drugs.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="Start date, YYYY-MM-DD.")] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="End date, YYYY-MM-DD ('none' reopens the line).")
    ] = None,
    stop_reason: Annotated[
        str | None, typer.Option("--stop-reason", help="Why the line stopped (see line stop).")
    ] = None,
    reason: ReasonOpt = None,
    kb_path: Annotated[
        Path | None, typer.Option("--kb", metavar="FILE", help="Knowledge base (default bundled).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Correct a study line's regimen, drugs, dates or stop reason (re-checked against the other
    lines); a changed regimen re-derives how it was chosen.

    Example: precise line edit P001 --line 3 --end 2024-09-20 --reason "date typo"
    """
    import copy

    from precisecli.knowledge.kb import load_kb
    from precisecli.response.line_fix import edit_line, push_history

    kb = load_kb(kb_path)
    why = audit_reason(reason)
    with store().update(
        case_id, command="line edit", args={"line": line, "reason": why}, kb=kb.stamp()
    ) as txn:
        before = copy.deepcopy(txn.record.get("treatment", {}).get("lines", []))
        push_history(txn.record, "line edit")
        edited, fields = edit_line(
            txn.record,
            kb,
            line,
            regimen=regimen,
            drugs=drugs,
            start=start,
            end=end,
            stop_reason=stop_reason,
        )
        txn.args["fields"] = fields
        stale = _mark_stale(txn, before, f"`line edit` of line {line}")
        lines = txn.record["treatment"]["lines"]
    doc = {
        "case_id": case_id,
        "line": edited,
        "fields": fields,
        "lines": lines,
        "stale": stale,
        "reason": why,
    }
    if json_out:
        emit_json(doc, "cli/line-fix.schema.json")
        return
    info(f"line {line}: changed {', '.join(fields)}")
    for name in stale:
        info(f"  {name} is now stale — see `precise case show {case_id}`")
