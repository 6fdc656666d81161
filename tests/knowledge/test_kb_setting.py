"""knowledge.kb.setting: a {value, source} entry by dotted path, or the default."""

from __future__ import annotations

from precisecli.knowledge.kb import load_kb, setting


def test_reads_the_bundled_values():
    kb = load_kb()
    assert setting(kb, "clonality.detection_min_p", None) == 0.95
    assert setting(kb, "report.top_regimens", None) == 10
    assert setting(kb.data, "screen_metrics.dss.variant", None) == "dss2"


def test_default_when_absent_or_no_base():
    kb = load_kb()
    assert setting(kb, "clonality.no_such_entry", 7) == 7
    assert setting(kb, "no_section.x.y", "d") == "d"
    assert setting(None, "clonality.detection_min_p", 0.5) == 0.5
    assert setting({"clonality": {"detection_min_p": 0.9}}, "clonality.detection_min_p", 1) == 1
