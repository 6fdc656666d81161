"""Derived results that no longer match the data they were computed from.

A housekeeping change (a removed sample, screen or assessment, an edited line or intake field)
does not silently recompute anything: it marks the results derived from the changed data as
stale in ``record["stale"]``: ``{result: {"because": "<command and target>", "rerun": "..."}}``.
The command that recomputes a result clears its mark. Readers that would present a stale
result as current (``next``, ``report``) refuse with the commands to re-run; ``case show``
lists them.
"""

from __future__ import annotations

from typing import Any

from precisecli.errors import InputError

# result -> (what it is, the command that recomputes it); {case} is the case id
RESULTS: dict[str, tuple[str, str]] = {
    "grouping": ("genomic grouping", "precise group {case}"),
    "evaluation": ("RECIST evaluation", "precise response evaluate {case}"),
    "report": ("tumour-board report", "precise report {case}"),
}


def present(record: dict[str, Any], case_dir_has_reports: bool, result: str) -> bool:
    """Whether the case holds this derived result at all (nothing to mark otherwise)."""
    if result == "grouping":
        return bool(record.get("grouping"))
    if result == "evaluation":
        return bool((record.get("treatment") or {}).get("evaluation"))
    if result == "report":
        return case_dir_has_reports
    raise KeyError(result)


def mark(
    record: dict[str, Any], results: list[str], because: str, *, has_reports: bool
) -> list[str]:
    """Mark the results (those the case holds) stale; returns the ones marked."""
    marked = []
    for result in results:
        if not present(record, has_reports, result):
            continue
        entry = {"because": because, "rerun": RESULTS[result][1].format(case=record["case_id"])}
        record.setdefault("stale", {})[result] = entry
        marked.append(result)
    return marked


def clear(record: dict[str, Any], result: str) -> None:
    """A command recomputed this result: it is current again."""
    stale = record.get("stale")
    if stale and result in stale:
        del stale[result]
        if not stale:
            del record["stale"]


def stale_items(record: dict[str, Any]) -> list[dict[str, str]]:
    """What needs re-running, in pipeline order."""
    stale = record.get("stale") or {}
    return [
        {"result": name, "what": RESULTS[name][0], **stale[name]}
        for name in RESULTS
        if name in stale
    ]


def require_current(record: dict[str, Any], results: list[str], command: str) -> None:
    """Refuse (exit 3) when a result this command presents is stale; the hint says what to run."""
    items = [i for i in stale_items(record) if i["result"] in results]
    if not items:
        return
    what = ", ".join(f"{i['what']} (after {i['because']})" for i in items)
    rerun = ", then ".join(f"`{i['rerun']}`" for i in items)
    raise InputError(
        f"{command}: the {what} is stale; it would be presented as current",
        hint=f"re-run {rerun}, then `{command}` again",
    )


def has_reports(case_dir: Any) -> bool:
    folder = case_dir / "reports"
    return folder.is_dir() and any(p.is_file() for p in folder.iterdir())
