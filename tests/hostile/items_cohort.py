"""Hostile sample sheets for `cohort import` / `cohort run`: refused before anything runs, one
located line, no cell text echoed, no markup parsed, no blocking on special files."""

from __future__ import annotations

from tests.hostile import inputs as I
from tests.hostile.framework import DEMO, Ctx, Item

NAME = "Jane Doe"
SECRETS = (NAME, "Rose Street")


def _sheet(rows: list[str], name: str = "sheet.csv"):
    def make(ctx: Ctx) -> list[str]:
        intake = str(DEMO / "intake.yaml")
        text = "\n".join(r.replace("{intake}", intake) for r in rows) + "\n"
        return ["cohort", "import", I.write(ctx, name, text)]

    return make


def _fifo_sheet(ctx: Ctx) -> list[str]:
    return ["cohort", "import", I.fifo(ctx, "sheet.csv")]


def _fifo_row(ctx: Ctx) -> list[str]:
    fifo = I.fifo(ctx, "plate.csv")
    text = f"case_id,input,file\nNEW-1,intake,{DEMO / 'intake.yaml'}\nNEW-1,recist,{fifo}\n"
    return ["cohort", "import", I.write(ctx, "sheet.csv", text)]


ITEMS = [
    Item("cohort-sheet-free-text-in-kind", "privacy",
         _sheet(["case_id,input,file,sample_id,kind",
                 f"NEW-1,variants,{{intake}},S1,{NAME} 12 Rose Street"]),
         message=r"sheet\.csv, line 2, record 1, field 'kind'", secret=SECRETS,
         setup="none"),
    Item("cohort-sheet-free-text-header", "privacy",
         _sheet([f"case_id,input,file,{NAME}", "NEW-1,intake,{intake},x"]),
         message=r"line 1, field 'column 4'", secret=SECRETS, setup="none"),
    Item("cohort-sheet-markup-case-id", "markup",
         _sheet(["case_id,input,file", "[bold red]X[/],intake,{intake}"]),
         message=r"field 'case_id'", secret=("[bold red]",), setup="none"),
    Item("cohort-sheet-is-a-fifo", "resources", _fifo_sheet, setup="none", max_seconds=10),
    Item("cohort-sheet-row-names-a-fifo", "resources", _fifo_row,
         message=r"line 3, record 2, field 'file'", setup="none", max_seconds=10),
]  # fmt: skip
