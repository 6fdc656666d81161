"""`response import/evaluate`, `line start/stop/list` and `next` through the real CLI."""

from __future__ import annotations

import pytest

from precisecli.cohort.synthetic import grouping_document, pdo_screen_document

HEADER = "date,lesion_id,organ,category,lymph_node,diameter_mm,status\n"
# Baseline SoD 50; day 42 (2024-04-12) 30 = -40 % PR; day 84 (2024-05-24) 28 = PR (confirms).
COURSE = (
    HEADER
    + "2024-02-26,T1,liver,target,no,30,\n"
    + "2024-02-26,T2,lung,target,no,20,\n"
    + "2024-02-26,NT1,bone,non-target,no,,present\n"
    + "2024-04-12,T1,liver,target,no,18,\n"
    + "2024-04-12,T2,lung,target,no,12,\n"
    + "2024-04-12,NT1,bone,non-target,no,,present\n"
    + "2024-05-24,T1,liver,target,no,17,\n"
    + "2024-05-24,T2,lung,target,no,11,\n"
    + "2024-05-24,NT1,bone,non-target,no,,present\n"
)
INTAKE = """\
patient: {pseudonym: P-1, sex: female}
diagnosis: {er_percent: 80, pr_percent: 10, her2_ihc: "3+"}
prior_therapy:
  - {line: 1, regimen: THP, drugs: [trastuzumab, pertuzumab, docetaxel],
     start: "2022-01-10", end: "2023-03-01"}
  - {line: 2, regimen: T-DM1, drugs: [trastuzumab emtansine],
     start: "2023-03-20", end: "2024-02-12"}
"""


@pytest.fixture
def case(cli, tmp_path):
    intake = tmp_path / "intake.yaml"
    intake.write_text(INTAKE)
    assert cli("case", "new", "C1", "--intake", intake).exit_code == 0
    return "C1"


def _file(tmp_path, text, name="m.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _case_bytes(workspace):
    return (workspace / "C1" / "case.json").read_bytes()


def _set(workspace, **parts):
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace

    with CaseStore(Workspace.locate(workspace)).update("C1", command="test setup") as txn:
        txn.record.update(parts)


def test_import_and_evaluate_json_keys(cli, case, tmp_path, workspace):
    path = _file(tmp_path, COURSE)
    first = cli("response", "import", case, path, "--json")
    assert first.exit_code == 0, first.stderr
    assert first.json()["added_dates"] == ["2024-02-26", "2024-04-12", "2024-05-24"]
    again = cli("response", "import", case, path, "--json")
    assert again.json()["changed"] is False  # re-import is a no-op
    assert (
        cli(
            "line",
            "start",
            case,
            "--regimen",
            "hp-nabp",
            "--date",
            "2024-03-01",
            "--reason",
            "tumour board",
        ).exit_code
        == 0
    )
    result = cli("response", "evaluate", case, "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert {
        "case_id",
        "timepoints",
        "best_overall_response",
        "confirmed",
        "progression_date",
    } <= set(doc)
    for tp in doc["timepoints"]:
        assert {
            "date",
            "target_sum_mm",
            "change_from_baseline_pct",
            "change_from_nadir_pct",
            "target",
            "non_target",
            "new_lesions",
            "overall",
        } <= set(tp)
    assert [tp["target_sum_mm"] for tp in doc["timepoints"]] == [50, 30, 28]
    assert doc["timepoints"][1]["change_from_baseline_pct"] == -40.0
    assert doc["timepoints"][1]["overall"] == "PR"  # PR + non-target present
    assert (doc["best_overall_response"], doc["confirmed"]) == ("PR", True)
    assert doc["progression_date"] is None
    shown = cli("case", "show", case, "--json").json()
    assert shown["record"]["treatment"]["evaluation"]["best_overall_response"] == "PR"


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ("2024-02-26,N1,axilla,target,yes,14.9,\n", "line 2"),  # node < 15 mm short axis
        ("2024-02-26,T1,liver,target,no,9.9,\n", "not measurable"),  # lesion < 10 mm
        ("2024-02-26,T1,liver,target,no,30,\n2024-01-01,T1,liver,target,no,30,\n", "line 3"),
        ("2024-02-26,T1,liver,target,no,30,\n2024-04-01,T1,lung,target,no,20,\n", "organ"),
        ("2024-02-26,T1,liver,lesion,no,30,\n", "category"),
        ("2024-02-30,T1,liver,target,no,30,\n", "date"),
        ("2024-02-26,T1,liver,target,no,abc,\n", "diameter_mm"),
        ("2024-02-26,NT1,bone,non-target,no,,\n", "status"),
        ("".join(f"2024-02-26,T{i},liver,target,no,20,\n" for i in range(3)), "per organ"),
        ("".join(f"2024-02-26,T{i},o{i},target,no,20,\n" for i in range(6)), "allows 5"),
        (
            "2024-02-26,T1,liver,target,no,30,\n2024-04-01,T1,liver,non-target,no,,present\n",
            "stays a target",
        ),
    ],
)
def test_import_rejects_bad_tables(cli, case, tmp_path, workspace, rows, needle):
    before = _case_bytes(workspace)
    result = cli("response", "import", case, _file(tmp_path, HEADER + rows))
    assert result.exit_code == 3
    message = " ".join(result.stderr.split())
    assert "m.csv" in message and needle in message
    assert "Traceback" not in result.stderr
    assert _case_bytes(workspace) == before


