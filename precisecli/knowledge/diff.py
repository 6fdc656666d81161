"""What changed between two knowledge bases (`precise kb diff OLD NEW`), for the site's review.

The two files are compared structurally, not as text: mappings key by key; lists whose items carry
an identity (`id`, a group option's `regimen`, a changelog `version`) item by item, so a moved
entry is one "reordered" change rather than a cascade; any other value is compared whole (a
signature tree, a variant list, the priority order). An entry added or removed as a whole is one
change. Every change gets a category (groups, regimens, thresholds, levels, drugs, trials, ...) from
where it sits. Old knowledge bases are read as YAML without the current schema, since an older
version may not satisfy it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.store.documents import decode_text, loads_yaml, read_bytes

CATEGORIES = {
    "groups": "groups",
    "priority": "groups",
    "regimens": "regimens",
    "newer_options": "regimens",
    "thresholds": "thresholds",
    "pdo": "thresholds",
    "pdo_fit_quality": "thresholds",
    "tmb_panels": "thresholds",
    "cnvkit_call": "thresholds",
    "ctdna_trend": "thresholds",
    "assays": "thresholds",
    "currency": "thresholds",
    "qualification": "qualification",
    "biomarker_evidence": "levels",
    "evidence": "trials",
    "drugs": "drugs",
    "flags": "flags",
    "hotspots": "variant lists",
    "sources": "sources",
    "name": "version",
    "version": "version",
    "changelog": "version",
}
# values compared whole: condition trees and match lists are one rule each
_WHOLE = {"signature", "when", "match"}
_IDENTITY = ("id", "regimen", "version")


def _category(path: tuple[str, ...]) -> str:
    if path[0] == "evidence" and "level" in path:
        return "levels"  # the tier of a trial entry
    return CATEGORIES.get(path[0], "other")


def _identity(items: list[Any]) -> str | None:
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for key in _IDENTITY:
        values = [i.get(key) for i in items]
        if all(isinstance(v, str) for v in values) and len(set(values)) == len(values):
            return key
    return None


def _label(value: Any) -> str:
    if isinstance(value, list) and (key := _identity(value)):
        return f"{len(value)} entries: " + ", ".join(str(i[key]) for i in value)
    if isinstance(value, dict):
        for key in (
            "label",
            "name",
            "trial",
            "biomarker",
            "message",
            "citation",
            "value",
            "regimen",
            "changes",
        ):
            if key in value:
                return str(value[key])
        return ", ".join(value)[:80]
    return str(value)


def _walk(old: Any, new: Any, path: tuple[str, ...], out: list[dict[str, Any]]) -> None:
    def emit(change: str, before: Any, after: Any) -> None:
        out.append(
            {
                "path": path,
                "change": change,
                "old": before,
                "new": after,
                "category": _category(path),
            }
        )

    if path and path[-1] in _WHOLE:
        if old != new:
            emit("changed", old, new)
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            sub = (*path, str(key))
            if key not in new:
                out.extend(_whole(sub, "removed", old[key]))
            elif key not in old:
                out.extend(_whole(sub, "added", new[key]))
            else:
                _walk(old[key], new[key], sub, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        key = _identity(old) if old and new and _identity(old) == _identity(new) else None
        if key is not None:
            before = {i[key]: i for i in old}
            after = {i[key]: i for i in new}
            common_old = [k for k in before if k in after]
            common_new = [k for k in after if k in before]
            if common_old != common_new:
                emit("reordered", common_old, common_new)
            for k in list(before) + [k for k in after if k not in before]:
                sub = (*path, f"[{k}]")
                if k not in after:
                    out.append(_entry(sub, "removed", before[k], None))
                elif k not in before:
                    out.append(_entry(sub, "added", None, after[k]))
                else:
                    _walk(before[k], after[k], sub, out)
            return
    if old != new:
        emit("changed", old, new)


def _entry(path: tuple[str, ...], change: str, old: Any, new: Any) -> dict[str, Any]:
    return {"path": path, "change": change, "old": old, "new": new, "category": _category(path)}


def _whole(path: tuple[str, ...], change: str, value: Any) -> list[dict[str, Any]]:
    """A section added or removed as a whole is listed entry by entry (one level down)."""
    old, new = (value, None) if change == "removed" else (None, value)
    if len(path) == 1 and isinstance(value, list) and (key := _identity(value)):
        items = [((*path, f"[{i[key]}]"), i) for i in value]
    elif len(path) == 1 and isinstance(value, dict) and value:
        items = [((*path, str(k)), v) for k, v in value.items()]
    else:
        return [_entry(path, change, old, new)]
    return [
        _entry(sub, change, v if change == "removed" else None, v if change == "added" else None)
        for sub, v in items
    ]


def _plain(value: Any) -> Any:
    """JSON-ready copy (YAML dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def dotted(path: tuple[str, ...]) -> str:
    out = ""
    for part in path:
        out += part if part.startswith("[") else (f".{part}" if out else part)
    return out


def _text(item: dict[str, Any]) -> str:
    where = dotted(item["path"])
    if item["change"] == "added":
        return f"added {where}: {_label(item['new'])}"
    if item["change"] == "removed":
        return f"removed {where}: {_label(item['old'])}"
    if item["change"] == "reordered":
        return f"reordered {where}: {', '.join(item['old'])} -> {', '.join(item['new'])}"
    return f"changed {where}: {_label(item['old'])} -> {_label(item['new'])}"


def diff_data(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Every change from old to new, in document order, each with path, category and text."""
    items: list[dict[str, Any]] = []
    _walk(old, new, (), items)
    for item in items:
        item["text"] = _text(item)
        item["path"] = dotted(item["path"])
        item["old"], item["new"] = _plain(item["old"]), _plain(item["new"])
    return items


def read_kb_document(path: Path) -> tuple[dict[str, Any], str]:
    """A knowledge-base YAML file as data (bounded read, no schema), and its sha256."""
    raw = read_bytes(Path(path), limit_name="max_document_bytes")
    document = loads_yaml(decode_text(raw, Path(path)), Path(path).name)
    data = document.data
    if not isinstance(data, dict) or "version" not in data or "name" not in data:
        raise InputError(
            "not a knowledge base: expected a YAML mapping with name and version",
            location=Location(file=Path(path).name, line=1),
            hint="give two knowledge-base files, e.g. knowledge/her2_refractory.yaml",
        )
    return data, hashlib.sha256(raw).hexdigest()


def diff_files(old_path: Path, new_path: Path) -> dict[str, Any]:
    """The `kb diff --json` document."""
    old, old_sha = read_kb_document(old_path)
    new, new_sha = read_kb_document(new_path)
    changes = diff_data(old, new)
    by_category: dict[str, int] = {}
    for c in changes:
        by_category[c["category"]] = by_category.get(c["category"], 0) + 1

    def stamp(data, sha, path):
        return {
            "file": Path(path).name,
            "name": str(data["name"]),
            "version": str(data["version"]),
            "sha256": sha,
        }

    return {
        "old": stamp(old, old_sha, old_path),
        "new": stamp(new, new_sha, new_path),
        "n_changes": len(changes),
        "by_category": dict(sorted(by_category.items())),
        "changes": changes,
    }
