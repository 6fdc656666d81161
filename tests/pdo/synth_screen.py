"""A synthetic organoid screen with known truth, written as a PerkinElmer EnVision CSV export
(the block shape of the public allotropy example) plus a long-table layout.

Three 384-well plates carry the same layout: vehicle in column 1 (edge) and column 12 rows B–O
(interior), kill control in column 24 (edge) and column 13 rows B–O, and eight treatment blocks
(3 replicate rows × 8 doses, 3-fold dilutions) in the interior. Plate P2 has an edge effect (every
edge well reads 30 % low); plate P3 has noisy controls (Z′ < 0.5) and treatment wells that show
no drug effect, so using it would change the results.
"""

from __future__ import annotations

import random
from pathlib import Path

ROWS = "ABCDEFGHIJKLMNOP"
VEHICLE_SIGNAL = 20000.0
KILL_SIGNAL = 800.0
HILL = 1.5

# regimen id → (drugs on the plate, top dose of each in µM, true absolute IC50 of drug 1 as a
# multiple of the reference dose (top/27, see reference_dose), Einf). Layouts name at most two
# drugs per well; three-drug regimens give the regimen id. Inhibition at the reference dose:
# pyro-cape ≈ 88 %, eve-h-nabp ≈ 75, pyrotinib ≈ 57, tdm1 ≈ 36, hp-nabp ≈ 21, capecitabine ≈ 14,
# cdk-h ≈ 6 (Einf 0.62: never reaches 50 %), pd1-h ≈ 3 (not assessable on organoids).
TRUTH: dict[str, tuple[tuple[str, ...], tuple[float, ...], float | None, float]] = {
    "pyro-cape": (("pyrotinib", "capecitabine"), (10.0, 1000.0), 0.2, 0.03),
    "eve-h-nabp": (("everolimus", "nab-paclitaxel"), (1.0, 1.0), 0.45, 0.05),
    "tdm1": (("t-dm1",), (1.0,), 1.5, 0.05),
    "hp-nabp": (("trastuzumab", "nab-paclitaxel"), (0.1, 3.0), 2.5, 0.05),
    "cdk-h": (("cdk46-inhibitor", "trastuzumab"), (10.0, 0.1), None, 0.62),
    "pd1-h": (("anti-pd-1", "trastuzumab"), (1.0, 0.1), None, 0.9),
    "pyrotinib": (("pyrotinib",), (10.0,), 0.8, 0.05),
    "capecitabine": (("capecitabine",), (1000.0,), 3.5, 0.05),
}
N_DOSES = 8
DILUTION = 3.0


def ec50_for(ic50: float | None, einf: float, top_dose: float) -> float:
    """EC50 giving the wanted absolute IC50 (LL3u: IC50 = EC50·(0.5/(0.5 − c))^(1/h))."""
    if ic50 is None:
        return top_dose / 9.0  # midpoint inside the range; never crosses 50 % since c > 0.5
    return ic50 / (0.5 / (0.5 - einf)) ** (1.0 / HILL)


def true_ic50(regimen: str) -> float | None:
    factor = TRUTH[regimen][2]
    return None if factor is None else factor * reference_dose(regimen)[0]


def viability(regimen: str, dose1: float) -> float:
    drugs, tops, _, einf = TRUTH[regimen]
    ic50 = true_ic50(regimen)
    ec50 = ec50_for(ic50, einf, tops[0])
    return einf + (1.0 - einf) / (1.0 + (dose1 / ec50) ** HILL)


def doses(regimen: str) -> list[tuple[float, ...]]:
    tops = TRUTH[regimen][1]
    return [tuple(t / DILUTION**k for t in tops) for k in range(N_DOSES)]


def reference_dose(regimen: str) -> tuple[float, ...]:
    """The rule of ranking.py: level nearest the geometric middle, higher on a tie (k = 3)."""
    return doses(regimen)[3]


def layout_rows(plates=("P1", "P2", "P3")) -> list[dict[str, str]]:
    out = []
    blocks = list(TRUTH)
    for plate in plates:
        for r in range(16):
            out.append(_ctrl(plate, r, 0, "vehicle"))
            out.append(_ctrl(plate, r, 23, "kill"))
            if 1 <= r <= 14:
                out.append(_ctrl(plate, r, 11, "vehicle"))
                out.append(_ctrl(plate, r, 12, "kill"))
        for b, regimen in enumerate(blocks):
            half, slot = divmod(b, 4)
            first_row = 1 + slot * 3
            first_col = 2 if half == 0 else 14
            for rep in range(3):
                for k, level in enumerate(doses(regimen)):
                    drugs = TRUTH[regimen][0]
                    row = {
                        "plate": plate,
                        "well": f"{ROWS[first_row + rep]}{first_col + k + 1}",
                        "role": "treatment",
                        "regimen": regimen if regimen in _KB_IDS else "",
                        "drug": drugs[0],
                        "conc": f"{level[0]:.6g}",
                        "unit": "uM",
                        "drug2": drugs[1] if len(drugs) > 1 else "",
                        "conc2": f"{level[1]:.6g}" if len(drugs) > 1 else "",
                        "unit2": "uM" if len(drugs) > 1 else "",
                    }
                    out.append(row)
    return out


