"""Clinical facts derived from the intake — computed here once, never re-derived by callers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from precisecli.errors import InputError, Location
from precisecli.resources import resource_file

Status = Literal["positive", "negative", "unknown"]


def _squash(name: str) -> str:
    return re.sub(r"[\s\-_]+", "", name.strip().lower())


@cache
def _synonyms_doc() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(resource_file("knowledge", "drug_synonyms.yaml").read_text("utf-8"))


def exposure_class(name: str) -> frozenset[str]:
    """Canonical drug ids of an exposure class of drug_synonyms.yaml (e.g. 'anti-her2-adc')."""
    return frozenset(_synonyms_doc().get("classes", {}).get(name, ()))


@cache
def _synonym_index() -> tuple[str, dict[str, str]]:
    doc = _synonyms_doc()
    index: dict[str, str] = {}
    for canonical, names in doc["drugs"].items():
        index[_squash(canonical)] = canonical
        for name in names:
            index[_squash(name)] = canonical
    return doc["version"], index


def canonical_drug(name: str) -> str:
    """Map a drug name as written (brand, generic, abbreviation) to its canonical id.

    Unknown names are kept, lower-cased, so nothing a clinician wrote is lost.
    """
    return _synonym_index()[1].get(_squash(name), name.strip().lower())


@dataclass(frozen=True)
class ClinicalFacts:
    hr_status: Status
    her2_status: Status
    menopausal_status: str | None
    prior_drugs: frozenset[str]
    tdm1_exposed: bool
    trastuzumab_exposed: bool
    trastuzumab_resistance: str | None
    msi_status: str | None
    pdl1_cps: float | None
    n_prior_lines: int
    tdxd_exposed: bool = False
    anti_her2_adc_exposed: bool = False  # T-DM1 or T-DXd
    her2_tki_exposed: bool = False  # lapatinib, neratinib, tucatinib, pyrotinib
    cdk46_exposed: bool = False  # any CDK4/6 inhibitor

    def as_dict(self) -> dict[str, Any]:
        return {
            "hr_status": self.hr_status,
            "her2_status": self.her2_status,
            "menopausal_status": self.menopausal_status,
            "prior_drugs": sorted(self.prior_drugs),
            "tdm1_exposed": self.tdm1_exposed,
            "trastuzumab_exposed": self.trastuzumab_exposed,
            "tdxd_exposed": self.tdxd_exposed,
            "anti_her2_adc_exposed": self.anti_her2_adc_exposed,
            "her2_tki_exposed": self.her2_tki_exposed,
            "cdk46_exposed": self.cdk46_exposed,
            "trastuzumab_resistance": self.trastuzumab_resistance,
            "msi_status": self.msi_status,
            "pdl1_cps": self.pdl1_cps,
            "n_prior_lines": self.n_prior_lines,
        }


def hr_status(diagnosis: dict[str, Any]) -> Status:
    """HR-positive when ER ≥ 1 % or PR ≥ 1 % (ASCO/CAP); negative only when both are known."""
    er, pr = diagnosis.get("er_percent"), diagnosis.get("pr_percent")
    if (er is not None and er >= 1) or (pr is not None and pr >= 1):
        return "positive"
    if er is not None and pr is not None:
        return "negative"
    return "unknown"


def her2_status(diagnosis: dict[str, Any]) -> Status:
    """ASCO/CAP 2018: IHC 3+ positive; IHC 2+ positive only with ISH ratio ≥ 2.0."""
    ihc = diagnosis.get("her2_ihc")
    ratio = diagnosis.get("her2_ish_ratio")
    ihc = str(ihc) if ihc is not None else None
    if ihc == "3+" or (ratio is not None and ratio >= 2.0):
        return "positive"
    if ihc in {"0", "1+"} or (ihc == "2+" and ratio is not None):
        return "negative"
    return "unknown"


def clinical_facts(
    intake: dict[str, Any], extra_drugs: list[str] | tuple[str, ...] = ()
) -> ClinicalFacts:
    """Derive the facts; extra_drugs are drugs of study treatment lines recorded in the case."""
    diagnosis = intake.get("diagnosis", {})
    biomarkers = intake.get("biomarkers", {})
    therapy = intake.get("prior_therapy", [])
    drugs = {canonical_drug(d) for line in therapy for d in line.get("drugs", [])}
    for line in therapy:
        if line.get("regimen") and not line.get("drugs"):
            drugs.add(canonical_drug(line["regimen"]))
    drugs |= {canonical_drug(d) for d in extra_drugs}
    return ClinicalFacts(
        hr_status=hr_status(diagnosis),
        her2_status=her2_status(diagnosis),
        menopausal_status=diagnosis.get("menopausal_status"),
        prior_drugs=frozenset(drugs),
        tdm1_exposed="t-dm1" in drugs,
        # both antibody-drug conjugates carry the trastuzumab antibody
        trastuzumab_exposed=bool(drugs & {"trastuzumab", "t-dm1", "t-dxd"}),
        tdxd_exposed="t-dxd" in drugs,
        anti_her2_adc_exposed=bool(drugs & exposure_class("anti-her2-adc")),
        her2_tki_exposed=bool(drugs & exposure_class("her2-tki")),
        cdk46_exposed=bool(drugs & exposure_class("cdk46-inhibitor")),
        trastuzumab_resistance=intake.get("trastuzumab_resistance"),
        msi_status=biomarkers.get("msi_status"),
        pdl1_cps=biomarkers.get("pdl1_cps"),
        n_prior_lines=len({line["line"] for line in therapy}),
    )


def today() -> date:
    """The date events are checked against (local calendar date of this machine)."""
    return date.today()


def birth_year(record_or_intake: dict[str, Any]) -> int | None:
    """The patient's year of birth from a case record or an intake, if known."""
    intake = record_or_intake.get("intake", record_or_intake)
    year = (intake.get("patient") or {}).get("birth_year")
    return year if isinstance(year, int) else None


