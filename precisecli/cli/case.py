"""`precise case …`: create, show, list, validate and audit cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, finite, info, out_console, store, styled

app = typer.Typer(help="Create and inspect cases.", no_args_is_help=True)

SEX = ["female", "male", "other", "unknown"]
MENO = ["pre", "peri", "post"]
HER2_IHC = ["0", "1+", "2+", "3+"]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="case")


@app.command("new")
def new(
    case_id: Annotated[str, typer.Argument(help="Case id: letters, digits, '.', '_', '-'.")],
    intake: Annotated[
        Path | None,
        typer.Option("--intake", metavar="FILE", help="Intake file (YAML or JSON; see README)."),
    ] = None,
    pseudonym: Annotated[
        str | None, typer.Option(help="Patient pseudonym (never a name or MRN).")
    ] = None,
    birth_year: Annotated[
        int | None, typer.Option(help="Year of birth (not in the future).")
    ] = None,
    sex: Annotated[str | None, typer.Option(help=f"One of: {', '.join(SEX)}.")] = None,
    er_percent: Annotated[
        float | None,
        typer.Option(callback=finite, help="ER-positive nuclei, %."),
    ] = None,
    pr_percent: Annotated[
        float | None,
        typer.Option(callback=finite, help="PR-positive nuclei, %."),
    ] = None,
    her2_ihc: Annotated[str | None, typer.Option(help="HER2 IHC score: 0, 1+, 2+, 3+.")] = None,
    her2_ish_ratio: Annotated[
        float | None,
        typer.Option(callback=finite, help="HER2/CEP17 ISH ratio."),
    ] = None,
    menopausal_status: Annotated[str | None, typer.Option(help="pre, peri or post.")] = None,
    resistance: Annotated[
        str | None, typer.Option("--trastuzumab-resistance", help="primary or secondary.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the new case as JSON.")] = False,
) -> None:
    """Create a case from an intake file and/or options (options win).

    Example: precise case new P001 --intake sample_cases/DEMO-001/intake.yaml
    """
    from precisecli.store.intake import finish_intake, load_intake, merge_overrides

    data, digests, source = {}, [], None
    if intake is not None:
        data, digest = load_intake(intake)
        digests, source = [digest], intake.name
    overrides = {
        "patient": {"pseudonym": pseudonym, "birth_year": birth_year, "sex": sex},
        "diagnosis": {
            "er_percent": er_percent,
            "pr_percent": pr_percent,
            "her2_ihc": her2_ihc,
            "her2_ish_ratio": her2_ish_ratio,
            "menopausal_status": menopausal_status,
        },
        "": {"trastuzumab_resistance": resistance},
    }
    given = sorted(
        f"{s}.{k}".lstrip(".") for s, f in overrides.items() for k, v in f.items() if v is not None
    )
    merged = finish_intake(merge_overrides(data, overrides), case_id, source)
    # Audit arguments name the fields set by option, never their (patient) values.
    record = store().create(
        case_id,
        merged,
        args={"case_id": case_id, "intake": bool(intake), "fields_from_options": given},
        inputs=digests,
    )
    if json_out:
        emit_json(_show_document(record), "cli/case-show.schema.json")
    else:
        info(f"created case {case_id} in {store().workspace.root}")


def _show_document(record: dict) -> dict:
    from precisecli.clinical import clinical_facts
    from precisecli.store.staleness import stale_items

    treatment = record.get("treatment", {})
    line_drugs = [d for line in treatment.get("lines", []) for d in line.get("drugs", [])]
    return {
        "case_id": record["case_id"],
        "created": record["created"],
        "updated": record["updated"],
        "intake": record["intake"],
        "derived": clinical_facts(record["intake"], line_drugs).as_dict(),
        "inputs": record["inputs"],
        "audit_entries": record["audit"]["entries"],
        "audit_head": record["audit"]["head"],
        "needs_rerun": stale_items(record),
        "record": {
            k: v
            for k, v in record.items()
            if k not in {"intake", "inputs", "audit", "schema_version"}
        },
    }


@app.command("show")
def show(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a case: intake, derived clinical facts, imported inputs.

    Example: precise case show P001 --json
    """
    doc = _show_document(store().load(case_id))
    if json_out:
        emit_json(doc, "cli/case-show.schema.json")
        return
    from rich.table import Table

    facts = doc["derived"]
    intake = doc["intake"]
    table = Table(title=f"Case {case_id}", show_header=False, box=None)
    table.add_row("pseudonym", str(intake.get("patient", {}).get("pseudonym", "—")))
    table.add_row("HR status", facts["hr_status"])
    table.add_row("HER2 status", facts["her2_status"])
    table.add_row("prior lines", str(facts["n_prior_lines"]))
    table.add_row("T-DM1 exposed", "yes" if facts["tdm1_exposed"] else "no")
    adc = [d for d in ("t-dm1", "t-dxd") if d in facts["prior_drugs"]]
    table.add_row("anti-HER2 ADC exposed", f"yes ({', '.join(adc)})" if adc else "no")
    table.add_row("prior HER2 TKI", "yes" if facts["her2_tki_exposed"] else "no")
    table.add_row("prior CDK4/6 inhibitor", "yes" if facts["cdk46_exposed"] else "no")
    table.add_row("prior drugs", ", ".join(facts["prior_drugs"]) or "—")
    table.add_row("trastuzumab resistance", str(facts["trastuzumab_resistance"] or "—"))
    sites = intake.get("diagnosis", {}).get("metastatic_sites", [])
    table.add_row("metastatic sites", ", ".join(sites) or "—")
    table.add_row("inputs imported", str(len(doc["inputs"])))
    table.add_row("updated", doc["updated"])
    table.add_row("audit head", f"#{doc['audit_entries']} {doc['audit_head']}")
    out_console.print(table)
    for item in doc["needs_rerun"]:
        out_console.print(
            styled(
                ("stale: ", "yellow"),
                f"{item['what']} (after {item['because']}) — run ",
                (item["rerun"], "bold"),
            )
        )


