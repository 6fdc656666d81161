"""What one case contributes to the cohort: group, first-line response (ORR), PFS1, and the
organoid-vs-patient comparisons — all recomputed from the case record by the RECIST engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from precisecli.clinical import canonical_drug
from precisecli.response import lines as L
from precisecli.response import recist as R
from precisecli.response.course import case_rows

RESPONDERS = (R.CR, R.PR)


@dataclass
class CaseOutcome:
    case_id: str
    group: str | None
    group_name: str | None
    treated: bool = False
    regimen: str | None = None
    measurable: bool = False
    bor: str | None = None
    responder: bool = False
    pfs_days: int | None = None
    pfs_event: bool = False
    pfs_rule: str | None = None
    pdo_pairs: list[dict[str, Any]] = field(default_factory=list)


def organoid_call(record: dict[str, Any], regimen: str, drugs: list[str]) -> dict[str, Any] | None:
    """The latest ranked screen's entry for this regimen (by id, else by drug set)."""
    wanted = sorted(canonical_drug(d) for d in drugs)
    for screen in reversed(record.get("pdo", {}).get("screens", [])):
        for entry in (screen.get("ranking") or {}).get("regimens", []):
            same_drugs = sorted(canonical_drug(d) for d in entry.get("drugs", [])) == wanted
            if entry.get("regimen") == regimen or same_drugs:
                return {"screen": screen.get("screen_id"), **entry}
    return None


def case_outcome(record: dict[str, Any], rules: R.RecistRules) -> CaseOutcome:
    group = (record.get("grouping") or {}).get("group") or {}
    out = CaseOutcome(record["case_id"], group.get("id"), group.get("name"))
    windows = L.windows(record)
    rows = case_rows(record)
    if not windows:
        return out
    out.treated = True
    for index, window in enumerate(windows):
        ev = R.evaluate(rows, rules, window.start, window.end) if rows else None
        measurable = bool(ev and ev.measurable_disease)
        responder = bool(ev and ev.best_overall_response in RESPONDERS)
        if index == 0:
            out.regimen = window.line["regimen"]
            out.measurable = measurable
            out.bor = ev.best_overall_response if ev else None
            out.responder = responder
            out.pfs_days, out.pfs_event, out.pfs_rule = _pfs(window, ev)
        call = organoid_call(record, window.line["regimen"], window.line["drugs"])
        if measurable and call is not None and call.get("assessable", True) is not False:
            out.pdo_pairs.append(
                {
                    "line": window.line["line"],
                    "regimen": window.line["regimen"],
                    "organoid_sensitive": bool(call.get("sensitive")),
                    "patient_response": responder,
                }
            )
    return out


def _pfs(window: L.Window, ev: R.Evaluation | None) -> tuple[int, bool, str]:
    """PFS1 (days): start of the first study line to the first RECIST progression (event);
    death while on the line without progression is an event at the stop date; otherwise
    censored at the last adequate assessment (intercurrent new therapy ends the window)."""
    if ev is not None and ev.progression_date is not None:
        return (ev.progression_date - window.start).days, True, "progression"
    line = window.line
    if line.get("stop_reason") == "death" and line.get("end"):
        from datetime import date

        return (date.fromisoformat(line["end"]) - window.start).days, True, "death"
    if ev is not None and ev.last_adequate_date is not None:
        return (ev.last_adequate_date - window.start).days, False, "censored-last-assessment"
    return 0, False, "censored-no-assessment"
