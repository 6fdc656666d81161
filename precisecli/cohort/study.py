"""The study configuration (`cohort report --study FILE`): a Simon two-stage design of the ORR
endpoint, checked against schemas/study.schema.json, and its inference per arm (group)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from precisecli.cohort.digest import first_evaluation_responder
from precisecli.cohort.simon import Design, inference
from precisecli.errors import InputError, Location


def load_study(path: Path) -> dict[str, Any]:
    from precisecli.store.documents import load_document
    from precisecli.store.schema import validate

    doc = load_document(path)
    validate(doc.data, "study.schema.json", document=doc,
             hint="see docs/cohort.md for the study file")  # fmt: skip
    simon = doc.data.get("simon")
    if simon:
        problems = _design(simon).problems()
        if problems:
            raise InputError(
                f"the Simon design is not valid: {problems[0]}",
                location=Location(file=path.name, field="simon"),
                hint="copy r1/n1 and r/n from the design table of the protocol",
            )
    return doc.data


def _design(simon: dict[str, Any]) -> Design:
    keys = ("p0", "p1", "alpha", "beta", "n1", "r1", "n", "r")
    return Design(**{k: simon[k] for k in keys})


def _evaluable_in_order(members: list[dict[str, Any]]) -> list[bool]:
    """First-evaluation responses of the arm's evaluable patients, in order of first-line start
    (then case id): the order of enrolment, which decides who belongs to stage 1."""
    rows = []
    for s in members:
        o = s["outcome"]
        responder = first_evaluation_responder(s)
        if o["treated"] and o["measurable"] and responder is not None:
            rows.append((date.fromisoformat(s["lines"][0]["start"]), s["case_id"], responder))
    return [r for _, _, r in sorted(rows)]


def simon_results(
    study: dict[str, Any], summaries: list[dict[str, Any]], by_group: dict[str, list]
) -> dict[str, Any] | None:
    simon = study.get("simon")
    if not simon:
        return None
    design = _design(simon)
    arms = simon.get("groups") or sorted(g for g in by_group if g != "unassigned")
    results = []
    for arm in arms:
        responses = _evaluable_in_order(by_group.get(arm, []))
        n_eval = len(responses)
        row: dict[str, Any] = {"group": arm, "n_evaluable": n_eval, "inference": None,
                               "status": None}  # fmt: skip
        x1 = sum(responses[: design.n1])
        if n_eval < design.n1:
            row["status"] = f"stage 1 incomplete ({n_eval} of {design.n1} evaluable)"
        elif x1 <= design.r1:
            row["status"] = f"stopped after stage 1 ({x1} ≤ r1 = {design.r1} responses)"
            if n_eval > design.n1:
                row["status"] += f"; {n_eval - design.n1} later patient(s) not counted"
            row["inference"] = inference(design, 1, x1)
        elif n_eval < design.n:
            row["status"] = (
                f"stage 2 incomplete ({n_eval} of {design.n} evaluable; {x1} > r1 responses "
                "in stage 1)"
            )
        else:
            s = sum(responses[: design.n])
            verdict = "H0 rejected" if s > design.r else "H0 not rejected"
            row["status"] = f"completed: {s} responses in {design.n} (r = {design.r}); {verdict}"
            row["inference"] = inference(design, 2, s)
        results.append(row)
    return {
        "design": {k: simon[k] for k in ("p0", "p1", "alpha", "beta", "n1", "r1", "n", "r")},
        "actual_alpha": design.reject_probability(design.p0),
        "actual_power": design.reject_probability(design.p1),
        "early_stop_p0": design.early_stop_probability(design.p0),
        "expected_n_p0": design.expected_size(design.p0),
        "arms": results,
        "method": "p-value, exact 95 % CI and median-unbiased estimate under the stage-wise "
        "ordering of Koyama & Chen (2008); UMVUE of Jung & Kim (2004)",
    }
