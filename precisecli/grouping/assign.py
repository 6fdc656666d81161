"""Assign one of the knowledge base's groups to a patient, with the evidence trail.

Steps, all driven by KB data: qualify alterations → evaluate every group's signature on the
qualified findings (and again with secondary findings, to record secondary signatures) → evaluate
flags → walk the priority order → pick the first usable regimen option of the winning group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.genomics.model import Alteration, SampleInfo
from precisecli.grouping.findings import Finding, build_findings
from precisecli.grouping.levels import annotated_trails, other_options, regimen_level
from precisecli.grouping.model import GroupResult, RegimenChoice
from precisecli.grouping.rules import Context, Outcome, evaluate


def _facts_dict(facts: Any) -> dict[str, Any]:
    if hasattr(facts, "as_dict"):
        return facts.as_dict()
    return dict(facts)


def _trails(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [f.trail() for f in sorted(findings, key=lambda f: f.key)]


def _require_grouping(kb_data: Mapping[str, Any], kb_name: str) -> None:
    for key in ("groups", "priority", "qualification"):
        if key not in kb_data:
            raise InputError(
                f"knowledge base {kb_name} has no {key} section",
                location=Location(field=key),
                hint="group assignment needs groups, priority and qualification",
            )


def _flags(kb_data, qualified_ctx, extended_ctx):
    """Active KB flags, the findings that raised them, and secondary findings that would have."""
    active, raised_by, would = [], [], []
    for flag in kb_data.get("flags", []):
        outcome = evaluate(flag["when"], qualified_ctx)
        if outcome.value:
            raised_by.extend(outcome.evidence)
            active.append(
                {
                    "id": flag["id"],
                    "message": flag["message"],
                    "exclude_drugs": sorted(flag.get("exclude_drugs", [])),
                    "demote_drugs": sorted(flag.get("demote_drugs", [])),
                    "evidence": _trails(outcome.evidence),
                    "conditions": outcome.conditions,
                    "source": flag["source"],
                }
            )
        else:
            extended = evaluate(flag["when"], extended_ctx)
            if extended.value:
                would.extend(f for f in extended.evidence if f.secondary)
    return active, raised_by, would


def _choose_regimens(group, kb_data, ctx, flags):
    # a drug can be excluded or demoted by several flags: every one is recorded
    excluded_drugs: dict[str, list[str]] = {}
    demoted_drugs: dict[str, list[str]] = {}
    for f in flags:
        for d in f["exclude_drugs"]:
            excluded_drugs.setdefault(d, []).append(f["id"])
        for d in f["demote_drugs"]:
            demoted_drugs.setdefault(d, []).append(f["id"])
    usable, demoted, excluded = [], [], []
    for option in group["regimens"]:
        rid = option["regimen"]
        regimen = kb_data["regimens"][rid]
        drugs = tuple(regimen["drugs"])
        if "when" in option:
            cond = evaluate(option["when"], ctx)
            if cond.value is not True:
                why = "; ".join(f"{c['condition']}: {c['result']}" for c in cond.conditions)
                excluded.append(
                    {"id": rid, "drugs": list(drugs), "reason": f"not applicable ({why})"}
                )
                continue
        blockers = sorted({i for d in drugs for i in excluded_drugs.get(d, ())})
        if blockers:
            excluded.append(
                {
                    "id": rid,
                    "drugs": list(drugs),
                    "reason": "excluded by flag " + ", ".join(blockers),
                }
            )
            continue
        choice = RegimenChoice(
            regimen_id=rid,
            label=regimen["label"],
            drugs=drugs,
            note=option.get("note"),
            demoted_by=tuple(sorted({i for d in drugs for i in demoted_drugs.get(d, ())})),
        )
        (demoted if choice.demoted_by else usable).append(choice)
    return usable + demoted, excluded


def _is_fallback(group: Mapping[str, Any]) -> bool:
    return "always" in group["signature"]


def _signature_record(group, primary: Outcome, extended: Outcome, kb_data) -> dict[str, Any]:
    secondary = extended.value is True and primary.value is not True and not _is_fallback(group)
    status = {True: "matched", False: "not matched", None: "unknown"}[primary.value]
    if secondary:
        status = "secondary only"
    return {
        "group": group["id"],
        "name": group["name"],
        "matched": primary.value is True,
        "status": status,
        "evidence": annotated_trails(primary.evidence, kb_data),
        "secondary_evidence": annotated_trails(
            [f for f in extended.evidence if f.secondary], kb_data
        )
        if secondary
        else [],
        "conditions": primary.conditions,
        "missing": primary.missing,
    }


def _decide(groups, priority, outcomes, options):
    """Walk the priority order: (group id or None, decision record, cannot-assign reasons)."""
    by_id = {g["id"]: g for g in groups}
    matched = [gid for gid in priority if outcomes[gid].value is True]
    skipped, undetermined = [], []
    order_text = " > ".join(priority)
    for gid in priority:
        outcome = outcomes[gid]
        if outcome.value is None:
            needs = ", ".join(outcome.missing) or "an input"
            return None, {}, [f"{needs} — needed by the {gid} signature ({by_id[gid]['name']})"]
        if outcome.value is False:
            continue
        if not options[gid][0]:
            skipped.append({"group": gid, "reason": "every regimen option is excluded by a flag"})
            continue
        real = [g for g in matched if not _is_fallback(by_id[g])]
        if _is_fallback(by_id[gid]):
            rule = "fallback"
            text = f"no other signature matched or was usable; {gid} is the default group"
        elif real == [gid] and not skipped:
            rule = "single-match"
            text = f"{gid} is the only matched signature"
        else:
            rule = "priority"
            beaten = [g for g in real if g != gid and g not in {s["group"] for s in skipped}]
            text = f"{gid} outranks {', '.join(beaten) or 'no other group'} (priority {order_text})"
        if skipped:
            text += "; skipped " + ", ".join(f"{s['group']} ({s['reason']})" for s in skipped)
        rest = priority[priority.index(gid) + 1 :]
        for lower in rest:
            if outcomes[lower].value is None:
                undetermined.append(
                    {
                        "group": lower,
                        "missing": outcomes[lower].missing,
                        "note": f"ranks below {gid}",
                    }
                )
        return (
            gid,
            {
                "rule": rule,
                "text": text,
                "priority": list(priority),
                "matched": matched,
                "skipped": skipped,
                "undetermined": undetermined,
            },
            [],
        )
    return None, {}, ["no group signature matched and the knowledge base has no fallback group"]


def _flag_record(spec: Mapping[str, str], findings: list[Finding], source: str) -> dict[str, Any]:
    return {
        "id": spec["id"],
        "message": spec["message"],
        "exclude_drugs": [],
        "demote_drugs": [],
        "evidence": _trails(findings),
        "conditions": [],
        "source": source,
    }


def _general_flags(kb_data, relevant: list[Finding], would: list[Finding]):
    """The qualification rule's own flags: secondary, single-sample and ctDNA-only drivers."""
    rule = kb_data["qualification"]

    def unique(items):
        return sorted({f.key: f for f in items}.values(), key=lambda f: f.key)

    out = []
    checks = [
        ("secondary_flag", unique(would)),
        ("single_sample_flag", unique(f for f in relevant if f.qualified and f.single_sample)),
        ("ctdna_only_flag", unique(f for f in relevant if f.qualified and f.ctdna_only)),
    ]
    for key, findings in checks:
        if findings and key in rule:
            out.append(_flag_record(rule[key], findings, rule["source"]))
    return out


