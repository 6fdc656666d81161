"""A 132-regimen stress case for the report: 6 samples, long file names, CJK notes.

The 132 single agents are the drug names of the Breeze demo screen bundled in
tests/data/pdo/Breeze_Raw_Data_Demo_FULL.xlsx (its 135 DRUG_NAME values minus the `cells`,
`dmso` and `BzCl` controls), ranked behind the KB's own regimens; the domain documents have
the contract shapes of tests/report/stress.py. Used by the slow report tests and by
benchmarks/bench_report.py (``stress_model()`` builds the report model in-process).
"""

from __future__ import annotations

import contextlib
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BREEZE_DRUGS = (
    (
        "Canertinib Ponatinib Saracatinib AZD7762 Seliciclib Foretinib Dactolisib Dasatinib "
        "Voxtalisib Binimetinib Sonolisib AZD4547 Imatinib Linifanib PF-04708671 RAF265 NVP-BGJ398 "
        "Ibrutinib Lapatinib Axitinib Crizotinib PF_431396 Fasudil (5Z)-7-Oxozeaenol MLN-0128 "
        "Sotrastaurin Refametinib GSK650394 Alisertib ASP3026 Vemurafenib AZD-5363 Pilaralisib "
        "Fedratinib Danusertib Amuvatinib Motesanib Orantinib Selumetinib Tideglusib PF-04691502 "
        "AZD2014 PF-670462 PS-1145 Masitinib Trametinib Gandotinib Sorafenib Midostaurin AZD1480 "
        "KX2-391 Brivanib Momelotinib TAK-901 AT9283 GSK269962 Ralimetinib Bryostatin_1 ZSTK474 "
        "Tamatinib Linsitinib Bosutinib BMS-754807 GSK-1904529A Pimasertib AZD-8330 Dovitinib "
        "Apatinib Navitoclax Rigosertib Pictilisib AZD1152-HQPA Tofacitinib Lestaurtinib "
        "Apitolisib "
        "Volasertib Nintedanib Galunisertib Tivozanib BMS-911543 EMD1214063 Ruboxistaurin AZD8055 "
        "IRAK1/4_inhibitor MK1775 GSK-2334470 SNS-032 SCH772984 Pazopanib BI_2536 Regorafenib "
        "Tivantinib VX-11E Omipalisib TGX-221 TAK-733 PF-4800567 Triciribine OSI-027 BX-912 "
        "Idelalisib GSK2636771 MGCD-265 Milciclib Nilotinib MK-2206 Vatalanib Tandutinib AZ_3146 "
        "Icotinib Gefitinib Cabozantinib Buparlisib Rabusertib Afatinib Enzastaurin Ruxolitinib "
        "Ipatasertib Neratinib PF-00477736 Crenolanib UCN-01 Erlotinib OSU-03012 Doramapimod "
        "PF-03758309 CUDC-101 BMS-599626 Palbociclib SGI-1776 Alvocidib Cediranib"
    )
    .replace("_", " ")
    .split(" ")
)
LONG_NAME = (
    "2024-02-20_liver_segment_VII_core_needle_biopsy_tumour_vs_matched_normal_"
    "whole_exome_GRCh38_VEP110_annotated_filtered_PASS_only_final_v3{}.vcf.gz"
)
NOTES = (
    "合成压力测试病例：六个样本、一百三十二种药物的类器官筛选。Progression in the liver after "
    "T-DM1; biopsies of the liver, axillary node, bone and lung for sequencing and organoid "
    "culture. 患者姓名：张伟（虚构）。" * 3
)


def drug_regimens() -> list[tuple[str, list[str]]]:
    """The KB's 12 regimens of the stress data, then Breeze's single agents, 132 in all."""
    from tests.report import stress

    kb_regs = [(rid, list(stress.DRUGS[rid])) for rid in stress.REGIMENS]
    singles = [(n.lower(), [n.lower()]) for n in BREEZE_DRUGS if n]
    return (kb_regs + singles)[:132]


