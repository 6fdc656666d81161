"""`precise kb diff`: the structural comparison, and 0.2.1 -> 0.3.0 against a hand-written list."""

from __future__ import annotations

from pathlib import Path

from precisecli.knowledge.diff import diff_data
from precisecli.resources import resource_file
from precisecli.store.schema import validate

DATA = Path(__file__).resolve().parents[1] / "data" / "knowledge"
OLD = DATA / "her2_refractory_0.2.1.yaml"  # git a36d2a3, see SOURCES.md
NEW = resource_file("knowledge", "her2_refractory.yaml")


def _set(items):
    return {(c["category"], c["change"], c["path"]) for c in items}


def test_small_documents_by_hand():
    old = {
        "name": "k",
        "version": "1",
        "drugs": {"a": {"name": "A", "mw": 1}, "b": {"name": "B"}},
        "groups": [
            {"id": "G1", "regimens": [{"regimen": "r1"}, {"regimen": "r2", "note": "x"}]},
            {"id": "G2", "signature": {"any": [{"always": True}]}},
        ],
        "priority": ["G1", "G2"],
        "evidence": [{"id": "T1", "level": {"escat": None, "source": "S"}}],
    }
    new = {
        "name": "k",
        "version": "2",
        "drugs": {"a": {"name": "A", "mw": 2}, "c": {"name": "C"}},
        "groups": [
            {"id": "G2", "signature": {"all": [{"always": True}]}},
            {"id": "G1", "regimens": [{"regimen": "r2", "note": "y"}, {"regimen": "r1"}]},
        ],
        "priority": ["G2", "G1"],
        "evidence": [{"id": "T1", "level": {"escat": "II-A", "source": "S"}}],
        "clonality": {"min_ccf": {"value": 0.8, "source": "S"}},
    }
    assert _set(diff_data(old, new)) == {
        ("version", "changed", "version"),
        ("drugs", "changed", "drugs.a.mw"),
        ("drugs", "removed", "drugs.b"),
        ("drugs", "added", "drugs.c"),
        ("groups", "reordered", "groups"),
        ("groups", "reordered", "groups[G1].regimens"),
        ("groups", "changed", "groups[G1].regimens[r2].note"),
        ("groups", "changed", "groups[G2].signature"),  # a condition tree is one rule
        ("groups", "changed", "priority"),
        ("levels", "changed", "evidence[T1].level.escat"),
        ("other", "added", "clonality.min_ccf"),  # a new section, entry by entry
    }
    assert diff_data(old, old) == []
    texts = {c["path"]: c["text"] for c in diff_data(old, new)}
    assert texts["drugs.a.mw"] == "changed drugs.a.mw: 1 -> 2"
    assert texts["groups"] == "reordered groups: G1, G2 -> G2, G1"


SOURCES_ADDED = """CONDORELLI-2019 ONCOKB-L1 FDA-ALPELISIB FDA-CAPIVASERTIB FDA-INAVOLISIB
FDA-ELACESTRANT FDA-TDXD FDA-TUCATINIB FDA-NERATINIB FDA-MARGETUXIMAB S17 S18a S18b S19a
S19b S19c NALA-2020
ANDRE-2016 CAPITELLO-291 INAVO120 INAVO120-NEWS EMERALD SITE-REVIEW""".split()
NEW_DRUGS = """t-dxd tucatinib neratinib lapatinib margetuximab alpelisib inavolisib capivasertib
elacestrant fulvestrant""".split()
NEW_REGIMENS = "tdxd tuc-h-cape ner-cape alp-fulv inav-palbo-fulv capi-fulv elac".split()
OLD_TRIALS = """PHOEBE PHOEBE-UPDATE MA-2019 PICTURE SUMMIT BOLERO-3 BOLERO-1-ASIAN-HRNEG SOLAR-1
PATRICIA PATRICIA-C MONARCHER SYSUCC-002 PANACEA KATE2 KEYNOTE-158-TMB EMILIA CLEOPATRA""".split()
NEW_TRIALS = """BOLERO-BIOMARKER DESTINY-BREAST03 HER2CLIMB NALA CAPITELLO-291 INAVO120
EMERALD""".split()
LEVEL_ENTRIES = """PIK3CA-alpelisib PIK3CA-inavolisib AKT-pathway-capivasertib AKT1-E17K-escat
PTEN-loss-escat PI3K-pathway-everolimus-her2 ERBB2-mutation-neratinib ESR1-elacestrant
ERBB2-amplification-anti-HER2 ERBB2-amplification-fda TMB-high-pembrolizumab""".split()

