"""A synthetic cohort with known truth, for testing and benchmarking `cohort summary`.

Each case gets a genomic group, a first study line with the group's regimen, RECIST
measurements every 6 weeks written so that the true best response and true PFS1 are known by
construction, and an organoid ranking that calls the line's regimen sensitive or not. The truth
table returned (and written as truth.json by scripts/make_cohort.py) is what the pipeline must
recover. Patients are synthetic; ids are SYN-001… .

Trajectories (baseline SoD 50 mm = 30 + 20, scans every 42 days from day 42):
- responder: 30 mm (-40 %, PR), then 28 mm (confirmed PR, nadir 28); PD = 37 mm (+32 %, +9 mm).
- non-responder: 48 mm (SD) each scan; PD = 60 mm (+25 %, +12 mm). Every third one has an
  unconfirmed PR: 34 mm on day 42 (-32 %), then 40 mm (SD: +17.6 % from the nadir 34).
- PD by a new lesion instead of target growth in every fourth progressing case.
- censored cases stop for toxicity after their last scan and start a new line; a later scan
  showing PD belongs to the new line and must not count.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SCAN_DAYS = 42
MAX_SCANS = 10

# group -> (name, regimen id, drugs, n cases, n responders, median PFS days, organoid testable)
DESIGN: dict[str, tuple[str, str, list[str], int, int, float, bool]] = {
    "G1": ("HER2-pathway", "pyro-cape", ["capecitabine", "pyrotinib"], 7, 4, 230.0, True),
    "G2": ("PI3K/AKT/mTOR", "eve-h-nabp", ["everolimus", "nab-paclitaxel", "trastuzumab"],
           9, 5, 200.0, True),
    "G3": ("Cell cycle (HR+)", "cdk-h-ai",
           ["aromatase-inhibitor", "cdk46-inhibitor", "trastuzumab"], 6, 2, 160.0, False),
    "G4": ("Endocrine-driven", "hp-ai", ["aromatase-inhibitor", "pertuzumab", "trastuzumab"],
           5, 1, 120.0, False),
    "G6": ("No actionable signature", "hp-nabp", ["nab-paclitaxel", "pertuzumab", "trastuzumab"],
           6, 1, 100.0, True),
}  # fmt: skip


@dataclass(frozen=True)
class Truth:
    case_id: str
    group: str
    responder: bool
    pfs_days: int
    pfs_event: bool
    organoid_sensitive: bool
    organoid_assessable: bool


def _scan(start: date, k: int) -> date:
    return start + timedelta(days=SCAN_DAYS * k)


def _rows(when: date, t1: float, t2: float) -> list[dict[str, Any]]:
    return [
        {"date": when.isoformat(), "lesion_id": lid, "organ": organ, "category": "target",
         "lymph_node": False, "diameter_mm": mm, "status": None}
        for lid, organ, mm in (("T1", "liver", t1), ("T2", "lung", t2))
    ]  # fmt: skip


def _new_lesion(when: date) -> dict[str, Any]:
    return {"date": when.isoformat(), "lesion_id": "N1", "organ": "liver", "category": "new",
            "lymph_node": False, "diameter_mm": 9, "status": "unequivocal"}  # fmt: skip


def _case(index: int, group: str, responder: bool, unconfirmed: bool, sensitive: bool,
          rng: random.Random, prefix: str = "SYN") -> tuple[dict[str, Any], Truth]:  # fmt: skip
    name, regimen, drugs, _, _, median, testable = DESIGN[group]
    case_id = f"{prefix}-{index:03d}"
    start = date(2023, 1, 2) + timedelta(days=7 * rng.randrange(0, 52))
    # Progression time ~ exponential(median), observed at the next scheduled scan.
    scan_pd = max(1, math.ceil(rng.expovariate(math.log(2) / median) / SCAN_DAYS))
    if responder:
        scan_pd = max(scan_pd, 3)  # a confirmed PR needs scans 1 and 2 before progression
    censor_at = rng.randrange(2, 7) if rng.random() < 0.2 else None
    last = min(scan_pd, MAX_SCANS, censor_at or MAX_SCANS)
    event = scan_pd == last and (censor_at is None or scan_pd <= censor_at)
    measurements = _rows(start - timedelta(days=5), 30, 20)
    for k in range(1, last + 1):
        when = _scan(start, k)
        if event and k == scan_pd:
            if index % 4 == 0:  # PD by a new lesion, targets unchanged
                prior = measurements[-2:]
                measurements += _rows(when, prior[0]["diameter_mm"], prior[1]["diameter_mm"])
                measurements.append(_new_lesion(when))
            elif responder:
                measurements += _rows(when, 22, 15)
            else:
                measurements += _rows(when, 36, 24)
        elif responder:
            measurements += _rows(when, 18, 12) if k == 1 else _rows(when, 17, 11)
        elif unconfirmed and k == 1:
            measurements += _rows(when, 20, 14)
        elif unconfirmed:
            measurements += _rows(when, 24, 16)
        else:
            measurements += _rows(when, 29, 19)
    line1 = {"line": 3, "regimen": regimen, "drugs": sorted(drugs), "start": start.isoformat(),
             "end": None, "stop_reason": None, "chosen_by": "group",
             "reason": f"first-choice regimen of genomic group {group} ({name})"}  # fmt: skip
    lines = [line1]
    if not event:
        pfs = SCAN_DAYS * last
        if censor_at is not None and censor_at == last:
            stop = _scan(start, last) + timedelta(days=7)
            line1.update(end=stop.isoformat(), stop_reason="toxicity")
            second = stop + timedelta(days=14)
            lines.append({"line": 4, "regimen": "tdm1", "drugs": ["t-dm1"],
                          "start": second.isoformat(), "end": None, "stop_reason": None,
                          "chosen_by": "clinician", "reason": "switch after toxicity"})  # fmt: skip
            # A PD scan on the new line: must not become a PFS1 event.
            measurements += _rows(second + timedelta(days=SCAN_DAYS), 45, 30)
    else:
        pfs = SCAN_DAYS * scan_pd
        line1.update(end=(_scan(start, scan_pd) + timedelta(days=3)).isoformat(),
                     stop_reason="progression")  # fmt: skip
    inhibition = round(rng.uniform(55, 85) if sensitive else rng.uniform(5, 40), 1)
    ranking_entry = {
        "rank": 1, "regimen": regimen, "drugs": sorted(drugs), "inhibition_pct": inhibition,
        "inhibition_sd": 4.0, "n_wells": 3, "aac": None, "ic50_um": None, "regression_pct": None,
        "sensitive": sensitive and testable, "ci95": None, "assessable": testable,
        "near_tie": False,
    }  # fmt: skip
    record_parts = {
        "grouping": grouping_document(case_id, group, name, regimen, sorted(drugs)),
        "pdo": {"screens": [pdo_screen_document(case_id, "S1", [ranking_entry])]},
        "treatment": {"lines": lines, "measurements": sorted(
            measurements, key=lambda r: (r["date"], r["lesion_id"]))},
    }  # fmt: skip
    truth = Truth(case_id, group, responder, pfs, event, sensitive and testable, testable)
    return record_parts, truth


# The driving alteration of each synthetic group (beside the ERBB2 amplification every case has).
DRIVERS = {"G1": ("ERBB2", "L755S", "mutation"), "G2": ("PIK3CA", "H1047R", "mutation"),
           "G3": ("CCND1", "amplification", "amplification"),
           "G4": ("ESR1", "D538G", "mutation")}  # fmt: skip


def _evidence(gene: str, alteration: str, kind: str) -> dict[str, Any]:
    mutation = kind == "mutation"
    return {"gene": gene, "alteration": alteration, "kind": kind, "sample_ids": ["S1"],
            "vaf": 0.3 if mutation else None, "vaf_by_sample": {"S1": 0.3} if mutation else {},
            "copy_number": None if mutation else 8.0, "foci": [], "in_ctdna": False,
            "qualified": True, "qualified_by": [], "not_qualified_reason": None,
            "oncogenic_by": []}  # fmt: skip


def grouping_document(
    case_id: str, group: str, name: str, regimen: str, drugs: list[str], flags: list | None = None
) -> dict[str, Any]:
    """A `group --json` document (case-grouping schema) for a group assigned by design."""
    alterations = [_evidence("ERBB2", "amplification", "amplification")]
    if group in DRIVERS:
        alterations.append(_evidence(*DRIVERS[group]))
    return {
        "case_id": case_id,
        "group": {"id": group, "name": name},
        "regimen": {"id": regimen, "label": regimen, "drugs": drugs, "note": None,
                    "demoted_by": []},
        "alternatives": [],
        "excluded_regimens": [],
        "decision": {"rule": "single-match", "text": f"synthetic case assigned to {group}",
                     "priority": [], "matched": [group], "skipped": [], "undetermined": []},
        "signatures": [],
        "secondary_signatures": [],
        "flags": list(flags or []),
        "alterations": alterations,
        "evidence": [],
        "kb": {"name": "synthetic", "version": "0", "sha256": "0" * 64},
    }  # fmt: skip


def pdo_screen_document(
    case_id: str, screen_id: str, regimens: list[dict[str, Any]]
) -> dict[str, Any]:
    """A ranked organoid screen (case-pdo schema) whose `ranking.regimens` are given."""
    kb = {"name": "synthetic", "version": "0", "sha256": "0" * 64}
    return {
        "screen_id": screen_id,
        "readout": "viability",
        "readouts": ["viability"],
        "inputs": {},
        "kb": kb,
        "ranking": {"case_id": case_id, "screen": screen_id, "metric": "inhibition",
                    "regimens": regimens, "fits": [], "kb": kb},
    }  # fmt: skip


def build(seed: int = 7, prefix: str = "SYN") -> list[tuple[dict[str, Any], Truth]]:
    """The cohort's case parts and truth, deterministic for a seed."""
    rng = random.Random(seed)
    cases = []
    index = 0
    for group, (_, _, _, n, n_resp, _, _) in sorted(DESIGN.items()):
        for j in range(n):
            index += 1
            responder = j < n_resp
            unconfirmed = not responder and j % 3 == 0
            # Organoid calls agree with the patient except every third responder and every
            # fourth non-responder, so that all four cells of the 2x2 table are filled.
            sensitive = (responder and j % 3 != 2) or (not responder and j % 4 == 1)
            cases.append(_case(index, group, responder, unconfirmed, sensitive, rng, prefix))
    return cases


