"""Bundled sample cases and the command sequence that works one up (<ID>/workup.d/)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.resources import resource_dir
from precisecli.store.documents import load_document
from precisecli.store.workspace import check_identifier

MARKER = ".precise-demo"


@dataclass(frozen=True)
class Workup:
    case_id: str
    folder: Path
    step_files: tuple[Path, ...]

    def _expand(self, token: str, workspace: Path) -> str:
        # {out} is the demo's --out folder (the workspace's parent), where reports are copied.
        return (
            token.replace("{case}", str(self.folder))
            .replace("{workspace}", str(workspace))
            .replace("{out}", str(workspace.parent))
        )

    def steps(self, workspace: Path) -> list[list[str]]:
        """Each step's argv, prefixed with the demo workspace."""
        out = []
        for path in self.step_files:
            doc = load_document(path).data or {}
            for i, step in enumerate(doc.get("steps", [])):
                if not isinstance(step, list) or not all(isinstance(t, str) for t in step):
                    raise InputError(
                        "a step must be a list of strings",
                        location=Location(file=path.name, record=i + 1),
                    )
                out.append(
                    ["--workspace", str(workspace)] + [self._expand(t, workspace) for t in step]
                )
        return out

    def closing_lines(self, workspace: Path) -> list[str]:
        lines = []
        for path in self.step_files:
            doc = load_document(path).data or {}
            lines += [self._expand(t, workspace) for t in doc.get("finally", [])]
        return lines or [f"demo workspace: {workspace}"]


def load_workup(case_id: str) -> Workup:
    check_identifier(case_id)
    folder = resource_dir("sample_cases") / case_id
    steps = tuple(sorted((folder / "workup.d").glob("*.yaml")))
    if not steps:
        raise InputError(
            f"no bundled sample case {case_id}", hint="see sample_cases/ for the bundled cases"
        )
    return Workup(case_id=case_id, folder=folder, step_files=steps)


def prepare_demo_folder(out: Path, case_id: str) -> Path:
    """Create <out>/workspace; a previous demo's case is replaced, anything else is refused."""
    out = out.expanduser().absolute()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise InputError(
            f"{out} exists and was not made by `precise demo`",
            hint="choose an empty or new folder with --out",
        )
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    (out / MARKER).touch()
    workspace = out / "workspace"
    shutil.rmtree(workspace / case_id, ignore_errors=True)
    shutil.rmtree(out / "reports", ignore_errors=True)
    return workspace
