"""mCODE STU4 resources: the patient (pseudonym only), primary and secondary cancer conditions,
specimens, tumour markers (ER, PR, HER2), treatment lines (MedicationStatement) and disease
status from RECIST (CancerDiseaseStatus)."""

from __future__ import annotations

from typing import Any

from precisecli.export import codes
from precisecli.export.fhir_base import Draft, local, meta, quantity, text_concept


def add_patient(d: Draft) -> None:
    f = d.facts
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "meta": meta("mcode_patient"),
        "identifier": [{"system": codes.system("precise_pseudonym"), "value": f.pseudonym}],
        # US Core requires a name; the export never carries one: masked (data-absent-reason).
        "name": [{"extension": [{"url": codes.profile("absent_ext"), "valueCode": "masked"}]}],
    }
    if f.sex in ("female", "male", "other", "unknown"):
        patient["gender"] = f.sex
    if f.birth_year:
        patient["birthDate"] = f"{int(f.birth_year):04d}"
    d.add("patient", patient)


def add_conditions(d: Draft) -> None:
    f = d.facts
    dx = f.diagnosis
    primary: dict[str, Any] = {
        "resourceType": "Condition",
        "meta": meta("mcode_primary"),
        "clinicalStatus": codes.concept("active"),
        "verificationStatus": codes.concept("confirmed"),
        "category": [codes.concept("problem_list")],
        "code": codes.concept(
            "breast_cancer",
            text="HER2-positive breast cancer" if f.her2_status == "positive" else None,
        ),
        "bodySite": [{"coding": [codes.site_coding("breast")]}],
        "subject": d.patient(),
    }
    histology = dx.get("histology")
    if histology:
        key = codes.histology_key(histology)
        primary["extension"] = [
            {
                "url": codes.profile("mcode_histology_ext"),
                "valueCodeableConcept": text_concept(histology, codes.coding(key) if key else None),
            }
        ]
    if dx.get("date"):
        primary["onsetDateTime"] = dx["date"]
    if f.notes:
        primary["note"] = [{"text": f.notes}]
    d.add("condition/primary", primary)
    for site in sorted(set(dx.get("metastatic_sites") or [])):
        d.add(
            f"condition/metastasis/{site}",
            {
                "resourceType": "Condition",
                "meta": meta("mcode_secondary"),
                "extension": [
                    {
                        "url": codes.profile("condition_related_ext"),
                        "valueReference": d.ref("condition/primary"),
                    }
                ],
                "clinicalStatus": codes.concept("active"),
                "verificationStatus": codes.concept("confirmed"),
                "category": [codes.concept("problem_list")],
                "code": codes.concept("metastatic_neoplasm", text=f"metastasis: {site}"),
                "bodySite": [text_concept(site, codes.site_coding(site))],
                "subject": d.patient(),
            },
        )


def add_specimens(d: Draft) -> None:
    for s in d.facts.samples:
        kind = {"biopsy": "tissue", "ctdna": "plasma"}.get(s.kind)
        specimen: dict[str, Any] = {
            "resourceType": "Specimen",
            "meta": meta("mcode_specimen"),
            "identifier": [{"system": codes.system("precise_sample"), "value": s.sample_id}],
            "status": "available",
            "type": text_concept(
                {"biopsy": "tumour biopsy", "ctdna": "plasma (ctDNA)"}.get(s.kind, s.kind),
                codes.coding(kind) if kind else None,
            ),
            "subject": d.patient(),
        }
        collection: dict[str, Any] = {}
        if s.collected:
            collection["collectedDateTime"] = s.collected
        if s.site and s.kind == "biopsy":
            collection["bodySite"] = text_concept(s.site, codes.site_coding(s.site))
        if collection:
            specimen["collection"] = collection
        d.add(f"specimen/{s.sample_id}", specimen)


def _marker(d: Draft, local_key: str, code_key: str, value: dict[str, Any]) -> None:
    dx = d.facts.diagnosis
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": meta("mcode_marker"),
        "status": "final",
        "category": [codes.concept("cat_laboratory")],
        "code": codes.concept(code_key),
        "subject": d.patient(),
        **value,
    }
    if dx.get("date"):
        obs["effectiveDateTime"] = dx["date"]  # the intake records the markers at diagnosis
    d.add(local_key, obs)


