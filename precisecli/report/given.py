"""Which regimens the patient has already received (prior lines and study lines).

A regimen counts as given when a line used exactly its drugs (canonical ids, any order) or
when a study line was started with its id. The report marks such regimens "given" wherever it
names them, so no regimen the patient progressed on reads as a fresh recommendation.
"""

from __future__ import annotations

from typing import Any


class Given:
    def __init__(self, record: dict[str, Any]) -> None:
        from precisecli.clinical import canonical_drug

        self._canon = canonical_drug
        self.lines: list[dict[str, Any]] = []
        intake = record.get("intake") or {}
        study = ((record.get("treatment") or {}).get("lines")) or []
        for ln in intake.get("prior_therapy") or []:
            self.lines.append(self._line(ln, None))
        for ln in study:
            self.lines.append(self._line(ln, ln.get("regimen")))

    def _line(self, ln: dict[str, Any], rid: str | None) -> dict[str, Any]:
        return {
            "line": ln.get("line"),
            "id": rid,
            "drugs": frozenset(self._canon(str(d)) for d in ln.get("drugs") or []),
            "end": ln.get("end"),
            "stop": ln.get("stop_reason"),
        }

    def of(self, regimen: Any, drugs: list[str] | None = None) -> str | None:
        """'given: line 3, stopped for progression' when the regimen was given, else None."""
        rid = regimen.get("id") if isinstance(regimen, dict) else regimen
        drugs = drugs or (regimen.get("drugs") if isinstance(regimen, dict) else None) or []
        wanted = frozenset(self._canon(str(d)) for d in drugs)
        for ln in reversed(self.lines):
            if (rid and ln["id"] == rid) or (wanted and ln["drugs"] == wanted):
                text = f"given: line {ln['line']}"
                if ln["end"] is None:
                    return text + ", ongoing"
                return text + (f", stopped for {ln['stop']}" if ln["stop"] else ", stopped")
        return None


def mark(label: str, given: str | None) -> str:
    return f"{label} ({given})" if given else label