def evaluation() -> dict[str, Any]:
    """A `response evaluate`-shaped course: PR confirmed, then progression (RECIST 1.1)."""
    sums = [
        ("2024-02-25", 71.0),
        ("2024-04-12", 47.0),
        ("2024-05-24", 40.0),
        ("2024-07-05", 36.0),
        ("2024-08-16", 39.0),
        ("2024-09-27", 48.0),
    ]
    calls = [None, "PR", "PR", "PR", "PR", "PD"]
    nadir = sums[0][1]
    points = []
    for (date, mm), call in zip(sums, calls, strict=True):
        points.append(
            {
                "date": date,
                "role": "baseline" if call is None else "follow-up",
                "target_sum_mm": mm,
                "nadir_mm": nadir if call else None,
                "change_from_baseline_pct": round(100 * (mm - sums[0][1]) / sums[0][1], 1),
                "change_from_nadir_pct": round(100 * (mm - nadir) / nadir, 1) if call else None,
                "target": call,
                "non_target": "non-CR/non-PD" if call else None,
                "new_lesions": False if call else None,
                "overall": call,
                "not_assessed": [],
            }
        )
        nadir = min(nadir, mm)
    return {
        "line": {"line": 3, "regimen": "eve-h-nabp", "start": "2024-03-01"},
        "baseline_date": "2024-02-25",
        "measurable_disease": True,
        "best_overall_response": "PR",
        "confirmed": True,
        "progression_date": "2024-09-27",
        "timepoints": points,
        "warnings": [],
    }


def record(n_samples: int = 6) -> dict[str, Any]:
    """A case.json-shaped record: intake with CJK notes, long input names, two study lines."""
    import yaml

    from precisecli.resources import resource_dir

    intake = yaml.safe_load(
        (resource_dir("sample_cases") / "DEMO-001" / "intake.yaml").read_text("utf-8")
    )
    intake["notes"] = NOTES
    intake["patient"]["pseudonym"] = "P-压力-132"
    inputs = [
        {
            "name": LONG_NAME.format(f"_{i}"),
            "sha256": f"{i:02d}" + "ab3f9c" * 10 + "d2",
            "size": 123_456_789 + i,
            "command": "variants import",
        }
        for i in range(n_samples)
    ]
    return {
        "case_id": "STRESS-132",
        "created": "2024-10-01T00:00:00Z",
        "intake": intake,
        "inputs": inputs,
        "treatment": {
            "lines": [
                {
                    "line": 3,
                    "regimen": "eve-h-nabp",
                    "drugs": ["everolimus", "nab-paclitaxel", "trastuzumab"],
                    "start": "2024-03-01",
                    "end": "2024-09-27",
                    "stop_reason": "progression",
                    "chosen_by": "group",
                }
            ],
            "evaluation": evaluation(),
        },
    }


def stress_screen(n: int = 132) -> dict[str, Any]:
    from tests.report import stress

    regs = drug_regimens()[:n]
    saved = dict(stress.DRUGS), list(stress.REGIMENS)
    try:
        stress.DRUGS.update(dict(regs))
        stress.REGIMENS[:] = [rid for rid, _ in regs]
        scr = stress.screen(n)
    finally:
        stress.DRUGS.clear()
        stress.DRUGS.update(saved[0])
        stress.REGIMENS[:] = saved[1]
    # Beyond the KB's 12, a plausible tail: inhibition decaying from ~60 % to ~0 %.
    for i, (r, f) in enumerate(
        zip(scr["ranking"]["regimens"], scr["ranking"]["fits"], strict=True)
    ):
        if i >= 12:
            inh = round(60.0 * math.exp(-(i - 12) / 30.0) - 3.0 + 2.0 * math.sin(i), 2)
            r.update(
                inhibition_pct=inh,
                ci95=[inh - 6.5, inh + 6.5],
                sensitive=inh >= 50,
                aac=round(max(inh, 0) / 110, 3),
            )
        f["einf"] = round(min(0.08 + 0.006 * i, 0.95), 4)
    return scr


@contextlib.contextmanager
def patched(n_regimens: int = 132, n_samples: int = 6):
    """Patch precisecli.report.sources to serve the stress data (outside pytest too)."""
    import pytest

    from tests.report import stress

    with pytest.MonkeyPatch.context() as mp:
        stress.patch(mp, n_samples=n_samples, n_regimens=12)
        scr = stress_screen(n_regimens)
        from precisecli.report import sources

        mp.setattr(sources, "screens", lambda record: [scr])
        mp.setattr(sources, "screen_points", lambda case_dir, s: stress.points(scr))
        yield scr


def stress_model(case_dir: Path, n_regimens: int = 132) -> dict[str, Any]:
    from precisecli.report.model import build_model

    with patched(n_regimens):
        return build_model(case_dir, record(), when=datetime(2024, 10, 1, tzinfo=UTC))
