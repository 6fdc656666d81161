"""The demo patient's organoid screen (sample_cases/gen_40_pdo.py) through the CLI."""

from __future__ import annotations


def _load(cli, case_dir):
    folder = case_dir / "pdo"
    assert cli("case", "new", "DEMO-001", "--intake", case_dir / "intake.yaml").exit_code == 0
    layout = folder / "pdo_layout.csv"
    res = cli("pdo", "load", "DEMO-001", folder / "pdo_plate1_envision.csv", "--layout", layout,
              "--screen", "PDO1")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    res = cli("pdo", "load", "DEMO-001", folder / "pdo_diameters.csv", "--layout", layout,
              "--screen", "PDO1", "--readout", "diameter", "--json")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    return res.json()


def test_demo_ranking_is_clear(cli, sample_case_dir):
    loaded = _load(cli, sample_case_dir)
    assert loaded["readouts"] == ["diameter", "viability"]
    assert loaded["diameter"]["days"] == [0, 7]
    doc = cli("pdo", "rank", "DEMO-001", "--json").json()
    rows = {r["regimen"]: r for r in doc["regimens"]}
    kb_ranked = [r["regimen"] for r in doc["regimens"] if r["assessable"] and r["in_kb"]]
    assert kb_ranked[0] == "pyro-cape" and rows["pyro-cape"]["sensitive"] is True
    assert rows["pyro-cape"]["near_tie"] is False
    assert rows["pd1-h"]["assessable"] is False and rows["pd1-h"]["sensitive"] is None
    assert rows["pd1-h"]["rank"] == len(doc["regimens"])
    assert rows["tdm1"]["sensitive"] is False
    for name in ("pyro-cape", "eve-h-nabp", "tdm1", "hp-nabp", "cdk-h", "pd1-h"):
        assert rows[name]["regression_pct"] is not None and rows[name]["n_wells"] == 3

    by_regression = cli("pdo", "rank", "DEMO-001", "--metric", "regression", "--json").json()
    ranked = [r for r in by_regression["regimens"] if r["assessable"]]
    values = [r["regression_pct"] for r in ranked]
    assert values == sorted(values, reverse=True)
    assert ranked[0]["regimen"] == "pyro-cape"
    # sensitivity by regression uses the regression threshold (30 % by default)
    assert all(r["sensitive"] == (r["regression_pct"] >= 30.0) for r in ranked)


def test_threshold_option_overrides_the_kb(cli, sample_case_dir):
    _load(cli, sample_case_dir)
    doc = cli("pdo", "rank", "DEMO-001", "--threshold", "95", "--json").json()
    assert all(r["sensitive"] is False for r in doc["regimens"] if r["assessable"])
    assert {r["threshold"]["source"] for r in doc["regimens"]} == {"option"}
