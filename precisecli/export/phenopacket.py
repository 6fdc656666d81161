"""GA4GH Phenopacket v2 of a case, built as proto-JSON and parsed into the `phenopackets`
package's protobuf model (unknown fields or wrong types fail), then printed with
`google.protobuf.json_format` (field order of the schema: deterministic).

subject (the pseudonym; sex), the disease (breast carcinoma with its onset, M1 when metastatic),
one biosample per sample (biopsy focus or plasma draw), one interpretation whose summary states
the genomic group and the regimen and whose genomic interpretations are the oncogenic variants
and copy-number calls (VCF record, HGVS expressions, VAF and read depths as VRSATILE
extensions), and one medical action per treatment line (therapeutic regimen with its dates
and best response).
"""

from __future__ import annotations

from typing import Any

from precisecli.errors import InternalError
from precisecli.export import codes
from precisecli.export.facts import Facts, evidence_text
from precisecli.export.fhir_genomics import coding_hgvs, genomic_hgvs
from precisecli.export.ids import resource_id

SCHEMA_VERSION = "2.0"


def _ts(date: str) -> str:
    """An ISO date or timestamp as a protobuf Timestamp string (dates at 00:00 UTC)."""
    return date if "T" in date else f"{date}T00:00:00Z"


def _local(kind: str, code: str, label: str) -> dict[str, str]:
    return {"id": f"precise:{kind}/{code}".replace(" ", "_"), "label": label}


def _site(site: str) -> dict[str, str]:
    coding = codes.site_coding(site)
    return codes.curie(coding) if coding else _local("site", site, site)


def _subject(f: Facts) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.pseudonym}
    sex = {"female": "FEMALE", "male": "MALE", "other": "OTHER_SEX"}.get(f.sex or "")
    if sex:
        out["sex"] = sex
    return out


def _disease(f: Facts) -> dict[str, Any]:
    disease: dict[str, Any] = {"term": codes.phenopacket_term("breast_carcinoma")}
    if f.diagnosis.get("date"):
        disease["onset"] = {"timestamp": _ts(f.diagnosis["date"])}
    if f.diagnosis.get("metastatic_sites"):
        disease["clinicalTnmFinding"] = [codes.phenopacket_term("m1")]
    disease["primarySite"] = _site("breast")
    return disease


def _biosamples(f: Facts) -> list[dict[str, Any]]:
    metastatic = {s.lower() for s in f.diagnosis.get("metastatic_sites") or []}
    out = []
    for s in f.samples:
        sample: dict[str, Any] = {"id": s.sample_id, "individualId": f.pseudonym}
        if s.kind == "biopsy":
            sample["sampleType"] = _local("sample-type", "tumour-biopsy", "tumour biopsy")
            if s.site:
                sample["sampledTissue"] = _site(s.site)
                if s.site.lower() in metastatic:
                    sample["tumorProgression"] = codes.phenopacket_term("metastatic_neoplasm")
                elif s.site.lower() == "breast":
                    sample["tumorProgression"] = codes.phenopacket_term("primary_neoplasm")
            sample["procedure"] = {"code": codes.phenopacket_term("biopsy")}
        else:
            sample["sampleType"] = _local(
                "sample-type", s.kind, {"ctdna": "plasma (ctDNA)"}.get(s.kind, s.kind)
            )
        if s.collected:
            sample["timeOfCollection"] = {"timestamp": _ts(s.collected)}
        out.append(sample)
    return out


def _extensions(**values: Any) -> list[dict[str, Any]]:
    """VRSATILE extensions (name, string value); numbers written with repr (round-trip exact)."""
    return [
        {"name": name, "value": value if isinstance(value, str) else repr(value)}
        for name, value in values.items()
        if value is not None
    ]


def _variant_interpretation(f: Facts, v) -> dict[str, Any]:
    expressions = []
    for syntax, value in (
        ("hgvs.c", coding_hgvs(v)),
        ("hgvs.p", v.hgvsp),
        ("hgvs.g", genomic_hgvs(v)),
    ):
        if value:
            expressions.append({"syntax": syntax, "value": value})
    descriptor: dict[str, Any] = {
        "id": resource_id(f.key, f"variant/{v.key}"),
        "label": f"{v.gene} {v.hgvsp or v.hgvsc or f'{v.chrom}:{v.pos}{v.ref}>{v.alt}'}",
        "geneContext": {
            "valueId": codes.hgnc_id(v.gene) or f"precise:gene/{v.gene}",
            "symbol": v.gene,
        },
        "expressions": expressions,
        "vcfRecord": {
            "genomeAssembly": v.build or "unknown",
            "chrom": v.chrom,
            "pos": str(v.pos),
            "ref": v.ref,
            "alt": v.alt,
        },
        "moleculeContext": "genomic",
        "extensions": _extensions(
            allele_frequency=v.vaf,
            read_depth=v.depth,
            allelic_read_depth=v.alt_depth,
        ),
    }
    if not descriptor["extensions"]:
        del descriptor["extensions"]
    return {
        "subjectOrBiosampleId": v.sample_id,
        "interpretationStatus": "CONTRIBUTORY" if v.in_group_evidence else "UNKNOWN_STATUS",
        "variantInterpretation": {
            "acmgPathogenicityClassification": "NOT_PROVIDED",
            "therapeuticActionability": "ACTIONABLE"
            if v.in_group_evidence
            else "UNKNOWN_ACTIONABILITY",
            "variationDescriptor": descriptor,
        },
    }


