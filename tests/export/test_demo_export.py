"""Acceptance on the real demo: `precise demo`, then the installed console script exports the
demo case in both formats; both parse back with their packages' models."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_console_script


@pytest.mark.slow
def test_demo_case_exports_both(tmp_path):
    out = tmp_path / "demo"
    assert run_console_script("demo", "--out", out, timeout=600).exit_code == 0
    env = {"PRECISE_WORKSPACE": str(out / "workspace")}
    files = {}
    for fmt in ("fhir", "phenopacket"):
        files[fmt] = tmp_path / f"DEMO-001.{fmt}.json"
        result = run_console_script(
            "export", "DEMO-001", "--format", fmt, "--out", files[fmt], "--with-notes", env=env
        )
        assert result.exit_code == 0, result.stderr
    from fhir.resources.R4B.bundle import Bundle
    from google.protobuf import json_format
    from phenopackets import Phenopacket

    bundle = Bundle.model_validate_json(files["fhir"].read_bytes())
    packet = json_format.Parse(files["phenopacket"].read_text("utf-8"), Phenopacket())
    group = json.loads(run_console_script("group", "DEMO-001", "--json", env=env).stdout)
    plan = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "CarePlan"][0]
    assert plan.activity[0].detail.code.coding[0].code == group["regimen"]["id"]
    assert f"genomic group: {group['group']['id']}" in packet.interpretations[0].summary
    assert len(packet.medical_actions) == 3