def add_tumour_markers(d: Draft) -> None:
    dx = d.facts.diagnosis
    if dx.get("er_percent") is not None:
        _marker(
            d, "marker/er", "er_percent", {"valueQuantity": quantity(dx["er_percent"], "%", "%")}
        )
    if dx.get("pr_percent") is not None:
        _marker(
            d, "marker/pr", "pr_percent", {"valueQuantity": quantity(dx["pr_percent"], "%", "%")}
        )
    if dx.get("her2_ihc") is not None:
        _marker(
            d,
            "marker/her2-ihc",
            "her2_ihc",
            {"valueCodeableConcept": {"text": f"IHC {dx['her2_ihc']}"}},
        )
    if dx.get("her2_ish_ratio") is not None:
        _marker(
            d,
            "marker/her2-ish",
            "her2_ish_ratio",
            {"valueQuantity": quantity(dx["her2_ish_ratio"], "ratio", "{ratio}")},
        )
    status = d.facts.her2_status
    if status in ("positive", "negative"):
        _marker(
            d,
            "marker/her2-status",
            "her2_interpretation",
            {"valueCodeableConcept": codes.concept(status, text=f"HER2 {status} (ASCO/CAP 2018)")},
        )


def _line_key(line) -> str:
    return f"line/{line.line}"


def add_medication_statements(d: Draft) -> None:
    for line in d.facts.lines:
        for drug in sorted(line.drugs) or [line.regimen]:
            statement: dict[str, Any] = {
                "resourceType": "MedicationStatement",
                "identifier": [
                    {"system": codes.system("precise_line"), "value": str(line.line)},
                    {"system": codes.system("precise_regimen"), "value": line.regimen},
                ],
                "status": "completed" if line.end else "active",
                "medicationCodeableConcept": text_concept(drug, local("precise_drug", drug)),
                "subject": d.patient(),
                "reasonReference": [d.ref("condition/primary")],
            }
            period = {k: v for k, v in (("start", line.start), ("end", line.end)) if v}
            if period:
                statement["effectivePeriod"] = period
            if line.stop_reason:
                statement["statusReason"] = [{"text": line.stop_reason}]
            d.add(f"{_line_key(line)}/drug/{drug}", statement)


def _status(d: Draft, key: str, category: str, date: str | None, part_of, kind: str, imaging: bool):
    trend = codes.recist_trend_key(category)
    value = text_concept(
        codes.recist_display(category),
        codes.coding(trend) if trend else None,
        local("precise_recist", category, codes.recist_display(category)),
    )
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": meta("mcode_status"),
        "status": "final",
        "code": codes.concept("disease_status", text=kind),
        "subject": d.patient(),
        "focus": [d.ref("condition/primary")],
        "partOf": part_of,
        "valueCodeableConcept": value,
    }
    if imaging:
        obs["extension"] = [
            {
                "url": codes.profile("mcode_evidence_ext"),
                "valueCodeableConcept": codes.concept("imaging"),
            }
        ]
    if date:
        obs["effectiveDateTime"] = date
    d.add(key, obs)


def add_disease_status(d: Draft) -> None:
    for line in d.facts.lines:
        part_of = [
            d.ref(f"{_line_key(line)}/drug/{drug}")
            for drug in (sorted(line.drugs) or [line.regimen])
        ]
        for tp in (t for t in d.facts.timepoints if t.line == line.line):
            _status(
                d,
                f"{_line_key(line)}/timepoint/{tp.date}",
                tp.overall,
                tp.date,
                part_of,
                f"time-point response, line {line.line}",
                imaging=True,
            )
        if line.best_response:
            _status(
                d,
                f"{_line_key(line)}/best-response",
                line.best_response,
                line.best_response_date,
                part_of,
                f"best overall response, line {line.line}",
                imaging=line.source == "study",
            )
