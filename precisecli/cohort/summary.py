"""`cohort summary`: ORR (Clopper–Pearson) and PFS1 (Kaplan–Meier, log-rank) per genomic group,
and organoid predictive performance, over every case of the workspace."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from precisecli.cohort import stats
from precisecli.cohort.outcomes import CaseOutcome

UNASSIGNED = "unassigned"


def _months(days: float | None) -> float | None:
    return None if days is None else days / stats.DAYS_PER_MONTH


def _ci(pair) -> list[float | None] | None:
    return None if pair is None else list(pair)


def group_row(label: str, name: str | None, members: Sequence[CaseOutcome]) -> dict[str, Any]:
    treated = [m for m in members if m.treated]
    evaluable = [m for m in treated if m.measurable]
    responders = sum(1 for m in evaluable if m.responder)
    durations = [m.pfs_days for m in treated]
    events = [m.pfs_event for m in treated]
    km = stats.kaplan_meier(durations, events)
    return {
        "group": label,
        "name": name,
        "n": len(members),
        "n_treated": len(treated),
        "n_evaluable": len(evaluable),
        "n_responders": responders,
        "orr": responders / len(evaluable) if evaluable else None,
        "orr_ci95": _ci(stats.clopper_pearson(responders, len(evaluable))),
        "pfs_median_months": _months(km.median) if km else None,
        "pfs_ci95": [_months(km.ci95[0]), _months(km.ci95[1])] if km else None,
        "pfs_median_days": km.median if km else None,
        "n_events": km.events if km else 0,
        "km": km_table(durations, events),
    }


def km_table(durations: Sequence[float], events: Sequence[bool]) -> list[dict[str, Any]]:
    """The PFS1 curve with its at-risk table at each event/censor time (and at 0)."""
    from precisecli.cohort.km import kaplan_meier

    curve = kaplan_meier(durations, events)
    if curve is None:
        return []
    return [
        {"time_months": t / stats.DAYS_PER_MONTH, "at_risk": n, "events": d, "censored": c,
         "survival": s}
        for t, n, d, c, s in zip(curve.times, curve.at_risk, curve.events, curve.censored,
                                 curve.survival, strict=True)
    ]  # fmt: skip


def summarise(outcomes: Sequence[CaseOutcome]) -> dict[str, Any]:
    by_group: dict[str, list[CaseOutcome]] = {}
    names: dict[str, str | None] = {}
    for o in outcomes:
        label = o.group or UNASSIGNED
        by_group.setdefault(label, []).append(o)
        names.setdefault(label, o.group_name)
    groups = [group_row(g, names[g], by_group[g]) for g in sorted(by_group)]
    treated = [o for o in outcomes if o.treated and o.group]
    test = stats.logrank(
        [o.pfs_days for o in treated], [o.group for o in treated], [o.pfs_event for o in treated]
    )
    pairs = [p for o in outcomes for p in o.pdo_pairs]
    prediction = stats.diagnostic([(p["organoid_sensitive"], p["patient_response"]) for p in pairs])
    return {
        "n_cases": len(outcomes),
        "groups": groups,
        "all": group_row("all", None, list(outcomes)),
        "logrank": None
        if test is None
        else {
            "test_statistic": test.test_statistic,
            "p_value": test.p_value,
            "degrees_of_freedom": test.degrees_of_freedom,
            "groups": test.groups,
        },
        "pdo_prediction": prediction,
        "definitions": {
            "orr": "confirmed CR or PR (RECIST 1.1) on the first study line / cases with "
            "measurable disease at that line's baseline; 95 % CI Clopper-Pearson",
            "pfs1": "start of the first study line to the first RECIST progression (event) or "
            "death on the line (event), else censored at the last adequate assessment before "
            "any new line; Kaplan-Meier median, 95 % CI log(-log) (lifelines)",
            "months": "days / 30.4375",
            "pdo_prediction": "each study line with an organoid call for its regimen "
            "(assessable) and measurable disease: organoid-sensitive vs patient confirmed CR/PR",
        },
    }


def case_rows(outcomes: Sequence[CaseOutcome]) -> list[dict[str, Any]]:
    """One tidy row per case (for the CSV/xlsx export)."""
    return [
        {
            "case_id": o.case_id,
            "group": o.group or UNASSIGNED,
            "regimen": o.regimen,
            "measurable_disease": o.measurable,
            "best_overall_response": o.bor,
            "responder": o.responder,
            "pfs1_days": o.pfs_days,
            "pfs1_months": _months(o.pfs_days),
            "pfs1_event": o.pfs_event,
            "pfs1_rule": o.pfs_rule,
        }
        for o in sorted(outcomes, key=lambda o: o.case_id)
    ]
