"""The summary's top organoid regimen comes from the screen `precise next` follows."""

from precisecli.report.sections.header import _top_organoid
from precisecli.response.nextline import guiding_screen


def _screen(sid, top):
    regs = [
        {"rank": 1, "regimen": top, "assessable": True},
        {"rank": 2, "regimen": "tdm1", "assessable": True},
    ]
    return {"screen_id": sid, "ranking": {"regimens": regs}}


def test_latest_ranked_screen_guides_both_summary_and_next():
    # Loaded in this order: S1 first, S2 later (a repeat screen after progression).
    record = {
        "pdo": {
            "screens": [_screen("S1", "hp-nabp"), _screen("S2", "pyro-cape"), {"screen_id": "S3"}]
        }
    }  # S3 loaded but not ranked yet
    assert guiding_screen(record)["screen_id"] == "S2"
    ranked = [  # the report lists screens sorted by id
        {"screen_id": "S1", "regimens": record["pdo"]["screens"][0]["ranking"]["regimens"]},
        {"screen_id": "S2", "regimens": record["pdo"]["screens"][1]["ranking"]["regimens"]},
    ]
    assert _top_organoid(None, record, ranked) == "pyro-cape"
    assert _top_organoid(None, {"pdo": {"screens": []}}, []) is None
