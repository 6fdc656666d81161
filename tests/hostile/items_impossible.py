"""Class 3 (dates, options, knowledge base): impossible values are refused with a located line.

Dates of the patient's history may be neither in the future nor before the year of birth; every
numeric option has a range (exit 2 naming the option, or exit 3 for intake fields checked by the
intake schema); every threshold of a knowledge base has a type and a range, and both
`kb validate` and `--kb` refuse a knowledge base that breaks them.
"""

from __future__ import annotations

from tests.hostile import inputs as I
from tests.hostile.framework import Ctx, Item

FUTURE = I.days_from_today(30)


def _recist(rows: list[str]):
    def make(ctx: Ctx) -> list[str]:
        return ["response", "import", ctx.case_id, I.recist_csv(ctx, rows)]

    return make


def _intake(**replace: str):
    def make(ctx: Ctx) -> list[str]:
        return [
            "case",
            "new",
            "NEW-1",
            "--intake",
            I.write(ctx, "intake.yaml", I.intake_text(**replace)),
        ]

    return make


def _variants_collected(when: str):
    def make(ctx: Ctx) -> list[str]:
        vcf = I.demo_file("genomics", "liver_biopsy.vcf")
        return ["variants", "import", ctx.case_id, vcf, "--sample-id", "S1", "--collected", when]

    return make


def _cna_collected(when: str):
    def make(ctx: Ctx) -> list[str]:
        cns = I.demo_file("genomics", "liver_biopsy.call.cns")
        return ["cna", "import", ctx.case_id, cns, "--sample-id", "S1", "--collected", when]

    return make


def _line_stop_future(ctx: Ctx) -> list[str]:
    from tests.hostile.framework import precise

    precise(ctx, "line", "start", ctx.case_id, "--regimen", "tdm1", "--date", "2024-10-01",
            "--chosen-by", "clinician", "--reason", "test")  # fmt: skip
    return ["line", "stop", ctx.case_id, "--date", FUTURE, "--reason", "progression"]


def _argv(*argv: str):
    def make(ctx: Ctx) -> list[str]:
        return [a.replace("{case}", ctx.case_id) for a in argv]

    return make


def _kb(old: str, new: str, *command: str):
    def make(ctx: Ctx) -> list[str]:
        kb = I.kb_with(ctx, old, new)
        return [a.replace("{case}", ctx.case_id).replace("{kb}", kb) for a in command]

    return make


def _kb_without_pdo(ctx: Ctx) -> list[str]:
    text = I.KB.read_text(encoding="utf-8")
    start = text.index("\npdo:\n")
    end = text.index("\n# ----", start)
    kb = I.write(ctx, "site-kb.yaml", text[:start] + text[end:])
    return ["pdo", "qc", ctx.case_id, "--kb", kb]


MIN_VAF = "    min_vaf: {value: 0.002, source: TSO500-ctDNA}"


def _line_of(text: str) -> int:
    """1-based line of ``text`` in the bundled knowledge base (the message must locate it)."""
    return I.KB.read_text(encoding="utf-8").splitlines().index(text) + 1


INHIBITION = "  default_sensitive_inhibition_pct: {value: 50, source: PROPOSAL}"
Z_PRIME = "    z_prime_min: {value: 0.5, source: PROPOSAL,"
DEPTH = "    min_depth: {value: 20, source: PROPOSAL}"
TERRITORY = "  wes: {label: whole exome, territory_mb: 34, source: PCGR}"


def _item(
    id: str, make, message: str, *, setup: str = "case", exit_code: int = 3, cls: str = "impossible"
) -> Item:
    return Item(id=id, cls=cls, setup=setup, make=make, message=message, exit_code=exit_code)


def _out(kind: str, *command: str):
    """--out naming an existing file, or a path below a file: refused before any work."""

    def make(ctx: Ctx) -> list[str]:
        existing = I.write(ctx, "existing.pdf", "not a folder\n")
        target = existing if kind == "file" else existing + "/reports"
        return [a.replace("{case}", ctx.case_id).replace("{out}", target) for a in command]

    return make


