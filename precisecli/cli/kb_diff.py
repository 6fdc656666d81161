"""`precise kb diff OLD NEW`: what changed between two knowledge bases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, out_console, styled

_MARK = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}


def register(root: typer.Typer) -> None:  # noqa: ARG001 - adds to the kb sub-app
    from precisecli.cli.grouping import kb_app

    kb_app.command("diff")(kb_diff)


def kb_diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="Earlier knowledge-base YAML file.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="Later knowledge-base YAML file.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List what changed between two knowledge bases: groups, regimens, thresholds, evidence
    levels, drugs, trials, flags, sources — for the site's review of a new version.

    Example: precise kb diff site_kb_0.2.1.yaml knowledge/her2_refractory.yaml
    """
    from precisecli.knowledge.diff import diff_files

    doc = diff_files(old, new)
    if json_out:
        emit_json(doc, "cli/kb-diff.schema.json")
        return
    o, n = doc["old"], doc["new"]
    out_console.print(
        styled((f"{o['name']} {o['version']} -> {n['name']} {n['version']}", "bold")),
        f"{doc['n_changes']} change(s)",
    )
    for category in sorted({c["category"] for c in doc["changes"]}):
        out_console.print(styled((f"\n{category}", "bold")))
        for c in doc["changes"]:
            if c["category"] == category:
                mark, colour = _MARK.get(c["change"], ("~", "yellow"))
                text = c["text"] if len(c["text"]) <= 220 else c["text"][:217] + "..."
                out_console.print(styled((f"  {mark} ", colour), text))
