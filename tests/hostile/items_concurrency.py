"""Hostile concurrency: two commands race on one case (see framework.run_race). Both read the
case before either writes; every existence check must be taken again under the case lock."""

from __future__ import annotations

from tests.hostile.framework import DEMO, Ctx, Item

GEN = DEMO / "genomics"
PDO = DEMO / "pdo"


def _variants(path, sample="S-NEW"):
    def argv(ctx: Ctx) -> list[str]:
        return [
            "variants", "import", ctx.case_id, str(path), "--sample-id", sample, "--build",
            "GRCh38",
        ]  # fmt: skip

    return argv


def _cna(text: str, name: str):
    def argv(ctx: Ctx) -> list[str]:
        path = ctx.tmp / name
        path.write_text(text)
        return [
            "cna",
            "import",
            ctx.case_id,
            str(path),
            "--sample-id",
            "S-NEW",
            "--build",
            "GRCh38",
        ]

    return argv


def _plate_variant(ctx: Ctx):
    """The demo plate with one luminescence value changed: the same screen from another file."""
    text = (PDO / "pdo_plate1_envision.csv").read_text()
    changed = text.replace("\nC,52667,", "\nC,52668,", 1)
    assert changed != text
    path = ctx.tmp / "plate_other.csv"
    path.write_text(changed)
    return path


def _pdo(which: str):
    def argv(ctx: Ctx) -> list[str]:
        plate = PDO / "pdo_plate1_envision.csv" if which == "a" else _plate_variant(ctx)
        return [
            "pdo", "load", ctx.case_id, str(plate), "--layout", str(PDO / "pdo_layout.csv"),
            "--screen", "RACE",
        ]  # fmt: skip

    return argv


def _line_start(ctx: Ctx) -> list[str]:
    return [
        "line", "start", ctx.case_id, "--regimen", "eve-h-nabp", "--date", "2024-03-01",
        "--chosen-by", "clinician", "--reason", "tumour board",
    ]  # fmt: skip


def _case_new(ctx: Ctx) -> list[str]:
    return ["case", "new", "RACE-NEW"]


def _response(ctx: Ctx) -> list[str]:
    return ["response", "import", ctx.case_id, str(DEMO / "recist_measurements.csv")]


def _validate(ctx: Ctx) -> list[str]:
    return ["case", "validate", ctx.case_id]


ITEMS: list[Item] = [
    Item(
        id="race-two-variant-imports-one-new-sample",
        cls="concurrency",
        make=_variants(GEN / "liver_biopsy.vcf"),
        race=_variants(GEN / "axilla_biopsy.vcf"),
        message=r"already has variants.*--replace",
        check_unchanged=False,
    ),
    Item(
        id="race-same-vcf-twice-one-import",
        cls="concurrency",
        make=_variants(GEN / "liver_biopsy.vcf"),
        race=_variants(GEN / "liver_biopsy.vcf"),
        race_exit_codes=(0, 0),
        check_unchanged=False,
    ),
    Item(
        id="race-two-cna-imports-one-new-sample",
        cls="concurrency",
        make=_cna("gene\tcopy_number\nERBB2\t12\n", "a.tsv"),
        race=_cna("gene\tcopy_number\nERBB2\t3\n", "b.tsv"),
        message=r"already has copy-number calls.*--replace",
        check_unchanged=False,
    ),
    Item(
        id="race-two-pdo-loads-one-new-screen",
        cls="concurrency",
        make=_pdo("a"),
        race=_pdo("b"),
        message=r"screen RACE already has viability data.*--replace",
        check_unchanged=False,
    ),
    Item(
        id="race-two-line-starts",
        cls="concurrency",
        make=_line_start,
        race=_line_start,
        check_unchanged=False,
    ),
    Item(
        id="race-two-case-new-same-id",
        cls="concurrency",
        make=_case_new,
        race=_case_new,
        message=r"already exists",
        check_unchanged=False,
    ),
    Item(
        id="race-same-measurements-twice",
        cls="concurrency",
        make=_response,
        race=_response,
        race_exit_codes=(0, 0),
        check_unchanged=False,
    ),
    Item(
        id="race-validate-while-importing",
        cls="concurrency",
        make=_variants(GEN / "liver_biopsy.vcf"),
        race=_validate,
        race_exit_codes=(0, 0),
        check_unchanged=False,
    ),
]
