"""New exposures (issue 20): prior T-DXd, HER2 TKIs and CDK4/6 inhibitors; groups unchanged."""

from __future__ import annotations

import dataclasses

import pytest

from precisecli.clinical import canonical_drug, clinical_facts
from precisecli.grouping import assign_group
from precisecli.knowledge import load_kb
from tests.grouping.scenarios import SCENARIOS, THP, intake, mut

TDXD = {"line": 3, "regimen": "T-DXd", "drugs": ["Enhertu"]}
TKI = {"line": 4, "regimen": "lapatinib + capecitabine", "drugs": ["Tykerb", "Xeloda"]}
CDK = {"line": 5, "regimen": "palbociclib + letrozole", "drugs": ["Ibrance", "Femara"]}


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Enhertu", "t-dxd"),
        ("DS-8201a", "t-dxd"),
        ("fam-trastuzumab deruxtecan-nxki", "t-dxd"),
        ("T-DXd", "t-dxd"),
        ("Tukysa", "tucatinib"),
        ("Nerlynx", "neratinib"),
        ("Tyverb", "lapatinib"),
        ("Margenza", "margetuximab"),
        ("Piqray", "alpelisib"),
        ("Itovebi", "inavolisib"),
        ("Truqap", "capivasertib"),
        ("Orserdu", "elacestrant"),
        ("Faslodex", "fulvestrant"),
        ("Kisqali", "cdk46-inhibitor"),  # the named CDK4/6 inhibitors are members of the class
        ("abemaciclib", "cdk46-inhibitor"),
    ],
)
def test_brand_and_code_names_map_to_the_canonical_drug(written, canonical):
    assert canonical_drug(written) == canonical


def test_derived_exposure_facts():
    facts = clinical_facts({"prior_therapy": [THP, TDXD, TKI, CDK]}).as_dict()
    assert facts["tdxd_exposed"] is True
    assert facts["anti_her2_adc_exposed"] is True
    assert facts["tdm1_exposed"] is False  # T-DXd is not T-DM1
    assert facts["trastuzumab_exposed"] is True
    assert facts["her2_tki_exposed"] is True
    assert facts["cdk46_exposed"] is True
    assert {"t-dxd", "lapatinib", "cdk46-inhibitor"} <= set(facts["prior_drugs"])
    naive = clinical_facts({"prior_therapy": [THP]}).as_dict()
    assert not any(naive[k] for k in ("tdxd_exposed", "anti_her2_adc_exposed", "her2_tki_exposed"))
    # a study line of T-DXd counts as exposure too
    assert clinical_facts({"prior_therapy": [THP]}, ["trastuzumab deruxtecan"]).tdxd_exposed


def _assign(kb, patient, alterations=()):
    return assign_group(
        list(alterations), clinical_facts(patient), kb, SCENARIOS[0].build_samples()
    )


def test_prior_tdxd_is_adc_exposed_and_tdm1_is_not_first_choice(kb):
    patient = intake("neg")
    patient["prior_therapy"] = [THP, TDXD]
    result = _assign(kb, patient)
    assert result.group_id == "G6"
    assert result.regimen.regimen_id == "hp-nabp"  # T-DM1 demoted
    (tdm1,) = result.alternatives
    assert tdm1.regimen_id == "tdm1" and tdm1.demoted_by == ("prior-tdxd",)
    (flag,) = [f for f in result.flags if f["id"] == "prior-tdxd"]
    assert "T-DM1 is not the first choice" in flag["message"]
    assert "DESTINY-Breast03" in flag["message"] and flag["source"] == "S19b"
    # T-DXd is not offered again; the other HER2 options are
    others = [o["id"] for o in result.other_options]
    assert "tdxd" not in others and {"tuc-h-cape", "ner-cape"} <= set(others)


def test_prior_tdm1_and_tdxd_raise_both_flags(kb):
    patient = intake("neg", tdm1=True)
    patient["prior_therapy"].append(TDXD)
    result = _assign(kb, patient)
    assert result.regimen.regimen_id == "hp-nabp"
    assert result.alternatives[0].demoted_by == ("prior-tdm1", "prior-tdxd")


