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
            yield (("evidence", i, "level", "source"), "unknown source", _SRC)


_SRC = "add it to the sources section with its citation"
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
