"""Typed results of group assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from precisecli.errors import InputError


class CannotAssignError(InputError):
    """The data needed to decide the group are missing (exit 3); the message says what."""


@dataclass(frozen=True)
class RegimenChoice:
    regimen_id: str
    label: str
    drugs: tuple[str, ...]
    note: str | None = None
    demoted_by: tuple[str, ...] = ()
    evidence_level: dict[str, Any] | None = None  # precisecli.grouping.levels.regimen_level

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.regimen_id,
            "label": self.label,
            "drugs": list(self.drugs),
        }
        out["note"] = self.note
        out["demoted_by"] = list(self.demoted_by)
        out["evidence_level"] = self.evidence_level
        return out


@dataclass(frozen=True)
class GroupResult:
    """Assigned group with its full trail, or the reasons why no group can be assigned."""

    group_id: str | None
    group_name: str | None
    regimen: RegimenChoice | None
    alternatives: tuple[RegimenChoice, ...]
    excluded_regimens: tuple[dict[str, Any], ...]
    decision: dict[str, Any]
    signatures: tuple[dict[str, Any], ...]
    secondary_signatures: tuple[str, ...]
    flags: tuple[dict[str, Any], ...]
    alterations: tuple[dict[str, Any], ...]
    evidence: tuple[dict[str, Any], ...]
    kb: dict[str, str]
    cannot_assign: tuple[str, ...] = field(default=())
    other_options: tuple[dict[str, Any], ...] = field(default=())

    @property
    def assigned(self) -> bool:
        return self.group_id is not None

    def cannot_assign_message(self) -> str:
        return "cannot assign: " + "; ".join(self.cannot_assign)

    def raise_if_unassigned(self) -> None:
        if not self.assigned:
            raise CannotAssignError(
                self.cannot_assign_message(),
                hint="add the missing data, then run `precise group` again",
            )

    def to_document(self, case_id: str) -> dict[str, Any]:
        """The `group --json` document (DESIGN §4 keys plus the trail). Deterministic."""
        self.raise_if_unassigned()
        assert self.regimen is not None
        regimen = self.regimen.as_dict()
        return {
            "case_id": case_id,
            "group": {"id": self.group_id, "name": self.group_name},
            "regimen": regimen,
            "alternatives": [a.as_dict() for a in self.alternatives],
            "excluded_regimens": list(self.excluded_regimens),
            "decision": self.decision,
            "signatures": list(self.signatures),
            "secondary_signatures": list(self.secondary_signatures),
            "flags": list(self.flags),
            "alterations": list(self.alterations),
            "evidence": list(self.evidence),
            "other_options": list(self.other_options),
            "kb": dict(self.kb),
        }
