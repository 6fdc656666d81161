"""The organoid section's screen-metrics table: body rows, legend from the stored values."""

from __future__ import annotations

from precisecli.report.sections.screen_metrics import metrics_table


def _reg(rank: int, name: str, **extra) -> dict:
    row = {"rank": rank, "regimen": name, "dss": 20.0 - rank, "dss_ci95": [15.0, 25.0]}
    row.update(extra)
    return row


def _doc(regimens: list[dict]) -> dict:
    return {
        "regimens": regimens,
        "bootstrap": {"resamples": 200},
        "screen_metrics": {"dss": {"variant": "dss2", "threshold_pct": 10},
                           "gr": {"available": False, "reason": "no day-0 read"}},
    }  # fmt: skip


def test_body_rows_are_the_given_regimens_in_rank_order():
    doc = _doc([_reg(3, "c"), _reg(1, "a"), _reg(2, "b")])
    t = metrics_table("S", doc, {"c", "a"})
    assert [r[1] for r in t["rows"]] == ["a", "c"]
    assert "(regimens above)" in t["title"]
    full = metrics_table("S", doc)
    assert [r[1] for r in full["rows"]] == ["a", "b", "c"]
    assert any("GR metrics not computable: no day-0 read" in x for x in full["legend"])


def test_organoid_legend_quotes_the_stored_threshold_and_only_when_shown():
    plain = metrics_table("S", _doc([_reg(1, "a")]))
    assert not any("Organoids regressing" in x for x in plain["legend"])
    org = _reg(1, "a", organoid_n=12, organoid_regressing_fraction=0.25,
               organoid_regression_median=12.0, organoid_regression_iqr=[5.0, 30.0],
               organoid_regressing_threshold_pct=25.0)  # fmt: skip
    t = metrics_table("S", _doc([org]))
    assert t["rows"][0][-2:] == ["25 % of 12", "12 (5 to 30)"]
    assert any("fell by at least 25 % at the reference dose" in x for x in t["legend"])
