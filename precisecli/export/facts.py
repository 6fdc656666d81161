"""The case, read once into the neutral model both exports map from (no FHIR or protobuf here).

Only what may leave the case is read: the pseudonym and birth year (never names or file names),
diagnosis and markers, samples, the oncogenic variants and non-neutral copy-number calls, TMB/MSI,
treatment lines with their best responses, RECIST time points, the grouping decision, the organoid
ranking and — only with `with_notes` — the intake's free-text notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.export.decision import Option, decision_options, label


@dataclass
class Sample:
    sample_id: str
    kind: str  # biopsy | ctdna | normal
    site: str | None
    collected: str | None
    build: str | None
    assay: str | None
    tmb: dict[str, Any] | None  # the stored TMB document (per_mb, status, reason …)


@dataclass
class Variant:
    sample_id: str
    gene: str
    chrom: str
    pos: int
    ref: str
    alt: str
    hgvsc: str | None
    hgvsp: str | None
    transcript: str | None
    consequence: str | None
    vaf: float | None
    depth: int | None
    alt_depth: int | None
    build: str | None
    in_group_evidence: bool = False

    @property
    def key(self) -> str:
        return f"{self.sample_id}:{self.chrom}:{self.pos}:{self.ref}>{self.alt}"


@dataclass
class CopyNumber:
    sample_id: str
    gene: str
    chrom: str
    start: int
    end: int
    copy_number: float | None
    call: str
    build: str | None

    @property
    def key(self) -> str:
        return f"{self.sample_id}:cn:{self.gene}"


@dataclass
class Line:
    line: int
    regimen: str
    label: str
    drugs: list[str]
    start: str | None
    end: str | None
    stop_reason: str | None
    best_response: str | None
    best_response_date: str | None
    chosen_by: str | None  # group | organoid | clinician | None (prior therapy from the intake)
    source: str  # "intake" (prior therapy) | "study" (a line recorded in precise)


@dataclass
class Timepoint:
    line: int
    date: str
    overall: str


@dataclass
class Facts:
    key: str  # case id: only hashed into ids, never written
    pseudonym: str | None
    birth_year: int | None
    sex: str | None
    diagnosis: dict[str, Any]
    biomarkers: dict[str, Any]
    her2_status: str
    samples: list[Sample]
    variants: list[Variant]
    copy_numbers: list[CopyNumber]
    lines: list[Line]
    timepoints: list[Timepoint]
    group: dict[str, Any] | None  # {id, name, rule, text, regimen{id,label,drugs}, alternatives}
    evidence_level: Any
    options: list[Option]
    notes: str | None
    updated: str
    tool_version: str
    kb: dict[str, Any] | None
    extra: dict[str, Any] = field(default_factory=dict)


def read_facts(case_dir: Path, record: dict[str, Any], *, with_notes: bool) -> Facts:
    """Everything the exports need, from the record read under the case lock."""
    from precisecli import __version__
    from precisecli.clinical import her2_status
    from precisecli.store import staleness

    staleness.require_current(record, ["grouping", "evaluation"], "export")
    intake = record.get("intake") or {}
    patient = intake.get("patient") or {}
    diagnosis = intake.get("diagnosis") or {}
    samples = _samples(record)
    variants, copies = _alterations(case_dir, record, samples)
    grouping = record.get("grouping") or None
    _mark_group_evidence(grouping, variants)
    lines, timepoints = _lines(intake, record)
    notes = intake.get("notes") if with_notes else None
    return Facts(
        key=str(record.get("case_id")),
        pseudonym=patient.get("pseudonym"),
        birth_year=patient.get("birth_year"),
        sex=patient.get("sex"),
        diagnosis=diagnosis,
        biomarkers=intake.get("biomarkers") or {},
        her2_status=her2_status(diagnosis),
        samples=samples,
        variants=variants,
        copy_numbers=copies,
        lines=lines,
        timepoints=timepoints,
        group=_group(grouping),
        evidence_level=(grouping or {}).get("evidence_level"),
        options=decision_options(record, grouping),
        notes=notes if isinstance(notes, str) and notes.strip() else None,
        updated=str(record.get("updated") or record.get("created")),
        tool_version=__version__,
        kb=(grouping or {}).get("kb"),
    )


def _samples(record: dict[str, Any]) -> list[Sample]:
    from precisecli.genomics.record import genomics

    out = []
    for sample_id, sample in sorted(genomics(record)["samples"].items()):
        variants = sample.get("variants") or {}
        out.append(
            Sample(
                sample_id=sample_id,
                kind=str(sample.get("kind")),
                site=sample.get("site"),
                collected=sample.get("collected"),
                build=sample.get("build") or genomics(record).get("build"),
                assay=variants.get("assay"),
                tmb=variants.get("tmb"),
            )
        )
    return out


def _alterations(
    case_dir: Path, record: dict[str, Any], samples: list[Sample]
) -> tuple[list[Variant], list[CopyNumber]]:
    from precisecli.genomics.record import genomics
    from precisecli.genomics.table import CNA_COLUMNS, VARIANT_COLUMNS, read_table

    stored = genomics(record)["samples"]
    variants: list[Variant] = []
    copies: list[CopyNumber] = []
    for sample in samples:
        entry = stored[sample.sample_id]
        if entry.get("variants"):
            for row in read_table(case_dir / entry["variants"]["table"], VARIANT_COLUMNS):
                if not row["oncogenic"] or not row["gene"]:
                    continue
                variants.append(
                    Variant(
                        sample_id=sample.sample_id,
                        gene=str(row["gene"]),
                        chrom=str(row["chrom"]),
                        pos=int(row["pos"]),
                        ref=str(row["ref"]),
                        alt=str(row["alt"]),
                        hgvsc=row["hgvsc"],
                        hgvsp=row["hgvsp"],
                        transcript=row["transcript"],
                        consequence=row["consequence"],
                        vaf=row["vaf"],
                        depth=row["depth"],
                        alt_depth=row["alt_depth"],
                        build=sample.build,
                    )
                )
        if entry.get("cna"):
            for row in read_table(case_dir / entry["cna"]["table"], CNA_COLUMNS):
                if row["call"] == "neutral":
                    continue
                copies.append(
                    CopyNumber(
                        sample_id=sample.sample_id,
                        gene=str(row["gene"]),
                        chrom=str(row["chrom"]),
                        start=int(row["start"]),
                        end=int(row["end"]),
                        copy_number=row["copy_number"],
                        call=str(row["call"]),
                        build=sample.build,
                    )
                )
    variants.sort(key=lambda v: (v.sample_id, v.gene, v.chrom, v.pos, v.ref, v.alt))
    copies.sort(key=lambda c: (c.sample_id, c.gene))
    return variants, copies


def _short(hgvsp: str | None) -> str | None:
    return hgvsp[2:] if hgvsp and hgvsp.startswith("p.") else hgvsp


def _mark_group_evidence(grouping: dict[str, Any] | None, variants: list[Variant]) -> None:
    """Variants that are evidence of the matched group (same gene, alteration and sample)."""
    if not grouping:
        return
    group_id = (grouping.get("group") or {}).get("id")
    evidence = set()
    for signature in grouping.get("signatures") or []:
        if signature.get("group") != group_id or not signature.get("matched"):
            continue
        for item in signature.get("evidence") or []:
            for sample_id in item.get("sample_ids") or []:
                evidence.add((item.get("gene"), item.get("alteration"), sample_id))
    for v in variants:
        v.in_group_evidence = (v.gene, _short(v.hgvsp), v.sample_id) in evidence


def _group(grouping: dict[str, Any] | None) -> dict[str, Any] | None:
    if not grouping or not grouping.get("group"):
        return None
    decision = grouping.get("decision") or {}
    regimen = grouping.get("regimen") or None
    return {
        "id": grouping["group"]["id"],
        "name": grouping["group"].get("name"),
        "rule": decision.get("rule"),
        "text": decision.get("text"),
        "regimen": regimen,
        "alternatives": list(grouping.get("alternatives") or []),
    }


def _lines(intake: dict[str, Any], record: dict[str, Any]) -> tuple[list[Line], list[Timepoint]]:
    treatment = record.get("treatment") or {}
    evaluation = treatment.get("evaluation") or {}
    evaluated_line = (evaluation.get("line") or {}).get("line")
    lines: list[Line] = []
    for prior in intake.get("prior_therapy") or []:
        drugs = list(prior.get("drugs") or [])
        lines.append(
            Line(
                line=int(prior["line"]),
                regimen=str(prior.get("regimen") or label(drugs)),
                label=label(drugs) or str(prior.get("regimen")),
                drugs=drugs,
                start=prior.get("start"),
                end=prior.get("end"),
                stop_reason=prior.get("stop_reason"),
                best_response=prior.get("best_response"),
                best_response_date=prior.get("end"),
                chosen_by=None,
                source="intake",
            )
        )
    timepoints: list[Timepoint] = []
    for line in treatment.get("lines") or []:
        best = date = None
        if line["line"] == evaluated_line:
            best = evaluation.get("best_overall_response")
            for tp in evaluation.get("timepoints") or []:
                if tp.get("overall"):
                    timepoints.append(Timepoint(line["line"], tp["date"], tp["overall"]))
            date = evaluation.get("last_adequate_assessment")
        drugs = list(line.get("drugs") or [])
        lines.append(
            Line(
                line=int(line["line"]),
                regimen=str(line["regimen"]),
                label=label(drugs),
                drugs=drugs,
                start=line.get("start"),
                end=line.get("end"),
                stop_reason=line.get("stop_reason"),
                best_response=best,
                best_response_date=date,
                chosen_by=line.get("chosen_by"),
                source="study",
            )
        )
    lines.sort(key=lambda item: item.line)
    return lines, timepoints


def evidence_text(level: Any) -> str | None:
    """The grouping's `evidence_level` as text ("escat: IIA; oncokb: 1"), None when absent."""
    if level in (None, "", {}, []):
        return None
    if isinstance(level, dict):
        text = "; ".join(f"{k}: {v}" for k, v in sorted(level.items()) if v not in (None, ""))
        return text or None
    return str(level)


def require_intake(facts: Facts, case_id: str) -> None:
    if not facts.pseudonym:
        raise InputError(
            f"case {case_id} has no patient pseudonym in its intake",
            location=Location(field="intake.patient.pseudonym"),
            hint=f"set one with `precise case edit {case_id} --set patient.pseudonym=...`",
        )