@app.command("list")
def list_cases(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the cases in the workspace.

    Example: precise --workspace ws case list --json
    """
    from precisecli.errors import CaseBusyError, InputError

    st = store()
    rows, problems = [], []
    for cid in st.workspace.case_ids():
        try:
            rec = st.load(cid)
        except (InputError, CaseBusyError) as exc:  # one damaged or busy case: list the others
            status = "busy" if isinstance(exc, CaseBusyError) else "unreadable"
            row = {"case_id": cid, **dict.fromkeys(("created", "updated", "group", "n_inputs"))}
            rows.append({**row, "status": status, "problem": exc.one_line()})
            problems.append(f"{cid} ({status})")
            continue
        rows.append(
            {
                "case_id": cid,
                "created": rec["created"],
                "updated": rec["updated"],
                "group": (rec.get("grouping") or {}).get("group", {}).get("id"),
                "n_inputs": len(rec["inputs"]),
                "status": "ok",
                "problem": None,
            }
        )
    if problems:
        info(
            f"warning: {len(problems)} case(s) could not be read: {', '.join(problems)} — "
            "`precise case validate CASE` says what is wrong"
        )
    if json_out:
        emit_json({"workspace": str(st.workspace.root), "cases": rows}, "cli/case-list.schema.json")
        return
    from rich.table import Table

    columns = ["case", "group", "inputs", "updated"] + (["status"] if problems else [])
    table = Table(*columns)
    for row in rows:
        if row["status"] != "ok":
            table.add_row(row["case_id"], "—", "—", "—", row["status"])
            continue
        cells = [row["case_id"], row["group"] or "—", str(row["n_inputs"]), row["updated"]]
        table.add_row(*cells, *(["ok"] if problems else []))
    out_console.print(table)


@app.command("validate")
def validate_case(case_id: Annotated[str, typer.Argument(help="Case id.")]) -> None:
    """Check a case: case.json and every stored document and table against its schema, the
    folder (plain files only), and the audit chain (with the site key when one is configured).

    Example: precise case validate P001
    """
    from precisecli.errors import ValidationError
    from precisecli.store.validation import check_files

    st = store()
    with st.reading(case_id) as (record, case_dir):  # validates case.json against its schema
        documents, tables = check_files(case_dir, record)
    result = st.verify_audit(case_id)
    if not result.ok:
        where = f" (line {result.line})" if result.line else ""
        raise ValidationError(
            f"audit log{where}: {result.problem}",
            hint="the audit trail was altered outside precise",
        )
    info(
        f"case {case_id}: case.json, {documents} document(s) and {tables} table(s) valid, "
        f"audit chain intact ({result.entries} entries, head {record['audit']['head'][:16]})"
    )


@app.command("log")
def log(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    verify: Annotated[bool, typer.Option("--verify", help="Check the hash chain.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the audit trail (every mutating command, its inputs' sha256, versions).

    Example: precise case log P001 --verify
    """
    import json as _json

    from precisecli.errors import ValidationError

    st = store()
    lines = st.audit_lines(case_id)
    result = st.verify_audit(case_id) if verify else None
    if json_out:
        from precisecli.store.audit import anchors

        entries = []
        for raw in lines:
            try:
                entries.append(_json.loads(raw))
            except ValueError:
                entries.append({"unreadable": raw[:200]})
        if all("unreadable" not in e for e in entries):
            for entry, value in zip(entries, anchors(lines), strict=True):
                entry["anchor"] = value  # the content anchor a report of that time prints
        doc = {"case_id": case_id, "entries": entries}
        if result is not None:
            doc["verified"] = result.ok
            doc["problem"] = result.problem
        emit_json(doc)
    else:
        from rich.table import Table

        table = Table("#", "time (UTC)", "command", "inputs (sha256)", "tool", "kb")
        for raw in lines:
            try:
                e = _json.loads(raw)
            except ValueError:
                table.add_row("?", "", "unreadable line", "", "", "")
                continue
            inputs = "\n".join(f"{i['name']} {i['sha256'][:12]}" for i in e.get("inputs", []))
            kb = e.get("kb") or {}
            table.add_row(
                str(e.get("seq")),
                e.get("time", ""),
                e.get("command", ""),
                inputs,
                e.get("tool_version", ""),
                f"{kb.get('name')} {kb.get('version')}" if kb else "",
            )
        out_console.print(table)
    if result is not None:
        if not result.ok:
            where = f" (line {result.line})" if result.line else ""
            raise ValidationError(
                f"audit log{where}: {result.problem}",
                hint="the audit trail was altered outside precise",
            )
        if not json_out:
            info(f"audit chain intact: {result.entries} entries")
            if lines:
                from precisecli.store.audit import anchors

                head = _json.loads(lines[-1])["hash"]
                info(f"head {head}; content anchor {anchors(lines)[-1]}")
