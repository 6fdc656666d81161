"""Taking data back out of a case: a sample's variants or copy number, a screen, an assessment.

Each function edits an open ``CaseTransaction`` (the caller holds it: one command, one audited
transaction), stages the removal of the files the data lived in, and marks the results derived
from it stale (precisecli/store/staleness.py). A target that is not in the case raises
InputError (exit 3) before anything is staged, so the case stays byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.store import staleness


@dataclass
class Removal:
    """What a removal took out and what it made stale (for the command's output)."""

    removed: dict[str, Any]
    files: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)  # input files no longer used by the case
    stale: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # derived results with no data left

    def as_dict(self) -> dict[str, Any]:
        return {
            "removed": self.removed,
            "files": self.files,
            "inputs": self.inputs,
            "stale": self.stale,
            "dropped": self.dropped,
        }


def _shas(value: Any) -> set[str]:
    """Every `sha256` value anywhere in a part of the record."""
    if isinstance(value, dict):
        found = {value["sha256"]} if isinstance(value.get("sha256"), str) else set()
        for v in value.values():
            found |= _shas(v)
        return found
    if isinstance(value, list):
        return set().union(*(_shas(v) for v in value)) if value else set()
    return set()


def _drop_unused_inputs(record: dict[str, Any], removed: Any) -> list[str]:
    """Input files of the removed data that no remaining data was read from leave the case's
    input list (the report's provenance table); the audit log keeps them. Returns their names."""
    still_used = _shas({k: record.get(k) for k in ("genomics", "pdo", "treatment")})
    gone = _shas(removed) - still_used
    kept, dropped = [], []
    for entry in record.get("inputs", []):
        (dropped if entry["sha256"] in gone else kept).append(entry)
    record["inputs"] = kept
    return sorted(e["name"] for e in dropped)


def _listing(values: list[str]) -> str:
    return ", ".join(values[:20]) + (" …" if len(values) > 20 else "") if values else "none"


def remove_genomics(txn: Any, sample_id: str, part: str) -> Removal:
    """Remove a sample's ``variants`` or ``cna`` data (the table and its record entry)."""
    option = "--sample-id"
    samples = (txn.record.get("genomics") or {}).get("samples", {})
    with_part = sorted(s for s, info in samples.items() if part in info)
    if sample_id not in with_part:
        noun = "variants" if part == "variants" else "copy number"
        raise InputError(
            f"sample {sample_id} has no {noun} in case {txn.case_id}",
            location=Location(field=option),
            hint=f"samples with {noun}: {_listing(with_part)}",
        )
    sample = samples[sample_id]
    data = sample.pop(part)
    result = Removal(removed={"sample_id": sample_id, "data": part, "file": data.get("file")})
    for key in ("table", "segments_table"):  # segments: allele-specific CN (issue 15)
        table = data.get(key)
        if table and txn.path(table).exists():
            txn.remove(table)
            result.files.append(table)
    if "variants" not in sample and "cna" not in sample:
        del samples[sample_id]
    genomics = txn.record["genomics"]
    if not samples:
        genomics["build"] = None
    result.inputs = _drop_unused_inputs(txn.record, data)
    because = f"`{'variants' if part == 'variants' else 'cna'} remove {sample_id}`"
    if not samples and txn.record.get("grouping"):
        # nothing left to group from: the grouping goes rather than stay stale for ever
        del txn.record["grouping"]
        staleness.clear(txn.record, "grouping")
        result.dropped.append("grouping")
        result.stale = staleness.mark(
            txn.record, ["report"], because, has_reports=staleness.has_reports(txn.case_dir)
        )
    else:
        result.stale = staleness.mark(
            txn.record,
            ["grouping", "report"],
            because,
            has_reports=staleness.has_reports(txn.case_dir),
        )
    return result


def _case_files_under(case_dir: Any, folder: str) -> list[str]:
    root = case_dir / folder
    if not root.is_dir() or root.is_symlink():
        return []
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out.append(str(PurePosixPath(folder) / path.relative_to(root).as_posix()))
    return out


def remove_screen(txn: Any, screen_id: str) -> Removal:
    """Remove an organoid screen: its record entry (with its ranking) and its pdo/<S>/ files."""
    screens = (txn.record.get("pdo") or {}).get("screens", [])
    ids = [s.get("screen_id") for s in screens]
    if screen_id not in ids:
        raise InputError(
            f"screen {screen_id} is not in case {txn.case_id}",
            location=Location(field="--screen"),
            hint=f"screens on record: {_listing(ids)}",
        )
    screen = screens.pop(ids.index(screen_id))
    result = Removal(
        removed={
            "screen": screen_id,
            "readouts": list(screen.get("readouts", [])),
            "ranked": bool(screen.get("ranking")),
        }
    )
    for rel in _case_files_under(txn.case_dir, f"pdo/{screen_id}"):
        txn.remove(rel)
        result.files.append(rel)
    result.inputs = _drop_unused_inputs(txn.record, screen.get("inputs"))
    result.stale = staleness.mark(
        txn.record,
        ["report"],
        f"`pdo remove {screen_id}`",
        has_reports=staleness.has_reports(txn.case_dir),
    )
    return result


def remove_assessment(txn: Any, when: str) -> Removal:
    """Remove every RECIST measurement row of one assessment date."""
    treatment = txn.record.get("treatment") or {}
    rows = treatment.get("measurements", [])
    dates = sorted({r["date"] for r in rows})
    if when not in dates:
        raise InputError(
            f"no RECIST assessment dated {when} in case {txn.case_id}",
            location=Location(field="--date"),
            hint=f"assessment dates on record: {_listing(dates)}",
        )
    kept = [r for r in rows if r["date"] != when]
    result = Removal(removed={"date": when, "n_rows": len(rows) - len(kept)})
    treatment["measurements"] = kept
    because = f"`response remove {when}`"
    marks = ["evaluation", "report"]
    if not kept and treatment.get("evaluation"):
        del treatment["evaluation"]
        staleness.clear(txn.record, "evaluation")
        result.dropped.append("evaluation")
        marks = ["report"]
    result.stale = staleness.mark(
        txn.record, marks, because, has_reports=staleness.has_reports(txn.case_dir)
    )
    return result
