"""The demo patient's response course (sample_cases/DEMO-001, workup.d/50-response.yaml)."""

from __future__ import annotations

from precisecli.cohort.synthetic import grouping_document
from precisecli.demo import Workup, load_workup


def test_demo_response_steps(cli, workspace, sample_case_dir):
    assert (
        cli("case", "new", "DEMO-001", "--intake", sample_case_dir / "intake.yaml").exit_code == 0
    )
    # The group step (30-group) needs the genomics imports; here its result is set directly.
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace

    drugs = ["everolimus", "nab-paclitaxel", "trastuzumab"]
    with CaseStore(Workspace.locate(workspace)).update("DEMO-001", command="test setup") as txn:
        txn.record["grouping"] = grouping_document("DEMO-001", "G2", "PI3K", "eve-h-nabp", drugs)
    workup = load_workup("DEMO-001")
    mine = [p for p in workup.step_files if p.name == "50-response.yaml"]
    steps = Workup(workup.case_id, workup.folder, tuple(mine)).steps(workspace)
    assert [s[2] for s in steps] == ["response", "line", "line", "response", "line", "next"]
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.stderr)
    doc = cli("response", "evaluate", "DEMO-001", "--json").json()
    # By hand (gen_50_response.py): 71 -> 47 (-33.8 %, PR) -> 40 (PR, 42 days later: confirmed)
    # ... nadir 35 -> 40 (+14.3 %) with a new liver lesion: PD on 2024-09-27.
    assert doc["baseline_date"] == "2024-02-25"
    assert [tp["target_sum_mm"] for tp in doc["timepoints"]] == [71, 47, 40, 36, 35, 40]
    assert [tp["overall"] for tp in doc["timepoints"]] == [None, "PR", "PR", "PR", "PR", "PD"]
    assert doc["timepoints"][-1]["target"] == "PR" and doc["timepoints"][-1]["new_lesions"] == "yes"
    assert (doc["best_overall_response"], doc["confirmed"]) == ("PR", True)
    assert doc["progression_date"] == "2024-09-27"
    lines = cli("line", "list", "DEMO-001", "--json").json()["lines"]
    assert lines == [
        {
            "line": 3,
            "regimen": "eve-h-nabp",
            "drugs": drugs,
            "start": "2024-03-01",
            "end": "2024-09-27",
            "stop_reason": "progression",
            "chosen_by": "group",
            "reason": "first-choice regimen of genomic group G2 (PI3K)",
        }
    ]
