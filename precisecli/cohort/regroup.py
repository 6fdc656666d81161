"""`cohort regroup`: re-run the grouping of every grouped case against a knowledge base and write
only the cases whose result changes.

"Result" is the stored `group --json` document without its `kb` stamp: a case whose group,
regimen, alternatives, evidence and flags are the same under the new knowledge base is left
untouched (not rewritten just to carry a new stamp; `precise group CASE` does that). A changed
case is written exactly as `precise group CASE --kb FILE` writes it (same transaction, staleness
cleared), with the decision taken again on the record read under the case lock.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from precisecli.errors import PreciseError


def _key(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if doc is None else {k: v for k, v in doc.items() if k != "kb"}


def _brief(doc: dict[str, Any] | None) -> dict[str, str | None]:
    doc = doc or {}
    return {
        "group": (doc.get("group") or {}).get("id"),
        "regimen": (doc.get("regimen") or {}).get("id"),
    }


def _compute(case_dir: Path, record: dict[str, Any], kb: Any) -> dict[str, Any]:
    from precisecli.grouping.case import group_case

    result = group_case(case_dir, record, kb)
    result.raise_if_unassigned()
    return result.to_document(record["case_id"])


def regroup_cases(
    st: Any,
    case_ids: list[str],
    kb_path: Path | None,
    *,
    dry_run: bool,
    advance: Callable[[int], None] = lambda n: None,
) -> dict[str, Any]:
    from precisecli.knowledge import load_kb
    from precisecli.store import staleness

    kb = load_kb(kb_path)
    changes: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    unchanged = 0
    for case_id in case_ids:
        advance(1)
        with st.reading(case_id) as (record, case_dir):
            before = record.get("grouping")
            if before is None:
                skipped.append({"case_id": case_id, "reason": "not grouped yet"})
                continue
            try:
                after = _compute(case_dir, record, kb)
            except PreciseError as exc:
                skipped.append({"case_id": case_id, "reason": exc.message})
                continue
        if _key(after) == _key(before):
            unchanged += 1
            continue
        written = False
        if not dry_run:
            args = {"case_id": case_id, "kb": kb_path.name if kb_path else None}
            with st.update(case_id, command="cohort regroup", args=args, kb=kb.stamp()) as txn:
                before = txn.record.get("grouping")
                after = _compute(txn.case_dir, txn.record, kb)
                if _key(after) != _key(before):
                    txn.record["grouping"] = after
                    staleness.clear(txn.record, "grouping")
                    written = True
            if not written:
                unchanged += 1
                continue
        b, a = _brief(before), _brief(after)
        changes.append(
            {
                "case_id": case_id,
                "before": b,
                "after": a,
                "group_changed": b["group"] != a["group"],
                "regimen_changed": b["regimen"] != a["regimen"],
                "written": written,
            }
        )
    return {
        "kb": kb.stamp(),
        "dry_run": dry_run,
        "n_cases": len(case_ids),
        "n_unchanged": unchanged,
        "changes": changes,
        "skipped": skipped,
    }
