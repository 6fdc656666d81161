"""Cross-reference checks a JSON Schema cannot express (ids that must name something defined).

Each problem is reported with the dotted path of the offending field and, when the document was
read from YAML, its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from precisecli.errors import InputError, Location

JsonPath = tuple[str | int, ...]


def _dotted(path: JsonPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _conditions(node: Any, path: JsonPath) -> Iterator[tuple[str, dict[str, Any], JsonPath]]:
    """Every leaf of a condition tree with its path."""
    for key in ("all", "any"):
        for i, child in enumerate(node.get(key, [])):
            yield from _conditions(child, (*path, key, i))
    if "not" in node:
        yield from _conditions(node["not"], (*path, "not"))
    for key in ("alteration", "clinical", "sample_metric"):
        if key in node:
            yield key, node[key], (*path, key)


def problems(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str, str]]:
    """(path, message, hint) for every broken cross-reference, in document order."""
    drugs = set(data["drugs"])
    regimens = set(data["regimens"])
    sources = set(data.get("sources", {}))
    thresholds = {
        f"{section}.{key}" for section, keys in data["thresholds"].items() for key in keys
    }
    lists = set(data.get("hotspots", {}))
    evidence_ids = [e["id"] for e in data.get("evidence", [])]

    for rid, reg in data["regimens"].items():
        for i, drug in enumerate(reg["drugs"]):
            if drug not in drugs:
                yield (
                    ("regimens", rid, "drugs", i),
                    f"regimen {rid} names unknown drug {drug!r}",
                    "add the drug to the drugs section or fix the name",
                )
    if data.get("changelog") and not any(
        c["version"] == str(data["version"]) for c in data["changelog"]
    ):
        yield (
            ("changelog",),
            f"no changelog entry for version {data['version']}",
            "add a changelog entry describing this version",
        )
    for lid, entry in data.get("hotspots", {}).items():
        if entry["source"] not in sources:
            yield (("hotspots", lid, "source"), f"unknown source {entry['source']!r}", _SRC)

    def check_tree(node: dict[str, Any], path: JsonPath) -> Iterator[tuple[JsonPath, str, str]]:
        for kind, leaf, leaf_path in _conditions(node, path):
            if kind == "alteration" and "variant_list" in leaf:
                if leaf["variant_list"] not in lists:
                    yield (
                        (*leaf_path, "variant_list"),
                        f"unknown variant list {leaf['variant_list']!r}",
                        "define it under hotspots",
                    )
            bound = leaf.get("at_least")
            if isinstance(bound, dict) and bound["threshold"] not in thresholds:
                yield (
                    (*leaf_path, "at_least", "threshold"),
                    f"unknown threshold {bound['threshold']!r}",
                    "name a section.key of the thresholds section",
                )

    groups = data.get("groups", [])
    group_ids = [g["id"] for g in groups]
    for i, group in enumerate(groups):
        if group["id"] in group_ids[:i]:
            yield (
                ("groups", i, "id"),
                f"group {group['id']} is defined twice",
                "ids must be unique",
            )
        yield from check_tree(group["signature"], ("groups", i, "signature"))
        for j, option in enumerate(group["regimens"]):
            if option["regimen"] not in regimens:
                yield (
                    ("groups", i, "regimens", j, "regimen"),
                    f"unknown regimen {option['regimen']!r}",
                    "define it in the regimens section",
                )
            if "when" in option:
                yield from check_tree(option["when"], ("groups", i, "regimens", j, "when"))
        for j, ev in enumerate(group.get("evidence", [])):
            if ev not in evidence_ids:
                yield (
                    ("groups", i, "evidence", j),
                    f"unknown evidence entry {ev!r}",
                    "define it in the evidence section",
                )
    if groups:
        priority = data["priority"]
        for i, gid in enumerate(priority):
            if gid not in group_ids:
                yield (("priority", i), f"priority names unknown group {gid!r}", _PRIO)
        missing = [g for g in group_ids if g not in priority]
        if missing:
            yield (("priority",), f"priority does not rank group(s) {', '.join(missing)}", _PRIO)
    for i, flag in enumerate(data.get("flags", [])):
        yield from check_tree(flag["when"], ("flags", i, "when"))
        for key in ("exclude_drugs", "demote_drugs"):
            for j, drug in enumerate(flag.get(key, [])):
                if drug not in drugs:
                    yield (("flags", i, key, j), f"unknown drug {drug!r}", "use a drugs-section id")
        if flag["source"] not in sources:
            yield (("flags", i, "source"), f"unknown source {flag['source']!r}", _SRC)
    for i, entry in enumerate(data.get("evidence", [])):
        if entry["id"] in evidence_ids[:i]:
            yield (
                ("evidence", i, "id"),
                f"evidence {entry['id']} is defined twice",
                "ids must be unique",
            )
        for j, src in enumerate(entry["source"]):
            if src not in sources:
                yield (("evidence", i, "source", j), f"unknown source {src!r}", _SRC)
        if entry["level"]["source"] not in sources:
            yield (
                ("evidence", i, "level", "source"),
                f"evidence level without a resolving source ({entry['level']['source']!r})",
                _SRC,
            )
        for j, rid in enumerate(entry.get("tested_regimens", [])):
            if rid not in regimens:
                yield (("evidence", i, "tested_regimens", j), f"unknown regimen {rid!r}", _REG)
    yield from _level_problems(data, sources, regimens, set(evidence_ids), check_tree)
    yield from _newer_option_problems(data, regimens, set(evidence_ids), set(group_ids), check_tree)
    yield from _threshold_source_problems(data, sources)


def _level_problems(data, sources, regimens, evidence_ids, check_tree):
    """biomarker_evidence: every level needs a source key that resolves (issue 20)."""
    for i, entry in enumerate(data.get("biomarker_evidence", [])):
        path = ("biomarker_evidence", i)
        for j, level in enumerate(entry["levels"]):
            if level["source"] not in sources:
                yield (
                    (*path, "levels", j, "source"),
                    f"{level['framework']} level {level['level']} of {entry['id']} has no "
                    f"resolving source ({level['source']!r})",
                    _SRC,
                )
        for key in ("regimens", "extrapolated_regimens"):
            for j, rid in enumerate(entry.get(key, [])):
                if rid not in regimens:
                    yield ((*path, key, j), f"unknown regimen {rid!r}", _REG)
        for j, eid in enumerate(entry["trials"]):
            if eid not in evidence_ids:
                yield ((*path, "trials", j), f"unknown evidence entry {eid!r}", _EV)
        for j, leaf in enumerate(entry["match"]):
            yield from check_tree(leaf, (*path, "match", j))
        if "when" in entry:
            yield from check_tree(entry["when"], (*path, "when"))


def _newer_option_problems(data, regimens, evidence_ids, group_ids, check_tree):
    for i, option in enumerate(data.get("newer_options", [])):
        path = ("newer_options", i)
        if option["regimen"] not in regimens:
            yield ((*path, "regimen"), f"unknown regimen {option['regimen']!r}", _REG)
        for j, gid in enumerate(option["groups"]):
            if gid not in group_ids:
                yield ((*path, "groups", j), f"unknown group {gid!r}", "name a group id")
        for j, eid in enumerate(option["evidence"]):
            if eid not in evidence_ids:
                yield ((*path, "evidence", j), f"unknown evidence entry {eid!r}", _EV)
        if "when" in option:
            yield from check_tree(option["when"], (*path, "when"))


def _threshold_source_problems(data, sources):
    """Thresholds whose source is a key (thresholds, pdo, pdo_fit_quality, currency, assays)."""

    def walk(node, path):
        if isinstance(node, dict):
            if "value" in node and isinstance(node.get("source"), str):
                if node["source"] not in sources:
                    yield (
                        (*path, "source"),
                        f"threshold {'.'.join(map(str, path))} has no resolving source "
                        f"({node['source']!r})",
                        _SRC,
                    )
                return
            for key, child in node.items():
                yield from walk(child, (*path, key))

    for section in ("thresholds", "pdo", "pdo_fit_quality", "currency"):
        yield from walk(data.get(section, {}), (section,))
    for aid, assay in data.get("assays", {}).items():
        if assay.get("source") not in sources:
            yield (("assays", aid, "source"), f"unknown source {assay.get('source')!r}", _SRC)


_SRC = "add it to the sources section with its citation"
_REG = "define it in the regimens section"
_EV = "define it in the evidence section"
_PRIO = "list every group id exactly once, highest priority first"


def check_references(
    data: dict[str, Any], display: str, line_of: Callable[[JsonPath], int | None] | None = None
) -> None:
    """Raise InputError for the first broken cross-reference."""
    for path, message, hint in problems(data):
        raise InputError(
            message,
            location=Location(
                file=display, line=line_of(path) if line_of else None, field=_dotted(path)
            ),
            hint=hint,
        )
