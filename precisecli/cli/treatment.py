"""`precise response …`, `precise line …` and `precise next`: RECIST 1.1 and treatment lines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, finite, info, out_console, store, styled

response_app = typer.Typer(help="RECIST 1.1 measurements and responses.", no_args_is_help=True)
line_app = typer.Typer(help="Treatment lines of the study.", no_args_is_help=True)

CaseArg = Annotated[str, typer.Argument(help="Case id.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(root: typer.Typer) -> None:
    root.add_typer(response_app, name="response")
    root.add_typer(line_app, name="line")
    root.command("next")(next_line)


@response_app.command("import")
def response_import(
    case_id: CaseArg,
    file: Annotated[
        Path, typer.Argument(help="Measurements: CSV/TSV or xlsx, one row per lesion.")
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the whole table on record with this file.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Import RECIST lesion measurements (date, lesion_id, organ, category, lymph_node,
    diameter_mm, status) and check them: at most 5 targets and 2 per organ, targets measurable
    at selection (>= 10 mm, nodes >= 15 mm short axis), dates in order, stable lesion ids.

    Example: precise response import P001 recist.csv
    """
    from precisecli.errors import Location
    from precisecli.response import measurements as M
    from precisecli.response.recist import RecistRules
    from precisecli.store.hashing import digest_file

    digest = digest_file(file)
    incoming = M.read_measurements(file)
    with store().update(
        case_id, command="response import", args={"replace": replace}, inputs=[digest]
    ) as txn:
        _check_dates(
            txn.record,
            [
                (row.date, Location(file=file.name, line=line, field="date"))
                for line, row in incoming
            ],
            "assessment",
        )
        treatment = txn.record.setdefault("treatment", {})
        result = M.merge(
            treatment.get("measurements", []), incoming, RecistRules(), file.name, replace
        )
        treatment["measurements"] = result.rows
        changed = txn.changed
    doc = {
        "case_id": case_id,
        "file": file.name,
        "n_rows": len(incoming),
        "added_dates": result.added_dates,
        "unchanged_dates": result.unchanged_dates,
        "n_assessments": len({r["date"] for r in result.rows}),
        "changed": changed,
    }
    if json_out:
        emit_json(doc, "cli/response-import.schema.json")
    elif changed:
        info(
            f"imported {len(incoming)} rows: {len(result.added_dates)} new assessment(s), "
            f"{doc['n_assessments']} on record"
        )
    else:
        info("nothing new: every assessment in the file is already on record")


