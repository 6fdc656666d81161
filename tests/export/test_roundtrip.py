"""Acceptance: both exports parse back with their own models (fhir.resources R4B, phenopackets
protobuf) and round-trip the group, the regimen, every oncogenic variant (gene, HGVSp, VAF), the
treatment lines and the best response — compared with the case's own data from the public CLI
JSON (`group --json`, `variants show --json`, `line list --json`, `case show --json`)."""

from __future__ import annotations

from collections import defaultdict

import pytest

LOINC = "http://loinc.org"
GR_VARIANT = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant"
MCODE_STATUS = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-disease-status"


@pytest.fixture(scope="module")
def truth(export_env):
    show = export_env.json("case", "show", "DEMO-001", "--json")
    lines = export_env.json("line", "list", "DEMO-001", "--json")
    return {
        "group": export_env.json("group", "DEMO-001", "--json"),
        "variants": export_env.json("variants", "show", "DEMO-001", "--json"),
        "lines": lines["prior"] + lines["lines"],
        "intake": show["intake"],
        "evaluation": show["record"]["treatment"]["evaluation"],
    }


@pytest.fixture(scope="module")
def bundle(exported):
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate_json(exported["fhir"].read_bytes())


@pytest.fixture(scope="module")
def packet(exported):
    from google.protobuf import json_format
    from phenopackets import Phenopacket

    return json_format.Parse(exported["phenopacket"].read_text(encoding="utf-8"), Phenopacket())


def _resources(bundle, kind):
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


def _by_url(bundle):
    return {e.fullUrl: e.resource for e in bundle.entry}


def _component(obs, code):
    for comp in obs.component or []:
        if any(c.code == code for c in comp.code.coding or []):
            return comp
    return None


def _oncogenic(truth):
    return {
        (v["sample_id"], v["gene"], v["hgvsp"], v["vaf"])
        for v in truth["variants"]["variants"]
        if v["oncogenic"]
    }


def _best_responses(truth):
    out = {p["line"]: p.get("best_response") for p in truth["intake"]["prior_therapy"]}
    out[truth["evaluation"]["line"]["line"]] = truth["evaluation"]["best_overall_response"]
    return out


def test_fhir_group_and_regimen(bundle, truth):
    group, regimen = truth["group"]["group"], truth["group"]["regimen"]
    implications = [
        o
        for o in _resources(bundle, "Observation")
        if o.code.coding[0].code == "therapeutic-implication"
    ]
    first = implications[0]
    values = {c.code.coding[0].code: c.valueCodeableConcept for c in first.component}
    assert values["genomic-group"].coding[0].code == group["id"]
    assert values["regimen"].coding[0].code == regimen["id"]
    assessed = sorted(
        c.valueCodeableConcept.text for c in first.component if c.code.coding[0].code == "51963-7"
    )
    assert assessed == sorted(regimen["drugs"])
    plan = _resources(bundle, "CarePlan")[0]
    top = plan.activity[0].detail
    assert top.kind == "MedicationRequest" and top.code.coding[0].code == regimen["id"]
    assert any(r.coding[0].code == "group-rule" for r in top.reasonCode)
    # every organoid-ranked regimen is an option, with its rank
    ranked = {
        a.detail.code.coding[0].code
        for a in plan.activity
        if any(r.coding[0].code == "organoid-rank" for r in a.detail.reasonCode)
    }
    assert len(ranked) == 8


def test_fhir_every_oncogenic_variant(bundle, truth):
    urls = _by_url(bundle)
    found = set()
    for obs in _resources(bundle, "Observation"):
        profiles = obs.meta.profile if obs.meta else []
        if GR_VARIANT not in profiles or _component(obs, "82155-3") is not None:
            continue  # not a variant, or a copy-number call
        specimen = urls[obs.specimen.reference]
        sample_id = specimen.identifier[0].value
        gene = _component(obs, "48018-6").valueCodeableConcept.text
        protein = _component(obs, "48005-3")
        vaf = _component(obs, "81258-6")
        found.add(
            (
                sample_id,
                gene,
                protein.valueCodeableConcept.text if protein else None,
                float(vaf.valueQuantity.value) if vaf else None,
            )
        )
    expected = _oncogenic(truth)
    assert expected and expected == found
    # the gene is HGNC-coded
    pik3ca = [
        o
        for o in _resources(bundle, "Observation")
        if _component(o, "48018-6")
        and _component(o, "48018-6").valueCodeableConcept.text == "PIK3CA"
    ]
    assert (
        pik3ca
        and _component(pik3ca[0], "48018-6").valueCodeableConcept.coding[0].code == "HGNC:8975"
    )


