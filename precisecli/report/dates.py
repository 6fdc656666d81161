"""The report's date: SOURCE_DATE_EPOCH, else the day of the case's last content change.

Never the clock, and only the day of the last change: re-running the same steps on the same
inputs the same day must give the same report bytes, although the audit times differ.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from precisecli.errors import InputError
from precisecli.store.cases import AUDIT_FILE

# Audited commands that do not change what a report shows: writing a report, and importing a
# case bundle under its own id (the moved case must give the report it gave before).
NOT_CONTENT = frozenset({"report", "case import"})


def last_change(case_dir: Path) -> dict[str, Any] | None:
    """The last audit entry that changed the case's content (report entries are skipped:
    writing a report is itself audited, and must not make the next report differ)."""
    audit = case_dir / AUDIT_FILE
    last = None
    if audit.is_file():
        for line in audit.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("command") not in NOT_CONTENT:
                last = entry
    return last


def report_time(case_dir: Path, record: dict[str, Any]) -> datetime:
    """SOURCE_DATE_EPOCH when set; else midnight UTC of the day the content last changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds",
                hint="unset it or give seconds since 1970-01-01 UTC",
            ) from None
    entry = last_change(case_dir)
    stamp = (entry or {}).get("time") or record.get("created")
    stamp = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    return stamp.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
