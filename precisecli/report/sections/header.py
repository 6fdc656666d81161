"""Page 1: the header and the one-box summary for the board (drawn from the other sections)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from precisecli import __version__
from precisecli.report import sources
from precisecli.report.given import mark
from precisecli.report.labels import kb_text, regimen_label
from precisecli.report.sections.board import board
from precisecli.report.sections.response import summary_text

# Missing-data statements of other sections that the board must see in the summary box.
SUMMARY_MISSING = ("No organoid", "No ctDNA", "No sequencing")


def header(record: dict[str, Any], when: datetime, kb_stamp: dict[str, Any] | None) -> dict:
    patient = record.get("intake", {}).get("patient") or {}
    return {
        "case_id": record["case_id"],
        "pseudonym": patient.get("pseudonym") or "–",
        "birth_year": patient.get("birth_year"),
        "sex": patient.get("sex"),
        "report_date": when.date().isoformat(),
        "tool_version": __version__,
        "kb": kb_text(kb_stamp),
    }


def _top_organoid(kb, record: dict[str, Any], ranked: list[dict[str, Any]]) -> str | None:
    """The best assessable regimen of the screen that guides later lines (as `precise next`)."""
    guide = sources.guiding_screen_id(record)
    chosen = next((r for r in ranked if r["screen_id"] == guide), None)
    if chosen is None:
        return None
    regs = chosen["regimens"]
    best = next((r for r in regs if r.get("assessable") is not False), regs[0])
    return regimen_label(kb, best["regimen"])


def summary(
    kb,
    record: dict[str, Any],
    g: dict[str, Any] | None,
    ranked: list[dict[str, Any]],
    evaluation: dict[str, Any] | None,
    sections: dict[str, dict[str, Any]],
    nxt: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """sections: the built recommendation, organoids, genomics and response sections by id."""
    b = board(record, kb, g, ranked, evaluation, nxt)
    flags = list(sections["recommendation"]["flags"])
    for sid in ("organoids", "genomics", "response"):
        flags += [m for m in sections[sid]["missing"] if m.startswith(SUMMARY_MISSING)]
    regimen = regimen_label(kb, g.get("regimen")) if g else "not available"
    return {
        "group": b.pop("group_label") or "not assigned",
        "regimen": mark(regimen, b.pop("group_regimen_given")),
        "top_organoid": _top_organoid(kb, record, ranked) or "no organoid ranking",
        "response": summary_text(evaluation),
        "flags": flags,
        **b,
    }
