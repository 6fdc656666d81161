"""How current is a knowledge base? (`precise kb show` warns when its last review is too old.)

The age is counted from the latest `review_date` of the changelog (only when no entry has one,
from the latest entry `date`): a new version released without a review does not make it current.
The allowed age comes, in order, from `--max-age-days`, the environment variable
PRECISE_KB_MAX_AGE_DAYS, the KB's `currency.max_age_days`; without any of them there is no limit.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from precisecli.errors import UsageError

ENV = "PRECISE_KB_MAX_AGE_DAYS"


def last_review(kb_data: dict[str, Any]) -> date | None:
    """The latest review_date; only when no entry has one, the latest entry date."""
    entries = kb_data.get("changelog", [])
    reviews = [str(e["review_date"]) for e in entries if e.get("review_date")]
    dates = reviews or [str(e["date"]) for e in entries if e.get("date")]
    return max(date.fromisoformat(d) for d in dates) if dates else None


def _max_age(kb_data: dict[str, Any], option: int | None) -> tuple[int | None, str | None]:
    if option is not None:
        return option, "--max-age-days"
    raw = os.environ.get(ENV)
    if raw not in (None, ""):
        try:
            value = int(raw)
        except ValueError:
            raise UsageError(
                f"{ENV}={raw!r} is not a whole number of days",
                hint=f"set {ENV} to e.g. 365, or unset it",
            ) from None
        if value < 0:
            raise UsageError(f"{ENV} must not be negative", hint=f"set {ENV} to e.g. 365")
        return value, ENV
    setting = (kb_data.get("currency") or {}).get("max_age_days")
    if setting:
        return int(setting["value"]), "currency.max_age_days"
    return None, None


def currency(kb_data: dict[str, Any], today: date, option: int | None = None) -> dict[str, Any]:
    """The currency record of `kb show --json`; `stale` is True when the review is too old."""
    reviewed = last_review(kb_data)
    limit, limit_from = _max_age(kb_data, option)
    age = (today - reviewed).days if reviewed else None
    stale = limit is not None and (age is None or age > limit)
    if not stale:
        warning = None
    elif reviewed is None:
        warning = "the knowledge base has no review date: its clinical content may be out of date"
    else:
        warning = (
            f"knowledge base last reviewed {reviewed.isoformat()} ({age} days ago, more than "
            f"{limit} allowed by {limit_from}): check it against current evidence and guidelines"
        )
    return {
        "review_date": reviewed.isoformat() if reviewed else None,
        "age_days": age,
        "max_age_days": limit,
        "max_age_from": limit_from,
        "stale": stale,
        "warning": warning,
    }
