"""Genomics Reporting STU3: per sample a genomic-report DiagnosticReport grouping its variant
Observations (oncogenic variants), copy-number Observations (non-neutral calls) and the TMB
molecular biomarker; an MSI biomarker from the intake; therapeutic-implication Observations for
the genomic group's regimens."""

from __future__ import annotations

from typing import Any

from precisecli.export import codes
from precisecli.export.facts import CopyNumber, Variant, evidence_text
from precisecli.export.fhir_base import (
    Draft,
    absent,
    component,
    genomic_categories,
    local,
    meta,
    quantity,
    text_concept,
)


def _gene(symbol: str) -> dict[str, Any]:
    hgnc = codes.hgnc_id(symbol)
    coding = {"system": codes.system("hgnc"), "code": hgnc, "display": symbol} if hgnc else None
    return text_concept(symbol, coding)


def _assembly(build: str | None) -> list[dict[str, Any]]:
    if build not in ("GRCh37", "GRCh38"):
        return []
    return [component("reference_assembly", valueCodeableConcept=codes.concept(build))]


def _hgvs(expression: str | None) -> dict[str, Any] | None:
    """An HGVS expression as a coded value when it names its reference sequence, else text."""
    if not expression:
        return None
    if ":" in expression:
        return {
            "coding": [{"system": codes.system("hgvs"), "code": expression}],
            "text": expression,
        }
    return {"text": expression}


def genomic_hgvs(v: Variant) -> str | None:
    """g. HGVS of a substitution (single base ref and alt) on the chromosome's RefSeq accession;
    other variant types are described by their VCF components only."""
    ac = codes.refseq(v.build, v.chrom)
    if ac and len(v.ref) == 1 and len(v.alt) == 1 and v.ref != v.alt and v.alt in "ACGT":
        return f"{ac}:g.{v.pos}{v.ref}>{v.alt}"
    return None


def coding_hgvs(v: Variant) -> str | None:
    if not v.hgvsc:
        return None
    return f"{v.transcript}:{v.hgvsc}" if v.transcript and ":" not in v.hgvsc else v.hgvsc


def _variant_obs(d: Draft, v: Variant, effective: str | None) -> dict[str, Any]:
    comps: list[dict[str, Any]] = [component("gene_studied", valueCodeableConcept=_gene(v.gene))]
    for code_key, value in (
        ("coding_hgvs", _hgvs(coding_hgvs(v))),
        ("protein_hgvs", _hgvs(v.hgvsp)),
        ("genomic_hgvs", _hgvs(genomic_hgvs(v))),
    ):
        if value:
            comps.append(component(code_key, valueCodeableConcept=value))
    if v.transcript:
        comps.append(component("transcript_ref_seq", valueCodeableConcept={"text": v.transcript}))
    ac = codes.refseq(v.build, v.chrom)
    comps.append(
        component(
            "genomic_ref_seq",
            valueCodeableConcept=text_concept(
                ac or f"chromosome {v.chrom}",
                {"system": codes.system("refseq"), "code": ac} if ac else None,
            ),
        )
    )
    comps += _assembly(v.build)
    comps.append(component("coordinate_system", valueCodeableConcept=codes.concept("one_based")))
    comps.append(
        component(
            "exact_start_end",
            valueRange={"low": {"value": v.pos}, "high": {"value": v.pos + len(v.ref) - 1}},
        )
    )
    comps.append(component("ref_allele", valueString=v.ref))
    comps.append(component("alt_allele", valueString=v.alt))
    if v.vaf is not None:
        comps.append(
            component(
                "allele_frequency",
                valueQuantity=quantity(
                    v.vaf, "relative frequency of a particular allele in the specimen", "1"
                ),
            )
        )
    if v.alt_depth is not None:
        comps.append(component("allelic_read_depth", valueQuantity=quantity(v.alt_depth, "reads")))
    if v.depth is not None:
        comps.append(
            {
                "code": text_concept(
                    "total read depth at the position", local("precise_local", "total-depth")
                ),
                "valueQuantity": quantity(v.depth, "reads"),
            }
        )
    comps.append(component("genomic_source_class", valueCodeableConcept=codes.concept("somatic")))
    obs = _variant_observation(d, v.sample_id, comps, effective)
    if v.consequence:
        obs["interpretation"] = [{"text": v.consequence.replace("&", ", ")}]
    return d.add(f"variant/{v.key}", obs)


