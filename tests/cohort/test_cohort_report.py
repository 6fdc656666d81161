"""The cohort report: KM curves, numbers at risk, censor marks, medians and the log-rank p equal
lifelines' on the same data; exact CIs equal scipy's beta quantiles; Simon arms are staged by
enrolment order; the files are deterministic."""

from __future__ import annotations

import json

import pytest

from precisecli.cohort.synthetic import write_cohort

DAYS = 30.4375


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    ws = tmp_path_factory.mktemp("report") / "ws"
    truths = write_cohort(ws, seed=11)
    return ws, truths


@pytest.fixture(scope="module")
def data(cohort):
    from precisecli.cohort.report_model import build_data
    from precisecli.knowledge import load_kb
    from precisecli.store.case_summary import read_summary
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace

    ws, _ = cohort
    st = CaseStore(Workspace.locate(ws))
    return build_data([read_summary(st, c) for c in st.workspace.case_ids()], load_kb(), None)


def _lifelines_at_risk(kmf, t):
    table = kmf.event_table.assign(at_risk=lambda x: x.at_risk - x.removed)
    return int(table.loc[:t, "at_risk"].tail(1).values.item())


def test_km_at_risk_censors_medians_equal_lifelines(cohort, data):
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    _, truths = cohort
    for g in data["groups"]:
        members = [t for t in truths if t.group == g["group"]]
        durations = [t.pfs_days / DAYS for t in members]
        events = [t.pfs_event for t in members]
        kmf = KaplanMeierFitter().fit(durations, events)
        c = g["km_curve"]
        assert c["times"] == pytest.approx(list(kmf.event_table.index))
        assert c["survival"] == pytest.approx(list(kmf.survival_function_.iloc[:, 0]), abs=1e-12)
        assert c["at_risk_grid"] == [_lifelines_at_risk(kmf, t) for t in c["grid"]]
        censored = sorted(d for d, e in zip(durations, events, strict=True) if not e)
        assert c["censor_times"] == pytest.approx(censored)
        at_censor = [float(kmf.survival_function_at_times(t).iloc[0]) for t in censored]
        assert c["censor_survival"] == pytest.approx(at_censor)
        median = kmf.median_survival_time_
        assert c["median"] == (None if median == float("inf") else pytest.approx(median))
        lo, hi = (float(x) for x in median_survival_times(kmf.confidence_interval_).iloc[0])
        assert c["median_ci95"][0] == (None if lo == float("inf") else pytest.approx(lo))
        assert c["median_ci95"][1] == (None if hi == float("inf") else pytest.approx(hi))


def test_logrank_equals_lifelines(cohort, data):
    from lifelines.statistics import multivariate_logrank_test

    _, truths = cohort
    ref = multivariate_logrank_test([t.pfs_days for t in truths], [t.group for t in truths],
                                    [t.pfs_event for t in truths])  # fmt: skip
    assert data["logrank"]["p_value"] == pytest.approx(float(ref.p_value), rel=1e-9)
    assert data["logrank"]["test_statistic"] == pytest.approx(float(ref.test_statistic), rel=1e-9)


def test_exact_cis_equal_scipy(data):
    from scipy.stats import beta

    for g in data["groups"]:
        p = g["orr_first_evaluation"]
        k, n = p["k"], p["n"]
        lo = 0.0 if k == 0 else beta.ppf(0.025, k, n - k + 1)
        hi = 1.0 if k == n else beta.ppf(0.975, k + 1, n - k)
        assert p["ci95"] == pytest.approx([lo, hi], abs=1e-10)


def test_concordance_and_waterfall(cohort, data):
    _, truths = cohort
    pairs = [t for t in truths if t.organoid_assessable]
    a = data["concordance"]["all"]
    assert a["tp"] == sum(t.organoid_sensitive and t.responder for t in pairs)
    assert a["tn"] == sum(not t.organoid_sensitive and not t.responder for t in pairs)
    changes = [b["change_pct"] for b in data["waterfall"]]
    assert changes == sorted(changes, reverse=True)
    # Responders shrank to 28 mm from 50 mm at best: -44 %.
    by_case = {b["case_id"]: b["change_pct"] for b in data["waterfall"]}
    assert all(by_case[t.case_id] == -44.0 for t in truths if t.responder)


