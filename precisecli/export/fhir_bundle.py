"""The FHIR R4 Bundle (type collection) of a case, validated with `fhir.resources`' R4B models.

fhir.resources ≥ 7 ships FHIR R5 as its top-level package and R4B (4.3, wire-compatible with the
R4 resources used here) under `fhir.resources.R4B`; 8.x validates with pydantic 2 (fhir-core).
The package is imported here only, when an export runs (start-up is unaffected).
"""

from __future__ import annotations

from typing import Any

from precisecli.errors import InternalError
from precisecli.export import codes
from precisecli.export.facts import Facts
from precisecli.export.fhir_base import Draft
from precisecli.export.ids import full_url, resource_id


def build_bundle(facts: Facts) -> dict[str, Any]:
    from precisecli.export import fhir_careplan, fhir_genomics, fhir_mcode

    d = Draft(facts)
    fhir_mcode.add_patient(d)
    fhir_mcode.add_conditions(d)
    fhir_mcode.add_specimens(d)
    fhir_mcode.add_tumour_markers(d)
    fhir_genomics.add_genomics(d)
    fhir_mcode.add_medication_statements(d)
    fhir_mcode.add_disease_status(d)
    fhir_careplan.add_careplan(d)
    tags = [
        {
            "system": codes.system("precise_tool"),
            "code": "precise",
            "version": facts.tool_version,
            "display": f"precise {facts.tool_version}",
        }
    ]
    if facts.kb:
        tags.append(
            {
                "system": codes.system("precise_kb"),
                "code": str(facts.kb.get("name")),
                "version": str(facts.kb.get("version")),
                "display": f"knowledge base sha256 {facts.kb.get('sha256')}",
            }
        )
    bundle_id = resource_id(facts.key, "bundle")
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "meta": {"tag": tags},
        "identifier": {"system": "urn:ietf:rfc:3986", "value": full_url(bundle_id)},
        "type": "collection",
        "timestamp": facts.updated,
        "entry": [{"fullUrl": full_url(r["id"]), "resource": r} for r in d.entries],
    }


def validate_bundle(document: dict[str, Any]) -> Any:
    """Validate the bundle and every resource in it with the R4B models (InternalError if not:
    the export builds these documents itself, so a failure is a bug, never bad input)."""
    from fhir.resources.R4B import get_fhir_model_class

    try:
        model = get_fhir_model_class("Bundle").model_validate(document)
        for entry in document.get("entry", []):
            resource = entry["resource"]
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except Exception as exc:  # pydantic.ValidationError and fhir-core errors
        raise InternalError(
            f"the FHIR export failed validation with fhir.resources ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:200]})"
        ) from exc
    return model


def parse_bundle(text: str | bytes) -> Any:
    """Read a written bundle back with the R4B model."""
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate_json(text)
