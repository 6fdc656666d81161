"""Section 8: provenance (input files, knowledge base, parameters, audit head, versions)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from precisecli import __version__
from precisecli.report.dates import last_change
from precisecli.report.formatting import fmt, section, table
from precisecli.report.labels import kb_text


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"precise": __version__}
    for dist in ("typst", "jinja2", "fonttools"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _audit_text(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "–"
    # The entry's hash covers its clock time, so it would make reports of identical work differ;
    # the input checksums below are what ties the report to its data.
    return f"#{entry.get('seq')} {entry.get('command')}"


def _anchor_text(case_dir: Path) -> str:
    """The content anchor of the audit history up to the last content change: it lets a reader
    of this report detect a later rewrite of that history (store/audit.py)."""
    from precisecli.store.audit import anchors
    from precisecli.store.cases import AUDIT_FILE

    path = case_dir / AUDIT_FILE
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    entry = last_change(case_dir)
    if not lines or not entry:
        return "–"
    try:
        return f"#{entry['seq']} {anchors(lines)[int(entry['seq']) - 1]}"
    except (ValueError, KeyError, IndexError, TypeError):
        return "–"


def _parameters(case_dir, kb_stamp, ranked, samples, software) -> list[list[str]]:
    return [
        [
            "Report date source",
            "SOURCE_DATE_EPOCH"
            if os.environ.get("SOURCE_DATE_EPOCH")
            else "last change of the case (audit log)",
        ],
        ["Knowledge base", kb_text(kb_stamp)],
        [
            "Organoid ranking metric",
            ", ".join(f"{r['screen_id']}: {r['metric']}" for r in ranked) or "–",
        ],
        [
            "Genome build(s)",
            ", ".join(sorted({s.get("build") for s in samples if s.get("build")})) or "–",
        ],
        ["Last change (audit entry)", _audit_text(last_change(case_dir))],
        ["Audit anchor (compare with `precise case log --json`)", _anchor_text(case_dir)],
        ["Software", ", ".join(f"{k} {v}" for k, v in software.items())],
    ]


def build(
    case_dir: Path,
    record: dict[str, Any],
    kb_stamp: dict[str, Any] | None,
    ranked: list[dict[str, Any]],
    samples: list[dict[str, Any]],
    software: dict[str, str],
) -> dict[str, Any]:
    sec = section("provenance", "Provenance")
    # Import order as recorded (the order of the commands), not the import clock.
    inputs = record.get("inputs", [])
    sec["tables"].append(
        table(
            "Input files",
            ["File", "sha256", "Bytes", "Imported by"],
            "llrl",
            [[i["name"], i["sha256"], fmt(i.get("size")), i.get("command", "–")] for i in inputs],
            wrap=[0],
        )
    )
    sec["facts"] = _parameters(case_dir, kb_stamp, ranked, samples, software)
    sec["inputs"] = [
        {
            "name": i["name"],
            "sha256": i["sha256"],
            "size": i.get("size"),
            "command": i.get("command"),
        }
        for i in inputs
    ]
    sec["kb"] = kb_stamp
    return sec
