"""Run an export: read the case under its lock, build, validate, serialise, re-read with the
standard's model, and write the file atomically (or return the text for stdout)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from precisecli.errors import InternalError, UsageError

FORMATS = ("fhir", "phenopacket")
SUFFIX = {"fhir": ".fhir.json", "phenopacket": ".phenopacket.json"}


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    return fmt


def render(
    case_dir: Path, record: dict[str, Any], fmt: str, *, with_notes: bool
) -> tuple[str, dict]:
    """The export text and a summary (format, counts) of one case."""
    from precisecli.export.facts import read_facts, require_intake

    facts = read_facts(case_dir, record, with_notes=with_notes)
    require_intake(facts, str(record.get("case_id")))
    if fmt == "fhir":
        from precisecli.export.fhir_bundle import build_bundle, parse_bundle, validate_bundle

        document = build_bundle(facts)
        validate_bundle(document)
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        parse_bundle(text)  # the written text re-reads with the model
        counts: dict[str, int] = {}
        for entry in document["entry"]:
            kind = entry["resource"]["resourceType"]
            counts[kind] = counts.get(kind, 0) + 1
        summary = {"resources": dict(sorted(counts.items()))}
    else:
        from precisecli.export.phenopacket import (
            build_phenopacket,
            parse_phenopacket,
            to_json,
            to_message,
        )

        message = to_message(build_phenopacket(facts))
        text = to_json(message)
        if to_json(parse_phenopacket(text)) != text:
            raise InternalError("the Phenopacket export does not re-read to the same document")
        interpretation = message.interpretations[0]
        summary = {
            "resources": {
                "biosamples": len(message.biosamples),
                "genomic_interpretations": len(interpretation.diagnosis.genomic_interpretations),
                "medical_actions": len(message.medical_actions),
            }
        }
    summary.update(
        {
            "format": fmt,
            "with_notes": bool(with_notes),
            "notes_included": facts.notes is not None,
            "variants": len(facts.variants),
            "copy_number_calls": len(facts.copy_numbers),
            "treatment_lines": len(facts.lines),
            "options": len(facts.options),
            "precise_version": facts.tool_version,
            "kb": facts.kb,
        }
    )
    return text, summary


def write_file(path: Path, text: str) -> dict[str, Any]:
    """Write atomically (temp file, fsync, rename); returns path, bytes, sha256."""
    from precisecli.store.atomic import atomic_write_bytes

    data = text.encode("utf-8")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return {"path": str(path), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def export_case(st, case_id: str, fmt: str, *, with_notes: bool) -> tuple[str, dict[str, Any]]:
    with st.reading(case_id) as (record, case_dir):
        text, summary = render(case_dir, record, fmt, with_notes=with_notes)
    return text, {"case_id": case_id, **summary}
