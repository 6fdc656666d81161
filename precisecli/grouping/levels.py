"""Evidence levels for the group trail and the regimens (KB `biomarker_evidence`, issue 20).

Two questions, both answered from knowledge-base data only:

* which levels does a qualified alteration carry? Every `biomarker_evidence` entry whose `match`
  leaves match the finding (ESCAT tier, OncoKB-style level, ... each with its source key);
* how well is a regimen supported? The levels whose entry names the regimen (`regimens`: stated
  for that drug combination; `extrapolated_regimens`: same target, other partner drugs) and that
  apply to this patient, plus the group's trials, each labelled `direct` when it tested the
  regimen (`tested_regimens`) and `indirect` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from precisecli.grouping.findings import Finding
from precisecli.grouping.rules import Context, evaluate, finding_matches

_ESCAT_ORDER = ["I-A", "I-B", "I-C", "II-A", "II-B", "III-A", "III-B", "IV", "V", "X"]
_ONCOKB_ORDER = ["1", "2", "3A", "3B", "4"]


def _citation(kb_data: Mapping[str, Any], key: str) -> str | None:
    return (kb_data.get("sources", {}).get(key) or {}).get("citation")


def _level_items(entry: Mapping[str, Any], kb_data: Mapping[str, Any], applies: str):
    for level in entry["levels"]:
        yield {
            "framework": level["framework"],
            "level": level["level"],
            "biomarker": entry["biomarker"],
            "drug": entry["drug"],
            "setting": entry["setting"],
            "her2_positive": entry["her2_positive"],
            "applies": applies,
            "entry": entry["id"],
            "basis": entry["basis"],
            "note": level.get("note"),
            "source": level["source"],
            "citation": _citation(kb_data, level["source"]),
        }


def _level_text(item: Mapping[str, Any]) -> str:
    where = "HER2+" if item["her2_positive"] else f"{item['setting']}; indirect for HER2+"
    how = " (extrapolated)" if item["applies"] == "extrapolated" else ""
    return f"{item['framework']} {item['level']}: {item['drug']}{how} — {where} [{item['source']}]"


def matches_entry(finding: Finding, entry: Mapping[str, Any], kb_data: Mapping[str, Any]) -> bool:
    return any(finding_matches(finding, leaf["alteration"], kb_data) for leaf in entry["match"])


def finding_level(finding: Finding, kb_data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The levels an alteration carries, or None when no entry names it."""
    items = [
        item
        for entry in kb_data.get("biomarker_evidence", [])
        if matches_entry(finding, entry, kb_data)
        for item in _level_items(entry, kb_data, "direct")
    ]
    if not items:
        return None
    return {"summary": "; ".join(_level_text(i) for i in items), "levels": items}


def annotated_trails(findings: Iterable[Finding], kb_data: Mapping[str, Any]) -> list[dict]:
    """Trails (sorted by finding key) with the finding's `evidence_level`."""
    out = []
    for f in sorted(findings, key=lambda f: f.key):
        trail = f.trail()
        trail["evidence_level"] = finding_level(f, kb_data)
        out.append(trail)
    return out


def _entry_applies(entry: Mapping[str, Any], ctx: Context) -> bool:
    """Does the entry's biomarker hold for this patient?"""
    if entry.get("population_biomarker"):
        return True  # every patient of the study has it (HER2 amplification)
    if entry["match"]:
        return any(matches_entry(f, entry, ctx.kb_data) for f in ctx.findings)
    if "when" in entry:
        return evaluate(entry["when"], ctx).value is True
    return True


def _trial_record(entry: Mapping[str, Any], regimen_id: str) -> dict[str, Any]:
    direct = regimen_id in entry.get("tested_regimens", [])
    return {
        "id": entry["id"],
        "trial": entry["trial"],
        "design": entry["design"],
        "population": entry.get("population"),
        "regimen_tested": entry["regimen"],
        "figures": list(entry["figures"]),
        "applicability": "direct" if direct else "indirect",
        "source": list(entry["source"]),
    }


def _best(items: Sequence[Mapping[str, Any]], framework: str, order: list[str]) -> str | None:
    levels = [i["level"] for i in items if i["framework"] == framework and i["level"] in order]
    return min(levels, key=order.index) if levels else None


def regimen_level(
    regimen_id: str, trial_ids: Sequence[str], ctx: Context, note: str | None = None
) -> dict[str, Any]:
    """Evidence level of one regimen option: levels that apply, trials direct or indirect."""
    kb_data = ctx.kb_data
    items = []
    for entry in kb_data.get("biomarker_evidence", []):
        if regimen_id in entry.get("regimens", []):
            applies = "direct"
        elif regimen_id in entry.get("extrapolated_regimens", []):
            applies = "extrapolated"
        else:
            continue
        if _entry_applies(entry, ctx):
            items.extend(_level_items(entry, kb_data, applies))
    by_id = {e["id"]: e for e in kb_data.get("evidence", [])}
    # the trials given (the group's, for its first choice), then every other trial that tested it
    wanted = list(trial_ids) + [
        e["id"]
        for e in kb_data.get("evidence", [])
        if regimen_id in e.get("tested_regimens", []) and e["id"] not in trial_ids
    ]
    trials = [_trial_record(by_id[t], regimen_id) for t in wanted if t in by_id]
    direct = [t for t in trials if t["applicability"] == "direct"]
    applicability = "direct" if direct else ("indirect" if trials else "no trial")
    escat = _best(items, "ESCAT", _ESCAT_ORDER)
    oncokb = _best(items, "OncoKB-style", _ONCOKB_ORDER)
    parts = []
    if items:
        parts.append("; ".join(_level_text(i) for i in items))
    else:
        parts.append("no evidence level stated for this regimen")
    if direct:
        parts.append("tested in " + ", ".join(t["trial"] for t in direct))
    indirect = [t for t in trials if t["applicability"] == "indirect"]
    if indirect:
        parts.append(
            "indirect evidence: "
            + ", ".join(f"{t['trial']} (tested {t['regimen_tested']})" for t in indirect)
        )
    return {
        "summary": " | ".join(parts),
        "escat": escat,
        "oncokb": oncokb,
        "amp": _best(items, "AMP/ASCO/CAP", ["Tier I-A", "Tier I-B", "Tier II-C", "Tier II-D"]),
        "applicability": applicability,
        "levels": items,
        "trials": trials,
        "note": note,
    }


def other_options(group_id: str, ctx: Context) -> list[dict[str, Any]]:
    """KB `newer_options` for the group whose condition holds, with their evidence level."""
    out = []
    for option in ctx.kb_data.get("newer_options", []):
        if group_id not in option["groups"]:
            continue
        if "when" in option and evaluate(option["when"], ctx).value is not True:
            continue
        regimen = ctx.kb_data["regimens"][option["regimen"]]
        out.append(
            {
                "id": option["regimen"],
                "label": regimen["label"],
                "drugs": list(regimen["drugs"]),
                "note": option.get("note"),
                "demoted_by": [],
                "evidence_level": regimen_level(
                    option["regimen"], option["evidence"], ctx, option.get("note")
                ),
            }
        )
    return out
