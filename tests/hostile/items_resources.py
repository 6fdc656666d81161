"""Class 6: unbounded time or memory. Each item is refused in ≤ 10 s with peak RSS ≤ 300 MB.

Inputs must be regular files (a FIFO blocks on open, /dev/zero never ends, a folder is not a
file) for every command that takes one; YAML aliases are refused (billion laughs), nesting is
bounded before parsing for JSON/YAML/TOML (no RecursionError), documents are bounded in size and
a message is one line of bounded length.
"""

from __future__ import annotations

from tests.hostile import inputs as I
from tests.hostile.framework import Ctx, Item

NOT_REGULAR = r"(FIFO|named pipe|device|folder|directory|not a regular file)"


def _special(kind: str):
    """A FIFO, a device or a folder, as the path given to a command."""

    def path(ctx: Ctx) -> str:
        if kind == "fifo":
            return I.fifo(ctx)
        if kind == "folder":
            return I.folder(ctx)
        return f"/dev/{kind}"

    return path


def _with(kind: str, *argv: str):
    """argv with {x} replaced by the special path and {case} by the case id."""

    def make(ctx: Ctx) -> list[str]:
        special = _special(kind)(ctx)
        out = []
        for a in argv:
            a = a.replace("{case}", ctx.case_id).replace("{x}", special)
            a = a.replace("{plate}", I.demo_file("pdo", "pdo_plate1_envision.csv"))
            a = a.replace("{layout}", I.demo_file("pdo", "pdo_layout.csv"))
            out.append(a)
        return out

    return make


def _special_items() -> list[Item]:
    table = [
        # (command, setup, kinds)
        (("case", "new", "NEW-1", "--intake", "{x}"), "none", ("fifo", "zero", "folder")),
        (("kb", "validate", "{x}"), "none", ("fifo", "urandom", "folder")),
        (("group", "{case}", "--kb", "{x}"), "demo", ("fifo", "zero")),
        (("response", "import", "{case}", "{x}"), "case", ("fifo", "zero", "urandom", "folder")),
        (("pdo", "read", "{x}"), "none", ("fifo", "zero", "folder")),
        (("pdo", "load", "{case}", "{x}", "--layout", "{layout}", "--screen", "S9"), "case",
         ("fifo", "urandom")),
        (("pdo", "load", "{case}", "{plate}", "--layout", "{x}", "--screen", "S9"), "case",
         ("fifo", "zero", "folder")),
        (("pdo", "load", "{case}", "{x}", "--layout", "{layout}", "--screen", "S9", "--readout",
          "diameter"), "case", ("fifo",)),
        (("variants", "import", "{case}", "{x}", "--sample-id", "S1"), "case", ("fifo", "zero")),
        (("cna", "import", "{case}", "{x}", "--sample-id", "S1"), "case", ("fifo", "urandom")),
    ]  # fmt: skip
    items = []
    for argv, setup, kinds in table:
        words = [w for w in argv[:2] if not w.startswith("{")]
        if "--layout" in argv and argv[argv.index("--layout") + 1] == "{x}":
            words.append("layout")
        if "diameter" in argv:
            words.append("diameters")
        for kind in kinds:
            items.append(
                Item(
                    id=f"resources-{kind}-{'-'.join(words)}",
                    cls="resources",
                    setup=setup,
                    make=_with(kind, *argv),
                    message=NOT_REGULAR,
                )
            )
    return items


def _doc(name: str, text: str, *argv: str):
    def make(ctx: Ctx) -> list[str]:
        path = I.write(ctx, name, text)
        return [a.replace("{case}", ctx.case_id).replace("{x}", path) for a in argv]

    return make


LAUGHS = I.billion_laughs()
DEEP_FLOW = "patient: " + "[" * 100_000 + "]" * 100_000 + "\n"
DEEP_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v: 1\n"
DEEP_JSON = '{"patient": ' + "[" * 200_000 + "]" * 200_000 + "}\n"
DEEP_TOML = "[plate]\nwells = " + "[" * 50_000 + "]" * 50_000 + "\n"
RECURSIVE_ALIAS = "patient: &a\n  self: *a\n"
HUGE_CELL = "x" * 2_000_000


def _intake_over_size(ctx: Ctx) -> list[str]:
    path = I.write(ctx, "intake.yaml", I.intake_text())
    return ["case", "new", "NEW-1", "--intake", path]


def _recist_huge_cell(ctx: Ctx) -> list[str]:
    path = I.recist_csv(ctx, [f"2024-02-25,{HUGE_CELL},liver,target,no,32,"])
    return ["response", "import", ctx.case_id, path]