def check_event_date(
    when: date, *, what: str, born: int | None, location: Location, hint: str | None = None
) -> None:
    """An event of the patient's history (diagnosis, a line of therapy, a sample, a scan) cannot
    be in the future nor before the patient was born. The birth year itself is never shown."""
    now = today()
    if when > now:
        raise InputError(
            f"{what} {when.isoformat()} is in the future (today is {now.isoformat()})",
            location=location,
            hint=hint or "check the date; events are recorded after they happen",
        )
    if born is not None and when.year < born:
        raise InputError(
            f"{what} {when.isoformat()} is before the patient's year of birth",
            location=location,
            hint=hint or "check the date and the intake's patient.birth_year",
        )


def check_intake_semantics(
    intake: dict[str, Any], source: str | None, line_of=lambda path: None
) -> None:
    """Rules a schema cannot express: plausible dates, date order and unique line numbers."""
    born = birth_year(intake)
    if born is not None and born > today().year:
        raise InputError(
            f"year of birth {born} is in the future",
            location=Location(
                file=source, line=line_of(("patient", "birth_year")), field="patient.birth_year"
            ),
            hint="give the four-digit year the patient was born",
        )
    when = (intake.get("diagnosis") or {}).get("date")
    if isinstance(when, str):
        check_event_date(
            date.fromisoformat(when),
            what="diagnosis date",
            born=born,
            location=Location(
                file=source, line=line_of(("diagnosis", "date")), field="diagnosis.date"
            ),
        )
    for i, entry in enumerate(intake.get("prior_therapy", [])):
        for key in ("start", "end"):
            if isinstance(entry.get(key), str):
                check_event_date(
                    date.fromisoformat(entry[key]),
                    what=f"prior line {entry['line']} {key}",
                    born=born,
                    location=Location(
                        file=source,
                        line=line_of(("prior_therapy", i, key)),
                        field=f"prior_therapy[{i}].{key}",
                    ),
                )
    seen: set[int] = set()
    for i, entry in enumerate(intake.get("prior_therapy", [])):
        path = ("prior_therapy", i)
        if entry["line"] in seen:
            raise InputError(
                f"line {entry['line']} appears twice in prior_therapy",
                location=Location(
                    file=source, line=line_of(path), field=f"prior_therapy[{i}].line"
                ),
                hint="give each prior line its own number",
            )
        seen.add(entry["line"])
        start, end = entry.get("start"), entry.get("end")
        if start and end and date.fromisoformat(end) < date.fromisoformat(start):
            raise InputError(
                f"end {end} is before start {start}",
                location=Location(
                    file=source, line=line_of((*path, "end")), field=f"prior_therapy[{i}].end"
                ),
                hint="check the dates of this line of therapy",
            )
