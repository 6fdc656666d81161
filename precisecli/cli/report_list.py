"""`precise report list CASE`: the reports filed in a case (dates, sizes, sha256).

`report` itself is a command taking a case id, so `report list` is routed by the command class
below: when the first word after `report` is `list`, the list command runs instead. (A case
named `list` can still be listed, but not reported on with `precise report list`.)
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from precisecli.cli.common import emit_json, out_console, store


class ReportCommand(TyperCommand):
    """`precise report CASE …`, or `precise report list CASE …` for the list command."""

    def make_context(self, info_name, args, parent=None, **extra) -> Any:
        if args and args[0] == "list":
            import typer.main

            command = typer.main.get_command_from_info(
                typer.models.CommandInfo(name="list", callback=report_list),
                pretty_exceptions_short=True,
                rich_markup_mode="rich",
            )
            return command.make_context(f"{info_name} list", list(args[1:]), parent=parent, **extra)
        return super().make_context(info_name, args, parent=parent, **extra)


def report_list(
    case_id: Annotated[str, typer.Argument(help="Case id.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the reports filed in a case: report date, format, size, sha256, and whether they are
    stale (the case changed by a removal or edit since).

    Example: precise report list DEMO-001 --json
    """
    import hashlib
    import re
    from datetime import UTC, datetime

    with store().reading(case_id) as (record, case_dir):
        folder = case_dir / "reports"
        rows = []
        pattern = re.compile(rf"^{re.escape(case_id)}_(\d{{4}}-\d{{2}}-\d{{2}})_report\.(\w+)$")
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        for path in files:
            if not path.is_file() or path.is_symlink():
                continue
            m = pattern.match(path.name)
            data = path.read_bytes()
            rows.append(
                {
                    "name": path.name,
                    "format": path.suffix.lstrip(".") or None,
                    "report_date": m.group(1) if m else None,
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "written": datetime.fromtimestamp(path.stat().st_mtime, UTC)
                    .isoformat(timespec="seconds")
                    .replace("+00:00", "Z"),
                }
            )
        stale = (record.get("stale") or {}).get("report")
    rows.sort(key=lambda r: (r["report_date"] or "", r["name"]))
    doc = {
        "case_id": case_id,
        "stale": stale is not None,
        "stale_because": stale["because"] if stale else None,
        "reports": rows,
    }
    if json_out:
        emit_json(doc, "cli/report-list.schema.json")
        return
    from rich.table import Table

    from precisecli.cli.common import info

    table = Table(
        "report date", "format", "bytes", "sha256", "written (UTC)", "file", title=case_id
    )
    for r in rows:
        table.add_row(
            r["report_date"] or "—", r["format"] or "—", f"{r['bytes']:,}", r["sha256"],
            r["written"], r["name"],
        )  # fmt: skip
    out_console.print(table)
    if not rows:
        info(f"no report filed yet: precise report {case_id}")
    elif stale:
        info(f"stale: the case changed since (after {stale['because']}) — precise report {case_id}")
