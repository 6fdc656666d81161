"""Table-driven group assignment over hand-built scenario patients (see scenarios.py)."""

from __future__ import annotations

import pytest

from precisecli.clinical import clinical_facts
from precisecli.grouping import CannotAssignError, assign_group
from precisecli.knowledge import load_kb
from tests.grouping.scenarios import SCENARIOS


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_table_is_large_and_covers_every_group():
    assert len(SCENARIOS) >= 24
    assigned = {s.group for s in SCENARIOS if s.group}
    assert assigned == {"G1", "G2", "G3", "G4", "G5", "G6"}
    assert {s.rule for s in SCENARIOS if s.rule} == {"single-match", "priority", "fallback"}
    flags = set().union(*(s.flags for s in SCENARIOS))
    assert flags == {
        "esr1-lbd-ai-inactive",
        "prior-tdm1",
        "secondary-alteration",
        "ctdna-only",
        "single-sample",
    }
    assert sum(1 for s in SCENARIOS if s.cannot) >= 3


@pytest.mark.parametrize("sc", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(sc, kb):
    result = assign_group(sc.alterations, clinical_facts(sc.intake), kb, sc.build_samples())
    if sc.cannot:
        assert not result.assigned
        with pytest.raises(CannotAssignError) as err:
            result.raise_if_unassigned()
        message = err.value.message
        assert message.startswith("cannot assign: ")
        for part in sc.cannot:
            assert part in message
        return
    assert result.cannot_assign == ()
    assert result.group_id == sc.group
    assert result.regimen.regimen_id == sc.regimen
    assert tuple(a.regimen_id for a in result.alternatives) == sc.alternatives
    assert result.decision["rule"] == sc.rule
    assert {f["id"] for f in result.flags} == set(sc.flags)
    assert result.secondary_signatures == sc.secondary
    by_group = {s["group"]: s for s in result.signatures}
    for gid, expected in sc.evidence.items():
        assert by_group[gid]["matched"]
        assert {f"{e['gene']} {e['alteration']}" for e in by_group[gid]["evidence"]} == expected
    # the decided group's signature matched; every higher-priority one did not
    priority = kb.data["priority"]
    assert by_group[sc.group]["matched"]
    for higher in priority[: priority.index(sc.group)]:
        assert not by_group[higher]["matched"]