@response_app.command("evaluate")
def response_evaluate(
    case_id: CaseArg,
    line: Annotated[
        int | None,
        typer.Option("--line", min=1, help="Study line to evaluate (default: the latest)."),
    ] = None,
    confirmation_weeks: Annotated[
        float,
        typer.Option(
            min=0, max=52, callback=finite, help="Minimum interval confirming a CR/PR, in weeks."
        ),
    ] = 4.0,
    sd_min_weeks: Annotated[
        float,
        typer.Option(
            min=0,
            max=52,
            callback=finite,
            help="SD counts only when met this long after the start, in weeks.",
        ),
    ] = 6.0,
    visit_window_days: Annotated[
        int,
        typer.Option(min=0, max=90, help="Days of visit window subtracted from the SD minimum."),
    ] = 0,
    no_confirmation: Annotated[
        bool,
        typer.Option("--no-confirmation", help="Do not require confirmation (randomised trials)."),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Evaluate RECIST 1.1: sum of diameters, change from baseline and nadir, target /
    non-target / new-lesion and overall response per time point, best overall response with
    confirmation, and the date of progression. The result is stored in the case.

    Example: precise response evaluate P001 --json
    """
    from precisecli.response import course
    from precisecli.response.recist import RecistRules
    from precisecli.store import staleness

    if confirmation_weeks < 0 or sd_min_weeks < 0 or visit_window_days < 0:
        from precisecli.errors import UsageError

        raise UsageError("intervals must not be negative")
    rules = RecistRules().with_protocol(
        confirmation_weeks=confirmation_weeks,
        sd_min_weeks=sd_min_weeks,
        visit_window_days=visit_window_days,
        require_confirmation=not no_confirmation,
    )
    args = {
        "line": line,
        "confirmation_weeks": confirmation_weeks,
        "sd_min_weeks": sd_min_weeks,
        "visit_window_days": visit_window_days,
        "no_confirmation": no_confirmation,
    }
    with store().update(case_id, command="response evaluate", args=args) as txn:
        chosen, evaluation = course.evaluate_line(txn.record, rules, line)
        doc = course.evaluation_document(case_id, chosen, evaluation)
        txn.record["treatment"]["evaluation"] = {k: v for k, v in doc.items() if k != "case_id"}
        staleness.clear(txn.record, "evaluation")
    if json_out:
        emit_json(doc, "cli/response-evaluate.schema.json")
        return
    _print_evaluation(doc)


def _print_evaluation(doc: dict) -> None:
    from rich.table import Table

    def fmt(value):
        return "—" if value is None else f"{value:g}"

    def pct(value):
        return "—" if value is None else f"{value:+.1f} %"

    title = "RECIST 1.1"
    if doc["line"]:
        title += f" — line {doc['line']['line']} ({doc['line']['regimen']}, {doc['line']['start']})"
    table = Table("date", "day", "SoD mm", "Δ base", "Δ nadir", "target", "non-target", "new",
                  "overall", title=title)  # fmt: skip
    for tp in doc["timepoints"]:
        table.add_row(
            tp["date"],
            str(tp["days_from_start"]),
            fmt(tp["target_sum_mm"]),
            pct(tp["change_from_baseline_pct"]),
            pct(tp["change_from_nadir_pct"]),
            tp["target"] or ("baseline" if tp["role"] == "baseline" else "—"),
            tp["non_target"] or "—",
            tp["new_lesions"] or "—",
            tp["overall"] or "—",
        )
    out_console.print(table)
    bor = doc["best_overall_response"]
    state = "confirmed" if doc["confirmed"] else "unconfirmed " + doc["unconfirmed_response"] \
        if doc["unconfirmed_response"] else ""  # fmt: skip
    out_console.print(styled("best overall response: ", (bor, "bold"), f" {state}".rstrip()))
    out_console.print(f"progression: {doc['progression_date'] or 'none recorded'}")
    for warning in doc["warnings"]:
        info(styled(("warning:", "yellow"), f" {warning}"))


@line_app.command("start")
def line_start(
    case_id: CaseArg,
    regimen: Annotated[
        str, typer.Option("--regimen", help="Knowledge-base regimen id, or a label with --drugs.")
    ],
    start: Annotated[str, typer.Option("--date", help="Start date, YYYY-MM-DD.")],
    drugs: Annotated[
        str | None, typer.Option("--drugs", help="Comma-separated drugs of a free-label regimen.")
    ] = None,
    chosen_by: Annotated[
        str | None,
        typer.Option(
            "--chosen-by",
            help="group, organoid or clinician (default: inferred from the group and ranking).",
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why this regimen (needed for clinician).")
    ] = None,
    kb_path: Annotated[
        Path | None, typer.Option("--kb", metavar="FILE", help="Knowledge base (default bundled).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Start a study treatment line, linked to how it was chosen (genomic group, organoid
    ranking or clinician).

    Example: precise line start P001 --regimen eve-h-nabp --date 2024-03-01
    """
    from precisecli.knowledge.kb import load_kb
    from precisecli.labels import check_label
    from precisecli.response import lines as L
    from precisecli.response.line_fix import push_history

    kb = load_kb(kb_path)
    when = L.parse_date(start, "--date")
    if reason is not None and reason.strip():
        reason = check_label(reason, "--reason", max_chars=500)
    regimen_id, drug_list = L.resolve_regimen(kb, regimen, drugs)
    args = {"regimen": regimen_id, "date": when.isoformat(), "chosen_by": chosen_by}
    with store().update(case_id, command="line start", args=args, kb=kb.stamp()) as txn:
        _check_dates(txn.record, [(when, _date_option())], "line start")
        new = L.start_line(
            txn.record,
            regimen=regimen_id,
            drugs=drug_list,
            start=when,
            chosen_by=chosen_by,
            reason=reason,
        )
        push_history(txn.record, "line start")
        txn.record.setdefault("treatment", {}).setdefault("lines", []).append(new)
    if json_out:
        emit_json({"case_id": case_id, "line": new}, "cli/line-start.schema.json")
    else:
        info(
            f"line {new['line']} started {new['start']}: {regimen_id} "
            f"({', '.join(drug_list)}) — chosen by {new['chosen_by']}: {new['reason']}"
        )


@line_app.command("stop")
def line_stop(
    case_id: CaseArg,
    end: Annotated[str, typer.Option("--date", help="Stop date, YYYY-MM-DD.")],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="progression, toxicity, completed, patient-decision, clinician-decision, "
            "death or other.",
        ),
    ],
    json_out: JsonOpt = False,
) -> None:
    """Stop the running treatment line.

    Example: precise line stop P001 --date 2024-09-27 --reason progression
    """
    from precisecli.response import lines as L
    from precisecli.response.line_fix import push_history

    when = L.parse_date(end, "--date")
    with store().update(
        case_id, command="line stop", args={"date": when.isoformat(), "reason": reason}
    ) as txn:
        _check_dates(txn.record, [(when, _date_option())], "line stop")
        treatment = L.stop_line(txn.record, end=when, reason=reason)
        push_history(txn.record, "line stop")
        treatment["line_history"] = txn.record["treatment"]["line_history"]
        txn.record["treatment"] = treatment
        stopped = next(x for x in L.study_lines(txn.record) if x["end"] == when.isoformat())
        record = txn.record
    note = _progression_note(record, stopped) if reason == "progression" else None
    if json_out:
        emit_json({"case_id": case_id, "line": stopped, "note": note}, "cli/line-stop.schema.json")
        return
    info(f"line {stopped['line']} ({stopped['regimen']}) stopped {stopped['end']}: {reason}")
    if note:
        info(styled(("note:", "yellow"), f" {note}"))


