"""The condition evaluator: three-valued logic, leaves, labels and evidence collection."""

from __future__ import annotations

import itertools

import pytest

from precisecli.grouping.findings import build_findings
from precisecli.grouping.rules import Context, evaluate
from precisecli.knowledge import load_kb
from tests.grouping.scenarios import cn, mut, sample

T, F, U = True, False, None


def _ctx(facts=None, findings=(), samples=()):
    kb = load_kb()
    return Context(
        findings=list(findings), facts=facts or {}, samples=list(samples), kb_data=kb.data
    )


def _kleene_and(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _kleene_or(a, b):
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


@pytest.mark.parametrize("a,b", list(itertools.product([T, F, U], repeat=2)))
def test_all_any_not_follow_kleene_truth_tables(a, b):
    # two leaves over two different fields so each can take its own value
    def node(field, value):
        facts = {True: "x", False: "y", None: None}[value]
        return {"clinical": {"field": field, "equals": "x"}}, facts

    na, fa = node("hr_status", a)
    nb, fb = node("her2_status", b)
    ctx = _ctx({"hr_status": fa, "her2_status": fb})
    assert evaluate({"all": [na, nb]}, ctx).value is _kleene_and(a, b)
    assert evaluate({"any": [na, nb]}, ctx).value is _kleene_or(a, b)
    assert evaluate({"not": na}, ctx).value is (None if a is None else not a)


def test_if_missing_not_met_turns_unknown_into_false():
    node = {"clinical": {"field": "pdl1_cps", "at_least": 10, "if_missing": "not-met"}}
    out = evaluate(node, _ctx({"pdl1_cps": None}))
    assert out.value is False and out.missing == []
    assert out.conditions[0]["detail"] == "PD-L1 CPS (unknown) missing"


def test_unknown_reports_what_is_missing():
    out = evaluate({"all": [{"clinical": {"field": "hr_status", "equals": "positive"}}]}, _ctx({}))
    assert out.value is None
    assert out.missing == ["HR status (unknown)"]


def test_threshold_reference_reads_the_kb_value():
    node = {"clinical": {"field": "pdl1_cps", "at_least": {"threshold": "pdl1.cps_positive"}}}
    # KB: pdl1.cps_positive = 10 (KEYNOTE-355); 10 meets, 9.9 does not
    assert evaluate(node, _ctx({"pdl1_cps": 10})).value is True
    assert evaluate(node, _ctx({"pdl1_cps": 9.9})).value is False


def test_sample_metric_takes_the_highest_of_the_named_kinds():
    node = {"sample_metric": {"metric": "tmb_per_mb", "kinds": ["biopsy"], "at_least": 10}}
    samples = [sample("B1", 4.0), sample("B2", 10.0), sample("C1", 40.0)]
    out = evaluate(node, _ctx(samples=samples))
    assert out.value is True
    assert out.conditions[0]["detail"] == "TMB (mut/Mb) 10.0 in B2"
    assert evaluate(node, _ctx(samples=[sample("C1", 40.0)])).value is None


def test_alteration_leaf_collects_only_matching_findings_as_evidence():
    kb = load_kb()
    findings = build_findings(
        mut("PIK3CA", "H1047R", "B1", "B2") + cn("CCND1", "amplification", "B1", "B2"), kb.data
    )
    ctx = _ctx(findings=findings)
    node = {
        "any": [
            {"alteration": {"genes": ["PIK3CA"], "variant_list": "pik3ca_hotspots"}},
            {"alteration": {"genes": ["AKT1"], "variants": ["E17K"]}},
        ]
    }
    out = evaluate(node, ctx)
    assert out.value is True
    assert [(f.gene, f.alteration) for f in out.evidence] == [("PIK3CA", "H1047R")]
    # evidence under `not` never counts as support
    out = evaluate({"not": {"alteration": {"genes": ["CCND1"]}}}, ctx)
    assert out.value is False and out.evidence == []


def test_codon_lists_match_any_missense_change_at_the_residue():
    kb = load_kb()
    data = dict(kb.data)
    data["hotspots"] = {
        "x": {"gene": "ESR1", "label": "ESR1 537", "codons": [537], "source": "S40"}
    }
    findings = build_findings(mut("ESR1", "Y537D", "B1", "B2"), data)
    ctx = Context(findings=findings, facts={}, samples=[], kb_data=data)
    assert evaluate({"alteration": {"variant_list": "x"}}, ctx).value is True
    other = build_findings(mut("ESR1", "D538G", "B1", "B2"), data)
    ctx = Context(findings=other, facts={}, samples=[], kb_data=data)
    assert evaluate({"alteration": {"variant_list": "x"}}, ctx).value is False