def assign_group(
    alterations: Sequence[Alteration],
    facts: Any,
    kb: Any,
    samples: Sequence[SampleInfo] | None = None,
) -> GroupResult:
    """Assign a group. `facts` is a ClinicalFacts (or its as_dict()); `kb` a KnowledgeBase.

    Returns a GroupResult; when data needed for the decision are missing, its `cannot_assign`
    says what (never a silent default group).
    """
    data = kb.data
    _require_grouping(data, kb.name)
    facts_d = _facts_dict(facts)
    samples = list(samples or [])
    n_samples = len({s.sample_id for s in samples}) if samples else None
    findings = build_findings(list(alterations), data, n_samples)
    qualified = [f for f in findings if f.qualified]
    extended = qualified + [f for f in findings if f.secondary]
    ctx = Context(findings=qualified, facts=facts_d, samples=samples, kb_data=data)
    ext_ctx = Context(findings=extended, facts=facts_d, samples=samples, kb_data=data)
    alteration_table = tuple(_trails([f for f in findings if f.oncogenic]))

    no_genomics = not samples and not alterations
    if data["qualification"].get("require_genomic_data", True) and no_genomics:
        return _unassigned(
            kb,
            ["no genomic data — import variants or copy number for at least one sample"],
            (),
            alteration_table,
        )

    groups = data["groups"]
    outcomes = {g["id"]: evaluate(g["signature"], ctx) for g in groups}
    ext_outcomes = {g["id"]: evaluate(g["signature"], ext_ctx) for g in groups}
    signatures = tuple(
        _signature_record(g, outcomes[g["id"]], ext_outcomes[g["id"]], data) for g in groups
    )
    secondary = tuple(s["group"] for s in signatures if s["status"] == "secondary only")

    flags, flag_findings, would_flag = _flags(data, ctx, ext_ctx)
    options = {g["id"]: _choose_regimens(g, data, ctx, flags) for g in groups}
    gid, decision, reasons = _decide(groups, data["priority"], outcomes, options)
    if gid is None:
        return _unassigned(kb, reasons, signatures, alteration_table)

    would = [f for g in secondary for f in ext_outcomes[g].evidence if f.secondary] + would_flag
    relevant = [f for o in outcomes.values() if o.value for f in o.evidence] + flag_findings
    all_flags = flags + _general_flags(data, relevant, would)
    group = next(g for g in groups if g["id"] == gid)
    chosen, excluded = options[gid]
    evidence_by_id = {e["id"]: e for e in data.get("evidence", [])}
    trial_ids = group.get("evidence", [])
    # the group's trials are the evidence for its first choice; an alternative is shown with the
    # trials that tested it
    chosen = [
        replace(
            c, evidence_level=regimen_level(c.regimen_id, trial_ids if i == 0 else (), ctx, c.note)
        )
        for i, c in enumerate(chosen)
    ]
    return GroupResult(
        group_id=gid,
        group_name=group["name"],
        regimen=chosen[0],
        alternatives=tuple(chosen[1:]),
        other_options=tuple(other_options(gid, ctx)),
        excluded_regimens=tuple(excluded),
        decision=decision,
        signatures=signatures,
        secondary_signatures=secondary,
        flags=tuple(all_flags),
        alterations=alteration_table,
        evidence=tuple(evidence_by_id[e] for e in group.get("evidence", [])),
        kb=kb.stamp(),
    )


def _unassigned(kb, reasons, signatures, alterations) -> GroupResult:
    return GroupResult(
        group_id=None,
        group_name=None,
        regimen=None,
        alternatives=(),
        excluded_regimens=(),
        decision={},
        signatures=tuple(signatures),
        secondary_signatures=(),
        flags=(),
        alterations=tuple(alterations),
        evidence=(),
        kb=kb.stamp(),
        cannot_assign=tuple(reasons),
    )
