"""CLI commands for the grouping domain: `precise group` and `precise kb show|validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, err_console, info, out_console, store, styled

kb_app = typer.Typer(
    help="Inspect and check knowledge bases.\n\nExample: precise kb validate site_kb.yaml",
    no_args_is_help=True,
)

KbOption = Annotated[
    Path | None,
    typer.Option("--kb", metavar="FILE", help="Site knowledge base (default: the bundled one)."),
]


def register(root: typer.Typer) -> None:
    """Add this domain's commands to the root app."""
    root.command("group")(group)
    root.add_typer(kb_app, name="kb")


def group(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    kb_file: KbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Assign the genomic group, first-choice regimen and alternatives, with the evidence trail.

    The result is stored in the case with the knowledge base's name, version and sha256; running
    again with an unchanged case and knowledge base changes nothing.

    Example: precise group DEMO-001 --json
    """
    from precisecli.grouping.case import group_case
    from precisecli.knowledge import load_kb
    from precisecli.store import staleness

    kb = load_kb(kb_file)
    args = {"case_id": case_id, "kb": kb_file.name if kb_file else None}
    with store().update(case_id, command="group", args=args, kb=kb.stamp()) as txn:
        result = group_case(txn.case_dir, txn.record, kb)
        result.raise_if_unassigned()  # discards the transaction: the case stays as it was
        document = result.to_document(case_id)
        changed = txn.record.get("grouping") != document
        txn.record["grouping"] = document
        was_stale = "grouping" in (txn.record.get("stale") or {})
        staleness.clear(txn.record, "grouping")
    if json_out:
        emit_json(document, "cli/group.schema.json")
        return
    _render(document)
    if changed:
        info("grouping stored in the case")
    elif was_stale:
        info("grouping recomputed: unchanged, and no longer stale")
    else:
        info("grouping unchanged (nothing written)")


def _evidence_text(items: list[dict], levels: bool = False) -> str:
    out = []
    for e in items:
        vaf = f" VAF {e['vaf']:.3f}" if e["vaf"] is not None else ""
        cn = f" CN {e['copy_number']:g}" if e["copy_number"] is not None else ""
        out.append(f"{e['gene']} {e['alteration']} [{', '.join(e['sample_ids'])}]{vaf}{cn}")
        found = (e.get("evidence_level") or {}).get("levels") or [] if levels else []
        tiers = sorted({f"{i['framework']} {i['level']} [{i['source']}]" for i in found})
        if tiers:
            out.append("  levels: " + "; ".join(tiers))
    return "\n".join(out)


def _level_line(option: dict) -> None:
    level = option.get("evidence_level")
    if level:
        out_console.print(styled(("    evidence: ", "dim"), level["summary"]))


def _render(doc: dict) -> None:
    from rich.table import Table

    g, r = doc["group"], doc["regimen"]
    out_console.print(f"{doc['case_id']}: {g['id']} {g['name']}", style="bold")
    out_console.print(f"first choice: {r['label']} ({r['id']})")
    _level_line(r)
    for alt in doc["alternatives"]:
        demoted = (
            f" — not first choice: {', '.join(alt['demoted_by'])}" if alt["demoted_by"] else ""
        )
        out_console.print(f"alternative:  {alt['label']} ({alt['id']}){demoted}")
        _level_line(alt)
    for other in doc.get("other_options", []):
        out_console.print(f"other option (outside the study drug set): {other['label']}")
        _level_line(other)
    for ex in doc["excluded_regimens"]:
        out_console.print(f"excluded:     {ex['id']} — {ex['reason']}")
    out_console.print(f"decided by:   {doc['decision']['rule']} — {doc['decision']['text']}")
    table = Table("group", "signature", "evidence", "secondary", title="Signatures")
    for s in doc["signatures"]:
        table.add_row(
            s["group"],
            s["status"],
            _evidence_text(s["evidence"], levels=True) or "—",
            _evidence_text(s["secondary_evidence"]) or "",
        )
    out_console.print(table)
    for flag in doc["flags"]:
        who = ", ".join(f"{e['gene']} {e['alteration']}" for e in flag["evidence"])
        out_console.print(
            styled(("flag", "yellow"), f" {flag['id']}: {flag['message']}")
            + (f" ({who})" if who else "")
        )
    kb = doc["kb"]
    out_console.print(f"knowledge base {kb['name']} {kb['version']} sha256 {kb['sha256'][:12]}")


@kb_app.command("show")
def kb_show(
    kb_file: KbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    max_age_days: Annotated[
        int | None,
        typer.Option(
            "--max-age-days",
            min=0,
            metavar="DAYS",
            help="Warn when the last review is older than this (default: "
            "$PRECISE_KB_MAX_AGE_DAYS, else the KB's currency.max_age_days).",
        ),
    ] = None,
) -> None:
    """Show a knowledge base: version, groups with signatures and regimens, priority, flags,
    evidence levels with their sources; warns (stderr) when its last review is too old.

    Example: precise kb show --max-age-days 180
    """
    from precisecli.clinical import today
    from precisecli.knowledge import load_kb
    from precisecli.knowledge.currency import currency
    from precisecli.knowledge.describe import describe

    kb = load_kb(kb_file)
    current = currency(kb.data, today(), max_age_days)
    doc = describe(kb, current)
    if current["warning"]:
        err_console.print(styled(("warning: ", "yellow"), current["warning"]))
    if json_out:
        emit_json(doc, "cli/kb-show.schema.json")
        return
    from rich.table import Table

    out_console.print(styled((f"{kb.name} {kb.version}", "bold"), f"  sha256 {kb.sha256}"))
    out_console.print(f"priority: {' > '.join(doc['priority'])}")
    out_console.print(f"qualification: {doc['qualification'].get('rule', '—')}")
    table = Table("group", "name", "regimen options", "signature")
    for g in doc["groups"]:
        table.add_row(
            g["id"],
            g["name"],
            "\n".join(o["regimen"] for o in g["regimens"]),
            g["signature_text"] if "signature_text" in g else "",
        )
    out_console.print(table)
    for f in doc["flags"]:
        out_console.print(f"flag {f['id']}: {f['message']}")
    _levels_table(doc)
    if current["review_date"]:
        out_console.print(
            f"last reviewed {current['review_date']} ({current['age_days']} days ago)"
        )


def _levels_table(doc: dict) -> None:
    from rich.table import Table

    if not doc["levels"]:
        return
    table = Table("biomarker", "drug (setting)", "level", "source", title="Evidence levels")
    for row in doc["levels"]:
        where = "HER2+" if row["her2_positive"] else f"{row['setting']} — indirect for HER2+"
        table.add_row(
            row["biomarker"],
            f"{row['drug']} ({where})",
            f"{row['framework']} {row['level']}",
            row["source"],
        )
    out_console.print(table)


@kb_app.command("validate")
def kb_validate(
    kb_file: Annotated[Path, typer.Argument(metavar="FILE", help="Knowledge base YAML file.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check a knowledge base against its schema and cross-references (exit 3 if broken).

    Example: precise kb validate site_kb.yaml
    """
    from precisecli.knowledge import load_kb

    kb = load_kb(kb_file)
    doc = {
        "file": kb_file.name,
        "valid": True,
        "kb": kb.stamp(),
        "n_groups": len(kb.data.get("groups", [])),
        "n_regimens": len(kb.data["regimens"]),
        "n_drugs": len(kb.data["drugs"]),
        "n_evidence": len(kb.data.get("evidence", [])),
    }
    if json_out:
        emit_json(doc, "cli/kb-validate.schema.json")
        return
    info(f"{kb_file.name}: valid knowledge base {kb.name} {kb.version} (sha256 {kb.sha256[:12]})")
