"""Response course of the synthetic demo patient on study line 3 (everolimus + trastuzumab +
nab-paclitaxel, the regimen of genomic group G2): baseline CT 2024-02-25, start 2024-03-01,
CT every 6 weeks. RECIST 1.1 by hand: baseline SoD 71 mm; day 42 47 mm (-33.8 %, PR); day 84
40 mm (-43.7 %, PR, confirms the PR 42 days later); nadir 35 mm on day 168; day 210 40 mm
(+14.3 % from nadir: targets not PD) with a new unequivocal liver lesion -> PD on 2024-09-27.
Best overall response: confirmed PR; PFS 210 days.
"""

from __future__ import annotations

import random
from pathlib import Path

START = "2024-03-01"
PROGRESSION = "2024-09-27"
DATES = ["2024-02-25", "2024-04-12", "2024-05-24", "2024-07-05", "2024-08-16", PROGRESSION]
# lesion id, organ, lymph node, diameters (mm) per assessment
TARGETS = [
    ("T1", "liver", "no", [32, 22, 19, 17, 17, 19]),
    ("T2", "liver", "no", [21, 14, 12, 11, 10, 12]),
    ("T3", "axillary lymph node", "yes", [18, 11, 9, 8, 8, 9]),
]
NON_TARGETS = [("NT1", "bone", "no"), ("NT2", "bone", "no")]

WORKUP = f"""\
# Response course of study line 3 (issue 7): measurements, line start with the group regimen,
# RECIST 1.1 evaluation, stop for progression, then the organoid-guided next line.
steps:
  - [response, import, DEMO-001, "{{case}}/recist_measurements.csv"]
  - [line, start, DEMO-001, --regimen, eve-h-nabp, --date, "{START}"]
  - [line, stop, DEMO-001, --date, "{PROGRESSION}", --reason, progression]
  - [response, evaluate, DEMO-001]
  - [line, list, DEMO-001]
  - [next, DEMO-001]
"""


def generate(case_dir: Path, rng: random.Random) -> list[Path]:
    del rng  # the course is written out by hand so the RECIST result can be checked by hand
    rows = ["date,lesion_id,organ,category,lymph_node,diameter_mm,status"]
    for i, when in enumerate(DATES):
        for lesion, organ, node, sizes in TARGETS:
            rows.append(f"{when},{lesion},{organ},target,{node},{sizes[i]},")
        for lesion, organ, node in NON_TARGETS:
            rows.append(f"{when},{lesion},{organ},non-target,{node},,present")
        if when == PROGRESSION:
            rows.append(f"{when},N1,liver,new,no,11,unequivocal")
    measurements = case_dir / "recist_measurements.csv"
    measurements.write_text("\n".join(rows) + "\n", encoding="utf-8")
    workup = case_dir / "workup.d" / "50-response.yaml"
    workup.parent.mkdir(exist_ok=True)
    workup.write_text(WORKUP, encoding="utf-8")
    return [measurements, workup]