def _copy_number_interpretation(f: Facts, c) -> dict[str, Any]:
    so = codes.coding("copy_number_variation")
    return {
        "subjectOrBiosampleId": c.sample_id,
        "interpretationStatus": "UNKNOWN_STATUS",
        "variantInterpretation": {
            "acmgPathogenicityClassification": "NOT_PROVIDED",
            "therapeuticActionability": "UNKNOWN_ACTIONABILITY",
            "variationDescriptor": {
                "id": resource_id(f.key, f"copy-number/{c.key}"),
                "label": f"{c.gene} {c.call}",
                "geneContext": {
                    "valueId": codes.hgnc_id(c.gene) or f"precise:gene/{c.gene}",
                    "symbol": c.gene,
                },
                "moleculeContext": "genomic",
                "structuralType": {"id": so["code"], "label": so["display"]},
                "extensions": _extensions(
                    copy_number=c.copy_number,
                    call=c.call,
                    segment=f"{c.build}:{c.chrom}:{c.start}-{c.end}",
                ),
            },
        },
    }


def summary_lines(f: Facts) -> list[str]:
    """The decision as `key: value` lines (Interpretation.summary): group, regimen, options."""
    lines = []
    if f.group:
        lines.append(f"genomic group: {f.group['id']} ({f.group['name']})")
        if f.group.get("regimen"):
            regimen = f.group["regimen"]
            lines.append(f"regimen: {regimen['id']} ({regimen.get('label')})")
        lines.append(f"decision rule: {f.group.get('rule')}")
    for n, option in enumerate(f.options, start=1):
        why = "; ".join(r["text"] for r in option.reasons)
        lines.append(f"option {n}: {option.regimen} ({option.label}) — {why}")
    level = evidence_text(f.evidence_level)
    if level:
        lines.append(f"evidence level: {level}")
    return lines


def _interpretation(f: Facts) -> dict[str, Any]:
    genomic = [_variant_interpretation(f, v) for v in f.variants]
    genomic += [_copy_number_interpretation(f, c) for c in f.copy_numbers]
    return {
        "id": resource_id(f.key, "interpretation"),
        "progressStatus": "COMPLETED" if f.group else "IN_PROGRESS",
        "diagnosis": {
            "disease": codes.phenopacket_term("breast_carcinoma"),
            "genomicInterpretations": genomic,
        },
        "summary": "\n".join(summary_lines(f)),
    }


def _medical_actions(f: Facts) -> list[dict[str, Any]]:
    out = []
    for line in f.lines:
        regimen: dict[str, Any] = {
            "ontologyClass": _local("regimen", line.regimen, f"line {line.line}: {line.label}"),
            "regimenStatus": "COMPLETED" if line.end else "STARTED",
        }
        if line.start:
            regimen["startTime"] = {"timestamp": _ts(line.start)}
        if line.end:
            regimen["endTime"] = {"timestamp": _ts(line.end)}
        action: dict[str, Any] = {
            "therapeuticRegimen": regimen,
            "treatmentTarget": codes.phenopacket_term("breast_carcinoma"),
        }
        if line.best_response:
            action["responseToTreatment"] = _local(
                "recist", line.best_response, codes.recist_display(line.best_response)
            )
        if line.stop_reason:
            action["treatmentTerminationReason"] = _local(
                "stop-reason", line.stop_reason, line.stop_reason
            )
        out.append(action)
    return out


def _meta(f: Facts) -> dict[str, Any]:
    created_by = f"precise {f.tool_version}"
    meta: dict[str, Any] = {
        "created": _ts(f.updated),
        "createdBy": created_by,
        "resources": [
            {
                "id": r["id"],
                "name": r["name"],
                "url": r["url"],
                "version": r["version"],
                "namespacePrefix": r["namespace_prefix"],
                "iriPrefix": r["iri_prefix"],
            }
            for r in codes.phenopacket_resources()
        ],
        "phenopacketSchemaVersion": SCHEMA_VERSION,
    }
    if f.kb:
        meta["externalReferences"] = [
            {
                "id": f"precise-kb:{f.kb.get('name')}@{f.kb.get('version')}",
                "description": f"knowledge base {f.kb.get('name')} {f.kb.get('version')} "
                f"(sha256 {f.kb.get('sha256')})",
            }
        ]
    if f.notes:
        meta["updates"] = [
            {"timestamp": _ts(f.updated), "updatedBy": created_by, "comment": f.notes}
        ]
    return meta


def build_phenopacket(f: Facts) -> dict[str, Any]:
    return {
        "id": resource_id(f.key, "phenopacket"),
        "subject": _subject(f),
        "biosamples": _biosamples(f),
        "interpretations": [_interpretation(f)],
        "diseases": [_disease(f)],
        "medicalActions": _medical_actions(f),
        "metaData": _meta(f),
    }


def to_message(document: dict[str, Any]) -> Any:
    """The protobuf Phenopacket (ParseError → InternalError: the export built it)."""
    from google.protobuf import json_format
    from phenopackets import Phenopacket

    try:
        return json_format.ParseDict(document, Phenopacket())
    except json_format.ParseError as exc:
        raise InternalError(f"the Phenopacket export failed its model ({str(exc)[:200]})") from exc


def to_json(message: Any) -> str:
    from google.protobuf import json_format

    return json_format.MessageToJson(message, indent=1, ensure_ascii=False) + "\n"


def parse_phenopacket(text: str | bytes) -> Any:
    from google.protobuf import json_format
    from phenopackets import Phenopacket

    return json_format.Parse(text, Phenopacket())
