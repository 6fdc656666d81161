"""Expected ZIP / Loewe / Bliss / HSA values for the SynergyFinder NCATS 10023 blocks.

Computed with the independent `synergy` package (David J. Wooten, PyPI `synergy` 1.0.0, GPL-3),
never with precise's code. Run it in a throwaway virtual environment, e.g.

    python3 -m venv /tmp/synvenv && /tmp/synvenv/bin/pip install synergy==1.0.0
    /tmp/synvenv/bin/python tests/data/pdo/synergy_expected/make_expected.py

Input: ../synergyfinder_NCATS_10023_{responses,metadata}.csv. Row r has the row drug at
RowConcs[r-1], Col c the column drug at ColConcs[c-1] (data-raw/NCATS_10023.R of
shuyuzheng/synergyfinder). Value is % *viability*, not inhibition: in the active blocks it is
~100 at the zero-dose row/column and falls towards the highest doses (block 9: 110 % at the
lowest, 11 % at the highest row dose alone). `synergy` works on a response E that falls with
dose, so E = Value/100; inhibition_pct below is 100 − Value.
Output (expected.csv): per block and dose cell the deltas in percentage points
(× 100; > 0 = synergy); the package's fitted single-drug Hill parameters (E0, Emax, h, C)
per block (singles.csv), with the package version.
"""

import csv
from importlib.metadata import version
from pathlib import Path

import numpy as np
from synergy.combination import HSA, ZIP, Bliss, Loewe

HERE = Path(__file__).resolve().parent
DATA = HERE.parent


def blocks():
    meta = {}
    with (DATA / "synergyfinder_NCATS_10023_metadata.csv").open() as fh:
        for r in csv.DictReader(fh):
            meta[int(r["BlockId"])] = (
                [float(x) for x in r["RowConcs"].split(",")],
                [float(x) for x in r["ColConcs"].split(",")],
            )
    cells = {}
    with (DATA / "synergyfinder_NCATS_10023_responses.csv").open() as fh:
        for r in csv.DictReader(fh):
            b = int(r["BlockId"])
            rc, cc = meta[b]
            cells.setdefault(b, []).append(
                (rc[int(float(r["Row"])) - 1], cc[int(float(r["Col"])) - 1], float(r["Value"]))
            )
    return cells


def main():
    rows, singles = [], []
    for b, cells in sorted(blocks().items()):
        d1 = np.array([c[0] for c in cells])
        d2 = np.array([c[1] for c in cells])
        e = np.array([c[2] for c in cells]) / 100.0
        z = ZIP()
        zs = z.fit(d1, d2, e)
        lw = Loewe(mode="delta_HSA")
        ls = lw.fit(d1, d2, e)
        bl = Bliss()
        bs = bl.fit(d1, d2, e)
        hs = HSA()
        hss = hs.fit(d1, d2, e)
        for name, m in (("row", z.drug1_model), ("col", z.drug2_model)):
            singles.append(
                {"block": b, "drug": name, "E0": m.E0, "Emax": m.Emax, "h": m.h, "C_um": m.C}
            )
        for i in range(d1.size):
            if d1[i] == 0 or d2[i] == 0:
                continue
            rows.append(
                {
                    "block": b,
                    "row_conc_um": d1[i],
                    "col_conc_um": d2[i],
                    "inhibition_pct": 100.0 - cells[i][2],
                    "zip_pct": 100.0 * zs[i],
                    "loewe_pct": 100.0 * ls[i],
                    "bliss_pct": 100.0 * bs[i],
                    "hsa_pct": 100.0 * hss[i],
                }
            )
    with (HERE / "expected.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.10g}" if isinstance(v, float) else v) for k, v in r.items()})
    with (HERE / "singles.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(singles[0]), lineterminator="\n")
        w.writeheader()
        for r in singles:
            w.writerow(
                {k: (f"{float(v):.10g}" if k not in ("block", "drug") else v) for k, v in r.items()}
            )
    (HERE / "VERSION").write_text("synergy " + version("synergy") + "\n")


if __name__ == "__main__":
    main()