def write_cohort(
    workspace: Path, seed: int = 7, prefix: str = "SYN", limit: int | None = None
) -> list[Truth]:
    """Create the cohort's cases in a workspace (through the case store, with audit)."""
    from precisecli.store.cases import CaseStore
    from precisecli.store.workspace import Workspace

    store = CaseStore(Workspace.locate(workspace))
    truths = []
    for parts, truth in build(seed, prefix)[:limit]:
        intake = {
            "patient": {"pseudonym": f"P-{truth.case_id}", "sex": "female"},
            "diagnosis": {"her2_ihc": "3+", "er_percent": 50 if truth.group in ("G3", "G4") else 0,
                          "pr_percent": 0},
            "prior_therapy": [
                {"line": 1, "regimen": "THP", "drugs": ["trastuzumab", "pertuzumab", "docetaxel"]},
                {"line": 2, "regimen": "T-DM1", "drugs": ["trastuzumab emtansine"]},
            ],
        }  # fmt: skip
        store.create(truth.case_id, intake, args={"synthetic": True}, inputs=[])
        with store.update(truth.case_id, command="synthetic cohort", args={"seed": seed}) as txn:
            txn.record.update(parts)
        truths.append(truth)
    return truths


def write_scaled_cohort(workspace: Path, n_cases: int, seed: int = 7) -> list[Truth]:
    """n_cases cases: copies of the 33-case design with seeds seed, seed+1 … (ids SYN<k>-NNN),
    the last copy cut short."""
    truths: list[Truth] = []
    copy = 0
    while len(truths) < n_cases:
        left = n_cases - len(truths)
        truths += write_cohort(workspace, seed=seed + copy, prefix=f"SYN{copy}", limit=left)
        copy += 1
    return truths


def truth_table(truths: list[Truth]) -> list[dict[str, Any]]:
    return [asdict(t) for t in truths]
