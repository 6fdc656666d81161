"""The board's decision as an ordered list of options: the genomic group's first choice and
alternatives (group rule), then the guiding organoid screen's ranking (rank order); a regimen
chosen both ways is one option carrying both reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Option:
    """One regimen the board could choose, in the order of the decision."""

    regimen: str
    label: str
    drugs: list[str]
    reasons: list[dict[str, Any]]  # {"by": "group-rule"|"organoid-rank", "text": ..., ...}


def label(drugs: list[str]) -> str:
    return " + ".join(drugs)


def decision_options(record: dict[str, Any], grouping: dict[str, Any] | None) -> list[Option]:
    """The group's first choice and alternatives (group rule), then the organoid ranking of the
    guiding screen (rank order); a regimen chosen both ways is one option with both reasons."""
    from precisecli.response.nextline import guiding_screen

    options: dict[str, Option] = {}

    def add(regimen: str, label: str, drugs: list[str], reason: dict[str, Any]) -> None:
        if regimen not in options:
            options[regimen] = Option(regimen, label, list(drugs), [])
        options[regimen].reasons.append(reason)

    if grouping and grouping.get("group"):
        group = grouping["group"]
        rule = (grouping.get("decision") or {}).get("rule")
        chosen = grouping.get("regimen")
        if chosen:
            add(
                chosen["id"],
                chosen.get("label") or label(chosen.get("drugs") or []),
                chosen.get("drugs") or [],
                {
                    "by": "group-rule",
                    "text": f"first choice of genomic group {group['id']} ({group.get('name')}); "
                    f"decision rule {rule}",
                },
            )
        for n, alt in enumerate(grouping.get("alternatives") or [], start=1):
            demoted = ", ".join(alt.get("demoted_by") or [])
            add(
                alt["id"],
                alt.get("label") or label(alt.get("drugs") or []),
                alt.get("drugs") or [],
                {
                    "by": "group-rule",
                    "text": f"alternative {n} of genomic group {group['id']}"
                    + (f" (demoted by {demoted})" if demoted else ""),
                },
            )
    screen = guiding_screen(record)
    ranking = (screen or {}).get("ranking") or {}
    ranked = ranking.get("regimens") or []
    for item in sorted(ranked, key=lambda r: r["rank"]):
        sens = item.get("sensitive")
        verdict = (
            "not assessable"
            if item.get("assessable") is False
            else (
                "sensitive"
                if sens
                else ("not sensitive" if sens is False else "sensitivity unknown")
            )
        )
        add(
            item["regimen"],
            item.get("label") or label(item.get("drugs") or []),
            item.get("drugs") or [],
            {
                "by": "organoid-rank",
                "rank": item["rank"],
                "of": len(ranked),
                "text": f"organoid rank {item['rank']} of {len(ranked)} on screen "
                f"{ranking.get('screen')} ({ranking.get('metric')}; {verdict})",
            },
        )
    return list(options.values())
