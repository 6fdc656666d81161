"""Section 6: recommendation (the group's first line; later lines from response.nextline)."""

from __future__ import annotations

import json
from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import fmt, num, section, table
from precisecli.report.labels import regimen_label


def _group_facts(sec: dict[str, Any], kb, g: dict[str, Any] | None) -> None:
    if g:
        sec["facts"].append(
            ["First line on study (from the group)", regimen_label(kb, g.get("regimen"))]
        )
        alts = "; ".join(regimen_label(kb, a) for a in g.get("alternatives", []))
        sec["facts"].append(["Alternatives", alts or "–"])
    else:
        sec["missing"].append("No group-based first regimen: the case has not been grouped.")


def _next_line(sec: dict[str, Any], kb, nxt: dict[str, Any]) -> None:
    """The `precise next` document: the organoid-informed sequence and what was set aside."""
    seq, excluded = [], []
    for c in sorted(nxt["considered"], key=lambda c: (c["rank"], c["regimen"])):
        basis = f"organoid rank {c['rank']}, inhibition {fmt(num(c.get('inhibition_pct')))} %"
        if c.get("eligible"):
            seq.append([fmt(len(seq) + 1), regimen_label(kb, c["regimen"]), basis])
        else:
            why = list(c.get("excluded_because") or []) + list(c.get("notes") or [])
            excluded.append(
                [regimen_label(kb, c["regimen"]), fmt(c["rank"]), "; ".join(why) or "–"]
            )
    if nxt.get("recommendation"):
        sec["facts"].append(
            ["Next line (organoid-informed)", regimen_label(kb, nxt["recommendation"]["regimen"])]
        )
    sec["facts"].append(["Basis", nxt.get("reason") or "–"])
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


def _flag_text(f: Any) -> str:
    if isinstance(f, str):
        return f
    return str(f.get("message") or json.dumps(f, ensure_ascii=False, sort_keys=True))


def build(record: dict[str, Any], kb, g: dict[str, Any] | None, ranked: list) -> dict:
    sec = section("recommendation", "Recommendation")
    _group_facts(sec, kb, g)
    nxt = sources.next_line(record)
    if nxt and nxt.get("considered"):
        _next_line(sec, kb, nxt)
    elif ranked:
        sec["missing"].append("The next-line recommendation is not available in this version.")
    else:
        sec["missing"].append("No organoid ranking: later lines cannot be organoid-informed.")
    sec["flags"] = [_flag_text(f) for f in (g or {}).get("flags") or []]
    return sec
