"""The tumour board's decision as a CarePlan: one activity (MedicationRequest kind) per ranked
regimen, in the order of the decision, each saying how it was chosen (group rule and/or organoid
rank); a regimen that was then given links the treatment line's MedicationStatements."""

from __future__ import annotations

from typing import Any

from precisecli.export.fhir_base import Draft, local, text_concept


def add_careplan(d: Draft) -> None:
    f = d.facts
    if not f.options:
        return
    activities = []
    for option in f.options:
        reasons = [
            text_concept(r["text"], local("precise_choice", r["by"], r["by"].replace("-", " ")))
            for r in option.reasons
        ]
        detail: dict[str, Any] = {
            "kind": "MedicationRequest",
            "code": text_concept(
                option.label, local("precise_regimen", option.regimen, option.label)
            ),
            "reasonCode": reasons,
            "status": "not-started",
            "description": " + ".join(option.drugs) if option.drugs else option.label,
        }
        refs = [
            f"implication/{option.regimen}"
            for r in option.reasons
            if r["by"] == "group-rule" and f.group
        ]
        if refs:
            detail["reasonReference"] = [d.ref(refs[0])]
        given = [
            line for line in f.lines if line.source == "study" and line.regimen == option.regimen
        ]
        activity: dict[str, Any] = {"detail": detail}
        if given:
            detail["status"] = "completed" if all(line.end for line in given) else "in-progress"
            activity["outcomeReference"] = [
                d.ref(f"line/{line.line}/drug/{drug}")
                for line in given
                for drug in (sorted(line.drugs) or [line.regimen])
            ]
        activities.append(activity)
    title = "Tumour-board decision"
    if f.group:
        title += f": genomic group {f.group['id']} ({f.group['name']})"
    d.add(
        "careplan",
        {
            "resourceType": "CarePlan",
            "status": "active",
            "intent": "plan",
            "category": [{"text": "tumour-board treatment decision"}],
            "title": title,
            "subject": d.patient(),
            "addresses": [d.ref("condition/primary")],
            "activity": activities,
        },
    )
