"""Section 1: clinical summary (intake facts as precisecli.clinical computes them) and history."""

from __future__ import annotations

from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import fmt, section, table

TIMELINE_COLUMNS = (
    "Line",
    "Source",
    "Regimen",
    "Drugs",
    "Start",
    "End",
    "Best",
    "Stopped",
    "Chosen by",
)


def _facts(intake: dict[str, Any], facts) -> list[list[str]]:
    dx = intake.get("diagnosis", {})
    bio = intake.get("biomarkers", {})
    return [
        ["Histology", dx.get("histology") or "–"],
        ["Diagnosis date", dx.get("date") or "–"],
        [
            "Hormone receptors",
            f"{facts.hr_status} (ER {fmt(dx.get('er_percent'), 0)} %, "
            f"PR {fmt(dx.get('pr_percent'), 0)} %)",
        ],
        [
            "HER2",
            f"{facts.her2_status} (IHC {fmt(dx.get('her2_ihc'))}, "
            f"ISH ratio {fmt(dx.get('her2_ish_ratio'))})",
        ],
        ["Menopausal status", dx.get("menopausal_status") or "–"],
        ["Metastatic sites", ", ".join(dx.get("metastatic_sites", [])) or "–"],
        [
            "MSI / PD-L1 CPS / TILs",
            f"{bio.get('msi_status') or '–'} / "
            f"{fmt(bio.get('pdl1_cps'), 0)} / "
            f"{fmt(bio.get('tils_percent'), 0)} %",
        ],
        ["Trastuzumab resistance", intake.get("trastuzumab_resistance") or "–"],
        [
            "Prior lines / T-DM1 exposed",
            f"{facts.n_prior_lines} / {'yes' if facts.tdm1_exposed else 'no'}",
        ],
    ]


def _entry(ln: dict[str, Any], source: str, chosen_by: Any) -> dict[str, Any]:
    return {
        "line": ln.get("line"),
        "source": source,
        "regimen": ln.get("regimen"),
        "drugs": ln.get("drugs", []),
        "start": ln.get("start"),
        "end": ln.get("end"),
        "best_response": ln.get("best_response"),
        "stop_reason": ln.get("stop_reason"),
        "chosen_by": chosen_by,
    }


def _timeline(intake: dict[str, Any], study: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Prior lines (intake) and study lines (`precise line`) in the order they were given."""
    timeline = [_entry(ln, "prior", None) for ln in intake.get("prior_therapy", [])]
    timeline += [_entry(ln, "study", ln.get("chosen_by")) for ln in study]
    timeline.sort(key=lambda t: (t["start"] or "", t["line"] or 0))
    return timeline


def _best(t: dict[str, Any], ev: dict[str, Any] | None) -> str:
    """A line's best response: the intake's, or for the evaluated study line RECIST's."""
    if t["best_response"]:
        return t["best_response"]
    if ev and t["source"] == "study" and (ev.get("line") or {}).get("line") == t["line"]:
        best = ev.get("best_overall_response")
        if best:
            return best + (" (confirmed)" if ev.get("confirmed") else "")
    return "–"


def charts(sec, samples, ev, today: str) -> list[dict[str, Any]]:
    from precisecli.report.sections.course import timeline_chart

    chart = timeline_chart(sec.get("timeline") or [], samples, ev, today)
    return [chart] if chart else []


def build(record: dict[str, Any]) -> dict[str, Any]:
    from precisecli.clinical import clinical_facts

    intake = record.get("intake", {})
    study = sources.treatment(record).get("lines", [])
    facts = clinical_facts(intake, [d for ln in study for d in ln.get("drugs", [])])
    timeline = _timeline(intake, study)
    t_rows = [
        [
            fmt(t["line"]),
            t["source"],
            t["regimen"] or "–",
            ", ".join(t["drugs"]) or "–",
            t["start"] or "–",
            t["end"] or "ongoing",
            _best(t, sources.evaluation(record)),
            t["stop_reason"] or "–",
            t["chosen_by"] or "–",
        ]
        for t in timeline
    ]
    sec = section(
        "clinical",
        "Clinical summary and treatment history",
        facts=_facts(intake, facts),
        timeline=timeline,
    )
    if t_rows:
        sec["tables"].append(
            table("Treatment-history timeline", list(TIMELINE_COLUMNS), "rllllllll", t_rows)
        )
    else:
        sec["missing"].append("No prior or study treatment lines are recorded.")
    if intake.get("notes"):
        sec["paragraphs"].append("Notes: " + intake["notes"])
    return sec
