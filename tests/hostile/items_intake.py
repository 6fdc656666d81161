"""Hostile intakes (owned by the intake-errors work; see framework.py for the item format).

An intake holds free text (notes, histology, regimen labels) that may name the patient. A bad
intake lists every problem, one line each, but never a field's value: the secrets below must
not appear anywhere in the output, however the intake is broken.
"""

from __future__ import annotations

from tests.hostile.framework import Ctx, Item

NAME = "Jane Doe, MRN 0012345"
LINES = 12  # stderr lines allowed: the problems (one each) and the summary


def _write(ctx: Ctx, text: str, name: str = "intake.yaml") -> str:
    path = ctx.tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _note_too_long(ctx: Ctx) -> list[str]:
    # a 2 MB note on one line, over the schema's 20 000 characters, with the name in it
    note = (NAME + ", seen in clinic; ") * (2_000_000 // 40)
    path = _write(ctx, f"patient: {{pseudonym: P-1}}\nnotes: '{note}'\n")
    return ["case", "new", "INTAKE-1", "--intake", path]


def _free_text_everywhere(ctx: Ctx) -> list[str]:
    # the name in a wrongly typed histology, an over-long pseudonym, a regimen label next to a
    # bad date, a bad enum and an unknown key that is itself free text
    text = (
        "patient:\n"
        f"  pseudonym: '{NAME} {'x' * 80}'\n"
        "  sex: femal\n"
        "diagnosis:\n"
        f"  histology: ['{NAME}']\n"
        "  er_percent: 500\n"
        "  her2_ihc: '4+'\n"
        f"'{NAME}': 1\n"
        "diagnosis_date: 2024-01-01\n"
        "prior_therapy:\n"
        f"  - {{line: 1, regimen: '{NAME}', start: 2024-13-01}}\n"
        f"notes: '{NAME}'\n"
    )
    return ["case", "new", "INTAKE-1", "--intake", _write(ctx, text)]


def _json_free_text(ctx: Ctx) -> list[str]:
    import json

    doc = {"diagnosis": {"menopausal_status": NAME, "histology": 7}, "notes": NAME}
    text = json.dumps(doc)
    return ["case", "new", "INTAKE-1", "--intake", _write(ctx, text, "intake.json")]


ITEMS: list[Item] = [
    Item(
        id="intake-2mb-note-with-name",
        cls="privacy",
        make=_note_too_long,
        setup="none",
        message=r"notes.*longer than 20000",
        secret=(NAME, "MRN 0012345", "0012345"),
    ),
    Item(
        id="intake-many-problems-with-free-text",
        cls="privacy",
        make=_free_text_everywhere,
        setup="none",
        message=r"\d+ problems in the intake",
        secret=(NAME, "Jane Doe", "0012345"),
        max_stderr_lines=LINES,
    ),
    Item(
        id="intake-json-enum-holding-a-name",
        cls="privacy",
        make=_json_free_text,
        setup="none",
        message=r"2 problems in the intake",
        secret=(NAME, "0012345"),
        max_stderr_lines=LINES,
    ),
]


def _edit_intake_file(ctx: Ctx) -> list[str]:
    text = (
        "patient: {pseudonym: P-1}\n"
        f"diagnosis: {{histology: {{name: '{NAME}'}}, er_percent: -1}}\n"
        f"notes: '{NAME}'\n"
    )
    return ["case", "edit", ctx.case_id, "--intake", _write(ctx, text), "--reason", "x"]


def _edit_set_long_note(ctx: Ctx) -> list[str]:
    note = (NAME + " ") * 1000  # 22 000 characters: over the schema's 20 000
    return ["case", "edit", ctx.case_id, "--set", f"notes={note}", "--reason", "x"]


def _edit_set_bad_type(ctx: Ctx) -> list[str]:
    return ["case", "edit", ctx.case_id, "--set", f"diagnosis.er_percent={NAME}", "--reason", "x"]


ITEMS += [
    Item(
        id="case-edit-intake-with-free-text",
        cls="privacy",
        make=_edit_intake_file,
        message=r"2 problems in the intake",
        secret=(NAME, "0012345"),
        max_stderr_lines=LINES,
    ),
    Item(
        id="case-edit-set-long-note-with-name",
        cls="privacy",
        make=_edit_set_long_note,
        message=r"notes.*longer than 20000",
        secret=(NAME, "0012345"),
    ),
    Item(
        id="case-edit-set-name-into-a-number",
        cls="privacy",
        make=_edit_set_bad_type,
        message=r"diagnosis\.er_percent.*must be a number",
        secret=(NAME, "0012345"),
    ),
]
