"""Fit quality gates decisions: a random-signal regimen is never sensitive, never recommended.

The screens are generated (tests/pdo/synth_screen.py) and go through the real CLI
(`pdo load`, `pdo rank`, `next`). The thresholds used are read from the bundled knowledge base.
"""

from __future__ import annotations

import math
import random
import time

import pytest

from precisecli.knowledge import load_kb
from precisecli.pdo.curves import Curve, fit_curves
from precisecli.pdo.fitquality import FitQuality, poor_fit_reason
from precisecli.pdo.normalise import Well
from precisecli.pdo.ranking import rank_screen
from tests.conftest import DATA
from tests.pdo import synth_screen as truth

RANDOM_REGIMEN = "pyro-cape"  # the truly best regimen: its wells are replaced by noise


def write_random_signal_screen(folder, seed: int):
    """One plate of the synthetic screen; pyro-cape's wells read uniform noise (viability
    0–90 %: on average *more* inhibition than the 50 % threshold, unrelated to dose)."""
    import csv

    rng = random.Random(seed)
    layout = truth.layout_rows(("P1",))
    values = truth.signals(rng, layout, "P1")
    for row in layout:
        if row.get("role") == "treatment" and row["regimen"] == RANDOM_REGIMEN:
            v = rng.uniform(0.0, 0.9)
            values[row["well"]] = truth.KILL_SIGNAL + (truth.VEHICLE_SIGNAL - truth.KILL_SIGNAL) * v
    plates = folder / "plates.csv"
    plates.write_text(truth.envision_csv({"P1": values}, {"P1": "1"}), encoding="utf-8")
    layout_path = folder / "layout.csv"
    cols = ["plate", "well", "role", "regimen", "drug", "conc", "unit", "drug2", "conc2", "unit2"]
    with layout_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for row in layout:
            w.writerow({**dict.fromkeys(cols, ""), **row, "plate": "1"})
    return plates, layout_path


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_signal_regimen_is_never_sensitive_nor_recommended(cli, tmp_path, seed):
    plates, layout = write_random_signal_screen(tmp_path, seed)
    assert cli("case", "new", "R1", "--pseudonym", "X").exit_code == 0
    res = cli("pdo", "load", "R1", plates, "--layout", layout, "--screen", "S1")
    assert res.exit_code == 0, res.stderr
    for model in ("ll3", "ll4"):
        res = cli("pdo", "rank", "R1", "--model", model, "--json")
        assert res.exit_code == 0, res.stderr
        doc = res.json()
        rows = {r["regimen"]: r for r in doc["regimens"]}
        noise = rows[RANDOM_REGIMEN]
        assert noise["sensitive"] is not True
        assert noise["assessable"] is False and "poor-fit" in noise["fit_flags"]
        assert "poor-fit" in noise["assessable_note"]
        # ranked after every assessable regimen
        assessable_ranks = [r["rank"] for r in doc["regimens"] if r["assessable"]]
        assert noise["rank"] > max(assessable_ranks)
        # the clean regimens are untouched: still judged, eve-h-nabp still sensitive
        assert rows["eve-h-nabp"]["assessable"] and rows["eve-h-nabp"]["sensitive"]
        # near ties come from a comparison: well-separated neighbours are not ties
        judged = [r for r in doc["regimens"] if r["assessable"]]
        assert any(r["near_tie"] is False for r in judged)
        nxt = cli("next", "R1", "--json").json()
        assert nxt["recommendation"]["regimen"] != RANDOM_REGIMEN
        considered = {c["regimen"]: c for c in nxt["considered"]}
        assert "not-assessable" in considered[RANDOM_REGIMEN]["excluded_because"]
    table = cli("pdo", "rank", "R1")
    assert table.exit_code == 0 and "R²" in table.stdout and "poor-fit" in table.stdout


def _wells(regimen, drug, doses_inh):
    out = []
    for j, (dose, inh) in enumerate(doses_inh):
        out.append(Well("1", f"A{j + 1}", 0, j, "treatment", regimen, (drug,), (dose,), 1.0,
                        100.0 - inh))  # fmt: skip
    return out


def test_a_call_with_a_very_wide_ci_is_not_sensitive():
    """Capecitabine with two discordant replicates at the reference dose: CI −30 to 161."""
    kb = load_kb()
    q = FitQuality.from_kb(kb)
    doses = [1000.0 / 3**k for k in range(7)]
    ref = doses[3]  # the middle of the tested range
    data = []
    for dose in doses:
        if dose == ref:
            data += [(dose, 58.0), (dose, 73.0)]  # mean 65.5, SD 10.6, n 2 → t(1) CI ±95.3
        else:
            inh = 100.0 / (1 + (ref * 1.3 / dose) ** 1.2)
            data += [(dose, inh - 2.0), (dose, inh + 2.0)]
    wells = _wells("capecitabine", "capecitabine", data)
    curve = Curve("capecitabine", tuple(d for d, _ in data), tuple(1 - i / 100 for _, i in data))
    fits = {f.key: f for f in fit_curves([curve])}
    doc = rank_screen(case_id="C1", screen_id="S1", metric="inhibition", wells=wells, fits=fits,
                      regressions=[], synergy=[], kb=kb)  # fmt: skip
    (row,) = doc["regimens"]
    half = 12.706204736174707 * math.sqrt(((58 - 65.5) ** 2 + (73 - 65.5) ** 2) / 1) / math.sqrt(2)
    assert row["ci95"] == pytest.approx([65.5 - half, 65.5 + half])  # ≈ −30 … 161
    assert row["ci95"][1] - row["ci95"][0] > q.max_ci95_width_pct
    assert row["inhibition_pct"] > 50 and row["sensitive"] is None and row["assessable"] is False
    assert "imprecise" in row["assessable_note"]


