"""The cohort report's model: every number of the trial report, computed from the per-case
summary documents, and the same numbers formatted into the tables both renderers lay out.

`data` holds the raw values (for tests and the JSON file); `sections` holds titled blocks of
text, tables (every cell already a string) and chart ids. Deterministic: cases sorted by id,
groups by label, no clock — the report date is the latest date found in the data.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from precisecli.cohort import stats
from precisecli.cohort.digest import first_evaluation_responder, outcome_of
from precisecli.cohort.km import kaplan_meier
from precisecli.cohort.summary import UNASSIGNED, summarise

AT_RISK_STEP_MONTHS = 3
MAX_SWIMMER = 60
MAX_ONCOPRINT_CASES = 120
MAX_ONCOPRINT_GENES = 20
DEFINITION_FIRST_EVALUATION = (
    "ORR at the first evaluation: CR or PR as the overall time-point response of the first "
    "follow-up assessment on the first study line (RECIST 1.1, unconfirmed), over cases with "
    "measurable disease at that line's baseline"
)


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f} %"


def ci_pct(pair: Sequence[float | None] | None) -> str:
    if not pair:
        return "–"
    lo, hi = ("NR" if v is None else f"{v * 100:.1f}" for v in pair)
    return f"{lo}–{hi} %"


def months(value: float | None) -> str:
    return "NR" if value is None else f"{value:.1f}"


def _group_of(s: dict[str, Any]) -> str:
    return (s["group"] or {}).get("id") or UNASSIGNED


def _latest_date(summaries: Sequence[dict[str, Any]]) -> str | None:
    dates = []
    for s in summaries:
        for line in s["lines"]:
            dates += [line["start"], *([line["end"]] if line["end"] else [])]
            dates += [tp["date"] for tp in line["timepoints"]]
    return max(dates) if dates else None


def _km_block(members: list[dict[str, Any]]) -> dict[str, Any] | None:
    treated = [s["outcome"] for s in members if s["outcome"]["treated"]]
    curve = kaplan_meier(
        [o["pfs_days"] / stats.DAYS_PER_MONTH for o in treated], [o["pfs_event"] for o in treated]
    )
    if curve is None:
        return None
    horizon = max(curve.times)
    grid = [float(t) for t in range(0, int(horizon) + AT_RISK_STEP_MONTHS, AT_RISK_STEP_MONTHS)]
    censor = [
        o["pfs_days"] / stats.DAYS_PER_MONTH for o in treated if not o["pfs_event"]
    ]  # fmt: skip
    lower, upper = curve.median_ci()
    return {
        "times": curve.times,
        "survival": curve.survival,
        "at_risk": curve.at_risk,
        "events": curve.events,
        "censored": curve.censored,
        "censor_times": sorted(censor),
        "censor_survival": [curve.at(t) for t in sorted(censor)],
        "grid": grid,
        "at_risk_grid": [curve.at_risk_at(t) for t in grid],
        "median": curve.median(),
        "median_ci95": [lower, upper],
    }


def _organoid_block(members: list[dict[str, Any]], kb: Any) -> dict[str, Any]:
    """Organoid response of the group's regimen: median inhibition and the regression rate
    (regression >= the knowledge base's sensitive-regression cut-off) over screened cases."""
    from precisecli.pdo.ranking import thresholds_for

    inhibitions, regressions, cut = [], [], None
    for s in members:
        regimen = (s["regimen"] or {}).get("id")
        if regimen is None or s["organoid"] is None:
            continue
        entry = next((r for r in s["organoid"]["regimens"] if r["regimen"] == regimen), None)
        if entry is None or not entry["assessable"]:
            continue
        cut = thresholds_for(regimen, kb, None)["regression_pct"]
        if entry["inhibition_pct"] is not None:
            inhibitions.append(entry["inhibition_pct"])
        if entry["regression_pct"] is not None:
            regressions.append(entry["regression_pct"] >= cut)
    return {
        "n_inhibition": len(inhibitions),
        "median_inhibition_pct": statistics.median(inhibitions) if inhibitions else None,
        "n_regression": len(regressions),
        "regression": stats.proportion(sum(regressions), len(regressions)),
        "regression_cutoff_pct": cut,
    }


def _first_evaluation(members: list[dict[str, Any]]) -> dict[str, Any]:
    flags = [
        first_evaluation_responder(s)
        for s in members
        if s["outcome"]["treated"] and s["outcome"]["measurable"]
    ]
    flags = [f for f in flags if f is not None]
    return stats.proportion(sum(flags), len(flags))


def _concordance(summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    pairs = [p for s in summaries for p in s["outcome"]["pdo_pairs"]]
    by_regimen: dict[str, list] = {}
    for p in pairs:
        by_regimen.setdefault(p["regimen"], []).append(p)

    def table(items):
        return stats.diagnostic([(p["organoid_sensitive"], p["patient_response"]) for p in items])

    return {
        "all": table(pairs),
        "regimens": {r: table(items) for r, items in sorted(by_regimen.items())},
    }


def _waterfall(summaries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    bars = [
        {"case_id": s["case_id"], "group": _group_of(s),
         "change_pct": s["outcome"]["best_target_change_pct"]}
        for s in summaries
        if s["outcome"]["best_target_change_pct"] is not None
    ]  # fmt: skip
    return sorted(bars, key=lambda b: (-b["change_pct"], b["case_id"]))


def _swimmer(summaries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    from datetime import date

    lanes = []
    for s in summaries:
        if not s["lines"]:
            continue
        origin = date.fromisoformat(s["lines"][0]["start"])

        def m(text: str, origin=origin) -> float:
            return (date.fromisoformat(text) - origin).days / stats.DAYS_PER_MONTH

        lines, marks = [], []
        for line in s["lines"]:
            last = [line["end"]] if line["end"] else [tp["date"] for tp in line["timepoints"]]
            end = m(max(last)) if last else m(line["start"])
            lines.append({"line": line["line"], "regimen": line["regimen"],
                          "start": m(line["start"]), "end": end,
                          "ongoing": line["end"] is None,
                          "stop_reason": line["stop_reason"]})  # fmt: skip
            marks += [{"t": m(tp["date"]), "overall": tp["overall"]}
                      for tp in line["timepoints"]
                      if tp["overall"] in ("CR", "PR", "PD")]  # fmt: skip
        lanes.append({"case_id": s["case_id"], "group": _group_of(s), "lines": lines,
                      "marks": marks})  # fmt: skip
    lanes.sort(key=lambda lane: (lane["group"], -max(x["end"] for x in lane["lines"]),
                                 lane["case_id"]))  # fmt: skip
    return lanes


def _oncoprint(summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for s in summaries:
        for gene in {a["gene"] for a in s["alterations"]}:
            counts[gene] = counts.get(gene, 0) + 1
    genes = sorted(counts, key=lambda g: (-counts[g], g))[:MAX_ONCOPRINT_GENES]
    cases = [s for s in sorted(summaries, key=lambda s: (_group_of(s), s["case_id"]))
             if s["alterations"]]  # fmt: skip
    shown = cases[:MAX_ONCOPRINT_CASES]
    cells = [
        {"gene": a["gene"], "case_id": s["case_id"], "kind": a["kind"]}
        for s in shown
        for a in s["alterations"]
        if a["gene"] in genes
    ]
    return {
        "genes": genes,
        "frequency": {g: counts[g] for g in genes},
        "cases": [{"case_id": s["case_id"], "group": _group_of(s)} for s in shown],
        "cells": sorted(cells, key=lambda c: (c["gene"], c["case_id"], c["kind"])),
        "n_cases_with_alterations": len(cases),
    }


def build_data(summaries: Sequence[dict[str, Any]], kb: Any, study: dict | None) -> dict:
    summaries = sorted(summaries, key=lambda s: s["case_id"])
    base = summarise([outcome_of(s) for s in summaries])
    by_group: dict[str, list[dict[str, Any]]] = {}
    for s in summaries:
        by_group.setdefault(_group_of(s), []).append(s)
    groups = []
    for row in base["groups"]:
        members = by_group[row["group"]]
        groups.append(
            {
                **{k: v for k, v in row.items() if k != "km"},
                "orr_first_evaluation": _first_evaluation(members),
                "km_curve": _km_block(members),
                "organoid": _organoid_block(members, kb),
            }
        )
    data = {
        "n_cases": len(summaries),
        "as_of": _latest_date(summaries),
        "groups": groups,
        "all": {k: v for k, v in base["all"].items() if k != "km"},
        "all_first_evaluation": _first_evaluation(summaries),
        "logrank": base["logrank"],
        "concordance": _concordance(summaries),
        "waterfall": _waterfall(summaries),
        "swimmer": _swimmer(summaries),
        "oncoprint": _oncoprint(summaries),
        "kb": kb.stamp(),
        "simon": None,
    }
    if study is not None:
        from precisecli.cohort.study import simon_results

        data["simon"] = simon_results(study, summaries, by_group)
    return data
