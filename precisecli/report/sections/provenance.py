"""Section 8: provenance (input files, knowledge base, parameters, audit head, versions)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from precisecli import __version__
from precisecli.report.dates import last_change
from precisecli.report.formatting import fmt, section, table
from precisecli.report.labels import kb_text

_DISTRIBUTIONS = ("typst", "jinja2", "fonttools")


def versions() -> dict[str, str]:
    out = {"precise": __version__}
    found = _installed_versions(_DISTRIBUTIONS)
    for dist in _DISTRIBUTIONS:
        out[dist] = found.get(dist) or _metadata_version(dist)
    return out


def _metadata_version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def _installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The ``Version:`` of each distribution's ``.dist-info`` metadata, searched along sys.path
    the way importlib.metadata finds it (first folder that has one), without importing
    importlib.metadata (30–40 ms of a report's start-up: email, zipfile, csv …). A name with
    anything unusual (two candidates in one folder, an .egg-info, unreadable metadata) is left
    out, and ``versions()`` asks importlib.metadata for it. Tested equal to importlib.metadata."""
    import re
    import sys

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "_", name).lower()

    wanted = {norm(n): n for n in names}
    out: dict[str, str] = {}
    for entry in sys.path:
        if not wanted:
            break
        try:
            children = os.listdir(entry or ".")
        except OSError:
            continue
        hits: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                key = norm(low.rpartition(".")[0].partition("-")[0])
                if key in wanted:
                    hits.setdefault(key, []).append(child)
        for key, found in hits.items():
            name = wanted.pop(key)
            if len(found) == 1 and found[0].lower().endswith(".dist-info"):
                version = _header_version(Path(entry or ".") / found[0] / "METADATA")
                if version:
                    out[name] = version
    return out


def _header_version(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    return None  # end of the headers
                if line.startswith("Version:"):
                    return line[len("Version:") :].strip() or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


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
