"""Section 7: response to date (RECIST 1.1), as the response domain evaluated it."""

from __future__ import annotations

from typing import Any

from precisecli.report.formatting import fmt, num, section, table

ASSESSMENT_COLUMNS = (
    "Date",
    "Target sum mm",
    "Δ baseline",
    "Δ nadir",
    "Target",
    "Non-target",
    "New",
    "Overall",
)


def summary_text(ev: dict[str, Any] | None) -> str:
    """One line for the summary box."""
    if not ev or not ev.get("timepoints"):
        return "no RECIST data"
    text = f"best {ev.get('best_overall_response') or '–'}"
    if ev.get("confirmed"):
        text += " (confirmed)"
    if ev.get("progression_date"):
        text += f"; progression {ev['progression_date']}"
    return text


def build(ev: dict[str, Any] | None, record: dict[str, Any] | None = None) -> dict[str, Any]:
    """The section for a `response evaluate` document (None when nothing was measured)."""
    sec = section("response", "Response to date (RECIST 1.1)")
    if not ev or not ev.get("timepoints"):
        sec["missing"].append("No RECIST assessments recorded yet.")
        return sec
    sec["facts"] = [
        ["Best overall response", ev.get("best_overall_response") or "–"],
        ["Confirmed", fmt(ev.get("confirmed"))],
        ["Progression date", ev.get("progression_date") or "none"],
    ]
    sec["tables"].append(
        table(
            "Assessments",
            list(ASSESSMENT_COLUMNS),
            "lrrrllll",
            [
                [
                    t.get("date") or "–",
                    fmt(num(t.get("target_sum_mm")), 1),
                    fmt(num(t.get("change_from_baseline_pct")), 1, " %"),
                    fmt(num(t.get("change_from_nadir_pct")), 1, " %"),
                    t.get("target") or "–",
                    t.get("non_target") or "–",
                    fmt(t.get("new_lesions")),
                    t.get("overall") or "–",
                ]
                for t in ev["timepoints"]
            ],
        )
    )
    from precisecli.report.sections.course import spider_chart, waterfall_chart

    for chart in (spider_chart(record or {}, ev), waterfall_chart(record or {}, ev)):
        if chart:
            sec["charts"].append(chart)
    return sec
