"""Group assignment for a stored case: gather its alterations, samples and clinical facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.grouping.assign import assign_group
from precisecli.grouping.model import GroupResult


def case_facts(record: dict[str, Any]):
    from precisecli.clinical import clinical_facts

    # Drugs of study treatment lines count as exposure too (a study line of T-DM1 is prior T-DM1).
    lines = (record.get("treatment") or {}).get("lines", [])
    return clinical_facts(record["intake"], [d for line in lines for d in line.get("drugs", [])])


def group_case(case_dir: Path, record: dict[str, Any], kb: Any) -> GroupResult:
    from precisecli.genomics.alterations import case_alterations, case_samples

    samples = case_samples(record)
    alterations = case_alterations(case_dir, record)
    return assign_group(alterations, case_facts(record), kb, samples)