@pytest.mark.parametrize(("mm", "ok"), [(14.9, False), (15.0, True)])
def test_node_target_eligibility_at_15_mm(cli, case, tmp_path, mm, ok):
    rows = HEADER + f"2024-02-26,N1,axilla,target,yes,{mm},\n"
    assert (cli("response", "import", case, _file(tmp_path, rows)).exit_code == 0) is ok


def test_import_xlsx(cli, case, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in COURSE.splitlines():
        sheet.append([c if c else None for c in line.split(",")])
    path = tmp_path / "m.xlsx"
    book.save(path)
    result = cli("response", "import", case, path, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["n_rows"] == 9


def test_changed_assessment_needs_replace(cli, case, tmp_path):
    assert cli("response", "import", case, _file(tmp_path, COURSE)).exit_code == 0
    changed = COURSE.replace(
        "2024-05-24,T1,liver,target,no,17,", "2024-05-24,T1,liver,target,no,16,"
    )
    result = cli("response", "import", case, _file(tmp_path, changed, "n.csv"))
    assert result.exit_code == 3 and "--replace" in result.stderr
    assert (
        cli("response", "import", case, _file(tmp_path, changed, "n.csv"), "--replace").exit_code
        == 0
    )


def test_line_start_stop_rules(cli, case, workspace):
    # A free label needs --drugs; a KB id gives them; clinician choice needs a reason.
    assert (
        cli("line", "start", case, "--regimen", "my combo", "--date", "2024-03-01").exit_code == 3
    )
    no_reason = cli("line", "start", case, "--regimen", "tdm1", "--date", "2024-03-01")
    assert no_reason.exit_code == 3 and "--reason" in no_reason.stderr
    assert (
        cli(
            "line", "start", case, "--regimen", "hp-nabp", "--date", "2023-01-01", "--reason", "x"
        ).exit_code
        == 3
    )  # before the prior lines
    _set(
        workspace,
        grouping=grouping_document(
            "C1", "G2", "PI3K", "eve-h-nabp", ["everolimus", "nab-paclitaxel", "trastuzumab"]
        ),
    )
    started = cli(
        "line", "start", case, "--regimen", "eve-h-nabp", "--date", "2024-03-01", "--json"
    )
    assert started.exit_code == 0, started.stderr
    line = started.json()["line"]
    assert (line["line"], line["chosen_by"]) == (3, "group")
    assert line["drugs"] == ["everolimus", "nab-paclitaxel", "trastuzumab"]
    assert "G2" in line["reason"]
    again = cli("line", "start", case, "--regimen", "tdm1", "--date", "2024-04-01", "--reason", "x")
    assert again.exit_code == 3 and "still running" in again.stderr
    assert (
        cli("line", "stop", case, "--date", "2024-02-01", "--reason", "progression").exit_code == 3
    )
    assert cli("line", "stop", case, "--date", "2024-09-01", "--reason", "bored").exit_code == 3
    stopped = cli("line", "stop", case, "--date", "2024-09-01", "--reason", "toxicity", "--json")
    assert stopped.exit_code == 0 and stopped.json()["line"]["end"] == "2024-09-01"
    free = cli(
        "line",
        "start",
        case,
        "--regimen",
        "Vinorelbine mono",
        "--drugs",
        "Navelbine",
        "--date",
        "2024-09-20",
        "--chosen-by",
        "clinician",
        "--reason",
        "board",
        "--json",
    )
    assert free.exit_code == 0, free.stderr
    assert free.json()["line"]["drugs"] == ["vinorelbine"]  # canonical name
    listed = cli("line", "list", case, "--json").json()
    assert [e["line"] for e in listed["prior"]] == [1, 2]
    assert [e["line"] for e in listed["lines"]] == [3, 4]


def _ranking(*entries):
    regimens = []
    for rank, (regimen, drugs, inhibition, sensitive, assessable) in enumerate(entries, 1):
        regimens.append(
            {
                "rank": rank,
                "regimen": regimen,
                "drugs": drugs,
                "inhibition_pct": inhibition,
                "inhibition_sd": 3.0,
                "n_wells": 3,
                "aac": None,
                "ic50_um": None,
                "regression_pct": None,
                "sensitive": sensitive,
                "ci95": None,
                "assessable": assessable,
                "near_tie": False,
            }
        )
    return {"screens": [pdo_screen_document("C1", "S1", regimens)]}


EVE = ("eve-h-nabp", ["everolimus", "trastuzumab", "nab-paclitaxel"], 81.0, True, True)
PD1 = ("pd1-h", ["anti-pd-1", "trastuzumab"], 90.0, True, False)
TDM1 = ("tdm1", ["t-dm1"], 75.0, True, True)
AI = ("hp-ai", ["trastuzumab", "pertuzumab", "aromatase-inhibitor"], 70.0, True, True)
PYRO = ("pyro-cape", ["pyrotinib", "capecitabine"], 64.0, True, True)
WEAK = ("cdk-h", ["cdk46-inhibitor", "trastuzumab"], 20.0, False, True)
ESR1_FLAG = {
    "id": "esr1-lbd",
    "message": "ESR1 LBD mutation: aromatase inhibitor not active",
    "exclude_drugs": ["aromatase-inhibitor"],
    "demote_drugs": [],
    "evidence": [],
    "conditions": [],
    "source": "test",
}


def test_next_recommends_best_unused_unflagged_assessable(cli, case, workspace):
    assert cli("next", case, "--json").json()["status"] == "no-screen"
    _set(
        workspace,
        pdo=_ranking(PD1, TDM1, EVE, AI, PYRO, WEAK),
        grouping=grouping_document(
            "C1",
            "G2",
            "PI3K",
            "eve-h-nabp",
            ["everolimus", "nab-paclitaxel", "trastuzumab"],
            flags=[ESR1_FLAG],
        ),
    )
    assert (
        cli("line", "start", case, "--regimen", "eve-h-nabp", "--date", "2024-03-01").exit_code == 0
    )
    assert (
        cli("line", "stop", case, "--date", "2024-09-27", "--reason", "progression").exit_code == 0
    )
    doc = cli("next", case, "--json").json()
    # pd1-h: not assessable; tdm1: prior line 2; eve-h-nabp: study line 3; hp-ai: ESR1 flag.
    assert doc["status"] == "recommended"
    assert doc["recommendation"]["regimen"] == "pyro-cape"
    reasons = {c["regimen"]: c["excluded_because"] for c in doc["considered"]}
    assert reasons == {
        "pd1-h": ["not-assessable"],
        "tdm1": ["used"],
        "eve-h-nabp": ["used"],
        "hp-ai": ["flagged"],
        "pyro-cape": [],
        "cdk-h": ["not-sensitive"],
    }
    assert "rank 5" in doc["reason"]


def test_next_flag_excludes_only_through_exclude_drugs(cli, case, workspace):
    # Same wording as ESR1_FLAG ("... aromatase inhibitor not active") but no exclude_drugs:
    # the message is for people and must not remove hp-ai; demote_drugs does not exclude either.
    wording_only = {**ESR1_FLAG, "id": "wording-only", "exclude_drugs": []}
    demote_only = {
        **ESR1_FLAG,
        "id": "demote",
        "exclude_drugs": [],
        "demote_drugs": ["aromatase-inhibitor"],
    }

    def next_with(flags):
        grouping = grouping_document("C1", "G1", "HER2", "hp-ai", AI[1], flags=flags)
        _set(workspace, pdo=_ranking(AI, PYRO), grouping=grouping)
        return cli("next", case, "--json").json()

    excluded = next_with([ESR1_FLAG])
    assert excluded["recommendation"]["regimen"] == "pyro-cape"
    hp_ai = next(c for c in excluded["considered"] if c["regimen"] == "hp-ai")
    assert hp_ai["excluded_because"] == ["flagged"]
    assert hp_ai["notes"] == ["flag: " + ESR1_FLAG["message"]]
    for flags in ([wording_only], [wording_only, demote_only]):
        kept = next_with(flags)
        assert kept["recommendation"]["regimen"] == "hp-ai"
        assert all(not c["excluded_because"] for c in kept["considered"])


def test_next_says_why_it_cannot(cli, case, workspace):
    _set(workspace, pdo=_ranking(TDM1, WEAK))
    doc = cli("next", case, "--json").json()
    assert doc["status"] == "none-eligible" and doc["recommendation"] is None
    _set(workspace, pdo=_ranking(TDM1))
    assert cli("next", case, "--json").json()["status"] == "all-used"
    _set(workspace, pdo=_ranking(WEAK))
    assert cli("next", case, "--json").json()["status"] == "none-sensitive"
    unranked = pdo_screen_document("C1", "S1", [])
    del unranked["ranking"]
    _set(workspace, pdo={"screens": [unranked]})
    assert cli("next", case, "--json").json()["status"] == "no-ranking"


def test_next_line_chosen_by_organoid(cli, case, workspace):
    _set(workspace, pdo=_ranking(PYRO))
    started = cli("line", "start", case, "--regimen", "pyro-cape", "--date", "2024-03-01", "--json")
    assert started.json()["line"]["chosen_by"] == "organoid"
    assert "rank 1" in started.json()["line"]["reason"]


def test_evaluate_without_measurements_is_an_input_error(cli, case):
    result = cli("response", "evaluate", case)
    assert result.exit_code == 3 and "response import" in result.stderr
