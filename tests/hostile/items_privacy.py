"""Class 5: patient free text is never echoed, and a message is one line of bounded length.

The refusals quote field names and positions, never the values of free-text fields: the
framework asserts that none of the ``secret`` strings appears on stdout or stderr.
"""

from __future__ import annotations

from tests.hostile import inputs as I
from tests.hostile.framework import Ctx, Item

NAME = "Jane Doe"
MRN = "0012345"
NOTE = f"{NAME}, MRN {MRN}, lives at 12 Rose Street"
SECRETS = (NAME, MRN, "Rose Street")


def _intake(text: str, name: str = "intake.yaml"):
    def make(ctx: Ctx) -> list[str]:
        return ["case", "new", "NEW-1", "--intake", I.write(ctx, name, text)]

    return make


def _intake_with(**replace: str):
    return _intake(I.intake_text(**replace))


LONG_NOTE = (NOTE + " ") * 50_000  # ~2 MB on one line, above the notes maxLength


def _yaml_error_in_notes() -> str:
    text = I.intake_text()
    return text.replace("notes: >-", f"notes: {NOTE}: [unclosed\nmore: >-")


def _pseudonym_too_long(ctx: Ctx) -> list[str]:
    return ["case", "new", "NEW-1", "--pseudonym", NOTE * 3]


def _recist_note_in_status(ctx: Ctx) -> list[str]:
    path = I.recist_csv(
        ctx, ["2024-02-25,T1,liver,target,no,32,", f'2024-02-25,N1,bone,non-target,no,,"{NOTE}"']
    )
    return ["response", "import", ctx.case_id, path]


def _line_reason(ctx: Ctx) -> list[str]:
    # the reason is stored with the line, but never printed in an error
    return ["line", "start", ctx.case_id, "--regimen", "no-such-regimen", "--date", "2024-10-01",
            "--reason", NOTE]  # fmt: skip


ITEMS: list[Item] = [
    Item(
        id="privacy-free-text-in-enum-field",
        cls="privacy",
        setup="none",
        make=_intake_with(**{"sex: female": f"sex: {NOTE}"}),
        message=r"intake.yaml, line \d+, field 'patient.sex'",
        secret=SECRETS,
    ),
    Item(
        id="privacy-2mb-note-on-one-line",
        cls="privacy",
        setup="none",
        make=_intake(I.intake_text().split("notes:")[0] + f"notes: {LONG_NOTE}\n"),
        message=r"field 'notes'",
        secret=SECRETS,
    ),
    Item(
        id="privacy-free-text-in-number-field",
        cls="privacy",
        setup="none",
        make=_intake_with(**{"er_percent: 90": f"er_percent: {NOTE}"}),
        message=r"field 'diagnosis.er_percent'",
        secret=SECRETS,
    ),
    Item(
        id="privacy-free-text-in-date-field",
        cls="privacy",
        setup="none",
        make=_intake_with(**{'date: "2021-05-17"': f'date: "{NOTE}"'}),
        message=r"field 'diagnosis.date'",
        secret=SECRETS,
    ),
    Item(
        id="privacy-unknown-field-holding-free-text",
        cls="privacy",
        setup="none",
        make=_intake_with(**{"ecog: 1": f"ecog: 1\n  name: {NOTE}"}),
        message=r"intake.yaml",
        secret=SECRETS,
    ),
    Item(
        id="privacy-yaml-syntax-error-in-notes",
        cls="privacy",
        setup="none",
        make=_intake(_yaml_error_in_notes()),
        message=r"intake.yaml, line \d+",
        secret=SECRETS,
    ),
    Item(
        id="privacy-json-syntax-error-in-notes",
        cls="privacy",
        setup="none",
        make=_intake('{"notes": "' + NOTE + ' \\q"}\n', "intake.json"),
        message=r"intake.json, line 1",
        secret=SECRETS,
    ),
    Item(
        id="privacy-pseudonym-too-long",
        cls="privacy",
        setup="none",
        make=_pseudonym_too_long,
        message=r"pseudonym",
        secret=SECRETS,
    ),
    Item(
        id="privacy-reason-not-echoed",
        cls="privacy",
        setup="case",
        make=_line_reason,
        message=r"--regimen",
        secret=SECRETS,
    ),
    Item(
        id="privacy-free-text-in-recist-status",
        cls="privacy",
        setup="case",
        make=_recist_note_in_status,
        message=r"recist.csv, line 3, field 'status'",
        secret=SECRETS,
    ),
]
