"""RECIST 1.1 engine, tested against the rules written out by hand (research domain.md §5,
Eisenhauer et al. 2009). Every expected value below is worked out in the comment beside it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from precisecli.response import recist as R

START = date(2024, 3, 1)
RULES = R.RecistRules()


def day(n: int) -> date:
    return START + timedelta(days=n)


def t(when: int, lesion: str, mm: float | None, organ: str = "liver", node: bool = False,
      status: str | None = None) -> R.Row:  # fmt: skip
    value = None if mm is None else Decimal(str(mm))
    return R.Row(day(when), lesion, organ, R.TARGET, node, value, status)


def nt(when: int, lesion: str, status: str, organ: str = "bone") -> R.Row:
    return R.Row(day(when), lesion, organ, R.NON_TARGET, False, None, status)


def new(when: int, lesion: str, status: str = R.UNEQUIVOCAL) -> R.Row:
    return R.Row(day(when), lesion, "liver", R.NEW, False, Decimal(8), status)


def sums(*course: tuple[int, list[float]]) -> list[R.Row]:
    """Target rows T1..Tn for each (day, [diameters]); baseline is day -3."""
    return [t(d, f"T{i + 1}", mm) for d, sizes in course for i, mm in enumerate(sizes)]


def run(rows, rules=RULES):
    return R.evaluate(rows, rules, START)


def overall(ev) -> list[str]:
    return [tp.overall for tp in ev.timepoints if tp.role == "follow-up"]


# --- the overall time-point table (§5.4), row by row -----------------------------------------
N = R.NON_CR_NON_PD


@pytest.mark.parametrize(
    ("target", "non_target", "new_state", "expected"),
    [
        ("CR", "CR", "no", "CR"),
        ("CR", None, "no", "CR"),  # no non-target disease at baseline
        ("CR", N, "no", "PR"),
        ("CR", "NE", "no", "PR"),
        ("PR", N, "no", "PR"),
        ("PR", "NE", "no", "PR"),  # "not all evaluated"
        ("PR", "CR", "no", "PR"),
        ("SD", N, "no", "SD"),
        ("SD", "NE", "no", "SD"),
        ("NE", N, "no", "NE"),
        ("NE", "CR", "no", "NE"),
        ("PD", "CR", "no", "PD"),
        ("PD", N, "yes", "PD"),
        ("CR", "PD", "no", "PD"),
        ("SD", "PD", "no", "PD"),
        ("CR", "CR", "yes", "PD"),
        ("PR", N, "yes", "PD"),
        ("CR", "CR", "equivocal", "CR"),  # equivocal new lesion: continue, not PD yet
        # non-target-only disease
        (None, "CR", "no", "CR"),
        (None, N, "no", N),
        (None, "NE", "no", "NE"),
        (None, "PD", "no", "PD"),
        (None, N, "yes", "PD"),
    ],
)
def test_overall_response_table(target, non_target, new_state, expected):
    assert R.overall_response(target, non_target, new_state) == expected


def test_table_rows_through_whole_assessments():
    # Baseline SoD 40; day 42: targets 0 (CR). Non-target states vary per case below.
    def course(nt_status, new_rows=()):
        rows = sums((-3, [25, 15]), (42, [0, 0]))
        rows += [nt(-3, "NT1", R.PRESENT), nt(42, "NT1", nt_status), *new_rows]
        return overall(run(rows))

    assert course(R.ABSENT) == ["CR"]
    assert course(R.PRESENT) == ["PR"]  # CR + non-CR/non-PD -> PR
    assert course(R.NOT_ASSESSED) == ["PR"]  # CR + NE -> PR
    assert course(R.UNEQUIVOCAL_PROGRESSION) == ["PD"]
    assert course(R.ABSENT, [new(42, "N1")]) == ["PD"]


# --- target response thresholds (§5.2) -------------------------------------------------------


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (70.0, "PR"),  # (70 - 100) / 100 = -30.0 % exactly -> PR
        (70.1, "SD"),  # -29.9 % -> SD
        (100.0, "SD"),
        (119.9, "SD"),  # +19.9 % over nadir 100 -> SD
        (120.0, "PD"),  # +20 % and +20 mm -> PD
    ],
)
def test_change_from_baseline_boundaries(follow_up, expected):
    ev = run(sums((-3, [60, 40]), (42, [follow_up - 40, 40])))
    assert overall(ev) == [expected]


def test_progression_needs_both_20_percent_and_5_mm():
    # Baseline 35 -> 24.5 is -30.0 % (PR), nadir 24.5. Then 29.4 = +20 % but only +4.9 mm: not
    # PD; the change from baseline is -16 % -> SD.
    ev = run(sums((-3, [20, 15]), (42, [14.5, 10]), (84, [19.4, 10])))
    assert overall(ev) == ["PR", "SD"]
    assert ev.timepoints[2].change_from_nadir_pct == Decimal(20)
    # Baseline 25, nadir 25; 30 mm = +20 % and +5.0 mm -> PD.
    ev = run(sums((-3, [15, 10]), (42, [15, 10]), (84, [20, 10])))
    assert overall(ev) == ["SD", "PD"]
    # A small nadir: +40 % but +4 mm is not PD (baseline 20, nadir 10, now 14 = -30 %: PR).
    ev = run(sums((-3, [12, 8]), (42, [6, 4]), (84, [10, 4])))
    assert overall(ev) == ["PR", "PR"]


def test_pr_then_pd_from_nadir_not_baseline():
    # Baseline 100, nadir 50 (PR), 54 on day 84 (+8 % from nadir, -46 % from baseline: PR);
    # 62 on day 126 is still -38 % from baseline but +24 % / +12 mm from the nadir -> PD.
    ev = run(sums((-3, [60, 40]), (42, [30, 20]), (84, [32, 22]), (126, [40, 22])))
    assert overall(ev) == ["PR", "PR", "PD"]
    pd_point = ev.timepoints[3]
    assert pd_point.nadir_mm == Decimal(50)
    assert pd_point.change_from_baseline_pct == Decimal(-38)
    assert pd_point.change_from_nadir_pct == Decimal(24)
    assert ev.progression_date == day(126)
    assert ev.best_overall_response == "PR" and ev.confirmed  # day 42 PR confirmed on day 84


@pytest.mark.parametrize(("node_mm", "expected"), [(9.9, "CR"), (10.0, "PR")])
def test_target_node_normal_below_10_mm(node_mm, expected):
    # Nodes-only targets 20 + 16 = 36; at day 42 node 1 = node_mm, node 2 = 5.
    rows = [
        t(-3, "N1", 20, "axilla", node=True),
        t(-3, "N2", 16, "mediastinum", node=True),
        t(42, "N1", node_mm, "axilla", node=True),
        t(42, "N2", 5, "mediastinum", node=True),
    ]
    ev = run(rows)
    assert overall(ev) == [expected]
    assert ev.timepoints[1].target_sum_mm == Decimal(str(node_mm)) + 5  # SoD > 0 at CR


def test_nodes_only_cr_with_positive_sum_is_confirmed():
    # 18 + 16 = 34 -> 8 + 9 = 17 (CR with SoD 17) on day 42 and 7 + 9 on day 84 (CR again).
    rows = []
    for d, (a, b) in ((-3, (18, 16)), (42, (8, 9)), (84, (7, 9))):
        rows += [t(d, "N1", a, "axilla", True), t(d, "N2", b, "neck", True)]
    ev = run(rows)
    assert overall(ev) == ["CR", "CR"]
    assert ev.timepoints[1].target_sum_mm == Decimal(17)
    assert (ev.best_overall_response, ev.confirmed) == ("CR", True)


def test_too_small_to_measure_counts_5_mm():
    # Baseline 30 + 20 = 50; day 42: 20 + "too small" (5) = 25 -> -50 % PR.
    rows = sums((-3, [30, 20])) + [t(42, "T1", 20), t(42, "T2", None, status=R.TOO_SMALL)]
    ev = run(rows)
    assert ev.timepoints[1].target_sum_mm == Decimal(25)
    assert overall(ev) == ["PR"]


# --- missing assessments ---------------------------------------------------------------------


def test_missing_target_gives_ne():
    rows = sums((-3, [30, 20])) + [t(42, "T1", 25)]  # T2 not measured on day 42
    ev = run(rows)
    assert overall(ev) == ["NE"]
    assert ev.timepoints[1].target == "NE"
    assert ev.timepoints[1].not_assessed == ["T2"]
    assert ev.best_overall_response == "NE"


def test_missing_target_when_pd_already_met_is_pd():
    # Nadir 50; T1 alone is 61 (+22 %, +11 mm): missing T2 can only add -> PD.
    rows = sums((-3, [30, 20])) + [t(42, "T1", 61), t(42, "T2", None, status=R.NOT_ASSESSED)]
    assert overall(run(rows)) == ["PD"]


def test_missing_non_target_is_not_all_evaluated():
    rows = sums((-3, [30, 20]), (42, [30, 20])) + [nt(-3, "NT1", R.PRESENT)]
    ev = run(rows)
    assert ev.timepoints[1].non_target == "NE"
    assert overall(ev) == ["SD"]  # SD + not all evaluated -> SD


# --- new lesions (§5.3) ----------------------------------------------------------------------


def test_new_lesion_is_progression():
    rows = sums((-3, [30, 20]), (42, [28, 20])) + [new(42, "N1")]
    ev = run(rows)
    assert ev.timepoints[1].target == "SD"
    assert ev.timepoints[1].new_lesions == "yes"
    assert overall(ev) == ["PD"]
    assert ev.progression_date == day(42)
    assert ev.best_overall_response == "PD"


def test_equivocal_new_lesion_confirmed_later_dates_pd_from_first_scan():
    rows = sums((-3, [30, 20]), (42, [28, 20]), (84, [28, 20]))
    rows += [new(42, "N1", R.EQUIVOCAL), new(84, "N1", R.UNEQUIVOCAL)]
    ev = run(rows)
    assert overall(ev) == ["SD", "PD"]
    assert ev.progression_date == day(42)


# --- best overall response with confirmation (§5.5) ------------------------------------------


def test_unconfirmed_pr_is_sd():
    # PR on day 42 (60: -40 %), then 71 on day 84 (-29 % from baseline, +18.3 % from the nadir:
    # SD): PR not confirmed; SD met at >= 6 weeks.
    ev = run(sums((-3, [60, 40]), (42, [36, 24]), (84, [43, 28])))
    assert overall(ev) == ["PR", "SD"]
    assert (ev.best_overall_response, ev.confirmed, ev.unconfirmed_response) == ("SD", False, "PR")


def test_pr_repeat_too_soon_does_not_confirm_and_interval_is_configurable():
    # PR on day 42 and day 63 (21 days later): < 4 weeks -> unconfirmed; with 3 weeks -> PR.
    rows = sums((-3, [60, 40]), (42, [36, 24]), (63, [36, 24]))
    ev = run(rows)
    assert (ev.best_overall_response, ev.unconfirmed_response) == ("SD", "PR")
    ev = run(rows, RULES.with_protocol(confirmation_weeks=3))
    assert (ev.best_overall_response, ev.confirmed) == ("PR", True)
    ev = run(rows, RULES.with_protocol(require_confirmation=False))
    assert ev.best_overall_response == "PR"


def test_confirmation_skips_ne_but_not_contradiction():
    # PR day 42, NE day 70 (T2 missing), PR day 98 -> confirmed.
    rows = sums((-3, [60, 40]), (42, [36, 24]), (98, [36, 24])) + [t(70, "T1", 36)]
    ev = run(rows)
    assert overall(ev) == ["PR", "NE", "PR"]
    assert (ev.best_overall_response, ev.confirmed) == ("PR", True)
    # PR day 42, SD day 56 (inside the interval), PR day 98: the SD contradicts -> not confirmed.
    rows = sums((-3, [60, 40]), (42, [36, 24]), (56, [43, 28]), (98, [36, 24]))
    ev = run(rows)
    assert overall(ev) == ["PR", "SD", "PR"]
    # Day 98's PR has no later scan, so nothing is confirmed; SD on day 56 is >= 6 weeks.
    assert (ev.best_overall_response, ev.confirmed, ev.unconfirmed_response) == ("SD", False, "PR")


def test_cr_then_pr_is_a_confirmed_pr():
    # CR on day 42; 4 mm on day 84 is +4 mm over the nadir 0 (not PD) and -92 % (PR).
    ev = run(sums((-3, [30, 20]), (42, [0, 0]), (84, [4, 0])))
    assert overall(ev) == ["CR", "PR"]
    assert (ev.best_overall_response, ev.confirmed) == ("PR", True)
    # A reappearance of 5 mm after a CR is +5 mm over the nadir 0 -> PD.
    ev = run(sums((-3, [30, 20]), (42, [0, 0]), (84, [5, 0])))
    assert overall(ev) == ["CR", "PD"]


def test_sd_too_early_is_not_sd():
    # SD on day 35 (< 42), PD on day 77 -> BOR PD.
    ev = run(sums((-3, [30, 20]), (35, [30, 20]), (77, [40, 25])))
    assert overall(ev) == ["SD", "PD"]
    assert ev.best_overall_response == "PD"
    # SD on day 35 only -> NE; with a 7-day visit window the minimum is 35 days -> SD.
    rows = sums((-3, [30, 20]), (35, [30, 20]))
    assert run(rows).best_overall_response == "NE"
    assert run(rows, RULES.with_protocol(visit_window_days=7)).best_overall_response == "SD"


def test_pr_then_pd_before_sd_duration_is_pd():
    # PR on day 28 (before 6 weeks), PD on day 56 -> "PR -> PD = PD unless SD duration met".
    ev = run(sums((-3, [60, 40]), (28, [36, 24]), (56, [50, 30])))
    assert overall(ev) == ["PR", "PD"]
    assert ev.best_overall_response == "PD"


def test_non_target_only_disease():
    rows = [nt(-3, "NT1", R.PRESENT), nt(42, "NT1", R.PRESENT)]
    ev = run(rows)
    assert not ev.measurable_disease
    assert overall(ev) == [R.NON_CR_NON_PD]
    assert ev.best_overall_response == R.NON_CR_NON_PD


def test_baseline_is_last_scan_before_start_and_window_ends_at_next_line():
    rows = sums((-40, [50, 50]), (-3, [30, 20]), (42, [30, 20]), (84, [60, 40]))
    ev = R.evaluate(rows, RULES, START, window_end=day(80))
    assert ev.baseline_date == day(-3)
    assert [tp.date for tp in ev.timepoints] == [day(-3), day(42)]  # day 84 is the next line's
    assert ev.progression_date is None
    assert ev.last_adequate_date == day(42)
