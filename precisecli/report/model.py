"""The report model: ONE JSON document assembled from a case; PDF and HTML are functions of it.

Each section is built by its own module in ``precisecli.report.sections``; numbers become text
only in ``precisecli.report.formatting``, so both renderings print the same text. Every section
that has no data says so in words (``missing``) instead of disappearing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from precisecli.report import sources
from precisecli.report.dates import report_time
from precisecli.report.sections import (
    clinical,
    clonality,
    genomics,
    glossary,
    grouping,
    header,
    heterogeneity,
    organoids,
    provenance,
    recommendation,
    response,
)

REPORT_SCHEMA = "report.schema.json"
MODEL_VERSION = 1
RESEARCH_USE = (
    "For research use only. This report was produced by precise, software that has not been "
    "cleared or approved by any regulatory authority, from a knowledge base that is a proposal "
    "not calibrated against patient outcomes. It supports, and does not replace, the judgement "
    "of the treating physicians and the tumour board."
)


def _knowledge_base(record: dict[str, Any]):
    """The KB to label regimens with (None when the case was grouped with a KB we do not have)
    and the stamp the report names (the grouping's, else the default KB's)."""
    from precisecli.knowledge.kb import load_kb

    kb_stamp = (sources.grouping(record) or {}).get("kb")
    kb = load_kb()
    if kb_stamp and kb_stamp.get("sha256") != kb.sha256:
        kb = None  # grouped with a site KB we do not have: show ids, not labels from another KB
    return kb, kb_stamp or kb.stamp()


def build_model(
    case_dir: Path, record: dict[str, Any], when: datetime | None = None
) -> dict[str, Any]:
    """Assemble the report model of one case (read-only; the caller holds the read lock)."""
    with sources.reading_once():
        model = _assemble(case_dir, record, when or report_time(case_dir, record))
    from precisecli.store.documents import dumps_json
    from precisecli.store.schema import validate

    # The model is written as exactly this text (build.render): a model whose bytes already
    # passed is not validated again (store.validated), e.g. a report re-run on an unchanged case.
    validate(model, REPORT_SCHEMA, source="report model", written=dumps_json(model))
    return model


def _assemble(case_dir: Path, record: dict[str, Any], when: datetime) -> dict[str, Any]:
    kb, kb_stamp = _knowledge_base(record)
    samples = genomics.report_samples(record)
    evaluation = sources.evaluation(record)
    sections = {"clinical": clinical.build(record)}
    sections["genomics"] = genomics.build(case_dir, record, samples)
    sections["heterogeneity"] = heterogeneity.build(case_dir, record, samples)
    sections["heterogeneity"]["charts"] += heterogeneity.charts(case_dir, record, kb)
    sections["clonality"] = clonality.build(case_dir, record)
    sections["grouping"], g = grouping.build(record, kb)
    sections["organoids"], ranked, appendix = organoids.build(case_dir, record, kb, g)
    nxt = sources.next_line(record)
    sections["recommendation"] = recommendation.build(record, kb, g, ranked, nxt)
    sections["response"] = response.build(evaluation, record)
    software = provenance.versions()
    sections["provenance"] = provenance.build(case_dir, record, kb_stamp, ranked, samples, software)
    sections["clinical"]["charts"] += clinical.charts(
        sections["clinical"], samples, evaluation, when.date().isoformat()
    )
    if appendix["tables"] or appendix["charts"]:
        sections["appendix-organoids"] = appendix
    sections["glossary"] = glossary.build()
    return {
        "model_version": MODEL_VERSION,
        "case_id": record["case_id"],
        "report_date": when.date().isoformat(),
        "timestamp": when.isoformat().replace("+00:00", "Z"),
        "header": header.header(record, when, kb_stamp),
        "summary": header.summary(kb, record, g, ranked, evaluation, sections, nxt),
        "sections": list(sections.values()),
        "versions": software,
        "statement": RESEARCH_USE,
    }


def iter_strings(value: Any) -> Iterator[str]:
    """Every string value of the model, without where it is (what iter_text yields, in another
    order; for the CJK font subset, which needs only the characters)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def iter_text(value: Any, path: str = "") -> Any:
    """Every string of the model with where it is (for the glyph check)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from iter_text(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from iter_text(v, f"{path}[{i}]")