@pytest.mark.parametrize("sc", [s for s in SCENARIOS if s.group], ids=lambda s: s.name)
def test_tki_and_cdk46_exposure_leave_every_group_unchanged(sc, kb):
    patient = dataclasses.replace(sc).intake
    patient = {**patient, "prior_therapy": [*patient["prior_therapy"], TKI, CDK]}
    facts = clinical_facts(patient)
    assert facts.her2_tki_exposed and facts.cdk46_exposed
    result = assign_group(sc.alterations, facts, kb, sc.build_samples())
    assert result.group_id == sc.group
    assert result.regimen.regimen_id == sc.regimen
    assert tuple(a.regimen_id for a in result.alternatives) == sc.alternatives
    assert {f["id"] for f in result.flags} == set(sc.flags)


def test_g2_pik3ca_h1047r_levels_and_indirect_trials(kb):
    """Expectations read off the KB by hand: Condorelli I-A (HR+/HER2-, indirect), the FDA-label
    levels, the project's II-A for everolimus in HER2+ (extrapolated to nab-paclitaxel), and no
    trial that tested everolimus + trastuzumab + nab-paclitaxel."""
    result = _assign(kb, intake("pos"), mut("PIK3CA", "H1047R", "B1", "B2"))
    assert result.group_id == "G2" and result.regimen.regimen_id == "eve-h-nabp"
    g2 = next(s for s in result.signatures if s["group"] == "G2")
    (trail,) = g2["evidence"]
    levels = {
        (i["framework"], i["level"], i["source"], i["her2_positive"])
        for i in trail["evidence_level"]["levels"]
    }
    assert ("ESCAT", "I-A", "CONDORELLI-2019", False) in levels
    assert ("OncoKB-style", "1", "FDA-ALPELISIB", False) in levels
    assert ("ESCAT", "II-A", "LEVEL-PROPOSAL", True) in levels
    level = result.regimen.evidence_level
    assert level["escat"] == "II-A" and level["applicability"] == "indirect"
    assert {i["applies"] for i in level["levels"]} == {"extrapolated"}
    trials = {t["id"]: t["applicability"] for t in level["trials"]}
    assert trials == {
        "BOLERO-3": "indirect",
        "BOLERO-1-ASIAN-HRNEG": "indirect",
        "BOLERO-BIOMARKER": "indirect",
        "SOLAR-1": "indirect",
    }
    assert (
        "indirect evidence: BOLERO-3 (tested everolimus + trastuzumab + vinorelbine)"
        in level["summary"]
    )
    # HR-positive G2: the HR+/HER2- PI3K-pathway regimens are other options, never first choice
    others = {o["id"]: o for o in result.other_options}
    assert {"alp-fulv", "inav-palbo-fulv", "capi-fulv"} <= set(others)
    assert others["alp-fulv"]["evidence_level"]["trials"][0]["population"]["her2"] == "negative"
    # HR-negative: not offered
    neg = _assign(kb, intake("neg"), mut("PIK3CA", "H1047R", "B1", "B2"))
    assert not {"alp-fulv", "capi-fulv"} & {o["id"] for o in neg.other_options}


def test_a_regimen_tested_by_a_trial_is_direct(kb):
    result = _assign(kb, intake("neg"), mut("ERBB2", "L755S", "B1", "B2"))
    level = result.regimen.evidence_level  # pyrotinib + capecitabine
    assert level["applicability"] == "direct"
    direct = {t["id"] for t in level["trials"] if t["applicability"] == "direct"}
    assert direct == {"PHOEBE", "PHOEBE-UPDATE", "MA-2019", "PICTURE"}
    assert {t["id"] for t in level["trials"] if t["applicability"] == "indirect"} == {"SUMMIT"}


def test_case_show_lists_tdxd_under_its_canonical_name(cli, sample_case_dir, tmp_path):
    text = (sample_case_dir / "intake.yaml").read_text("utf-8")
    old = "    regimen: T-DM1\n    drugs: [trastuzumab emtansine]"
    assert old in text
    path = tmp_path / "intake.yaml"
    path.write_text(text.replace(old, "    regimen: T-DXd\n    drugs: [Enhertu]"), "utf-8")
    assert cli("case", "new", "TDXD-1", "--intake", path).exit_code == 0
    doc = cli("case", "show", "TDXD-1", "--json").json()
    derived = doc["derived"]
    assert "t-dxd" in derived["prior_drugs"] and "Enhertu" not in derived["prior_drugs"]
    assert derived["anti_her2_adc_exposed"] is True and derived["tdm1_exposed"] is False
    human = cli("case", "show", "TDXD-1").stdout
    assert "anti-HER2 ADC exposed" in human and "yes (t-dxd)" in human
    assert "t-dxd" in human.split("prior drugs", 1)[1].splitlines()[0]