def _date_option():
    from precisecli.errors import Location

    return Location(field="--date")


def _check_dates(record: dict, dates: list, what: str) -> None:
    """Each (date, location): not in the future, not before the patient's year of birth."""
    from precisecli.clinical import birth_year, check_event_date

    born = birth_year(record)
    for when, location in dates:
        check_event_date(when, what=what, born=born, location=location)


def _progression_note(record: dict, line: dict) -> str | None:
    """Say so when RECIST does not (yet) show the progression the line was stopped for."""
    from precisecli.errors import InputError
    from precisecli.response import course
    from precisecli.response.recist import RecistRules

    try:
        _, evaluation = course.evaluate_line(record, RecistRules(), line["line"])
    except InputError:
        return "no RECIST measurements on record for this line"
    if evaluation.progression_date is None:
        return "RECIST 1.1 shows no progression on this line; check the measurements"
    return None


@line_app.command("list")
def line_list(case_id: CaseArg, json_out: JsonOpt = False) -> None:
    """List the prior lines (from the intake) and the study lines of a case.

    Example: precise line list P001
    """
    from precisecli.response import lines as L

    record = store().load(case_id)
    prior = [
        {
            "line": e["line"],
            "regimen": e.get("regimen"),
            "drugs": e.get("drugs", []),
            "start": e.get("start"),
            "end": e.get("end"),
            "stop_reason": e.get("stop_reason"),
        }
        for e in sorted(record["intake"].get("prior_therapy", []), key=lambda e: e["line"])
    ]
    study = L.study_lines(record)
    if json_out:
        emit_json({"case_id": case_id, "prior": prior, "lines": study}, "cli/line-list.schema.json")
        return
    from rich.table import Table

    table = Table("line", "regimen", "drugs", "start", "end", "stop", "chosen by", title=case_id)
    for e in prior:
        cells = (e["start"], e["end"], e["stop_reason"])
        table.add_row(
            str(e["line"]), str(e["regimen"] or "—"), ", ".join(e["drugs"]),
            *(c or "—" for c in cells), "prior",
        )  # fmt: skip
    for e in study:
        table.add_row(str(e["line"]), e["regimen"], ", ".join(e["drugs"]), e["start"],
                      e["end"] or "running", e["stop_reason"] or "—", e["chosen_by"])  # fmt: skip
    out_console.print(table)


def next_line(
    case_id: CaseArg,
    screen: Annotated[
        str | None, typer.Option("--screen", help="Organoid screen (default: the latest ranked).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Recommend the next line: the best organoid-ranked regimen not yet given, not flagged by
    the genomic group, assessable on organoids and organoid-sensitive — or say why none is.

    Example: precise next P001 --json
    """
    from precisecli.response.nextline import recommend
    from precisecli.store.staleness import require_current

    record = store().load(case_id)
    require_current(record, ["grouping"], f"precise next {case_id}")
    doc = {"case_id": case_id, **recommend(record, screen)}
    if json_out:
        emit_json(doc, "cli/next.schema.json")
        return
    rec = doc["recommendation"]
    if rec:
        out_console.print(
            styled(
                "next line: ",
                (rec["regimen"], "bold"),
                f" ({', '.join(rec['drugs'])})\n{doc['reason']}",
            )
        )
    else:
        out_console.print(f"no recommendation ({doc['status']}): {doc['reason']}")
    if doc["current_line"]:
        info(f"note: line {doc['current_line']['line']} is still running")
    for c in doc["considered"]:
        if not c["eligible"]:
            detail = "; ".join([*c["excluded_because"], *c["notes"]])
            info(f"  rank {c['rank']} {c['regimen']}: passed over ({detail})")
