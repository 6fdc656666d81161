"""`precise next`: the best organoid-ranked regimen the patient can still receive.

A regimen is passed over when (in this order of reporting) the organoid cannot judge it (a drug
needs immune cells, or its curve is a poor / failed fit: `assessable: false` or a gating
`fit_flags` entry), it was already given (its drug set is contained in the drug set of a prior
or study line — the patient progressed on that combination or a larger one), a genomic-group
flag names one of its drugs (e.g. aromatase inhibitor inactive with an ESR1 LBD mutation), or
the organoid was not sensitive to it. The first regimen by rank that survives is recommended.
Flags are the grouping's structured documents (schemas/case-grouping.schema.json): a flag's
`exclude_drugs` excludes; `demote_drugs` and the message text do not.
"""

from __future__ import annotations

from typing import Any

from precisecli.clinical import canonical_drug, clinical_facts

# fit flags that make an organoid call unusable (pdo.fitquality.GATING_FLAGS)
GATING_FIT_FLAGS = frozenset({"poor-fit", "not-converged", "invalid-values"})


def _line_drug_sets(record: dict[str, Any]) -> list[tuple[str, frozenset[str]]]:
    out = []
    for entry in record.get("intake", {}).get("prior_therapy", []):
        drugs = entry.get("drugs") or ([entry["regimen"]] if entry.get("regimen") else [])
        out.append((f"prior line {entry['line']}", frozenset(canonical_drug(d) for d in drugs)))
    for line in record.get("treatment", {}).get("lines", []):
        out.append(
            (f"study line {line['line']}", frozenset(canonical_drug(d) for d in line["drugs"]))
        )
    return out


def _excluding_flags(flags: list[dict[str, Any]], drugs: frozenset[str]) -> list[str]:
    """Messages of the grouping flags whose `exclude_drugs` name one of the regimen's drugs.

    Only that structured field excludes: `demote_drugs` ("not first choice") does not forbid a
    later line, and a flag's wording is for people, never parsed — so a bare-text flag (an
    older format) excludes nothing.
    """
    return [
        flag["message"]
        for flag in flags
        if isinstance(flag, dict)
        and drugs & {canonical_drug(d) for d in flag.get("exclude_drugs", [])}
    ]


