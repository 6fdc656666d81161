"""The demo patient (sample_cases/DEMO-001) through the real workup steps before grouping."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001"


def _steps_before_group() -> list[list[str]]:
    steps = []
    for path in sorted((DEMO / "workup.d").glob("*.yaml")):
        if path.name >= "30":
            break
        steps += yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
    return steps


def test_demo_patient_is_g2_with_the_expected_flags(cli, workspace):
    steps = _steps_before_group()
    if not any(step[0] in ("variants", "cna") for step in steps):
        pytest.skip("the demo's genomics workup (workup.d/20-*.yaml) has not been generated yet")
    for step in steps:
        args = [
            str(a).replace("{case}", str(DEMO)).replace("{workspace}", str(workspace)) for a in step
        ]
        res = cli(*args)
        assert res.exit_code == 0, (step, res.stderr)
    doc = cli("group", "DEMO-001", "--json").json()
    # PIK3CA H1047R truncal -> G2; everolimus + trastuzumab + nab-paclitaxel first
    assert doc["group"]["id"] == "G2"
    assert doc["regimen"]["id"] == "eve-h-nabp"
    g2 = next(s for s in doc["signatures"] if s["group"] == "G2")
    assert ("PIK3CA", "H1047R") in {(e["gene"], e["alteration"]) for e in g2["evidence"]}
    flags = {f["id"] for f in doc["flags"]}
    # ESR1 D538G in the 2nd ctDNA draw -> AI inactive; T-DM1 exposed -> T-DM1 not first choice
    assert {"esr1-lbd-ai-inactive", "prior-tdm1", "ctdna-only"} <= flags
    assert "eve-h-ai" in {e["id"] for e in doc["excluded_regimens"]}
    # CCND1 amplification in one biopsy only -> secondary G3 signature
    assert "G3" in doc["secondary_signatures"]
    assert "secondary-alteration" in flags
