"""Intake of the synthetic demo patient: HR-positive, HER2 3+, secondary trastuzumab resistance
after THP and T-DM1 — the typical refractory patient the programme enrols."""

from __future__ import annotations

import random
from pathlib import Path

INTAKE = """\
# Synthetic demo patient for `precise demo` — not a real person.
patient:
  pseudonym: P-DEMO-001
  birth_year: {birth_year}
  sex: female
  ecog: 1
diagnosis:
  histology: invasive ductal carcinoma
  date: "2021-05-{dx_day:02d}"
  er_percent: {er}
  pr_percent: {pr}
  her2_ihc: "3+"
  her2_ish_ratio: {ish}
  menopausal_status: post
  metastatic_sites: [liver, bone, axillary lymph node]
biomarkers:
  msi_status: MSS
  pdl1_cps: 1
  tils_percent: 5
prior_therapy:
  - line: 1
    setting: metastatic
    regimen: THP
    drugs: [trastuzumab, pertuzumab, docetaxel]
    start: "2022-01-10"
    end: "2023-03-01"
    best_response: PR
    stop_reason: progression
  - line: 2
    setting: metastatic
    regimen: T-DM1
    drugs: [trastuzumab emtansine]
    start: "2023-03-20"
    end: "2024-02-12"
    best_response: SD
    stop_reason: progression
trastuzumab_resistance: secondary
notes: >-
  Synthetic case. Progression in liver after T-DM1; liver and axillary node biopsied
  2024-02-20 for sequencing and organoid culture. 病例为合成数据，仅用于演示。
"""


def generate(case_dir: Path, rng: random.Random) -> list[Path]:
    path = case_dir / "intake.yaml"
    path.write_text(
        INTAKE.format(
            birth_year=rng.randint(1960, 1975),
            dx_day=rng.randint(1, 28),
            er=rng.choice([60, 70, 80, 90]),
            pr=rng.choice([5, 10, 20]),
            ish=round(rng.uniform(4.5, 7.5), 1),
        ),
        encoding="utf-8",
    )
    return [path]
