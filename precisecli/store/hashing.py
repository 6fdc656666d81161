"""Checksums of input files, streamed so large VCFs never sit in memory."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from precisecli.store.documents import unreadable


@dataclass(frozen=True)
class FileDigest:
    name: str  # original base name, kept only in the case record and audit log
    sha256: str
    size: int

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


def digest_file(path: Path, chunk: int = 1 << 20) -> FileDigest:
    from precisecli.limits import require_regular_file

    require_regular_file(path)  # a FIFO or /dev/zero would block or never end
    h = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while block := handle.read(chunk):
                h.update(block)
                size += len(block)
    except OSError as exc:
        raise unreadable(path, exc) from None
    return FileDigest(name=path.name, sha256=h.hexdigest(), size=size)