def _summary(case_id, start, responder):
    overall = "PR" if responder else "SD"
    first = {"date": start, "days": 42, "overall": overall}
    outcome = {"treated": True, "measurable": True, "first_evaluation": first}
    return {"case_id": case_id, "lines": [{"start": start}], "outcome": outcome}


def test_simon_arms_follow_enrolment_order():
    from precisecli.cohort.simon import Design, inference
    from precisecli.cohort.study import simon_results

    design = {"p0": 0.2, "p1": 0.5, "alpha": 0.1, "beta": 0.2, "n1": 4, "r1": 0, "n": 9, "r": 3}
    # Enrolled (by start date) R N N N | R R N R N: x1 = 1 > r1, s = 4 in 9 -> stage 2.
    flags = [True, False, False, False, True, True, False, True, False]
    members = [_summary(f"C{i}", f"2024-01-{i + 1:02d}", f) for i, f in enumerate(flags)]
    members.reverse()  # the order of the list must not matter
    early = [_summary(f"E{i}", f"2024-02-{i + 1:02d}", False) for i in range(6)]
    out = simon_results({"simon": {**design, "groups": ["G1", "G2", "G3"]}}, [],
                        {"G1": members, "G2": early, "G3": members[:3]})  # fmt: skip
    d = Design(**design)
    g1, g2, g3 = out["arms"]
    assert g1["inference"] == inference(d, 2, 4)
    assert g2["inference"] == inference(d, 1, 0) and "2 later patient(s)" in g2["status"]
    assert g3["inference"] is None and "stage 1 incomplete" in g3["status"]


def test_study_file_is_checked(tmp_path, cli, cohort):
    ws, _ = cohort
    bad = tmp_path / "study.yaml"
    bad.write_text("simon: {p0: 0.4, p1: 0.2, alpha: 0.05, beta: 0.2, n1: 13, r1: 3, n: 43, "
                   "r: 12}\n")  # fmt: skip
    result = cli("--workspace", ws, "cohort", "report", "--out", tmp_path / "o", "--study", bad)
    assert result.exit_code == 3
    assert "study.yaml" in result.stderr and "p0 < p1" in result.stderr


@pytest.mark.slow
def test_report_files_are_deterministic_and_pass_the_visual_checks(cohort, cli, tmp_path):
    ws, _ = cohort
    study = tmp_path / "study.yaml"
    study.write_text("study: synthetic\nsimon: {p0: 0.2, p1: 0.4, alpha: 0.05, beta: 0.2, "
                     "n1: 3, r1: 0, n: 6, r: 2}\n")  # fmt: skip
    outs = []
    for name in ("a", "b"):
        result = cli("--workspace", ws, "cohort", "report", "--out", tmp_path / name,
                     "--study", study, "--json")  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert result.json()["files"] == ["cohort_report.html", "cohort_report.json",
                                          "cohort_report.pdf"]  # fmt: skip
        outs.append(tmp_path / name)
    for name in ("cohort_report.pdf", "cohort_report.html", "cohort_report.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    model = json.loads((outs[0] / "cohort_report.json").read_text())["model"]
    assert [s["title"] for s in model["sections"]][-1] == "ORR against the Simon two-stage design"
    from tests.visual.checks import (
        check_html,
        check_pdf_pages,
        missing_browser,
        missing_pdf_tools,
        require,
    )

    require(missing_pdf_tools())
    assert check_pdf_pages(outs[0] / "cohort_report.pdf", tmp_path / "png") == []
    require(missing_browser())
    assert check_html(outs[0] / "cohort_report.html", tmp_path / "shots") == []