def _kb_huge_line(ctx: Ctx) -> list[str]:
    path = I.kb_with(ctx, "name: her2-refractory", f"name: her2-refractory\nbogus: {HUGE_CELL}")
    return ["kb", "validate", path]


def _recist_xlsx_many_cells(ctx: Ctx) -> list[str]:
    """A measurement workbook of 60 000 cells against a lowered sheet-cell limit (the default
    of 5 M would take minutes to generate)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("m")
    sheet.append(["date", "lesion_id", "organ", "category", "lymph_node", "diameter_mm", "status"])
    for i in range(10_000):
        sheet.append(["2024-02-25", f"T{i}", "liver", "target", "no", 32])
    path = ctx.tmp / "recist.xlsx"
    book.save(path)
    return ["response", "import", ctx.case_id, str(path)]


ITEMS: list[Item] = [
    *_special_items(),
    Item(
        id="resources-yaml-billion-laughs-intake",
        cls="resources",
        setup="none",
        make=_doc("intake.yaml", LAUGHS, "case", "new", "NEW-1", "--intake", "{x}"),
        message=r"alias",
    ),
    Item(
        id="resources-yaml-billion-laughs-kb",
        cls="resources",
        setup="demo",
        make=_doc("kb.yaml", LAUGHS, "pdo", "rank", "{case}", "--kb", "{x}"),
        message=r"alias",
    ),
    Item(
        id="resources-yaml-billion-laughs-aliases-allowed",
        cls="resources",
        setup="none",
        make=_doc("kb.yaml", LAUGHS, "kb", "validate", "{x}"),
        env={"PRECISE_LIMIT_MAX_YAML_ALIASES": "1000"},
        message=r"alias",
    ),
    Item(
        id="resources-yaml-recursive-alias",
        cls="resources",
        setup="none",
        make=_doc("intake.yaml", RECURSIVE_ALIAS, "case", "new", "NEW-1", "--intake", "{x}"),
        env={"PRECISE_LIMIT_MAX_YAML_ALIASES": "1000"},
        message=r"(nesting|alias|recursive)",
    ),
    Item(
        id="resources-yaml-deep-flow-nesting-intake",
        cls="resources",
        setup="none",
        make=_doc("intake.yaml", DEEP_FLOW, "case", "new", "NEW-1", "--intake", "{x}"),
        message=r"line 1: nesting .* over the limit",
    ),
    Item(
        id="resources-yaml-deep-block-nesting-kb",
        cls="resources",
        setup="none",
        make=_doc("kb.yaml", DEEP_BLOCK, "kb", "validate", "{x}"),
        message=r"nesting .* over the limit",
    ),
    Item(
        id="resources-json-deep-nesting-intake",
        cls="resources",
        setup="none",
        make=_doc("intake.json", DEEP_JSON, "case", "new", "NEW-1", "--intake", "{x}"),
        message=r"intake.json, line 1: nesting .* over the limit",
    ),
    Item(
        id="resources-toml-deep-nesting-layout",
        cls="resources",
        setup="case",
        make=_doc(
            "layout.toml",
            DEEP_TOML,
            *("pdo", "load", "{case}", I.demo_file("pdo", "pdo_plate1_envision.csv")),
            *("--layout", "{x}", "--screen", "S9"),
        ),
        message=r"nesting",
    ),
    Item(
        id="resources-intake-over-document-limit",
        cls="resources",
        setup="none",
        make=_intake_over_size,
        env={"PRECISE_LIMIT_MAX_DOCUMENT_BYTES": "500"},
        message=r"intake.yaml: .*over the limit .*PRECISE_LIMIT_MAX_DOCUMENT_BYTES",
    ),
    Item(
        id="resources-recist-2mb-cell-message-bounded",
        cls="resources",
        setup="case",
        make=_recist_huge_cell,
        message=r"recist.csv, line 2: a cell is longer",
    ),
    Item(
        id="resources-recist-xlsx-cells-bounded",
        cls="resources",
        setup="case",
        make=_recist_xlsx_many_cells,
        env={"PRECISE_LIMIT_MAX_SHEET_CELLS": "20000"},
        message=r"recist.xlsx, line \d+: cells of one spreadsheet .* over the limit",
    ),
    Item(
        id="resources-kb-2mb-line-message-bounded",
        cls="resources",
        setup="none",
        make=_kb_huge_line,
        message=r"site-kb.yaml",
    ),
]