ITEMS: list[Item] = [
    # --- dates ------------------------------------------------------------------------------
    _item(
        "impossible-recist-date-future",
        _recist([f"{FUTURE},T1,liver,target,no,32,"]),
        r"line 2, field 'date'.*future",
    ),
    _item(
        "impossible-recist-date-before-birth",
        _recist(["1960-03-01,T1,liver,target,no,32,"]),
        r"line 2, field 'date'.*before the patient's year of birth",
    ),
    _item(
        "impossible-recist-later-row-future",
        _recist(["2024-02-25,T1,liver,target,no,32,", f"{FUTURE},T1,liver,target,no,30,"]),
        r"line 3, field 'date'.*future",
        setup="case",
    ),
    _item(
        "impossible-collected-future",
        _variants_collected(FUTURE),
        r"--collected.*future",
    ),
    _item(
        "impossible-collected-before-birth",
        _cna_collected("1950-06-01"),
        r"--collected.*before the patient's year of birth",
    ),
    _item(
        "impossible-line-start-future",
        _argv("line", "start", "{case}", "--regimen", "tdm1", "--date", FUTURE, "--reason", "x"),
        r"--date.*future",
    ),
    _item("impossible-line-stop-future", _line_stop_future, r"--date.*future"),
    _item(
        "impossible-intake-birth-year-2090",
        _intake(**{"birth_year: 1973": "birth_year: 2090"}),
        r"intake.yaml, line 4, field 'patient.birth_year'.*future",
        setup="none",
    ),
    _item(
        "impossible-intake-birth-year-next-year",
        _intake(**{"birth_year: 1973": f"birth_year: {int(FUTURE[:4]) + 1}"}),
        r"patient.birth_year.*future",
        setup="none",
    ),
    _item(
        "impossible-intake-diagnosis-future",
        _intake(**{'date: "2021-05-17"': f'date: "{FUTURE}"'}),
        r"line 9, field 'diagnosis.date'.*future",
        setup="none",
    ),
    _item(
        "impossible-intake-prior-line-before-birth",
        _intake(**{'start: "2022-01-10"': 'start: "1962-01-10"'}),
        r"field 'prior_therapy\[0\].start'.*before the patient's year of birth",
        setup="none",
    ),
    _item(
        "impossible-birth-year-option-future",
        _argv("case", "new", "NEW-1", "--birth-year", "2090"),
        r"birth_year.*future",
        setup="none",
    ),
    # --- options ----------------------------------------------------------------------------
    _item(
        "impossible-threshold-negative",
        _argv("pdo", "rank", "{case}", "--threshold", "-50"),
        r"--threshold",
        setup="demo",
        exit_code=2,
    ),
    _item(
        "impossible-threshold-nan",
        _argv("pdo", "rank", "{case}", "--threshold", "nan"),
        r"--threshold",
        setup="demo",
        exit_code=2,
    ),
    _item(
        "impossible-min-vaf-above-one",
        _argv("variants", "import", "{case}", "x.vcf", "--sample-id", "S1", "--min-vaf", "5"),
        r"--min-vaf",
        exit_code=2,
    ),
    _item(
        "impossible-purity-zero",
        _argv("cna", "import", "{case}", "x.cns", "--sample-id", "S1", "--purity", "0"),
        r"--purity",
        exit_code=2,
    ),
    _item(
        "impossible-ploidy-infinite",
        _argv("cna", "import", "{case}", "x.cns", "--sample-id", "S1", "--ploidy", "inf"),
        r"--ploidy",
        exit_code=2,
    ),
    _item(
        "impossible-territory-negative",
        _argv("variants", "import", "{case}", "x.vcf", "--sample-id", "S", "--territory-mb", "-3"),
        r"--territory-mb",
        exit_code=2,
    ),
    _item(  # before: accepted, "TMB 5.6e+301/Mb"
        "impossible-territory-tiny",
        _argv(
            "variants", "import", "{case}", "x.vcf", "--sample-id", "S", "--territory-mb", "1e-300"
        ),  # fmt: skip
        r"--territory-mb.*greater than or equal to 0\.1",
        exit_code=2,
    ),
    _item(
        "impossible-confirmation-weeks-negative",
        _argv("response", "evaluate", "{case}", "--confirmation-weeks", "-4"),
        r"--confirmation-weeks",
        setup="demo",
        exit_code=2,
    ),
    _item(
        "impossible-evaluate-line-zero",
        _argv("response", "evaluate", "{case}", "--line", "0"),
        r"--line",
        setup="demo",
        exit_code=2,
    ),
    _item(
        "impossible-er-percent-150",
        _argv("case", "new", "NEW-1", "--er-percent", "150"),
        r"er_percent",
        setup="none",
    ),
    # --- output folders (checked before the case is touched) --------------------------------
    _item(
        "options-report-out-is-a-file",
        _out("file", "report", "{case}", "--html", "--out", "{out}"),
        r"field '--out'.*existing file",
        setup="demo",
        cls="environment",
    ),
    _item(
        "options-report-out-below-a-file",
        _out("below", "report", "{case}", "--pdf", "--out", "{out}"),
        r"field '--out'.*not a folder",
        setup="demo",
        cls="environment",
    ),
    _item(
        "options-cohort-out-is-a-file",
        _out("file", "cohort", "summary", "--out", "{out}"),
        r"field '--out'.*existing file",
        setup="demo",
        cls="environment",
    ),
    _item(
        "options-demo-out-is-a-file",
        _out("file", "demo", "--out", "{out}"),
        r"field '--out'.*existing file",
        setup="none",
        cls="environment",
    ),
    # --- knowledge base ---------------------------------------------------------------------
    _item(
        "impossible-kb-min-vaf-negative-validate",
        _kb(MIN_VAF, MIN_VAF.replace("0.002", "-5"), "kb", "validate", "{kb}"),
        rf"line {_line_of(MIN_VAF)}, field 'thresholds.ctdna.min_vaf.value'",
        setup="none",
    ),
    _item(
        "impossible-kb-min-vaf-negative-option",
        _kb(MIN_VAF, MIN_VAF.replace("0.002", "-5"), "group", "{case}", "--kb", "{kb}"),
        r"thresholds.ctdna.min_vaf",
        setup="demo",
    ),
    _item(
        "impossible-kb-threshold-string-rank",
        _kb(
            INHIBITION, INHIBITION.replace("50", '"valid"'), "pdo", "rank", "{case}", "--kb", "{kb}"
        ),
        r"pdo.default_sensitive_inhibition_pct.value.*number",
        setup="demo",
    ),
    _item(
        "impossible-kb-threshold-string-validate",
        _kb(INHIBITION, INHIBITION.replace("50", '"valid"'), "kb", "validate", "{kb}"),
        r"default_sensitive_inhibition_pct",
        setup="none",
    ),
    _item(
        "impossible-kb-z-prime-above-one",
        _kb(Z_PRIME, Z_PRIME.replace("0.5", "1.5"), "pdo", "qc", "{case}", "--kb", "{kb}"),
        r"z_prime_min",
        setup="demo",
    ),
    _item(
        "impossible-kb-depth-fraction",
        _kb(DEPTH, DEPTH.replace("20", "20.5"), "kb", "validate", "{kb}"),
        r"tissue.min_depth.*integer",
        setup="none",
    ),
    _item(
        "impossible-kb-territory-zero",
        _kb(TERRITORY, TERRITORY.replace("34", "0"), "kb", "validate", "{kb}"),
        r"assays.wes.territory_mb",
        setup="none",
    ),
    _item(
        "impossible-kb-without-pdo-section",
        _kb_without_pdo,
        r"site-kb.yaml.*'pdo' is a required property",
        setup="demo",
    ),
    _item(
        "impossible-kb-threshold-boolean",
        _kb(MIN_VAF, MIN_VAF.replace("0.002", "yes"), "kb", "validate", "{kb}"),
        r"min_vaf.*number",
        setup="none",
    ),
]
