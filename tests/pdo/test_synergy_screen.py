"""A dose-matrix combination through `pdo rank`: ZIP/Loewe in the JSON, landscape heat maps.

Truth: the combination's viability is the Bliss product of two Hill curves with top 1, so every
ZIP slice (drug 1 varied at a fixed dose of drug 2) is itself a Hill curve with E0 equal to drug
2's single effect and the same slope and midpoint: the ZIP delta is 0 in every cell (Yadav 2015).
"""

from __future__ import annotations

import json

import pytest

VEH, BLANK = 20000.0, 500.0
DOSES = [0.01, 0.1, 1.0, 10.0]


def hill(d, emax, c, h):
    return 1.0 - (1.0 - emax) * d**h / (c**h + d**h)


def vx(d):
    return hill(d, 0.1, 0.3, 1.2) if d > 0 else 1.0


def vy(d):
    return hill(d, 0.3, 1.0, 1.6) if d > 0 else 1.0


def write(tmp_path):
    layout = ["plate,well,role,drug,conc,unit,drug2,conc2,unit2"]
    reads = ["plate,well,value"]
    wells = [f"{r}{c}" for r in "ABCDEFGH" for c in range(2, 11)]
    cells = [(a, 0.0) for a in DOSES] + [(0.0, b) for b in DOSES]
    cells += [(a, b) for a in DOSES for b in DOSES]
    k = 0
    for _rep in range(2):
        for a, b in cells:
            w = wells[k]
            k += 1
            if b == 0:
                layout.append(f"P1,{w},treatment,drugx,{a},uM,,,")
            elif a == 0:
                layout.append(f"P1,{w},treatment,drugy,{b},uM,,,")
            else:
                layout.append(f"P1,{w},treatment,drugx,{a},uM,drugy,{b},uM")
            reads.append(f"P1,{w},{BLANK + vx(a) * vy(b) * (VEH - BLANK):.3f}")
    for r in "ABCDEFGH":
        layout += [f"P1,{r}1,vehicle,DMSO,,,,,", f"P1,{r}12,blank,medium,,,,,"]
        reads += [f"P1,{r}1,{VEH + (25 if r in 'ACEG' else -25)}", f"P1,{r}12,{BLANK}"]
    (tmp_path / "layout.csv").write_text("\n".join(layout) + "\n")
    (tmp_path / "reads.csv").write_text("\n".join(reads) + "\n")


def test_dose_matrix_zip_is_zero_for_bliss_data_and_landscapes_are_written(
    cli, workspace, tmp_path
):
    write(tmp_path)
    assert cli("case", "new", "SYN-1").exit_code == 0
    res = cli("pdo", "load", "SYN-1", str(tmp_path / "reads.csv"), "--layout",
              str(tmp_path / "layout.csv"), "--screen", "S")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    res = cli("pdo", "rank", "SYN-1", "--json")
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    rows = {r["regimen"]: r for r in doc["regimens"]}
    combo = rows["drugx+drugy"]
    assert combo["synergy_reason"] is None
    assert combo["zip"] == pytest.approx(0.0, abs=0.5)
    assert combo["loewe"] is not None and combo["zip_most_synergistic_area"] is not None
    (m,) = doc["screen_metrics"]["synergy_matrices"]
    assert m["row_doses_um"] == pytest.approx(DOSES) and len(m["zip_pct"]) == 4
    assert all(abs(v) < 0.5 for row in m["zip_pct"] for v in row)
    assert rows["drugx"]["zip"] is None and rows["drugx"]["synergy_reason"] == "single agent"
    case_dir = workspace / "SYN-1"
    svg = (case_dir / "pdo" / "S" / "plots" / "synergy_drugx_drugy_zip.svg").read_bytes()
    assert svg.startswith(b"<svg") and b"ZIP delta" in svg
    # the report's organoid section carries the metrics table and the landscape
    from precisecli.report.model import build_model

    record = json.loads((case_dir / "case.json").read_text())
    model = build_model(case_dir, record)
    (sec,) = [s for s in model["sections"] if s["id"] == "organoids"]
    titles = [t["title"] for t in sec["tables"]]
    assert any("screen metrics" in t for t in titles)
    assert any("ZIP synergy landscape" in t for t in titles)
