"""A readable summary of a knowledge base (`precise kb show`)."""

from __future__ import annotations

from typing import Any


def signature_text(node: dict[str, Any], kb_data: dict[str, Any]) -> str:
    """One-line rendering of a condition tree, e.g. `all(HR status = positive, not(...))`."""
    from precisecli.grouping.rules import alteration_label

    if "label" in node:
        return node["label"]
    if "always" in node:
        return "always"
    if "not" in node:
        return f"not({signature_text(node['not'], kb_data)})"
    for key in ("all", "any"):
        if key in node:
            return f"{key}(" + ", ".join(signature_text(c, kb_data) for c in node[key]) + ")"
    if "alteration" in node:
        return alteration_label(node["alteration"], kb_data)
    leaf = node.get("clinical") or node.get("sample_metric")
    name = leaf.get("field") or leaf.get("metric")
    if "equals" in leaf:
        return f"{name} = {leaf['equals']}"
    if "in" in leaf:
        return f"{name} in {leaf['in']}"
    bound = leaf["at_least"]
    return f"{name} >= {bound['threshold'] if isinstance(bound, dict) else bound}"


def levels_table(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per level of `biomarker_evidence`, with the citation its source key resolves to."""
    sources = data.get("sources", {})
    return [
        {
            "entry": entry["id"],
            "biomarker": entry["biomarker"],
            "drug": entry["drug"],
            "setting": entry["setting"],
            "her2_positive": entry["her2_positive"],
            "framework": level["framework"],
            "level": level["level"],
            "source": level["source"],
            "citation": (sources.get(level["source"]) or {}).get("citation"),
            "regimens": entry.get("regimens", []),
            "extrapolated_regimens": entry.get("extrapolated_regimens", []),
        }
        for entry in data.get("biomarker_evidence", [])
        for level in entry["levels"]
    ]


def trial_levels(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": e["id"],
            "trial": e["trial"],
            "population": e.get("population"),
            "tested_regimens": e.get("tested_regimens"),
            "level": e["level"],
        }
        for e in data.get("evidence", [])
    ]


def describe(kb: Any, currency: dict[str, Any] | None = None) -> dict[str, Any]:
    data = kb.data
    return {
        "levels": levels_table(data),
        "trials": trial_levels(data),
        "newer_options": data.get("newer_options", []),
        "currency": currency,
        "kb": kb.stamp(),
        "file": kb.path.name,
        "changelog": data.get("changelog", []),
        "drugs": [
            {
                "id": did,
                "name": d["name"],
                "class": d["class"],
                "organoid_testable": d["organoid_testable"],
            }
            for did, d in data["drugs"].items()
        ],
        "regimens": [
            {"id": rid, "label": r["label"], "drugs": r["drugs"]}
            for rid, r in data["regimens"].items()
        ],
        "groups": [
            {
                "id": g["id"],
                "name": g["name"],
                "description": g.get("description"),
                "signature": g["signature"],
                "signature_text": signature_text(g["signature"], data),
                "regimens": g["regimens"],
                "evidence": g.get("evidence", []),
            }
            for g in data.get("groups", [])
        ],
        "priority": data.get("priority", []),
        "qualification": data.get("qualification", {}),
        "flags": data.get("flags", []),
        "thresholds": data["thresholds"],
    }
