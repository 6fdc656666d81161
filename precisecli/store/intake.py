"""Reading and checking intake files and building a new case's intake block."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.intake_errors import check_intake
from precisecli.store.documents import load_document
from precisecli.store.hashing import FileDigest, digest_file

# An intake is a few kilobytes (the demo's: 2 KB; notes are at most 20 000 characters); YAML's
# reader takes ~1 s per MB of keys, so a file of many megabytes (a wrong file; 500 000 keys in
# 7.7 MB took 58 s) is refused before it is read. 3 MB leaves a pasted multi-megabyte note to
# the notes rule, whose message names the field.
MAX_INTAKE_BYTES = 3 << 20


def load_intake(path: Path) -> tuple[dict[str, Any], FileDigest]:
    from precisecli.limits import require_regular_file

    size = require_regular_file(path, what="intake file").st_size
    if size > MAX_INTAKE_BYTES:
        raise InputError(
            f"the intake file is {size / 1e6:.1f} MB; an intake is a few kilobytes (at most 3 MB)",
            location=Location(file=path.name),
            hint="give the patient's intake (patient, diagnosis, prior therapy …)",
        )
    digest = digest_file(path)
    document = load_document(path)
    data = document.data
    if data is None or data == {}:
        # an empty file (or `null`, `{}`) is a failed export, not "no intake": `case edit
        # --intake` with it would wipe the record's intake
        raise InputError(
            "the intake file holds no fields",
            location=Location(file=path.name, line=1),
            hint="give patient, diagnosis … (see sample_cases/DEMO-001/intake.yaml), or leave "
            "out --intake",
        )
    if not isinstance(data, dict):
        raise InputError(
            "the intake must be a mapping of fields (patient, diagnosis, …)",
            location=Location(file=path.name, line=1),
        )
    check_intake(data, source=path.name, document=document)  # every problem at once
    return data, digest


def merge_overrides(intake: dict[str, Any], overrides: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Options given on the command line win over the intake file, field by field."""
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in intake.items()}
    for section, fields in overrides.items():
        values = {k: v for k, v in fields.items() if v is not None}
        if not values:
            continue
        if section == "":
            merged.update(values)
        else:
            merged.setdefault(section, {}).update(values)
    return merged


def finish_intake(intake: dict[str, Any], case_id: str, source: str | None) -> dict[str, Any]:
    declared = intake.get("case_id")
    if declared is not None and declared != case_id:
        raise InputError(
            f"the intake declares case_id {declared!r} but the command names {case_id!r}",
            location=Location(file=source, field="case_id"),
            hint="use the same id, or remove case_id from the intake file",
        )
    check_intake(intake, source=source or "command-line options")
    return intake
