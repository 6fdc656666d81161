"""Section 6: recommendation (the group's first line; later lines from response.nextline)."""

from __future__ import annotations

from typing import Any

from precisecli.report.formatting import fmt, num, section, table
from precisecli.report.given import Given, mark
from precisecli.report.labels import regimen_label
from precisecli.report.sections.board import flag_words, in_words


def _group_facts(sec: dict[str, Any], kb, g: dict[str, Any] | None, given: Given) -> None:
    if g:
        first = mark(regimen_label(kb, g.get("regimen")), given.of(g.get("regimen")))
        sec["facts"].append(["First study line (group rule)", first])
        alts = "; ".join(mark(regimen_label(kb, a), given.of(a)) for a in g.get("alternatives", []))
        sec["facts"].append(["Alternatives", alts or "–"])
    else:
        sec["missing"].append("No group-based first regimen: the case has not been grouped.")


def _next_line(sec: dict[str, Any], kb, nxt: dict[str, Any], words: dict[str, str]) -> None:
    """The `precise next` document: the organoid-informed sequence and what was set aside."""
    seq, excluded = [], []
    for c in sorted(nxt["considered"], key=lambda c: (c["rank"], c["regimen"])):
        basis = f"organoid rank {c['rank']}, inhibition {fmt(num(c.get('inhibition_pct')))} %"
        if c.get("eligible"):
            seq.append([fmt(len(seq) + 1), regimen_label(kb, c["regimen"]), basis])
        else:
            why = list(c.get("excluded_because") or []) + list(c.get("notes") or [])
            why = [in_words(str(w), words) for w in why]
            excluded.append(
                [regimen_label(kb, c["regimen"]), fmt(c["rank"]), "; ".join(why) or "–"]
            )
    if nxt.get("recommendation"):
        sec["facts"].append(
            ["Next line (organoid rank)", regimen_label(kb, nxt["recommendation"]["regimen"])]
        )
    sec["facts"].append(["Basis", in_words(nxt.get("reason") or "–", words)])
    if seq:
        sec["tables"].append(
            table(
                f"Organoid-informed sequence for later lines (screen {nxt.get('screen')})",
                ["Order", "Regimen", "Basis"],
                "rll",
                seq,
            )
        )
    else:
        sec["missing"].append("No organoid-sensitive regimen remains eligible for a later line.")
    if excluded:
        sec["tables"].append(
            table("Ranked regimens set aside", ["Regimen", "Rank", "Why"], "lrl", excluded)
        )


def build(
    record: dict[str, Any], kb, g: dict[str, Any] | None, ranked: list, nxt: dict | None
) -> dict:
    sec = section("recommendation", "Recommendation")
    words = flag_words(g, record)
    _group_facts(sec, kb, g, Given(record))
    if nxt and nxt.get("considered"):
        _next_line(sec, kb, nxt, words)
    elif ranked:
        sec["missing"].append("The next-line recommendation is not available in this version.")
    else:
        sec["missing"].append("No organoid ranking: later lines cannot be organoid-informed.")
    sec["flags"] = list(words.values())
    return sec