def ranked_screens(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Screens of the case that have a ranking, in the order they were loaded."""
    screens = (record.get("pdo") or {}).get("screens", [])
    return [s for s in screens if (s.get("ranking") or {}).get("regimens")]


def guiding_screen(record: dict[str, Any]) -> dict[str, Any] | None:
    """The screen that guides later lines: the latest ranked one (every consumer uses this)."""
    ranked = ranked_screens(record)
    return ranked[-1] if ranked else None


def recommend(record: dict[str, Any], screen_id: str | None = None) -> dict[str, Any]:
    """The `next --json` document (without case_id)."""
    lines = record.get("treatment", {}).get("lines", [])
    extra = [d for line in lines for d in line.get("drugs", [])]
    facts = clinical_facts(record.get("intake", {}), extra)
    used_sets = _line_drug_sets(record)
    flags = list((record.get("grouping") or {}).get("flags", []))
    running = next((line for line in lines if line.get("end") is None), None)
    doc: dict[str, Any] = {
        "status": "none",
        "recommendation": None,
        "reason": "",
        "screen": None,
        "exposed_drugs": sorted(facts.prior_drugs),
        "current_line": None
        if running is None
        else {"line": running["line"], "regimen": running["regimen"]},
        "considered": [],
    }
    screens = list(record.get("pdo", {}).get("screens", []))
    if screen_id is not None:
        screens = [s for s in screens if s.get("screen_id") == screen_id]
        if not screens:
            doc["status"] = "no-screen"
            doc["reason"] = f"no organoid screen {screen_id} in this case"
            return doc
    if not screens:
        doc["status"] = "no-screen"
        doc["reason"] = "no organoid screen: load one with `precise pdo load` and rank it"
        return doc
    screen = guiding_screen({"pdo": {"screens": screens}})
    if screen is None:
        doc["status"] = "no-ranking"
        doc["reason"] = "the organoid screen is not ranked yet: run `precise pdo rank`"
        return doc
    doc["screen"] = screen.get("screen_id")
    # Unranked entries (rank null: nothing measurable) go last and are never sensitive.
    entries = sorted(
        screen["ranking"]["regimens"],
        key=lambda e: (e.get("rank") is None, e.get("rank") or 0, e["regimen"]),
    )
    counts = {"not-assessable": 0, "used": 0, "flagged": 0, "not-sensitive": 0}
    chosen = None
    for entry in entries:
        drugs = frozenset(canonical_drug(d) for d in entry.get("drugs", []))
        excluded: list[str] = []
        # a poor or failed fit is never a basis for a line, whatever an older ranking says
        bad_fit = set(entry.get("fit_flags") or []) & GATING_FIT_FLAGS
        if entry.get("assessable") is False or bad_fit:
            excluded.append("not-assessable")
        used_in = [name for name, s in used_sets if drugs and drugs <= s]
        if used_in:
            excluded.append("used")
        hit = _excluding_flags(flags, drugs)
        if hit:
            excluded.append("flagged")
        if not entry.get("sensitive"):
            excluded.append("not-sensitive")
        for why in excluded:
            counts[why] += 1
        notes = []
        if used_in:
            notes.append("already given: " + ", ".join(used_in))
        notes += [f"flag: {h}" for h in hit]
        doc["considered"].append(
            {
                "rank": entry.get("rank"),
                "regimen": entry["regimen"],
                "drugs": sorted(drugs),
                "inhibition_pct": entry.get("inhibition_pct"),
                "sensitive": bool(entry.get("sensitive")),
                "assessable": entry.get("assessable") is not False and not bad_fit,
                "eligible": not excluded,
                "excluded_because": excluded,
                "notes": notes,
            }
        )
        if not excluded and chosen is None:
            chosen = entry
    if chosen is not None:
        inhibition = chosen.get("inhibition_pct")
        shown = f"inhibition {inhibition:.1f} %, " if inhibition is not None else ""
        tied = [
            e["regimen"]
            for e in entries
            if e is not chosen and e.get("near_tie") and chosen.get("near_tie")
        ]
        reason = (
            f"best organoid-ranked regimen still available: rank {chosen['rank']} in screen "
            f"{screen.get('screen_id')} ({shown}sensitive); not given before; no group flag"
        )
        if tied:
            reason += f"; near tie with {', '.join(tied)} — discuss at the tumour board"
        doc["status"] = "recommended"
        doc["recommendation"] = {
            "regimen": chosen["regimen"],
            "drugs": sorted(canonical_drug(d) for d in chosen.get("drugs", [])),
            "rank": chosen["rank"],
            "inhibition_pct": inhibition,
            "near_tie_with": tied,
        }
        doc["reason"] = reason
        return doc
    doc["status"] = _why_none(counts, len(entries))
    doc["reason"] = {
        "all-used": "every ranked regimen was already given",
        "none-sensitive": "the organoid was sensitive to none of the remaining regimens",
        "all-flagged": "every remaining regimen is excluded by a genomic-group flag",
        "none-assessable": "no ranked regimen can be judged on organoids",
        "none-eligible": "no ranked regimen is assessable, sensitive, unused and unflagged",
    }[doc["status"]] + " — consider a clinical trial or a clinician's choice"
    return doc


def _why_none(counts: dict[str, int], total: int) -> str:
    for key, status in (
        ("used", "all-used"),
        ("not-sensitive", "none-sensitive"),
        ("flagged", "all-flagged"),
        ("not-assessable", "none-assessable"),
    ):
        if counts[key] == total:
            return status
    return "none-eligible"
