"""Organoid drug screen of the synthetic demo patient.

Writes, into ``pdo/`` of the case folder:
  * ``pdo_plate1_envision.csv``: one 384-well plate as a PerkinElmer EnVision CSV export (the block
    shape of the public allotropy example: Plate information / Background information /
    Results for … with a ``,01,…,24,`` header and row letters), luminescence in CPS;
  * ``pdo_layout.csv``: the long-table layout (plate, well, role, regimen, drug, conc, unit,
    drug2, conc2, unit2); vehicle (DMSO) and kill control (staurosporine) in columns 1/12 and
    24/13, six knowledge-base regimens plus the single agents pyrotinib and capecitabine at 8
    concentrations (3-fold dilutions) in triplicate;
  * ``pdo_diameters.csv``: organoid long diameters on day 0 and day 7 (plate, well, organoid_id,
    day, diameter_um), five organoids per treated or vehicle well.
Truth (viability at the middle dose): pyrotinib + capecitabine clearly most active, then
everolimus + trastuzumab + nab-paclitaxel; T-DM1 weak (the patient progressed on it); anti-PD-1 +
trastuzumab cannot be judged on organoids (no T cells) and is reported as not assessable.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ROWS = "ABCDEFGHIJKLMNOP"
VEHICLE, KILL = 52000.0, 1500.0
HILL = 1.4
N_DOSES, DILUTION = 8, 3.0

# regimen (None for a single agent) → drugs on the plate with their top dose (µM),
# true IC50 of drug 1 as a multiple of the middle (reference) dose, Einf
REGIMENS = [
    ("pyro-cape", (("pyrotinib", 10.0), ("capecitabine", 1000.0)), 0.15, 0.03),
    ("eve-h-nabp", (("everolimus", 1.0), ("nab-paclitaxel", 1.0)), 0.6, 0.08),
    ("hp-nabp", (("trastuzumab", 0.1), ("nab-paclitaxel", 3.0)), 1.8, 0.1),
    ("tdm1", (("t-dm1", 1.0),), 4.0, 0.15),
    ("cdk-h", (("cdk46-inhibitor", 10.0), ("trastuzumab", 0.1)), None, 0.55),
    ("pd1-h", (("anti-pd-1", 1.0), ("trastuzumab", 0.1)), None, 0.9),
    (None, (("pyrotinib", 10.0),), 0.6, 0.05),
    (None, (("capecitabine", 1000.0),), 3.0, 0.05),
]


def _viability(top: float, factor: float | None, einf: float, dose: float) -> float:
    ref = top / DILUTION**3
    if factor is None:
        ec50 = top / 9.0
    else:
        ec50 = factor * ref / (0.5 / (0.5 - einf)) ** (1.0 / HILL)
    return einf + (1.0 - einf) / (1.0 + (dose / ec50) ** HILL)


def _layout():
    """(well, row dict, true viability) for every used well of plate 1."""
    out = []
    for r in range(16):
        for c, role in ((0, "vehicle"), (23, "kill")):
            out.append((f"{ROWS[r]}{c + 1}", _ctrl(role), 1.0 if role == "vehicle" else 0.0))
        if 1 <= r <= 14:
            for c, role in ((11, "vehicle"), (12, "kill")):
                out.append((f"{ROWS[r]}{c + 1}", _ctrl(role), 1.0 if role == "vehicle" else 0.0))
    for b, (regimen, drugs, factor, einf) in enumerate(REGIMENS):
        half, slot = divmod(b, 4)
        first_row, first_col = 1 + slot * 3, (2 if half == 0 else 14)
        for rep in range(3):
            for k in range(N_DOSES):
                doses = [top / DILUTION**k for _, top in drugs]
                row = {"role": "treatment", "regimen": regimen or ""}
                for i, ((name, _), dose) in enumerate(zip(drugs, doses, strict=True)):
                    suffix = "" if i == 0 else "2"
                    row[f"drug{suffix}"] = name
                    row[f"conc{suffix}"] = f"{dose:.6g}"
                    row[f"unit{suffix}"] = "uM"
                v = _viability(drugs[0][1], factor, einf, doses[0])
                out.append((f"{ROWS[first_row + rep]}{first_col + k + 1}", row, v))
    return out


def _ctrl(role: str) -> dict[str, str]:
    agent = {"vehicle": "DMSO", "kill": "staurosporine"}[role]
    return {"role": role, "drug": agent}


def _envision(values: dict[str, float]) -> str:
    lines = [
        "Plate information ",
        "Plate,Repeat,Barcode,Measured height,Chamber temperature at start,Chamber temperature at "
        "end,Humidity at start,Humidity at end,Ambient temperature at start,Ambient temperature at "
        "end,Group,Label,ScanX,ScanY,Measinfo,Kinetics,Measurement date,",
        '1,1,"=""PDO-DEMO-0001""",14.67,23.47,23.56,46.9,47.5,23.87,23.97,1,0_1 US LUM 384(1),0,0,'
        "De=USLum Ex=N/A Em=N/A Wdw=N/A (12),0,3/2/2026 10:15:31 AM,",
        "",
        "Background information",
        "Plate,Label,Result,Signal,Flashes/Time,Meastime,MeasInfo,",
        "1,0_1 US LUM 384,0,4,0.1,00:00:00.000,De=USLum Ex=N/A Em=N/A Wdw=N/A (12),",
        "",
        "Results for 0_1 US LUM 384(1) - channel 0 (CPS)",
        "," + ",".join(f"{c:02d}" for c in range(1, 25)) + ",",
    ]
    for r in ROWS:
        lines.append(r + "," + ",".join(str(round(values[f"{r}{c}"])) for c in range(1, 25)) + ",")
    lines += [
        "",
        "",
        "Basic assay information ",
        "Assay ID: ,,,,4021",
        "Protocol Name: ,,,,CellTiter-Glo 3D organoid 384",
        "",
    ]
    return "\n".join(lines) + "\n"


def generate(case_dir: Path, rng: random.Random) -> list[Path]:
    folder = case_dir / "pdo"
    folder.mkdir(exist_ok=True)
    layout = _layout()
    values = {f"{r}{c}": max(0.0, rng.gauss(300.0, 40.0)) for r in ROWS for c in range(1, 25)}
    for well, _, v in layout:
        values[well] = max(0.0, KILL + (VEHICLE - KILL) * (v + rng.gauss(0.0, 0.025)))
    plate = folder / "pdo_plate1_envision.csv"
    plate.write_text(_envision(values), encoding="utf-8")

    layout_path = folder / "pdo_layout.csv"
    columns = [
        "plate",
        "well",
        "role",
        "regimen",
        "drug",
        "conc",
        "unit",
        "drug2",
        "conc2",
        "unit2",
    ]
    with layout_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for well, row, _ in layout:
            w.writerow({**dict.fromkeys(columns, ""), **row, "plate": "1", "well": well})

    diam_path = folder / "pdo_diameters.csv"
    with diam_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["plate", "well", "organoid_id", "day", "diameter_um"])
        for well, row, v in layout:
            if row["role"] not in ("vehicle", "treatment"):
                continue
            for k in range(1, 6):
                d0 = rng.gauss(140.0, 18.0)
                # untreated organoids grow ~30 % in a week; effective drugs shrink them
                dt = d0 * (0.5 + 0.8 * v) * rng.gauss(1.0, 0.05)
                w.writerow(["1", well, f"O{k}", 0, f"{d0:.1f}"])
                w.writerow(["1", well, f"O{k}", 7, f"{dt:.1f}"])
    return [plate, layout_path, diam_path]