def _variant_observation(
    d: Draft, sample_id: str, comps: list[dict[str, Any]], effective: str | None
) -> dict[str, Any]:
    """The Genomics Reporting Variant Observation frame around its components (small variants
    and copy-number calls alike)."""
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": meta("gr_variant"),
        "status": "final",
        "category": genomic_categories(),
        "code": codes.concept("variant_assessment"),
        "subject": d.patient(),
        "specimen": d.ref(f"specimen/{sample_id}"),
        "method": codes.concept("sequencing"),
        "valueCodeableConcept": codes.concept("present"),
        "component": comps,
    }
    if effective:
        obs["effectiveDateTime"] = effective
    return obs


def _copy_number_obs(d: Draft, c: CopyNumber, effective: str | None) -> dict[str, Any]:
    ac = codes.refseq(c.build, c.chrom)
    comps = [
        component("gene_studied", valueCodeableConcept=_gene(c.gene)),
        component(
            "coding_change_type",
            valueCodeableConcept=codes.concept("copy_number_variation", text=c.call),
        ),
        component(
            "genomic_ref_seq",
            valueCodeableConcept=text_concept(
                ac or f"chromosome {c.chrom}",
                {"system": codes.system("refseq"), "code": ac} if ac else None,
            ),
        ),
        *_assembly(c.build),
        component("coordinate_system", valueCodeableConcept=codes.concept("one_based")),
        component(
            "inner_start_end", valueRange={"low": {"value": c.start}, "high": {"value": c.end}}
        ),
        component("genomic_source_class", valueCodeableConcept=codes.concept("somatic")),
    ]
    if c.copy_number is not None:
        comps.insert(
            2, component("copy_number", valueQuantity=quantity(c.copy_number, "copies", "1"))
        )
    obs = _variant_observation(d, c.sample_id, comps, effective)
    return d.add(f"copy-number/{c.key}", obs)


def _biomarker(d: Draft, key: str, code_key: str, value: dict[str, Any], **extra: Any) -> dict:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": meta("gr_biomarker"),
        "status": "final",
        "category": genomic_categories(),
        "code": codes.concept(code_key),
        "subject": d.patient(),
        **extra,
        **value,
        "component": [
            component("biomarker_category", valueCodeableConcept=codes.concept("molgen"))
        ],
    }
    return d.add(key, obs)


def _tmb_obs(d: Draft, sample) -> dict[str, Any] | None:
    tmb = sample.tmb
    if not tmb:
        return None
    extra: dict[str, Any] = {"specimen": d.ref(f"specimen/{sample.sample_id}")}
    if sample.collected:
        extra["effectiveDateTime"] = sample.collected
    if tmb.get("per_mb") is not None and tmb.get("status") == "computed":
        value = {"valueQuantity": quantity(tmb["per_mb"], "mutations/Mb")}
    else:
        value = {
            "dataAbsentReason": absent("not-performed", tmb.get("reason") or "TMB not computed")
        }
    return _biomarker(d, f"tmb/{sample.sample_id}", "tmb", value, **extra)


def add_msi(d: Draft) -> dict[str, Any] | None:
    status = d.facts.biomarkers.get("msi_status")
    if not status:
        return None
    value = codes.concept("msi_stable", text=status) if status == "MSS" else {"text": status}
    return _biomarker(d, "msi", "msi", {"valueCodeableConcept": value})


