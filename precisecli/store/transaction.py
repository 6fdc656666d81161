"""What one command changes in a case: the edited record and the staged files (see cases.py)."""

from __future__ import annotations

import filecmp
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from precisecli.errors import InternalError
from precisecli.store.documents import dumps_json
from precisecli.store.hashing import FileDigest
from precisecli.store.integrity import safe_relative
from precisecli.store.schema import validate


def check_relative(rel: str) -> str:
    safe = safe_relative(rel)
    if safe is None:
        raise InternalError(f"refusing to write outside the case folder: {rel!r}")
    return safe


@dataclass
class CaseTransaction:
    """What one command changes in a case. The record is the parsed case.json, to be edited."""

    case_id: str
    case_dir: Path
    record: dict[str, Any]
    command: str
    args: dict[str, Any]
    inputs: list[FileDigest]
    kb: dict[str, Any] | None = None
    _files: dict[str, bytes | Path] = field(default_factory=dict)
    _moves: set[str] = field(default_factory=set)
    _removals: set[str] = field(default_factory=set)
    _original: dict[str, Any] = field(default_factory=dict)

    def write_bytes(self, rel: str, data: bytes) -> None:
        rel = check_relative(rel)
        self._removals.discard(rel)
        self._files[rel] = data

    def write_file(self, rel: str, source: Path, *, move: bool = False) -> None:
        """Stage a file already on disk (e.g. a large table streamed to a temp file); it is
        copied in chunks at commit, so big tables never sit in memory. Keep it until then.
        move=True hands the file over: the commit renames it into the journal (no copy) when
        it is on the case's filesystem, e.g. in a CaseStore.scratch folder, and it is gone
        afterwards whether or not the commit succeeds."""
        rel = check_relative(rel)
        self._removals.discard(rel)
        self._files[rel] = Path(source)
        if move:
            self._moves.add(rel)
        else:
            self._moves.discard(rel)

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_json(self, rel: str, data: Any, schema: str | None = None) -> None:
        if schema:
            try:
                text = dumps_json(data)
            except Exception:  # refused below, after validation, as before
                text = None
            validate(data, schema, source=rel, written=text)
        self.write_text(rel, dumps_json(data))

    def remove(self, rel: str) -> None:
        rel = check_relative(rel)
        self._files.pop(rel, None)
        self._moves.discard(rel)
        self._removals.add(rel)

    def path(self, rel: str) -> Path:
        """Where a file of this case lives (to read the current, committed version)."""
        return self.case_dir / check_relative(rel)

    def _unchanged_files(self) -> bool:
        for rel, data in self._files.items():
            target = self.case_dir / rel
            if not target.is_file():
                return False
            if isinstance(data, Path):
                if not filecmp.cmp(target, data, shallow=False):
                    return False
            elif target.read_bytes() != data:
                return False
        return all(not (self.case_dir / rel).exists() for rel in self._removals)

    @property
    def changed(self) -> bool:
        return self.record != self._original or not self._unchanged_files()
