"""Cases at other stages: intake only, and a grouping that carries an evidence level."""

from __future__ import annotations

import copy
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_intake_only_case_exports_both(cli, tmp_path):
    assert (
        cli("case", "new", "P9", "--intake", REPO / "sample_cases/DEMO-001/intake.yaml").exit_code
        == 0
    )
    for fmt in ("fhir", "phenopacket"):
        out = tmp_path / f"p9.{fmt}.json"
        result = cli("export", "P9", "--format", fmt, "--out", out, "--json")
        assert result.exit_code == 0, result.stderr
        doc = result.json()
        assert doc["variants"] == 0 and doc["options"] == 0 and doc["treatment_lines"] == 2
    bundle = json.loads((tmp_path / "p9.fhir.json").read_text("utf-8"))
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "CarePlan" not in kinds and "DiagnosticReport" not in kinds  # nothing to report yet
    assert "MedicationStatement" in kinds  # the intake's prior lines


def _implication_levels(text: str) -> list[str]:
    bundle = json.loads(text)
    out = []
    for e in bundle["entry"]:
        r = e["resource"]
        if (
            r["resourceType"] == "Observation"
            and r["code"]["coding"][0]["code"] == "therapeutic-implication"
        ):
            out += [c["valueCodeableConcept"]["text"] for c in r["component"]
                    if c["code"]["coding"][0]["code"] == "93044-6"]  # fmt: skip
    return out


def test_evidence_level_only_when_the_grouping_has_one(export_env):
    from precisecli.export.writer import render
    from precisecli.store.cases import read_case_json

    case_dir = export_env.root / "DEMO-001"
    record = read_case_json(case_dir)
    assert "evidence_level" not in record["grouping"]
    text, _ = render(case_dir, record, "fhir", with_notes=False)
    assert _implication_levels(text) == []  # never invented
    graded = copy.deepcopy(record)
    graded["grouping"]["evidence_level"] = {"escat": "IIA", "oncokb": None}
    text, _ = render(case_dir, graded, "fhir", with_notes=False)
    assert _implication_levels(text) == ["escat: IIA"]  # on the first-choice regimen only
    text, _ = render(case_dir, graded, "phenopacket", with_notes=False)
    assert "evidence level: escat: IIA" in json.loads(text)["interpretations"][0]["summary"]
