"""A small evaluator for the knowledge base's declarative conditions (all / any / not + leaves).

Three-valued (Kleene) logic: a leaf whose input is missing is `None` (unknown) unless the KB says
`if_missing: not-met`. `all` is False if any child is False, `any` is True if any child is True;
otherwise an unknown child makes the result unknown. Every leaf reports what it looked at, so the
caller can show exactly why a signature matched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.genomics.model import SampleInfo
from precisecli.grouping.findings import Finding, in_variant_list, missense_codon

FIELD_LABELS = {
    "hr_status": "HR status",
    "her2_status": "HER2 status",
    "menopausal_status": "menopausal status",
    "tdm1_exposed": "prior T-DM1",
    "tdxd_exposed": "prior T-DXd",
    "anti_her2_adc_exposed": "prior anti-HER2 ADC (T-DM1 or T-DXd)",
    "her2_tki_exposed": "prior HER2 TKI",
    "cdk46_exposed": "prior CDK4/6 inhibitor",
    "trastuzumab_exposed": "prior trastuzumab",
    "trastuzumab_resistance": "trastuzumab resistance",
    "msi_status": "MSI status",
    "pdl1_cps": "PD-L1 CPS",
    "n_prior_lines": "prior lines",
    "tmb_per_mb": "TMB (mut/Mb)",
}


@dataclass(frozen=True)
class Context:
    findings: Sequence[Finding]  # the pool the alteration leaves look at
    facts: Mapping[str, Any]
    samples: Sequence[SampleInfo]
    kb_data: Mapping[str, Any]


@dataclass
class Outcome:
    value: bool | None
    evidence: list[Finding] = field(default_factory=list)
    conditions: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _result_word(value: bool | None) -> str:
    return {True: "met", False: "not met", None: "unknown"}[value]


def _bound(spec: Any, kb_data: Mapping[str, Any]) -> tuple[float, str]:
    if isinstance(spec, dict):
        section, key = spec["threshold"].split(".", 1)
        value = kb_data["thresholds"][section][key]["value"]
        return value, f"{value} ({spec['threshold']})"
    return spec, str(spec)


def alteration_label(leaf: Mapping[str, Any], kb_data: Mapping[str, Any]) -> str:
    if "variant_list" in leaf:
        return kb_data["hotspots"][leaf["variant_list"]]["label"]
    parts = ["/".join(leaf.get("genes", ["any gene"]))]
    if "variants" in leaf:
        parts.append(",".join(leaf["variants"]))
    if "codons" in leaf:
        parts.append("codon " + ",".join(map(str, leaf["codons"])))
    if leaf.get("hotspot"):
        parts.append("hotspot")
    if leaf.get("truncating"):
        parts.append("truncating")
    if "kinds" in leaf:
        parts.append("/".join(leaf["kinds"]))
    return " ".join(parts)


def finding_matches(f: Finding, leaf: Mapping[str, Any], kb_data: Mapping[str, Any]) -> bool:
    if "genes" in leaf and f.gene not in leaf["genes"]:
        return False
    if "kinds" in leaf and f.kind not in leaf["kinds"]:
        return False
    if "variant_list" in leaf and not in_variant_list(
        f.gene, f.alteration, kb_data["hotspots"][leaf["variant_list"]]
    ):
        return False
    if "variants" in leaf and f.alteration not in leaf["variants"]:
        return False
    if "codons" in leaf and missense_codon(f.alteration) not in leaf["codons"]:
        return False
    if "hotspot" in leaf and f.hotspot != leaf["hotspot"]:
        return False
    if "truncating" in leaf and f.truncating != leaf["truncating"]:
        return False
    return not ("oncogenic" in leaf and f.annotated_oncogenic != leaf["oncogenic"])


def _alteration(leaf: Mapping[str, Any], ctx: Context, label: str) -> Outcome:
    hits = [f for f in ctx.findings if finding_matches(f, leaf, ctx.kb_data)]
    detail = ", ".join(f"{f.gene} {f.alteration}" for f in hits) or "none found"
    return Outcome(
        value=bool(hits),
        evidence=hits,
        conditions=[{"condition": label, "result": _result_word(bool(hits)), "detail": detail}],
    )


def _op_text(leaf: Mapping[str, Any], kb_data: Mapping[str, Any]) -> str:
    if "equals" in leaf:
        return f"= {leaf['equals']}"
    if "in" in leaf:
        return f"in {', '.join(map(str, leaf['in']))}"
    return f">= {_bound(leaf['at_least'], kb_data)[1]}"


def _compare(value: Any, leaf: Mapping[str, Any], kb_data: Mapping[str, Any]) -> bool:
    if "equals" in leaf:
        return value == leaf["equals"]
    if "in" in leaf:
        return value in leaf["in"]
    return value >= _bound(leaf["at_least"], kb_data)[0]


def _missing(leaf: Mapping[str, Any], label: str, what: str) -> Outcome:
    value = None if leaf.get("if_missing", "unknown") == "unknown" else False
    return Outcome(
        value=value,
        conditions=[
            {"condition": label, "result": _result_word(value), "detail": f"{what} missing"}
        ],
        missing=[what] if value is None else [],
    )


def _clinical(leaf: Mapping[str, Any], ctx: Context, label: str | None) -> Outcome:
    name = FIELD_LABELS.get(leaf["field"], leaf["field"])
    value = ctx.facts.get(leaf["field"])
    text = label or f"{name} {_op_text(leaf, ctx.kb_data)}"
    if value is None or value == "unknown":
        return _missing(leaf, text, f"{name} (unknown)")
    if "at_least" in leaf and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise InputError(
            f"the knowledge base compares {name} with at_least, but {name} is not a number",
            location=Location(field=f"clinical.{leaf['field']}"),
            hint="use equals or in for this field",
        )
    ok = _compare(value, leaf, ctx.kb_data)
    return Outcome(
        value=ok,
        conditions=[{"condition": text, "result": _result_word(ok), "detail": f"{name} {value}"}],
    )


def _sample_metric(leaf: Mapping[str, Any], ctx: Context, label: str | None) -> Outcome:
    kinds = leaf.get("kinds", ["biopsy", "ctdna"])
    name = FIELD_LABELS.get(leaf["metric"], leaf["metric"])
    values = {
        s.sample_id: getattr(s, leaf["metric"])
        for s in ctx.samples
        if s.kind in kinds and getattr(s, leaf["metric"]) is not None
    }
    text = label or f"highest {name} over {'/'.join(kinds)} samples {_op_text(leaf, ctx.kb_data)}"
    if not values:
        return _missing(leaf, text, f"{name} (not measured)")
    best_sample = max(sorted(values), key=lambda s: values[s])
    ok = _compare(values[best_sample], leaf, ctx.kb_data)
    return Outcome(
        value=ok,
        conditions=[
            {
                "condition": text,
                "result": _result_word(ok),
                "detail": f"{name} {values[best_sample]} in {best_sample}",
            }
        ],
    )


def evaluate(node: Mapping[str, Any], ctx: Context) -> Outcome:
    label = node.get("label")
    if "always" in node:
        return Outcome(
            True, conditions=[{"condition": label or "always", "result": "met", "detail": ""}]
        )
    if "alteration" in node:
        return _alteration(
            node["alteration"], ctx, label or alteration_label(node["alteration"], ctx.kb_data)
        )
    if "clinical" in node:
        return _clinical(node["clinical"], ctx, label)
    if "sample_metric" in node:
        return _sample_metric(node["sample_metric"], ctx, label)
    if "not" in node:
        inner = evaluate(node["not"], ctx)
        value = None if inner.value is None else not inner.value
        negated = [
            {
                "condition": f"not ({c['condition']})",
                "result": _result_word(None if c["result"] == "unknown" else c["result"] != "met"),
                "detail": c["detail"],
            }
            for c in inner.conditions
        ]
        return Outcome(value, conditions=negated, missing=inner.missing)
    combinator = "all" if "all" in node else "any"
    children = [evaluate(child, ctx) for child in node[combinator]]
    values = [c.value for c in children]
    decisive = False if combinator == "all" else True
    if decisive in values:
        value = decisive
    elif None in values:
        value = None
    else:
        value = not decisive
    # Evidence comes from the children that made the result true.
    evidence: list[Finding] = []
    if value is True:
        for child in children:
            if child.value is True:
                evidence.extend(f for f in child.evidence if f not in evidence)
    missing = []
    if value is None:
        for child in children:
            missing.extend(m for m in child.missing if m not in missing)
    conditions = [c for child in children for c in child.conditions]
    return Outcome(value, evidence=evidence, conditions=conditions, missing=missing)
