"""Evidence levels in the report (issue 20): the driving alterations' levels, each regimen's level
with its trials labelled direct or indirect, the other options, and the sources behind them.

Everything comes from the stored grouping document (`evidence_level` of signature evidence and
regimens, `other_options`), so the report shows what `group --json` recorded; a case grouped with an
older knowledge base (no levels stored) gets a line saying so. Used by the grouping section.
"""

from __future__ import annotations

from typing import Any

from precisecli.report.formatting import table

_INDIRECT = "indirect (not HER2-positive patients)"


def _where(item: dict[str, Any]) -> str:
    return "HER2-positive" if item.get("her2_positive") else _INDIRECT


def _level(item: dict[str, Any]) -> str:
    return f"{item.get('framework', '–')} {item.get('level', '–')}"


def alteration_rows(g: dict[str, Any]) -> list[list[str]]:
    """One row per level of each driving alteration of the matched signatures."""
    rows, seen = [], set()
    for sig in g.get("signatures") or []:
        if not sig.get("matched"):
            continue
        for e in sig.get("evidence") or []:
            level = e.get("evidence_level") or {}
            for item in level.get("levels") or []:
                key = (e.get("gene"), e.get("alteration"), item.get("entry"), item.get("level"))
                if key in seen:
                    continue
                seen.add(key)
                rows.append(
                    [
                        f"{e.get('gene', '–')} {e.get('alteration', '–')}",
                        _level(item),
                        f"{item.get('drug', '–')} — {item.get('setting', '–')}",
                        _where(item),
                        str(item.get("source", "–")),
                    ]
                )
    return rows


def _regimen_rows(label: str, option: dict[str, Any]) -> list[list[str]]:
    level = option.get("evidence_level")
    name = str(option.get("label") or option.get("id") or "–")
    if not level:
        return [[label, name, "not stated", "–", "–"]]
    rows = []
    for item in level.get("levels") or []:
        how = "extrapolated: " if item.get("applies") == "extrapolated" else ""
        rows.append(
            [
                label,
                name,
                _level(item),
                f"{how}{item.get('drug', '–')} — {_where(item)}",
                str(item.get("source", "–")),
            ]
        )
    if not rows:
        rows.append([label, name, "no level stated", "–", "–"])
    return rows


def regimen_rows(g: dict[str, Any]) -> list[list[str]]:
    rows = _regimen_rows("first choice", g.get("regimen") or {})
    for alt in g.get("alternatives") or []:
        rows += _regimen_rows("alternative", alt)
    for other in g.get("other_options") or []:
        rows += _regimen_rows("other option (outside the study drug set)", other)
    return rows


def trial_rows(option: dict[str, Any]) -> list[list[str]]:
    """The trials behind one regimen: population, regimen tested, result, direct or indirect."""
    rows = []
    for t in (option.get("evidence_level") or {}).get("trials") or []:
        pop = t.get("population") or {}
        population = (
            f"HER2 {pop.get('her2', '?')}, HR {pop.get('hr', '?')}, {pop.get('line', '?')}"
            if pop
            else "–"
        )
        applicability = t.get("applicability") or "–"
        if applicability == "indirect":
            applicability = "indirect: did not test this regimen"
        rows.append(
            [
                str(t.get("trial", "–")),
                str(t.get("design", "–")),
                population,
                str(t.get("regimen_tested", "–")),
                "; ".join(t.get("figures") or []) or "–",
                applicability,
                ", ".join(t.get("source") or []) or "–",
            ]
        )
    return rows


def source_rows(g: dict[str, Any], kb) -> list[list[str]]:
    """The citation behind every source key the tables above name."""
    keys: list[str] = []
    options = [
        g.get("regimen") or {},
        *(g.get("alternatives") or []),
        *(g.get("other_options") or []),
    ]
    for option in options:
        level = option.get("evidence_level") or {}
        keys += [i.get("source") for i in level.get("levels") or []]
        keys += [s for t in level.get("trials") or [] for s in t.get("source") or []]
    for sig in g.get("signatures") or []:
        for e in sig.get("evidence") or []:
            keys += [i.get("source") for i in (e.get("evidence_level") or {}).get("levels") or []]
    sources = (kb.data.get("sources") if kb is not None else None) or {}
    out = []
    for key in dict.fromkeys(k for k in keys if k):
        entry = sources.get(key) or {}
        citation = entry.get("citation") or "not in this knowledge base"
        out.append([key, citation + (f" {entry['url']}" if entry.get("url") else "")])
    return out


def extend(sec: dict[str, Any], g: dict[str, Any], kb) -> None:
    """Add the evidence-level tables to the grouping section."""
    if not (g.get("regimen") or {}).get("evidence_level"):
        sec["missing"].append(
            "No evidence levels stored with this grouping (grouped with a knowledge base before "
            "0.3.0): run `precise group` again."
        )
        return
    rows = alteration_rows(g)
    if rows:
        sec["tables"].append(
            table(
                "Evidence levels of the driving alterations",
                ["Alteration", "Level", "Drug and setting of the evidence", "For HER2+", "Source"],
                "lllll",
                rows,
            )
        )
    sec["tables"].append(
        table(
            "Evidence level of each regimen",
            ["Role", "Regimen", "Level", "Basis", "Source"],
            "lllll",
            regimen_rows(g),
        )
    )
    regimen = g.get("regimen") or {}
    trials = trial_rows(regimen)
    if trials:
        sec["tables"].append(
            table(
                f"Trials behind the first choice ({regimen.get('label') or regimen.get('id')})",
                ["Trial", "Design", "Population", "Regimen tested", "Result", "Evidence", "Source"],
                "lllllll",
                trials,
            )
        )
    basis = (regimen.get("evidence_level") or {}).get("summary")
    if basis:
        sec["paragraphs"].append(f"Basis of the first choice: {basis}")
    sources = source_rows(g, kb)
    if sources:
        sec["tables"].append(
            table("Sources of the evidence levels", ["Key", "Citation"], "ll", sources)
        )
