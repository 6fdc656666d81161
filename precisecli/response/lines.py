"""Treatment lines of the study: start, stop, how each regimen was chosen, and the evaluation
window of each line (from its start to the next line's start)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from precisecli.errors import InputError, Location

CHOSEN_BY = ("group", "organoid", "clinician")
STOP_REASONS = (
    "progression",
    "toxicity",
    "completed",
    "patient-decision",
    "clinician-decision",
    "death",
    "other",
)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{text!r} is not a date", location=Location(field=option), hint="write YYYY-MM-DD"
        ) from None


def study_lines(record: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(record.get("treatment", {}).get("lines", []), key=lambda line: line["line"])


def open_line(record: dict[str, Any]) -> dict[str, Any] | None:
    return next((line for line in study_lines(record) if line.get("end") is None), None)


@dataclass(frozen=True)
class Window:
    line: dict[str, Any]
    start: date
    end: date | None  # the next line's start (exclusive), if any


def windows(record: dict[str, Any]) -> list[Window]:
    lines = study_lines(record)
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1]["start"] if i + 1 < len(lines) else None
        out.append(
            Window(
                line, date.fromisoformat(line["start"]), following and date.fromisoformat(following)
            )
        )
    return out


def resolve_regimen(kb: Any, regimen: str, drugs_option: str | None) -> tuple[str, list[str]]:
    """A KB regimen id gives its drugs; a free label needs --drugs. Drug names are canonical."""
    from precisecli.clinical import canonical_drug
    from precisecli.labels import check_label

    regimen = check_label(regimen, "--regimen")
    given = None
    if drugs_option is not None:
        check_label(drugs_option, "--drugs", max_chars=400)
        given = sorted({canonical_drug(d) for d in drugs_option.split(",") if d.strip()})
        if not given:
            raise InputError("--drugs is empty", location=Location(field="--drugs"))
    known = kb.regimen(regimen)
    if known is not None:
        kb_drugs = sorted(known["drugs"])
        if given is not None and given != kb_drugs:
            raise InputError(
                f"--drugs {', '.join(given)} differ from regimen {regimen} ({', '.join(kb_drugs)})",
                location=Location(field="--drugs"),
                hint="leave out --drugs for a knowledge-base regimen, or use another label",
            )
        return regimen, kb_drugs
    if given is None:
        raise InputError(
            f"{regimen!r} is not a regimen of knowledge base {kb.name}",
            location=Location(field="--regimen"),
            hint=f"use one of {', '.join(sorted(kb.regimen_ids()))}, or a label with --drugs a,b",
        )
    return regimen.strip(), given


def group_choice(record: dict[str, Any], regimen: str) -> str | None:
    """The reason a regimen counts as chosen by the genomic group, or None."""
    grouping = record.get("grouping") or {}
    group = grouping.get("group") or {}
    label = f"group {group.get('id')} ({group.get('name')})" if group else None
    if label and (grouping.get("regimen") or {}).get("id") == regimen:
        return f"first-choice regimen of genomic {label}"
    if label and any(alt.get("id") == regimen for alt in grouping.get("alternatives", [])):
        return f"alternative regimen of genomic {label}"
    return None


def organoid_choice(record: dict[str, Any], regimen: str, drugs: list[str]) -> str | None:
    """The reason a regimen counts as chosen by the organoid ranking, or None."""
    for screen in reversed(record.get("pdo", {}).get("screens", [])):
        ranking = screen.get("ranking") or {}
        for entry in ranking.get("regimens", []):
            same = entry.get("regimen") == regimen or sorted(entry.get("drugs", [])) == drugs
            if same and entry.get("sensitive"):
                inhibition = entry.get("inhibition_pct")
                shown = f", inhibition {inhibition:.0f} %" if inhibition is not None else ""
                return (
                    f"organoid-sensitive: rank {entry.get('rank')} in screen "
                    f"{screen.get('screen_id')}{shown}"
                )
    return None


def start_line(
    record: dict[str, Any],
    *,
    regimen: str,
    drugs: list[str],
    start: date,
    chosen_by: str | None,
    reason: str | None,
) -> dict[str, Any]:
    """A new line dict, after checking it fits the history; raises InputError otherwise."""
    current = open_line(record)
    if current is not None:
        raise InputError(
            f"line {current['line']} ({current['regimen']}) is still running",
            location=Location(field="--date"),
            hint="stop it first: precise line stop CASE --date D --reason R",
        )
    lines = study_lines(record)
    if lines and start < date.fromisoformat(lines[-1]["end"]):
        raise InputError(
            f"start {start} is before line {lines[-1]['line']} ended ({lines[-1]['end']})",
            location=Location(field="--date"),
            hint="check the date",
        )
    prior = record.get("intake", {}).get("prior_therapy", [])
    for entry in prior:
        if entry.get("start") and start <= date.fromisoformat(entry["start"]):
            raise InputError(
                f"start {start} is not after prior line {entry['line']} ({entry['start']})",
                location=Location(field="--date"),
                hint="study lines follow the prior therapy in the intake",
            )
    if chosen_by is not None and chosen_by not in CHOSEN_BY:
        raise InputError(
            f"--chosen-by {chosen_by!r} is not known",
            location=Location(field="--chosen-by"),
            hint=", ".join(CHOSEN_BY),
        )
    by_group = group_choice(record, regimen)
    by_organoid = organoid_choice(record, regimen, drugs)
    if chosen_by is None:
        chosen_by = "group" if by_group else "organoid" if by_organoid else "clinician"
    if chosen_by == "group" and not by_group:
        raise InputError(
            f"{regimen} is not a regimen of the case's genomic group",
            location=Location(field="--chosen-by"),
            hint="run `precise group CASE` first, or use --chosen-by clinician --reason TEXT",
        )
    if chosen_by == "organoid" and not by_organoid:
        raise InputError(
            f"{regimen} is not an organoid-sensitive regimen of any ranked screen",
            location=Location(field="--chosen-by"),
            hint="see `precise next CASE`, or use --chosen-by clinician --reason TEXT",
        )
    if chosen_by == "clinician" and not (reason and reason.strip()):
        raise InputError(
            f"{regimen} was not chosen by the genomic group or the organoid ranking",
            location=Location(field="--reason"),
            hint="say why with --reason TEXT (and --chosen-by clinician)",
        )
    auto = by_group if chosen_by == "group" else by_organoid if chosen_by == "organoid" else None
    number = max([e["line"] for e in prior] + [e["line"] for e in lines] + [0]) + 1
    return {
        "line": number,
        "regimen": regimen,
        "drugs": drugs,
        "start": start.isoformat(),
        "end": None,
        "stop_reason": None,
        "chosen_by": chosen_by,
        "reason": reason.strip() if reason and reason.strip() else auto,
    }


def stop_line(record: dict[str, Any], *, end: date, reason: str) -> dict[str, Any]:
    """The treatment part with the open line stopped."""
    if reason not in STOP_REASONS:
        raise InputError(
            f"--reason {reason!r} is not known",
            location=Location(field="--reason"),
            hint=", ".join(STOP_REASONS),
        )
    treatment = copy.deepcopy(record.get("treatment", {}))
    current = next((line for line in treatment.get("lines", []) if line.get("end") is None), None)
    if current is None:
        raise InputError(
            "no line is running", hint="start one with precise line start CASE --regimen R --date D"
        )
    if end < date.fromisoformat(current["start"]):
        raise InputError(
            f"stop {end} is before the start of line {current['line']} ({current['start']})",
            location=Location(field="--date"),
            hint="check the date",
        )
    current["end"] = end.isoformat()
    current["stop_reason"] = reason
    return treatment