_KB_IDS = {"pyro-cape", "eve-h-nabp", "tdm1", "hp-nabp", "cdk-h", "pd1-h"}


def _ctrl(plate: str, r: int, c: int, role: str) -> dict[str, str]:
    return {"plate": plate, "well": f"{ROWS[r]}{c + 1}", "role": role}


def signals(rng: random.Random, layout: list[dict[str, str]], plate: str) -> dict[str, float]:
    noisy = plate == "P3"
    edge_factor = 0.7 if plate == "P2" else 1.0
    out = {}
    for row in layout:
        if row["plate"] != plate:
            continue
        well = row["well"]
        r, c = ROWS.index(well[0]), int(well[1:]) - 1
        if row["role"] == "vehicle":
            v = 1.0
        elif row["role"] == "kill":
            v = 0.0
        else:
            regimen = row["regimen"] or row["drug"]
            v = 1.0 if noisy else viability(regimen, float(row["conc"]))
        sd = 0.22 if noisy and row["role"] == "vehicle" else 0.04
        value = KILL_SIGNAL + (VEHICLE_SIGNAL - KILL_SIGNAL) * (v + rng.gauss(0.0, sd))
        if r in (0, 15) or c in (0, 23):
            value *= edge_factor
        out[well] = max(value, 0.0)
    return out


def envision_csv(plates: dict[str, dict[str, float]], plate_numbers: dict[str, str]) -> str:
    """EnVision CSV in the public example's block shape (Plate information … Results for …)."""
    lines = []
    for plate, values in plates.items():
        number = plate_numbers[plate]
        lines += [
            "Plate information ",
            "Plate,Repeat,Barcode,Measured height,Chamber temperature at start,Chamber temperature "
            "at end,Humidity at start,Humidity at end,Ambient temperature at start,Ambient "
            "temperature at end,Group,Label,ScanX,ScanY,Measinfo,Kinetics,Measurement date,",
            f'{number},1,"=""{plate}""",14.67,23.47,23.56,46.9,47.5,23.87,23.97,1,'
            "0_1 US LUM 384(1),0,0,De=USLum Ex=N/A Em=N/A Wdw=N/A (12),0,1/1/2026 12:00:00 PM,",
            "",
            "Background information",
            "Plate,Label,Result,Signal,Flashes/Time,Meastime,MeasInfo,",
            f"{number},0_1 US LUM 384,0,4,0.1,00:00:00.000,De=USLum Ex=N/A Em=N/A Wdw=N/A (12),",
            "",
            "Results for 0_1 US LUM 384(1) - channel 0 (CPS)",
            "," + ",".join(f"{c:02d}" for c in range(1, 25)) + ",",
        ]
        for r in ROWS:
            cells = [f"{round(values.get(f'{r}{c}', 0.0))}" for c in range(1, 25)]
            lines.append(r + "," + ",".join(cells) + ",")
        lines.append("")
    lines += ["", "Basic assay information ", "Assay ID: ,,,,1", ""]
    return "\n".join(lines) + "\n"


def write_screen(folder: Path, seed: int = 7, plates=("P1", "P2", "P3")) -> tuple[Path, Path]:
    """Write plates.csv (EnVision) and layout.csv (long table) into ``folder``."""
    import csv

    rng = random.Random(seed)
    layout = layout_rows(plates)
    numbers = {p: str(i + 1) for i, p in enumerate(plates)}
    values = {p: signals(rng, layout, p) for p in plates}
    plates_path = folder / "plates.csv"
    plates_path.write_text(envision_csv(values, numbers), encoding="utf-8")
    layout_path = folder / "layout.csv"
    columns = [
        "plate", "well", "role", "regimen", "drug", "conc", "unit",
        "drug2", "conc2", "unit2",
    ]  # fmt: skip
    with layout_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        for row in layout:
            # the export names plates 1, 2, 3: the layout uses the same ids
            w.writerow({**dict.fromkeys(columns, ""), **row, "plate": numbers[row["plate"]]})
    return plates_path, layout_path


def truth_inhibition_at_reference(regimen: str) -> float:
    return 100.0 * (1.0 - viability(regimen, reference_dose(regimen)[0]))


def in_range_ic50(regimen: str) -> float | None:
    ic50 = true_ic50(regimen)
    lo, hi = doses(regimen)[-1][0], doses(regimen)[0][0]
    return ic50 if ic50 is not None and lo <= ic50 <= hi else None
