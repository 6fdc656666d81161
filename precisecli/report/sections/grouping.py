"""Section 4: genomic group and evidence trail (the stored `group --json` document)."""

from __future__ import annotations

from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import pct, section, table
from precisecli.report.labels import kb_text, regimen_label
from precisecli.report.sections import evidence


def _evidence_levels(kb, g: dict[str, Any]) -> list[list[str]]:
    """Trials behind the assigned group, with their evidence level (ESCAT), from the KB."""
    gid = (g.get("group") or {}).get("id")
    items = g.get("evidence")  # the grouping document may carry them already
    if not items and kb is not None and gid:
        groups = kb.data.get("groups") or []
        group = next((x for x in groups if isinstance(x, dict) and x.get("id") == gid), None)
        by_id = {e.get("id"): e for e in kb.data.get("evidence") or [] if isinstance(e, dict)}
        items = [
            by_id.get(e, {"trial": e}) if isinstance(e, str) else e
            for e in (group or {}).get("evidence") or []
        ]
    rows = []
    for e in items or []:
        if not isinstance(e, dict):
            continue
        level = e.get("level")
        if isinstance(level, dict):
            level = level.get("escat") or level.get("oncokb") or level.get("amp")
        level = level or "not rated"
        figures = e.get("figures") or e.get("summary") or []
        figures = "; ".join(figures) if isinstance(figures, list) else str(figures)
        rows.append(
            [
                str(e.get("trial") or e.get("id") or "–"),
                str(e.get("design") or "–"),
                str(e.get("regimen") or "–"),
                figures or "–",
                str(level or "–"),
            ]
        )
    return rows


def _signature_rows(g: dict[str, Any]) -> list[list[str]]:
    rows = []
    for sig in g.get("signatures", []):
        ev = sig.get("evidence") or []
        status = sig.get("status") or ("matched" if sig.get("matched") else "not matched")
        name = f"{sig.get('group', '–')} {sig.get('name') or ''}".strip()
        if not ev:
            rows.append([name, status, "–", "–", "–", "–"])
        for e in ev:
            rows.append(
                [
                    name,
                    status,
                    e.get("gene") or "–",
                    e.get("alteration") or "–",
                    ", ".join(e.get("sample_ids") or []) or "–",
                    pct(e.get("vaf")),
                ]
            )
    return rows


def build(record: dict[str, Any], kb) -> tuple[dict[str, Any], dict[str, Any] | None]:
    from precisecli.report.given import Given, mark
    from precisecli.report.sections.board import decision_text, flag_words, in_words

    """The section, and the grouping document it shows (None when the case is not grouped)."""
    g = sources.grouping(record)
    sec = section("grouping", "Genomic group and evidence trail")
    if not g:
        sec["missing"].append("No genomic group has been assigned (run `precise group`).")
        return sec, None
    group = g.get("group") or {}
    given, words = Given(record), flag_words(g, record)
    sec["facts"] = [
        ["Group", f"{group.get('id', '–')} — {group.get('name', '–')}"],
        [
            "First-choice regimen",
            mark(regimen_label(kb, g.get("regimen")), given.of(g.get("regimen"))),
        ],
        [
            "Alternatives",
            "; ".join(mark(regimen_label(kb, a), given.of(a)) for a in g.get("alternatives", []))
            or "–",
        ],
        ["Knowledge base", kb_text(g.get("kb"))],
    ]
    if g.get("decision"):
        sec["facts"].insert(1, ["Decision", decision_text(g, kb)])
    rows = _signature_rows(g)
    if rows:
        sec["tables"].append(
            table(
                "Signatures evaluated (evidence trail)",
                ["Signature", "Status", "Gene", "Alteration", "Samples", "VAF"],
                "llllll",
                rows,
            )
        )
    excluded = [
        [regimen_label(kb, x), in_words(x.get("reason") or "–", words)]
        for x in g.get("excluded_regimens") or []
    ]
    if excluded:
        sec["tables"].append(
            table("Regimens of the group set aside", ["Regimen", "Why"], "ll", excluded)
        )
    levels = _evidence_levels(kb, g)
    if levels:
        sec["tables"].append(
            table(
                f"Clinical evidence for {group.get('id')}",
                ["Trial", "Design", "Regimen", "Results", "ESCAT"],
                "llllc",
                levels,
            )
        )
    else:
        sec["missing"].append("The knowledge base lists no clinical evidence for this group.")
    evidence.extend(sec, g, kb)  # evidence levels (issue 20)
    return sec, g
