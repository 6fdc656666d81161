"""RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009;45:228-47) as pure functions over lesion rows.

Research note domain.md §5 is the specification. Every threshold is a field of ``RecistRules`` so
a protocol can change it; the defaults are the published RECIST 1.1 values, and the two protocol
parameters (confirmation interval, minimum SD duration) are options of `response evaluate`.

Comparisons at the thresholds use decimal arithmetic on the numbers as written, so −30.0 % is a
PR and +20 % with +5.0 mm is PD exactly, never off by a floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

# Time-point response labels (RECIST 1.1 tables 1-3).
CR, PR, SD, PD, NE = "CR", "PR", "SD", "PD", "NE"
NON_CR_NON_PD = "NON-CR/NON-PD"
RESPONSES = (CR, PR, SD, NON_CR_NON_PD, PD, NE)

TARGET, NON_TARGET, NEW = "target", "non-target", "new"
PRESENT, ABSENT, UNEQUIVOCAL_PROGRESSION = "present", "absent", "unequivocal-progression"
EQUIVOCAL, UNEQUIVOCAL = "equivocal", "unequivocal"
NOT_ASSESSED, TOO_SMALL = "not-assessed", "too-small"


@dataclass(frozen=True)
class RecistRules:
    """Thresholds of RECIST 1.1; change only when a protocol says so."""

    pr_change_pct: Decimal = Decimal("-30")
    pd_change_pct: Decimal = Decimal("20")
    pd_absolute_mm: Decimal = Decimal("5")
    node_normal_mm: Decimal = Decimal("10")  # target node short axis < this counts as normal
    node_measurable_mm: Decimal = Decimal("15")
    lesion_measurable_mm: Decimal = Decimal("10")
    too_small_mm: Decimal = Decimal("5")  # "too small to measure" is recorded as 5 mm
    max_targets: int = 5
    max_targets_per_organ: int = 2
    baseline_max_days: int = 28  # baseline imaging at most 4 weeks before start
    confirmation_days: int = 28  # CR/PR confirmed by a repeat >= 4 weeks later
    sd_min_days: int = 42  # SD must be met at least once >= 6 weeks after start
    require_confirmation: bool = True  # non-randomised study with response as endpoint

    def with_protocol(
        self,
        *,
        confirmation_weeks: float | None = None,
        sd_min_weeks: float | None = None,
        visit_window_days: int = 0,
        require_confirmation: bool | None = None,
    ) -> RecistRules:
        changes: dict[str, Any] = {}
        if confirmation_weeks is not None:
            changes["confirmation_days"] = round(confirmation_weeks * 7)
        sd_days = round(sd_min_weeks * 7) if sd_min_weeks is not None else self.sd_min_days
        changes["sd_min_days"] = max(0, sd_days - visit_window_days)
        if require_confirmation is not None:
            changes["require_confirmation"] = require_confirmation
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "confirmation_days": self.confirmation_days,
            "sd_min_days": self.sd_min_days,
            "require_confirmation": self.require_confirmation,
            "baseline_max_days": self.baseline_max_days,
        }


@dataclass(frozen=True)
class Row:
    """One normalised measurement row (see measurements.py for the import rules)."""

    date: date
    lesion_id: str
    organ: str
    category: str
    lymph_node: bool
    diameter_mm: Decimal | None
    status: str | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Row:
        diameter = d.get("diameter_mm")
        return cls(
            date=date.fromisoformat(d["date"]),
            lesion_id=d["lesion_id"],
            organ=d["organ"],
            category=d["category"],
            lymph_node=bool(d.get("lymph_node", False)),
            diameter_mm=None if diameter is None else Decimal(str(diameter)),
            status=d.get("status"),
        )


@dataclass
class TimePoint:
    date: date
    days_from_start: int
    role: str  # baseline | follow-up
    target_sum_mm: Decimal | None
    change_from_baseline_pct: Decimal | None = None
    change_from_nadir_pct: Decimal | None = None
    nadir_mm: Decimal | None = None
    target: str | None = None
    non_target: str | None = None
    new_lesions: str | None = None
    overall: str | None = None
    not_assessed: list[str] = field(default_factory=list)
    new_lesion_ids: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    start: date
    baseline_date: date | None
    timepoints: list[TimePoint]
    measurable_disease: bool
    best_overall_response: str
    confirmed: bool
    unconfirmed_response: str | None
    progression_date: date | None
    last_adequate_date: date | None
    warnings: list[str]
    rules: RecistRules


# --- single time point -----------------------------------------------------------------------


def effective_diameter(row: Row, rules: RecistRules) -> Decimal | None:
    if row.status == TOO_SMALL:
        return rules.too_small_mm
    if row.status == NOT_ASSESSED:
        return None
    return row.diameter_mm


def pct_change(value: Decimal, reference: Decimal) -> Decimal | None:
    if reference == 0:
        return None
    return (value - reference) * 100 / reference


def is_progression(total: Decimal, nadir: Decimal, rules: RecistRules) -> bool:
    """PD needs both +20 % over the nadir and +5 mm absolute (§5.2)."""
    increase = total - nadir
    return increase >= rules.pd_absolute_mm and increase * 100 >= rules.pd_change_pct * nadir


def target_response(
    targets: dict[str, bool],
    diameters: dict[str, Decimal | None],
    baseline_sum: Decimal,
    nadir: Decimal,
    rules: RecistRules,
) -> tuple[str, Decimal | None, list[str]]:
    """Target response at one time point.

    targets: baseline target ids -> is a lymph node; diameters: id -> diameter at this time
    point (None or absent when not assessed). Returns (response, sum or None, missing ids).
    """
    missing = sorted(i for i in targets if diameters.get(i) is None)
    total = sum((diameters[i] for i in targets if diameters.get(i) is not None), Decimal(0))
    if missing:
        # Unmeasured lesions can only add to the sum, so PD already met stays PD (§5.2).
        if is_progression(total, nadir, rules):
            return PD, total, missing
        return NE, None, missing
    if is_progression(total, nadir, rules):
        return PD, total, []
    if all(
        (diameters[i] < rules.node_normal_mm) if node else (diameters[i] == 0)
        for i, node in targets.items()
    ):
        return CR, total, []  # with target nodes the sum can stay > 0
    if (total - baseline_sum) * 100 <= rules.pr_change_pct * baseline_sum:
        return PR, total, []
    return SD, total, []


def non_target_response(statuses: Sequence[str | None]) -> str | None:
    """Non-target response; None when there was no non-target disease at baseline."""
    if not statuses:
        return None
    if any(s == UNEQUIVOCAL_PROGRESSION for s in statuses):
        return PD
    if any(s is None or s == NOT_ASSESSED for s in statuses):
        return NE
    if all(s == ABSENT for s in statuses):
        return CR
    return NON_CR_NON_PD


def new_lesion_state(statuses: Iterable[str | None]) -> str:
    """'yes' for an unequivocal new lesion, 'equivocal' while in doubt, else 'no'."""
    found = list(statuses)
    if any(s in (UNEQUIVOCAL, None) for s in found):
        return "yes"
    if any(s == EQUIVOCAL for s in found):
        return "equivocal"
    return "no"


def overall_response(target: str | None, non_target: str | None, new: str) -> str:
    """The overall time-point table of RECIST 1.1 (§5.4), including non-target-only disease."""
    if target == PD or non_target == PD or new == "yes":
        return PD
    if target is None:  # non-target-only disease
        if non_target is None:
            return NE
        return {CR: CR, NON_CR_NON_PD: NON_CR_NON_PD}.get(non_target, NE)
    if target == CR:
        return CR if non_target in (CR, None) else PR
    if target in (PR, SD):
        return target
    return NE


# --- a course of assessments -----------------------------------------------------------------


def _by_date(rows: Iterable[Row]) -> dict[date, list[Row]]:
    out: dict[date, list[Row]] = {}
    for row in rows:
        out.setdefault(row.date, []).append(row)
    return dict(sorted(out.items()))


def evaluate(
    rows: Sequence[Row],
    rules: RecistRules,
    start: date | None = None,
    window_end: date | None = None,
) -> Evaluation:
    """Evaluate one treatment line: baseline = last assessment on or before ``start``;
    follow-up = assessments after ``start`` and before ``window_end`` (the next line's start).
    Without a start date the first assessment is both baseline and start."""
    dates = _by_date(rows)
    warnings: list[str] = []
    if start is None:
        if not dates:
            raise ValueError("no measurements")
        start = next(iter(dates))
        warnings.append("no treatment line given: the first assessment is taken as the start")
    before = [d for d in dates if d <= start]
    if not before:
        return _empty(start, rules, ["no assessment on or before the start: no baseline"])
    baseline_date = before[-1]
    gap = (start - baseline_date).days
    if gap > rules.baseline_max_days:
        warnings.append(
            f"baseline {gap} days before the start (RECIST: at most {rules.baseline_max_days})"
        )
    base_rows = dates[baseline_date]
    targets = {r.lesion_id: r.lymph_node for r in base_rows if r.category == TARGET}
    baseline_sum = sum(
        (effective_diameter(r, rules) or Decimal(0) for r in base_rows if r.category == TARGET),
        Decimal(0),
    )
    # Anything recorded at baseline that is not a target is followed as non-target disease.
    known = {r.lesion_id for r in base_rows}
    non_targets = sorted({r.lesion_id for r in base_rows if r.category != TARGET})

    timepoints = [
        TimePoint(
            date=baseline_date,
            days_from_start=-gap,
            role="baseline",
            target_sum_mm=baseline_sum if targets else None,
            change_from_baseline_pct=Decimal(0) if targets else None,
        )
    ]
    nadir = baseline_sum
    first_seen_new: dict[str, date] = {}
    for when, day_rows in dates.items():
        if when <= start or (window_end is not None and when >= window_end):
            continue
        by_id = {r.lesion_id: r for r in day_rows}
        late = sorted({r.lesion_id for r in day_rows if r.category == TARGET} - set(targets))
        if late:
            warnings.append(
                f"{when}: target lesion(s) {', '.join(late[:5])} not measured at this line's "
                f"baseline ({baseline_date}): not counted — RECIST chooses targets at baseline; "
                "a lesion that appeared later is a new lesion"
            )
        tp = TimePoint(
            date=when, days_from_start=(when - start).days, role="follow-up", target_sum_mm=None
        )
        if targets:
            diameters = {
                i: effective_diameter(by_id[i], rules) if i in by_id else None for i in targets
            }
            tp.target, tp.target_sum_mm, tp.not_assessed = target_response(
                targets, diameters, baseline_sum, nadir, rules
            )
            tp.nadir_mm = nadir
            if tp.target_sum_mm is not None:
                tp.change_from_baseline_pct = pct_change(tp.target_sum_mm, baseline_sum)
                tp.change_from_nadir_pct = pct_change(tp.target_sum_mm, nadir)
        statuses = [by_id[i].status if i in by_id else None for i in non_targets]
        extra = [r for r in day_rows if r.lesion_id not in known and r.category == NON_TARGET]
        statuses += [r.status for r in extra]
        tp.non_target = non_target_response(statuses)
        tp.not_assessed += [i for i in non_targets if i not in by_id or by_id[i].status is None]
        new_rows = [r for r in day_rows if r.lesion_id not in known and r.category == NEW]
        tp.new_lesions = new_lesion_state(r.status for r in new_rows)
        tp.new_lesion_ids = sorted(r.lesion_id for r in new_rows)
        for r in new_rows:
            first_seen_new.setdefault(r.lesion_id, when)
        tp.overall = overall_response(tp.target if targets else None, tp.non_target, tp.new_lesions)
        if tp.target in (CR, PR, SD) and tp.target_sum_mm is not None:
            nadir = min(nadir, tp.target_sum_mm)
        timepoints.append(tp)
    return _conclude(
        start, baseline_date, timepoints, bool(targets), first_seen_new, rules, warnings
    )


def _empty(start: date, rules: RecistRules, warnings: list[str]) -> Evaluation:
    return Evaluation(start, None, [], False, NE, False, None, None, None, warnings, rules)


def _conclude(
    start: date,
    baseline_date: date,
    timepoints: list[TimePoint],
    measurable: bool,
    first_seen_new: dict[str, date],
    rules: RecistRules,
    warnings: list[str],
) -> Evaluation:
    follow = [tp for tp in timepoints if tp.role == "follow-up"]
    pd_index = next((i for i, tp in enumerate(follow) if tp.overall == PD), None)
    course = follow if pd_index is None else follow[: pd_index + 1]
    progression = None
    if pd_index is not None:
        tp = follow[pd_index]
        # A new lesion confirmed later dates progression from the scan that first showed it.
        seen = [first_seen_new[i] for i in tp.new_lesion_ids if tp.new_lesions == "yes"]
        progression = min([tp.date, *seen])
    adequate = [tp.date for tp in course if tp.overall not in (NE, None)]
    bor, confirmed, unconfirmed = best_overall_response(course, start, measurable, rules)
    return Evaluation(
        start=start,
        baseline_date=baseline_date,
        timepoints=timepoints,
        measurable_disease=measurable,
        best_overall_response=bor,
        confirmed=confirmed,
        unconfirmed_response=unconfirmed,
        progression_date=progression,
        last_adequate_date=max(adequate) if adequate else None,
        warnings=warnings,
        rules=rules,
    )


def _confirmed(course: list[TimePoint], i: int, accepted: set[str], rules: RecistRules) -> bool:
    """A response at i is confirmed by the first later non-NE assessment >= the interval away;
    earlier repeats inside the interval must not contradict it."""
    for later in course[i + 1 :]:
        if later.overall == NE:
            continue
        if (later.date - course[i].date).days < rules.confirmation_days:
            if later.overall in accepted:
                continue
            return False
        return later.overall in accepted
    return False


def best_overall_response(
    course: list[TimePoint], start: date, measurable: bool, rules: RecistRules
) -> tuple[str, bool, str | None]:
    """BOR over the follow-up time points up to and including the first PD (§5.5).

    Returns (BOR, confirmed, best unconfirmed CR/PR or None)."""
    responses = [tp.overall for tp in course]
    if rules.require_confirmation:
        if any(r == CR and _confirmed(course, i, {CR}, rules) for i, r in enumerate(responses)):
            return CR, True, None
        if any(
            r in (CR, PR) and _confirmed(course, i, {CR, PR}, rules)
            for i, r in enumerate(responses)
        ):
            return PR, True, None
        unconfirmed = CR if CR in responses else PR if PR in responses else None
    else:
        for label in (CR, PR):
            if label in responses:
                return label, False, None
        unconfirmed = None
    stable_label = SD if measurable else NON_CR_NON_PD
    if any(
        tp.overall in (CR, PR, SD, NON_CR_NON_PD) and (tp.date - start).days >= rules.sd_min_days
        for tp in course
    ):
        return stable_label, False, unconfirmed
    if PD in responses:
        return PD, False, unconfirmed
    return NE, False, unconfirmed
