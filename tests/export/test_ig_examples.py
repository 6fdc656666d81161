"""The FHIR bundle against the published example instances of Genomics Reporting 3.0.0 (STU3) and
mCODE 4.0.0 (STU4), kept in tests/data/export (see SOURCES.md there): precise's resources of the
same profile carry the example's profile, code, categories, value type and fixed answer codes,
component codes (with their value types) and extensions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export import fsh

DATA = Path(__file__).resolve().parents[1] / "data" / "export"
GR = DATA / "gr-3.0.0"
MC = DATA / "mcode-4.0.0"
GR_BASE = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/"
MC_BASE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
PROFILE_OF = {
    "Variant": GR_BASE + "variant",
    "MolecularBiomarker": GR_BASE + "molecular-biomarker",
    "TherapeuticImplication": GR_BASE + "therapeutic-implication",
    "TumorMarkerTest": MC_BASE + "mcode-tumor-marker-test",
    "CancerDiseaseStatus": MC_BASE + "mcode-cancer-disease-status",
    "PrimaryCancerCondition": MC_BASE + "mcode-primary-cancer-condition",
}
EXTENSION_URL = {
    "histologyMorphologyBehavior": MC_BASE + "mcode-histology-morphology-behavior",
    "evidenceType": MC_BASE + "mcode-cancer-disease-status-evidence-type",
}
LOINC, SCT = "http://loinc.org", "http://snomed.info/sct"


@pytest.fixture(scope="module")
def examples():
    gr_alias = fsh.aliases(GR / "Aliases.fsh")
    mc_alias = fsh.aliases(MC / "AL_CodeSystems.fsh")
    slices = fsh.slice_codes(gr_alias, GR / "CGFindings.fsh", GR / "CGImplications.fsh")
    fixed = fsh.fixed_codes(gr_alias, GR / "CGFindings.fsh", GR / "CGImplications.fsh")
    out = {}
    for name, inst in fsh.instances(GR / "CGExamples.fsh").items():
        shape = fsh.shape(inst, gr_alias, slices)
        if not shape.code and inst.of in fixed:
            shape.code = {fixed[inst.of]}  # the profile fixes Observation.code
        out[name] = (inst, shape)
    for path in (MC / "EX_ExtendedExample.fsh", MC / "EX_Basic.fsh"):
        for name, inst in fsh.instances(path).items():
            out[name] = (inst, fsh.shape(inst, mc_alias, {}))
    return out


@pytest.fixture(scope="module")
def ours(exported):
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate_json(exported["fhir"].read_bytes())  # valid first
    return [e["resource"] for e in json.loads(exported["fhir"].read_text("utf-8"))["entry"]]


def _codings(concept) -> set:
    return {(c["system"], c["code"]) for c in (concept or {}).get("coding", []) if "code" in c}


def _value_type(resource) -> str | None:
    return next((k for k in resource if k.startswith("value")), None)


def _shape_of(resource) -> fsh.Shape:
    s = fsh.Shape()
    s.profile = (resource.get("meta") or {}).get("profile", [None])[0]
    s.code = _codings(resource.get("code"))
    s.category = set().union(*[_codings(c) for c in resource.get("category", [])] or [set()])
    s.value_type = _value_type(resource)
    s.components = {
        code: _value_type(comp)
        for comp in resource.get("component", [])
        for code in _codings(comp["code"])
    }
    s.elements = set(resource)
    return s


def _candidates(ours, profile, predicate=lambda r: True):
    found = [
        r for r in ours if profile in (r.get("meta") or {}).get("profile", []) and predicate(r)
    ]
    assert found, f"precise wrote no resource with profile {profile}"
    return found


# example name, predicate choosing precise's resource, component codes the example has and precise
# deliberately does not carry (with the reason)
CASES = [
    ("Variant-Somatic-Clinical-Trial", lambda r: (LOINC, "48005-3") in _shape_of(r).components, {}),
    (
        "VariantExample2",
        lambda r: (LOINC, "48005-3") in _shape_of(r).components,
        {(LOINC, "53034-5"): "allelic state (zygosity) is not called for tumour samples"},
    ),
    (
        "ExampleSomaticCNV",
        lambda r: (LOINC, "82155-3") in _shape_of(r).components,
        {(LOINC, "69547-8"): "a gene-level copy-number call has no reference allele"},
    ),
    ("TumorMutationBurdenExample01", lambda r: (LOINC, "94076-7") in _shape_of(r).code, {}),
    ("MicrosatelliteInstabilityExample01", lambda r: (LOINC, "81695-9") in _shape_of(r).code, {}),
    ("TherapeuticImplicationExample1", lambda r: True, {}),
    ("tumor-marker-test-her2-jenny-m", lambda r: (LOINC, "48676-1") in _shape_of(r).code, {}),
    # the best response of the line precise evaluated by RECIST (line 3 of the case)
    (
        "cancer-disease-status-jenny-m",
        lambda r: r["code"].get("text") == "best overall response, line 3",
        {},
    ),
]


@pytest.mark.parametrize("name,predicate,exceptions", CASES, ids=[c[0] for c in CASES])
def test_same_profile_elements_and_codes(examples, ours, name, predicate, exceptions):
    inst, example = examples[name]
    profile = PROFILE_OF[inst.of]
    if example.profile:
        assert example.profile == profile
    mine = _candidates(ours, profile, predicate)[0]
    got = _shape_of(mine)
    assert got.profile == profile
    # code: the example's codings (a profile's fixed code) are the ones precise uses
    assert example.code and example.code <= got.code, (example.code, got.code)
    assert example.category <= got.category
    assert "status" in got.elements and "subject" in got.elements
    if example.value_type:
        assert got.value_type == example.value_type
        if example.value_coding and example.value_coding[0] in (LOINC, SCT):
            mine_codes = _codings(mine[got.value_type])
            assert example.value_coding[0] in {s for s, _ in mine_codes}
            if example.value_coding in {
                (LOINC, "LA9633-4"),
                (LOINC, "LA14122-8"),
                (SCT, "268910001"),
            }:
                assert example.value_coding in mine_codes  # Present / MSI stable / improved
    for code, value_type in example.components.items():
        if code in exceptions:
            continue
        assert code in got.components, f"{name}: component {code} missing"
        if value_type:
            assert got.components[code] == value_type, (code, value_type, got.components[code])
    for ext_name, ext_code in example.extensions.items():
        url = EXTENSION_URL[ext_name]
        ext = [e for e in mine.get("extension", []) if e["url"] == url]
        assert ext, f"{name}: extension {ext_name} missing"
        if ext_code:
            assert ext_code in _codings(ext[0]["valueCodeableConcept"])


def test_primary_cancer_condition(examples, ours):
    inst, example = examples["primary-cancer-condition-jenny-m"]
    mine = _candidates(ours, PROFILE_OF[inst.of])[0]
    # same histology extension and code; condition code from SNOMED CT like the example's
    url = EXTENSION_URL["histologyMorphologyBehavior"]
    histology = [e for e in mine["extension"] if e["url"] == url][0]
    assert example.extensions["histologyMorphologyBehavior"] in _codings(
        histology["valueCodeableConcept"]
    )
    assert {s for s, _ in example.code} == {s for s, _ in _codings(mine["code"])} == {SCT}
    for element in ("clinicalStatus", "verificationStatus", "category", "subject", "bodySite"):
        assert element in mine
    rules = dict(inst.rules)
    for element in ("clinicalStatus", "verificationStatus", "category"):
        system = fsh.coding(rules[element], fsh.aliases(MC / "AL_CodeSystems.fsh"))[0]
        assert system in {
            s for s, _ in _codings(mine[element] if element != "category" else mine[element][0])
        }


def test_reader_sees_the_examples(examples):
    """Guard against a reader that silently finds nothing (the comparisons would be vacuous)."""
    _, cnv = examples["ExampleSomaticCNV"]
    assert (LOINC, "82155-3") in cnv.components and (LOINC, "48002-0") in cnv.components
    _, tmb = examples["TumorMutationBurdenExample01"]
    assert tmb.code == {(LOINC, "94076-7")} and tmb.value_type == "valueQuantity"
    _, ti = examples["TherapeuticImplicationExample1"]
    assert (LOINC, "51963-7") in ti.components