def test_poor_fit_rule_by_hand():
    q = FitQuality(min_r2=0.5, max_rse=0.2, max_flat_sd=0.1, max_ci95_width_pct=50)

    class F:  # the fields the rule reads
        hill = 1.0

        def __init__(self, r2, rse, sd_total):
            self.r2, self.rse, self.sd_total = r2, rse, sd_total

    assert poor_fit_reason(F(0.9, 0.25, 0.5), q).startswith("residual SE")
    assert poor_fit_reason(F(0.3, 0.15, 0.25), q).startswith("R²")  # varies, unexplained
    assert poor_fit_reason(F(0.05, 0.04, 0.04), q) is None  # flat and tight: all dead
    assert poor_fit_reason(F(0.9, 0.05, 0.3), q) is None
    assert poor_fit_reason(F(0.2, 0.15, 0.12), q).startswith("R²")  # not flat: R² applies


@pytest.mark.slow
def test_public_breeze_screen_ranks_with_both_models(cli, tmp_path):
    """The public Breeze demo screen (132 drugs × 5 doses): exit 5 (ZeroDivisionError) before."""
    path = DATA / "pdo" / "Breeze_Raw_Data_Demo_FULL.xlsx"
    assert cli("case", "new", "BZ", "--pseudonym", "X").exit_code == 0
    res = cli("pdo", "load", "BZ", path, "--layout", path, "--conc-unit", "nM", "--screen", "BZ")
    assert res.exit_code == 0, res.stderr
    for model in ("ll3", "ll4"):
        t0 = time.perf_counter()
        res = cli("pdo", "rank", "BZ", "--model", model, "--json")
        elapsed = time.perf_counter() - t0
        assert res.exit_code == 0, res.stderr
        doc = res.json()
        assert len(doc["fits"]) == 132 and all(f["status"] for f in doc["fits"])
        judged = [r for r in doc["regimens"] if r["assessable"]]
        assert judged and all(isinstance(r["near_tie"], bool) for r in judged)
        assert all(r["near_tie"] is None for r in doc["regimens"] if not r["assessable"])
        for r in doc["regimens"]:
            if r["ic50_um"] is None and r["ic50_qualifier"]:
                assert r["ic50_bound_um"] > 0
            if r["sensitive"]:
                assert r["assessable"] and "poor-fit" not in r["fit_flags"]
        assert elapsed < 30  # generous for a loaded CI machine; the budget is in bench_fit.py


def test_rank_shows_a_progress_bar_on_a_terminal(cli, tmp_path, workspace):
    """Under a real pty the fitting step draws a progress bar (and still prints the table)."""
    from tests.ptyrun import run_pty

    plates, layout = truth.write_screen(tmp_path, plates=("P1",))
    assert cli("case", "new", "T1", "--pseudonym", "X").exit_code == 0
    assert cli("pdo", "load", "T1", plates, "--layout", layout, "--screen", "S1").exit_code == 0
    result = run_pty("--workspace", workspace, "pdo", "rank", "T1", "--model", "ll4", cols=200)
    assert result.exit_code == 0, result.text[-2000:]
    assert "Fitting curves" in result.text  # the bar's label, drawn while fitting
    assert "R²" in result.text and "pyro-cape" in result.text
    piped = cli("pdo", "rank", "T1", "--model", "ll4")
    assert piped.exit_code == 0 and "Fitting curves" not in piped.stdout + piped.stderr


def test_next_never_recommends_a_poor_fit_even_from_an_inconsistent_ranking():
    from precisecli.pdo.fitquality import GATING_FLAGS
    from precisecli.response.nextline import GATING_FIT_FLAGS, recommend

    assert set(GATING_FLAGS) == GATING_FIT_FLAGS

    def entry(rank, regimen, drugs, flags):
        return {"rank": rank, "regimen": regimen, "drugs": drugs, "inhibition_pct": 80.0,
                "sensitive": True, "assessable": True, "near_tie": False,
                "fit_flags": flags}  # fmt: skip

    ranking = {"regimens": [entry(1, "tdm1", ["t-dm1"], ["poor-fit"]),
                            entry(2, "pyrotinib", ["pyrotinib"], ["at-bound"])]}  # fmt: skip
    record = {"pdo": {"screens": [{"screen_id": "S1", "ranking": ranking}]}}
    doc = recommend(record)
    assert doc["recommendation"]["regimen"] == "pyrotinib"
    first = doc["considered"][0]
    assert first["regimen"] == "tdm1" and "not-assessable" in first["excluded_because"]


def test_report_shows_ic50_bounds_and_small_values_with_significant_digits():
    from precisecli.pdo import metric_cells as cells

    def _ic50(r):  # as the report's organoid table shows it
        return cells.bounded(r, "ic50", cells.REPORT)

    assert _ic50({"ic50_um": 0.000123}) == "0.000123"
    assert _ic50({"ic50_um": 112.22276613320835}) == "112"
    assert _ic50({"ic50_um": None, "ic50_qualifier": "<", "ic50_bound_um": 0.0457}) == "< 0.0457"
    assert _ic50({"ic50_um": None, "ic50_qualifier": ">", "ic50_bound_um": 10.0}) == "> 10"
    assert _ic50({"ic50_um": None}) == "–"