def _implications(d: Draft) -> dict[str, list[str]]:
    """One therapeutic implication per regimen of the genomic group (first choice, then the
    alternatives); returns the variant keys each one derives from, per implication key."""
    f = d.facts
    out: dict[str, list[str]] = {}
    group = f.group
    if not group:
        return out
    evidence = [v for v in f.variants if v.in_group_evidence]
    regimens = ([group["regimen"]] if group.get("regimen") else []) + group["alternatives"]
    for n, regimen in enumerate(regimens):
        role = "first choice" if n == 0 else f"alternative {n}"
        comps: list[dict[str, Any]] = [
            {
                "code": codes.concept("therapeutic_implication"),
                "valueCodeableConcept": {
                    "text": f"{role} regimen of genomic group {group['id']} ({group['name']})"
                },
            },
            {
                "code": text_concept("genomic group", local("precise_local", "genomic-group")),
                "valueCodeableConcept": text_concept(
                    f"{group['id']} {group['name']}",
                    local("precise_group", group["id"], group["name"]),
                ),
            },
            {
                "code": text_concept("regimen", local("precise_local", "regimen")),
                "valueCodeableConcept": text_concept(
                    regimen.get("label") or " + ".join(regimen.get("drugs") or []),
                    local("precise_regimen", regimen["id"], regimen.get("label")),
                ),
            },
        ]
        for drug in regimen.get("drugs") or []:
            comps.append(
                component(
                    "medication_assessed",
                    valueCodeableConcept=text_concept(drug, local("precise_drug", drug)),
                )
            )
        comps.append(
            component("treatment_context", valueCodeableConcept=codes.concept("breast_cancer"))
        )
        level = evidence_text(f.evidence_level)
        if level and n == 0:  # the group result's level belongs to its first-choice regimen
            comps.append(component("evidence_level", valueCodeableConcept={"text": level}))
        key = f"implication/{regimen['id']}"
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "meta": meta("gr_therapeutic"),
            "status": "final",
            "category": genomic_categories(),
            "code": codes.concept("therapeutic_implication"),
            "subject": d.patient(),
            "derivedFrom": [d.ref(f"variant/{v.key}") for v in evidence],
            "component": comps,
        }
        if not obs["derivedFrom"]:
            del obs["derivedFrom"]
        d.add(key, obs)
        out[key] = [v.key for v in evidence]
    return out


def add_genomics(d: Draft) -> None:
    f = d.facts
    msi = add_msi(d)
    implications = _implications(d)
    for sample in f.samples:
        results: list[str] = []
        for v in (v for v in f.variants if v.sample_id == sample.sample_id):
            _variant_obs(d, v, sample.collected)
            results.append(f"variant/{v.key}")
        for c in (c for c in f.copy_numbers if c.sample_id == sample.sample_id):
            _copy_number_obs(d, c, sample.collected)
            results.append(f"copy-number/{c.key}")
        if _tmb_obs(d, sample) is not None:
            results.append(f"tmb/{sample.sample_id}")
        mine = {f"variant/{v.key}" for v in f.variants if v.sample_id == sample.sample_id}
        for key, derived in implications.items():
            if any(f"variant/{k}" in mine for k in derived):
                results.append(key)
        if msi is not None and sample.kind == "biopsy":
            results.append("msi")
        report: dict[str, Any] = {
            "resourceType": "DiagnosticReport",
            "meta": meta("gr_report"),
            "status": "final",
            "category": [codes.concept("cat_genetics")],
            "code": codes.concept(
                "genetic_report", text=f"genomic report of sample {sample.sample_id}"
            ),
            "subject": d.patient(),
            "specimen": [d.ref(f"specimen/{sample.sample_id}")],
            "result": [d.ref(key) for key in results],
        }
        if sample.collected:
            report["effectiveDateTime"] = sample.collected
        if not report["result"]:
            del report["result"]
        d.add(f"report/{sample.sample_id}", report)
