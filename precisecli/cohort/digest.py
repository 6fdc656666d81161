"""The per-case summary document (`summary.json` in the case folder): what the cohort needs from
one case, computed from case.json at every commit so that `cohort summary` / `cohort report`
read one small document per case instead of re-validating and re-evaluating every record.

It carries the sha256 of the case.json it was computed from; a reader that finds it missing,
damaged or computed from another case.json (an older workspace, a case imported from a bundle,
a record changed outside precise) falls back to the full case and rebuilds it
(`precisecli.store.case_summary`). Validated against `schemas/case-summary.schema.json` on write.
"""

from __future__ import annotations

from typing import Any

from precisecli.cohort.outcomes import RESPONDERS, CaseOutcome, case_outcome, organoid_call
from precisecli.response import lines as L
from precisecli.response import recist as R
from precisecli.response.course import case_rows

SUMMARY_FILE = "summary.json"
SUMMARY_SCHEMA = "case-summary.schema.json"
SUMMARY_VERSION = 1


def _num(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def _timepoints(ev: R.Evaluation | None) -> list[dict[str, Any]]:
    if ev is None:
        return []
    return [
        {
            "date": tp.date.isoformat(),
            "days": tp.days_from_start,
            "target_sum_mm": _num(tp.target_sum_mm),
            "change_pct": _num(tp.change_from_baseline_pct),
            "overall": tp.overall,
        }
        for tp in ev.timepoints
        if tp.role != "baseline"
    ]


def _lines(record: dict[str, Any], rules: R.RecistRules) -> list[dict[str, Any]]:
    rows = case_rows(record)
    out = []
    for window in L.windows(record):
        ev = R.evaluate(rows, rules, window.start, window.end) if rows else None
        line = window.line
        call = organoid_call(record, line["regimen"], line["drugs"])
        out.append(
            {
                "line": line["line"],
                "regimen": line["regimen"],
                "drugs": sorted(line["drugs"]),
                "start": line["start"],
                "end": line.get("end"),
                "stop_reason": line.get("stop_reason"),
                "chosen_by": line.get("chosen_by"),
                "measurable": bool(ev and ev.measurable_disease),
                "best_overall_response": ev.best_overall_response if ev else None,
                "organoid_sensitive": None if call is None else call.get("sensitive"),
                "timepoints": _timepoints(ev),
            }
        )
    return out


def _organoid(record: dict[str, Any]) -> dict[str, Any] | None:
    from precisecli.response.nextline import guiding_screen

    screen = guiding_screen(record)
    if screen is None:
        return None
    ranking = screen.get("ranking") or {}
    return {
        "screen": screen.get("screen_id"),
        "metric": ranking.get("metric"),
        "regimens": [
            {
                "regimen": entry.get("regimen"),
                "drugs": sorted(entry.get("drugs") or []),
                "inhibition_pct": entry.get("inhibition_pct"),
                "regression_pct": entry.get("regression_pct"),
                "sensitive": entry.get("sensitive"),
                "assessable": entry.get("assessable", True) is not False,
            }
            for entry in ranking.get("regimens", [])
        ],
    }


def _alterations(grouping: dict[str, Any]) -> list[dict[str, Any]]:
    seen = {}
    for alt in grouping.get("alterations") or []:
        key = (alt["gene"], alt["alteration"], alt["kind"])
        seen[key] = {"gene": alt["gene"], "alteration": alt["alteration"], "kind": alt["kind"]}
    return [seen[k] for k in sorted(seen)]


def build_summary(record: dict[str, Any], case_sha256: str) -> dict[str, Any]:
    """The summary document of a (validated) case record whose case.json bytes hash to
    case_sha256."""
    rules = R.RecistRules()
    grouping = record.get("grouping") or {}
    group = grouping.get("group") or {}
    regimen = grouping.get("regimen") or {}
    outcome = case_outcome(record, rules)
    lines = _lines(record, rules)
    first = lines[0] if lines else None
    changes = [tp["change_pct"] for tp in (first or {}).get("timepoints", [])]
    changes = [c for c in changes if c is not None]
    first_tp = next((tp for tp in (first or {}).get("timepoints", []) if tp["overall"]), None)
    return {
        "schema_version": SUMMARY_VERSION,
        "case_id": record["case_id"],
        "case_sha256": case_sha256,
        "group": {"id": group["id"], "name": group.get("name")} if group.get("id") else None,
        "regimen": {"id": regimen["id"], "drugs": sorted(regimen.get("drugs") or [])}
        if regimen.get("id")
        else None,
        "grouping_kb": grouping.get("kb"),
        "outcome": {
            "treated": outcome.treated,
            "regimen": outcome.regimen,
            "measurable": outcome.measurable,
            "best_overall_response": outcome.bor,
            "responder": outcome.responder,
            "first_evaluation": None
            if first_tp is None
            else {
                "date": first_tp["date"],
                "days": first_tp["days"],
                "overall": first_tp["overall"],
            },
            "best_target_change_pct": min(changes) if changes else None,
            "pfs_days": outcome.pfs_days,
            "pfs_event": outcome.pfs_event,
            "pfs_rule": outcome.pfs_rule,
            "pdo_pairs": outcome.pdo_pairs,
        },
        "lines": lines,
        "organoid": _organoid(record),
        "alterations": _alterations(grouping),
    }


def outcome_of(summary: dict[str, Any]) -> CaseOutcome:
    """The CaseOutcome `cohort summary` needs, from a summary document."""
    group = summary["group"] or {}
    o = summary["outcome"]
    return CaseOutcome(
        case_id=summary["case_id"],
        group=group.get("id"),
        group_name=group.get("name"),
        treated=o["treated"],
        regimen=o["regimen"],
        measurable=o["measurable"],
        bor=o["best_overall_response"],
        responder=o["responder"],
        pfs_days=o["pfs_days"],
        pfs_event=o["pfs_event"],
        pfs_rule=o["pfs_rule"],
        pdo_pairs=list(o["pdo_pairs"]),
    )


def first_evaluation_responder(summary: dict[str, Any]) -> bool | None:
    """CR/PR at the first evaluation of the first study line (None without one)."""
    first = summary["outcome"]["first_evaluation"]
    return None if first is None else first["overall"] in RESPONDERS