# Written by hand from the 0.2.2 changelog, the pdo commit 886c3cf and the 0.3.0 edits (issue 20).
EXPECTED = (
    {
        ("version", "changed", "version"),
        ("version", "added", "changelog[0.3.0]"),
        ("version", "added", "changelog[0.2.2]"),
        ("drugs", "added", "drugs.cdk46-inhibitor.members"),
        ("flags", "added", "flags[prior-tdxd]"),
        ("groups", "changed", "groups[G2].evidence"),
        ("sources", "changed", "sources.LEVEL-PROPOSAL.citation"),
        # pdo.qc additions of 886c3cf (no changelog entry mentions them)
        ("thresholds", "added", "pdo.qc.ssmd_min"),
        ("thresholds", "added", "pdo.qc.edge_ratio_tolerance"),
        # 0.2.2 sections, entry by entry
        ("thresholds", "added", "tmb_panels.foundationone-cdx"),
        ("thresholds", "added", "tmb_panels.tso500"),
        ("thresholds", "added", "tmb_panels.tso500-ctdna"),
        ("thresholds", "added", "tmb_panels.guardant360-cdx"),
        ("thresholds", "added", "cnvkit_call.method"),
        ("thresholds", "added", "cnvkit_call.thresholds"),
        ("thresholds", "added", "cnvkit_call.min_abs_val"),
        ("thresholds", "added", "ctdna_trend.fold_change"),
        ("thresholds", "added", "pdo_fit_quality.max_rse"),
        ("thresholds", "added", "pdo_fit_quality.min_r2"),
        ("thresholds", "added", "pdo_fit_quality.max_flat_sd"),
        ("thresholds", "added", "pdo_fit_quality.max_ci95_width_pct"),
        ("thresholds", "added", "currency.max_age_days"),
    }
    | {("sources", "added", f"sources.{k}") for k in SOURCES_ADDED}
    | {("drugs", "added", f"drugs.{d}") for d in NEW_DRUGS}
    | {("regimens", "added", f"regimens.{r}") for r in NEW_REGIMENS}
    | {("regimens", "added", f"newer_options[{r}]") for r in NEW_REGIMENS}
    | {("trials", "added", f"evidence[{t}].population") for t in OLD_TRIALS}
    | {("trials", "added", f"evidence[{t}].tested_regimens") for t in OLD_TRIALS}
    | {("trials", "added", f"evidence[{t}]") for t in NEW_TRIALS}
    | {("levels", "added", f"biomarker_evidence[{b}]") for b in LEVEL_ENTRIES}
)
# Sections other helpers add to 0.3.0 in parallel (clonality, screen metrics, report): their
# entries are listed too but are not this list's to predict.
OLD_SECTIONS = {
    "name", "version", "changelog", "sources", "drugs", "regimens", "thresholds", "assays", "pdo",
    "hotspots", "qualification", "priority", "groups", "flags", "evidence",
}  # fmt: skip
MINE = {"tmb_panels", "cnvkit_call", "ctdna_trend", "pdo_fit_quality", "currency",
        "biomarker_evidence", "newer_options"}  # fmt: skip


def test_diff_021_to_030_lists_every_change(cli):
    res = cli("kb", "diff", OLD, NEW, "--json")
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    validate(doc, "cli/kb-diff.schema.json")
    assert doc["old"]["version"] == "0.2.1" and doc["new"]["version"] == "0.3.0"
    got = _set(doc["changes"])
    assert EXPECTED - got == set()  # nothing missed
    extra = {c for c in got - EXPECTED if c[2].split(".")[0].split("[")[0] in OLD_SECTIONS | MINE}
    assert extra == set()  # nothing listed that did not change
    assert doc["n_changes"] == len(doc["changes"])
    human = cli("kb", "diff", OLD, NEW)
    assert human.exit_code == 0
    assert "her2-refractory 0.2.1 -> her2-refractory 0.3.0" in human.stdout
    assert "added flags[prior-tdxd]" in human.stdout


def test_diff_refuses_a_file_that_is_not_a_knowledge_base(cli, tmp_path):
    bad = tmp_path / "list.yaml"
    bad.write_text("- a\n- b\n")
    res = cli("kb", "diff", bad, NEW)
    assert res.exit_code == 3 and "not a knowledge base" in res.stderr
    assert "list.yaml" in res.stderr and "Traceback" not in res.stderr
