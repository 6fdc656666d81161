"""Assignment behaviour beyond the table: skipped groups, determinism, schema of the document."""

from __future__ import annotations

import copy
import dataclasses

from precisecli.clinical import clinical_facts
from precisecli.grouping import assign_group
from precisecli.knowledge import load_kb
from precisecli.store.schema import validate
from tests.grouping.scenarios import SCENARIOS, cn, intake, mut, sample


def _kb_with(mutator):
    kb = load_kb()
    data = copy.deepcopy(kb.data)
    mutator(data)
    return dataclasses.replace(kb, data=data)


def test_a_group_whose_every_regimen_is_excluded_is_skipped():
    # A site KB whose G4 ignores ESR1: an ESR1-mutant HR+ patient matches G4, but both G4
    # regimens contain an aromatase inhibitor, which the ESR1 flag excludes -> next in priority.
    def g4_hr_only(data):
        g4 = next(g for g in data["groups"] if g["id"] == "G4")
        g4["signature"] = {"clinical": {"field": "hr_status", "equals": "positive"}}

    kb = _kb_with(g4_hr_only)
    result = assign_group(
        mut("ESR1", "Y537S", "B1", "B2"), clinical_facts(intake("pos")), kb, [sample("B1")]
    )
    assert result.group_id == "G6"
    assert result.decision["skipped"] == [
        {"group": "G4", "reason": "every regimen option is excluded by a flag"}
    ]
    assert "skipped G4" in result.decision["text"]


def test_undetermined_lower_groups_are_reported():
    result = assign_group(
        mut("PIK3CA", "H1047R", "B1", "B2"),
        clinical_facts(intake("unknown")),
        load_kb(),
        [sample("B1"), sample("B2")],
    )
    assert result.group_id == "G2"
    assert [u["group"] for u in result.decision["undetermined"]] == ["G4"]
    excluded = {e["id"]: e["reason"] for e in result.excluded_regimens}
    assert excluded["eve-h-ai"].startswith("not applicable (HR status = positive: unknown")


def test_priority_order_comes_from_the_kb():
    def g3_first(data):
        data["priority"] = ["G3", "G1", "G2", "G5", "G4", "G6"]

    alts = mut("PIK3CA", "H1047L", "B1", "B2") + cn("CCND1", "amplification", "B1", "B2")
    facts = clinical_facts(intake("pos"))
    assert assign_group(alts, facts, load_kb(), [sample("B1")]).group_id == "G2"
    assert assign_group(alts, facts, _kb_with(g3_first), [sample("B1")]).group_id == "G3"


def test_documents_are_deterministic_and_match_the_schema():
    kb = load_kb()
    for sc in SCENARIOS:
        if sc.cannot:
            continue
        facts = clinical_facts(sc.intake)
        one = assign_group(sc.alterations, facts, kb, sc.build_samples()).to_document("C1")
        two = assign_group(
            list(reversed(sc.alterations)), facts, kb, sc.build_samples()
        ).to_document("C1")
        assert one == two, sc.name
        validate(one, "cli/group.schema.json")
        assert one["kb"] == kb.stamp()
        assert set(one) >= {"case_id", "group", "regimen", "alternatives", "signatures", "flags"}
        assert [s["group"] for s in one["signatures"]] == ["G1", "G2", "G3", "G4", "G5", "G6"]
