"""`recommend()` on records the store would not accept today (bare-text flags of older formats)."""

from __future__ import annotations

from precisecli.cohort.synthetic import pdo_screen_document
from precisecli.response.nextline import recommend


def _entry(rank, regimen, drugs):
    return {
        "rank": rank,
        "regimen": regimen,
        "drugs": drugs,
        "inhibition_pct": 80.0 - rank,
        "sensitive": True,
        "assessable": True,
        "near_tie": False,
    }


RANKING = [
    _entry(1, "hp-ai", ["trastuzumab", "pertuzumab", "aromatase-inhibitor"]),
    _entry(2, "pyro-cape", ["pyrotinib", "capecitabine"]),
]


def _record(flags):
    return {
        "intake": {},
        "grouping": {"flags": flags},
        "pdo": {"screens": [pdo_screen_document("C1", "S1", RANKING)]},
    }


def test_free_text_flag_does_not_exclude_even_when_it_says_not_active():
    # The wording names the AI drug and says "not active"; without exclude_drugs it is a note.
    doc = recommend(_record(["ESR1 LBD mutation: aromatase inhibitor not active"]))
    assert doc["recommendation"]["regimen"] == "hp-ai"
    assert doc["considered"][0]["excluded_because"] == []


def test_structured_exclusion_removes_the_regimen():
    flag = {"id": "esr1", "message": "ESR1 LBD", "exclude_drugs": ["aromatase-inhibitor"]}
    doc = recommend(_record([flag]))
    assert doc["recommendation"]["regimen"] == "pyro-cape"
    assert doc["considered"][0]["excluded_because"] == ["flagged"]
    assert doc["considered"][0]["notes"] == ["flag: ESR1 LBD"]
