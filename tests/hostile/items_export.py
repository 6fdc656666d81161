"""Hostile paths for `precise export` / `cohort export` (issue 18): an --out that can never take
the file. Exit 3, one located line naming the option, nothing written. (A device as --out and
an unknown case are checked in-process in tests/export/test_cli.py.)"""

from __future__ import annotations

from tests.hostile.framework import Ctx, Item


def _folder(ctx: Ctx) -> list[str]:
    (ctx.tmp / "a-folder").mkdir()
    return ["export", ctx.case_id, "--format", "fhir", "--out", str(ctx.tmp / "a-folder")]


def _below_file(ctx: Ctx) -> list[str]:
    (ctx.tmp / "plain").write_text("keep\n")
    return [
        "export",
        ctx.case_id,
        "--format",
        "phenopacket",
        "--out",
        str(ctx.tmp / "plain" / "x.json"),
    ]


def _cohort_file(ctx: Ctx) -> list[str]:
    (ctx.tmp / "plain").write_text("keep\n")
    return ["cohort", "export", "--format", "fhir", "--out", str(ctx.tmp / "plain")]


ITEMS = [
    Item("export-out-is-a-folder", "environment", _folder, message=r"--out.*folder"),
    Item("export-out-below-a-file", "environment", _below_file, message=r"--out.*below a file"),
    Item("cohort-export-out-is-a-file", "environment", _cohort_file, message=r"--out.*file"),
]
