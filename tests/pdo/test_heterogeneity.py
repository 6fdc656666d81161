"""Organoid-level heterogeneity: per-organoid regression, fraction regressing ≥ 30 %, IQR.

Hand-made diameter table: regimen A's wells hold organoids that shrink 50 %, 40 %, 10 % and 0 %
(two of four regress ≥ 30 %); regimen B's shrink 25 % each (none does, the same 25 % mean as A).
The per-well mean hides the difference; the organoid-level fraction and IQR show it.
"""

from __future__ import annotations

import numpy as np
import pytest

from precisecli.pdo.heterogeneity import organoid_rows, summarise
from precisecli.pdo.model import DiameterRecord

LAYOUT = "plate,well,role,drug,conc,unit\nP1,A1,treatment,drugx,1,uM\nP1,A2,treatment,drugx,1,uM\n"
LAYOUT += "P1,B1,treatment,drugy,1,uM\nP1,B2,treatment,drugy,1,uM\nP1,C1,vehicle,DMSO,,\n"
SHRINK = {"A1": [0.5, 0.4], "A2": [0.1, 0.0], "B1": [0.25, 0.25], "B2": [0.25, 0.25], "C1": [0, 0]}


def _table():
    lines = ["plate,well,organoid_id,day,diameter_um"]
    for well, shrinks in SHRINK.items():
        for k, s in enumerate(shrinks, start=1):
            lines.append(f"P1,{well},{k},0,200")
            lines.append(f"P1,{well},{k},7,{200 * (1 - s):g}")
    lines.append("P1,C1,99,7,150")  # seen on the last day only: not tracked
    return "\n".join(lines) + "\n"


def test_organoid_rows_track_only_organoids_seen_on_both_days():
    recs = [
        DiameterRecord("P1", "A1", "1", 0, 200.0),
        DiameterRecord("P1", "A1", "1", 7, 100.0),
        DiameterRecord("P1", "A1", "2", 7, 90.0),
    ]
    (row,) = organoid_rows(recs)
    assert row["organoid_id"] == "1" and row["regression_pct"] == pytest.approx(50.0)


def test_summary_by_hand():
    s = summarise([50.0, 40.0, 10.0, 0.0], 30.0)
    assert s["organoid_n"] == 4 and s["organoid_regressing_fraction"] == 0.5
    assert s["organoid_regression_median"] == pytest.approx(25.0)
    assert s["organoid_regression_iqr"] == pytest.approx(
        list(np.percentile([0, 10, 40, 50], [25, 75]))
    )


def test_rank_reports_fraction_and_spread(cli, tmp_path):
    (tmp_path / "layout.csv").write_text(LAYOUT)
    (tmp_path / "diam.csv").write_text(_table())
    assert cli("case", "new", "HET-1").exit_code == 0
    diam, layout = str(tmp_path / "diam.csv"), str(tmp_path / "layout.csv")
    res = cli(
        "pdo", "load", "HET-1", diam, "--layout", layout, "--screen", "D1", "--readout", "diameter"
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    res = cli("pdo", "rank", "HET-1", "--metric", "regression", "--json")
    assert res.exit_code == 0, res.stderr
    rows = {r["regimen"]: r for r in res.json()["regimens"]}
    a, b = rows["drugx"], rows["drugy"]
    assert a["regression_pct"] == pytest.approx(b["regression_pct"])  # the means agree
    assert a["organoid_n"] == 4 and b["organoid_n"] == 4
    assert a["organoid_regressing_fraction"] == 0.5 and b["organoid_regressing_fraction"] == 0.0
    assert a["organoid_regression_iqr"][1] - a["organoid_regression_iqr"][0] > 20
    assert b["organoid_regression_iqr"] == pytest.approx([25.0, 25.0])
    assert a["organoid_regressing_threshold_pct"] == 30.0 and a["organoid_reason"] is None
    # a viability-only regimen: null with the reason
    assert a["dss"] is None and a["dss_reason"]
    assert cli("case", "validate", "HET-1").exit_code == 0
