"""The knowledge base: a YAML file validated by schemas/knowledge.schema.json.

Every result derived from it carries ``kb.stamp()`` (name, version, sha256 of the file bytes).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.knowledge.checks import check_references
from precisecli.resources import resource_file
from precisecli.store.documents import decode_text, loads_yaml, read_bytes
from precisecli.store.schema import validate

DEFAULT_KB = "her2_refractory.yaml"


@dataclass(frozen=True)
class KnowledgeBase:
    name: str
    version: str
    sha256: str
    path: Path
    data: dict[str, Any]

    def stamp(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256}

    # --- typed accessors used across domains --------------------------------------------
    def threshold(self, section: str, key: str) -> Any:
        try:
            return self.data["thresholds"][section][key]["value"]
        except KeyError:
            raise InputError(
                f"knowledge base {self.name} has no threshold {section}.{key}",
                location=Location(file=self.path.name),
                hint="add it to the thresholds section",
            ) from None

    def drug(self, drug_id: str) -> dict[str, Any] | None:
        return self.data["drugs"].get(drug_id)

    def regimen(self, regimen_id: str) -> dict[str, Any] | None:
        return self.data["regimens"].get(regimen_id)

    def regimen_ids(self) -> list[str]:
        return list(self.data["regimens"])

    def regimen_for_drugs(self, drugs: list[str]) -> str | None:
        """The regimen id whose drug set equals the given one, if any."""
        wanted = frozenset(drugs)
        for rid, reg in self.data["regimens"].items():
            if frozenset(reg["drugs"]) == wanted:
                return rid
        return None

    def organoid_testable(self, drugs: list[str]) -> bool:
        """A regimen can be judged on organoids alone only if every drug can."""
        return all((self.drug(d) or {}).get("organoid_testable", True) for d in drugs)


def setting(kb: KnowledgeBase | dict | None, path: str, default: Any) -> Any:
    """The value of a `{value, source}` entry at a dotted path of the knowledge base (e.g.
    "clonality.detection_min_p"), or ``default`` when there is no base or the entry is absent
    (a site base written for an earlier version); every section outside `thresholds` is read
    through here."""
    node: Any = getattr(kb, "data", kb)  # a KnowledgeBase (or anything with .data), or its data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node.get("value", default) if isinstance(node, dict) else default


def _load(path: Path, display: str, raw: bytes | None = None) -> KnowledgeBase:
    if raw is None:
        raw = read_bytes(path, limit_name="max_document_bytes")  # a regular file, bounded
    document = loads_yaml(decode_text(raw, path), display)
    if not isinstance(document.data, dict):
        raise InputError(
            "a knowledge base must be a YAML mapping", location=Location(file=display, line=1)
        )
    validate(
        document.data,
        "knowledge.schema.json",
        document=document,
        hint="fix the knowledge base; `precise kb validate FILE` lists the problem",
        raw=raw,
    )
    check_references(document.data, display, document.line_of)
    return KnowledgeBase(
        name=document.data["name"],
        version=str(document.data["version"]),
        sha256=hashlib.sha256(raw).hexdigest(),
        path=path,
        data=document.data,
    )


@cache
def _default() -> KnowledgeBase:
    """The bundled base. Parsed, validated and reference-checked once per installation: the
    checked data is kept as JSON in the user's cache (``store.blobcache``, user=True) under a
    key of its bytes and the installed schema set, so a new workspace does not pay 0.25 s of
    YAML parsing and validation again; any other bytes or schemas are checked in full."""
    import json

    from precisecli.store import blobcache, validated

    path = resource_file("knowledge", DEFAULT_KB)
    raw = read_bytes(path, limit_name="max_document_bytes")
    digest = hashlib.sha256(raw).hexdigest()
    key = hashlib.sha256(
        f"bundled-kb\0{validated.schema_set_key()}\0{DEFAULT_KB}\0{digest}".encode()
    ).hexdigest()
    cached = blobcache.get(_CACHE_KIND, key, user=True)
    if cached is not None:
        try:
            data = json.loads(cached)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            return KnowledgeBase(
                name=data["name"],
                version=str(data["version"]),
                sha256=digest,
                path=path,
                data=data,
            )
    kb = _load(path, DEFAULT_KB, raw=raw)
    if validated.plain_json(kb.data):
        text = json.dumps(kb.data, ensure_ascii=False, separators=(",", ":"))
        blobcache.put(_CACHE_KIND, key, text.encode("utf-8"), user=True)
    return kb


_CACHE_KIND = "bundled-kb"


def load_kb(path: Path | None = None) -> KnowledgeBase:
    """The site's knowledge base when a path is given, else the bundled default."""
    if path is None:
        return _default()
    return _load(Path(path), Path(path).name)