def test_fhir_genomic_hgvs_matches_published(bundle):
    """g. HGVS built from chrom/pos/ref/alt equals the published GRCh38 descriptions (ClinVar):
    PIK3CA H1047R NC_000003.12:g.179234297A>G, TP53 R196* NC_000017.11:g.7674945G>A,
    ESR1 D538G NC_000006.12:g.152098791A>G."""
    expressions = {
        (
            _component(o, "48018-6").valueCodeableConcept.text,
            _component(o, "81290-9").valueCodeableConcept.text,
        )
        for o in _resources(bundle, "Observation")
        if _component(o, "81290-9") is not None
    }
    assert ("PIK3CA", "NC_000003.12:g.179234297A>G") in expressions
    assert ("TP53", "NC_000017.11:g.7674945G>A") in expressions
    assert ("ESR1", "NC_000006.12:g.152098791A>G") in expressions


def test_fhir_lines_and_best_response(bundle, truth):
    urls = _by_url(bundle)
    lines = defaultdict(lambda: {"drugs": []})
    for st in _resources(bundle, "MedicationStatement"):
        ids = {i.system: i.value for i in st.identifier}
        line = lines[int(ids["urn:precise:treatment-line"])]
        line["regimen"] = ids["urn:precise:regimen"]
        line["drugs"].append(st.medicationCodeableConcept.text)
        line["start"] = str(st.effectivePeriod.start)
        line["end"] = str(st.effectivePeriod.end) if st.effectivePeriod.end else None
    expected = {
        item["line"]: {
            "regimen": item["regimen"],
            "drugs": sorted(item["drugs"]),
            "start": item["start"],
            "end": item["end"],
        }
        for item in truth["lines"]
    }
    assert {n: {**v, "drugs": sorted(v["drugs"])} for n, v in lines.items()} == expected
    best = {}
    for obs in _resources(bundle, "Observation"):
        if MCODE_STATUS in (obs.meta.profile if obs.meta else []) and obs.code.text.startswith(
            "best"
        ):
            line_no = int(urls[obs.partOf[0].reference].identifier[0].value)
            recist = [
                c.code
                for c in obs.valueCodeableConcept.coding
                if c.system == "urn:precise:recist-response"
            ]
            best[line_no] = recist[0]
    assert best == _best_responses(truth)
    assert best[3] == "PR"


def test_phenopacket_round_trip(packet, truth):
    interpretation = packet.interpretations[0]
    summary = dict(line.split(": ", 1) for line in interpretation.summary.splitlines()[:2])
    assert summary["genomic group"].split()[0] == truth["group"]["group"]["id"]
    assert summary["regimen"].split()[0] == truth["group"]["regimen"]["id"]
    found = set()
    for gi in interpretation.diagnosis.genomic_interpretations:
        d = gi.variant_interpretation.variation_descriptor
        if not d.vcf_record.chrom:
            continue
        ext = {e.name: e.value for e in d.extensions}
        hgvsp = [x.value for x in d.expressions if x.syntax == "hgvs.p"]
        found.add(
            (
                gi.subject_or_biosample_id,
                d.gene_context.symbol,
                hgvsp[0] if hgvsp else None,
                float(ext["allele_frequency"]) if "allele_frequency" in ext else None,
            )
        )
    assert _oncogenic(truth) == found
    lines = [
        (a.therapeutic_regimen.ontology_class.id.split("/", 1)[1],
         a.therapeutic_regimen.start_time.timestamp.ToJsonString()[:10],
         a.therapeutic_regimen.end_time.timestamp.ToJsonString()[:10],
         a.response_to_treatment.id.split("/", 1)[1] or None)
        for a in packet.medical_actions
    ]  # fmt: skip
    expected = [
        (item["regimen"], item["start"], item["end"], _best_responses(truth)[item["line"]])
        for item in sorted(truth["lines"], key=lambda i: i["line"])
    ]
    assert lines == expected
    assert {b.id for b in packet.biosamples} == {
        s["sample_id"] for s in truth["variants"]["samples"]
    }
