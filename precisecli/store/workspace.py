"""The workspace folder and the mapping from a case id to its private folder."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from precisecli.errors import CaseNotFoundError, InputError, Location, StorageError

CASE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DEFAULT_DIRNAME = "precise-workspace"
ENV_VAR = "PRECISE_WORKSPACE"
_SYSTEM_TREES = ("/proc", "/sys", "/dev")


def check_identifier(value: str, what: str = "case id") -> str:
    """Ids become folder and file names, so they follow one allow-list grammar."""
    if not value:
        raise InputError(
            f"{what} is empty", hint="use letters, digits, '.', '_' or '-' (1–64 characters)"
        )
    if not CASE_ID_RE.fullmatch(value) or ".." in value:
        raise InputError(
            f"{what} {value!r} is not allowed",
            hint="use 1–64 of letters, digits, '.', '_' or '-', starting with a letter or digit, "
            "and no '..'",
        )
    return value


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def locate(cls, option: str | os.PathLike[str] | None = None) -> Workspace:
        chosen = option or os.environ.get(ENV_VAR) or DEFAULT_DIRNAME
        return cls(Path(chosen).expanduser().absolute())

    def check_usable(self) -> None:
        """Refuse workspace paths that can never hold cases: kernel file systems, a dangling
        link, a file."""
        where = Location(file=str(self.root))
        real = Path(os.path.realpath(self.root))
        if any(real == Path(p) or real.is_relative_to(p) for p in _SYSTEM_TREES):
            raise StorageError(
                f"the workspace is inside /{real.parts[1]}, a system folder that cannot hold cases",
                location=where,
                hint="choose a folder on a disk with --workspace DIR or PRECISE_WORKSPACE",
            )
        if self.root.is_symlink() and not self.root.exists():
            raise StorageError(
                "the workspace path is a symbolic link to nothing",
                location=where,
                hint="fix or remove the link, or choose another --workspace",
            )
        if self.root.exists() and not self.root.is_dir():
            raise StorageError(
                "the workspace path exists and is not a folder",
                location=where,
                hint="choose a folder with --workspace DIR or PRECISE_WORKSPACE",
            )

    def ensure(self) -> Path:
        from precisecli.store.faults import storage_fault

        self.check_usable()
        with storage_fault("create the workspace folder", str(self.root)):
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.root

    def case_dir(self, case_id: str) -> Path:
        check_identifier(case_id)
        path = self.root / case_id
        if path.is_symlink():
            raise InputError(
                f"case folder {case_id} is a symbolic link; refusing to use it",
                hint="case folders must be real folders inside the workspace",
            )
        if path.exists() and not path.resolve().is_relative_to(self.root.resolve()):
            raise InputError(f"case folder {case_id} resolves outside the workspace")
        return path

    def existing_case_dir(self, case_id: str) -> Path:
        self.check_usable()
        path = self.case_dir(case_id)
        if not (path / "case.json").is_file():
            raise CaseNotFoundError(
                f"case {case_id} not found in workspace {self.root}",
                hint="check the id with `precise case list`, or create it with `precise case new`",
            )
        return path

    def case_ids(self) -> list[str]:
        """The cases of the workspace (none while it does not exist yet); a workspace path that
        can never hold cases (a file, a dangling link, a system folder) is refused."""
        self.check_usable()
        if not self.root.is_dir():
            return []
        found = []
        for child in sorted(self.root.iterdir()):
            if (
                CASE_ID_RE.fullmatch(child.name)
                and not child.is_symlink()
                and (child / "case.json").is_file()
            ):
                found.append(child.name)
        return found
