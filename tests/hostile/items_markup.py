"""Class 1: console-markup, HTML and Typst syntax in user- or file-supplied text.

Every such string is either refused as an identifier (exit 3, case unchanged) or stored and shown
exactly as written by every later view: console tables, --json, the HTML and PDF reports and the
charts (matplotlib would read ``$…$`` as mathtext). A commit is never followed by exit 5.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.hostile import inputs as I
from tests.hostile.framework import Ctx, Item

# A free regimen label carrying console markup, Typst code, mathtext and HTML.
LABEL = "[bold]x #set text(red) $\\frac{a}$ <script>alert(1)</script> [/]"
CLOSE = "[/]x"


def _line_start(label: str, *extra: str):
    def make(ctx: Ctx) -> list[str]:
        # the demo's study line 3 stopped on 2024-09-27; a free label needs --drugs and a reason
        return [
            "line", "start", ctx.case_id, "--regimen", label, "--drugs", "tucatinib,capecitabine",
            "--chosen-by", "clinician", "--reason", "[/]clinician's [red]choice", "--date",
            "2024-10-01", *extra,
        ]  # fmt: skip

    return make


def _views(ctx: Ctx) -> list[list[str]]:
    cid = ctx.case_id
    return [
        ["line", "list", cid],
        ["case", "show", cid],
        ["case", "show", cid, "--json"],
        ["next", cid],
        ["group", cid],
        ["case", "validate", cid],
        ["case", "log", cid, "--verify"],
    ]


def _report_views(ctx: Ctx) -> list[list[str]]:
    return [["report", ctx.case_id, "--out", str(ctx.tmp / "reports")]]


def _pdf_text(path: Path) -> str:
    import pypdf

    return " ".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def _verify_report(label: str):
    def verify(ctx: Ctx) -> None:
        folder = ctx.tmp / "reports"
        html = next(folder.glob("*.html")).read_text(encoding="utf-8")
        escaped = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in html, "label not in the HTML report as written (escaped)"
        assert "<script>alert(1)" not in html, "a label reached the HTML unescaped"
        # table cells wrap: compare without whitespace
        pdf = re.sub(r"\s+", "", _pdf_text(next(folder.glob("*.pdf"))))
        assert re.sub(r"\s+", "", label) in pdf, "label not in the PDF report as written"

    return verify


def _kb_markup_label(ctx: Ctx) -> list[str]:
    kb = I.kb_with(
        ctx,
        "pyro-cape: {label: pyrotinib + capecitabine,",
        "pyro-cape: {label: '[bold]$\\frac{a}$ <b>#set</b> [/]',",
    )
    return ["pdo", "rank", ctx.case_id, "--kb", kb]


def _site_markup(ctx: Ctx) -> list[str]:
    return [
        "variants", "import", ctx.case_id, I.demo_file("genomics", "liver_biopsy.vcf"),
        "--sample-id", "LIV1", "--site", "[/]liver [bold]#set $x$ <i>", "--collected",
        "2024-02-20", "--assay", "wes",
    ]  # fmt: skip


def _sample_views(ctx: Ctx) -> list[list[str]]:
    cid = ctx.case_id
    return [
        ["variants", "show", cid],
        ["variants", "compare", cid],
        ["case", "show", cid, "--json"],
        ["group", cid],
        ["report", cid, "--html", "--out", str(ctx.tmp / "reports")],
    ]


def _organ_markup(ctx: Ctx) -> list[str]:
    path = I.recist_csv(
        ctx,
        [
            "2024-02-25,T1,[/]liver $x$ #set,target,no,32,",
            "2024-02-25,N1,[bold]node,target,yes,18,",
        ],
    )
    return ["response", "import", ctx.case_id, path]


def _missing_file_with_markup(ctx: Ctx) -> list[str]:
    return ["kb", "validate", str(ctx.tmp / "[bold]site kb[red].yaml")]


def _bad_case_id(ctx: Ctx) -> list[str]:
    return ["case", "new", "[/]x"]


def _bad_sample_id(ctx: Ctx) -> list[str]:
    return [
        "variants", "import", ctx.case_id, I.demo_file("genomics", "liver_biopsy.vcf"),
        "--sample-id", "[bold]S1",
    ]  # fmt: skip


def _bad_screen_id(ctx: Ctx) -> list[str]:
    return [
        "pdo", "load", ctx.case_id, I.demo_file("pdo", "pdo_plate1_envision.csv"),
        "--layout", I.demo_file("pdo", "pdo_layout.csv"), "--screen", "S[/]2",
    ]  # fmt: skip


PLATE = "[/]P1 $\\frac{a}$ #set <b>"


def _plate_id_markup(ctx: Ctx) -> list[str]:
    """The demo plate as a long table whose plate id (also in the layout) is markup/mathtext:
    it titles the plate heat map (matplotlib) and shows in the QC table and the report."""
    import csv
    import json

    from tests.hostile.framework import precise

    read = precise(ctx, "pdo", "read", I.demo_file("pdo", "pdo_plate1_envision.csv"), "--json")
    wells = json.loads(read.stdout)["files"][0]["plates"][0]["wells"]
    plate = ctx.tmp / "plate_long.csv"
    with plate.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["plate", "well", "value"])
        out.writerows([PLATE, well, value] for well, value in wells.items())
    rows = list(csv.reader(Path(I.demo_file("pdo", "pdo_layout.csv")).open()))
    layout = ctx.tmp / "layout.csv"
    with layout.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(rows[0])
        out.writerows([PLATE, *row[1:]] for row in rows[1:] if row)
    return ["pdo", "load", ctx.case_id, str(plate), "--layout", str(layout), "--screen", "S7"]


def _plate_views(ctx: Ctx) -> list[list[str]]:
    cid = ctx.case_id
    return [
        ["pdo", "qc", cid, "--screen", "S7"],
        ["pdo", "rank", cid, "--screen", "S7"],
        ["next", cid],
        ["report", cid, "--out", str(ctx.tmp / "reports")],
    ]


def _verify_plate_plot(ctx: Ctx) -> None:
    plots = list((ctx.workspace / ctx.case_id / "pdo" / "S7" / "plots").glob("plate_*.svg"))
    assert plots and any("\\frac{a}" in p.read_text(encoding="utf-8") for p in plots), (
        "plate id not drawn as written in the heat map"
    )


def _cohort_views(ctx: Ctx) -> list[list[str]]:
    return [["cohort", "summary", "--out", str(ctx.tmp / "cohort")], ["cohort", "summary"]]


def _error_with_markup_value(ctx: Ctx) -> list[str]:
    # an unknown regimen id (no --drugs) is named in the one-line refusal, as written
    return ["line", "start", ctx.case_id, "--regimen", "[red]nope[/]", "--date", "2024-10-01"]


def _recist_under_markup_line(ctx: Ctx) -> list[str]:
    """A free-label line on HOSTILE-1, then the demo's measurements: the evaluation table is
    titled with the label."""
    from tests.hostile.framework import precise

    argv = _line_start(LABEL)(ctx)
    argv[argv.index("--date") + 1] = "2024-03-01"
    precise(ctx, *argv)
    return ["response", "import", ctx.case_id, I.demo_file("recist_measurements.csv")]


def _evaluation_views(ctx: Ctx) -> list[list[str]]:
    cid = ctx.case_id
    return [
        ["response", "evaluate", cid],
        ["response", "evaluate", cid, "--json"],
        ["line", "stop", cid, "--date", "2024-09-27", "--reason", "progression"],
        ["case", "list"],
        ["cohort", "summary"],
    ]


def _kb_show_markup(ctx: Ctx) -> list[str]:
    argv = _kb_markup_label(ctx)
    return ["kb", "show", "--kb", argv[-1], "--json"]


def _line_start_refused(label: str, option: str = "--regimen"):
    def make(ctx: Ctx) -> list[str]:
        argv = _line_start("safe label")(ctx)
        argv[argv.index(option) + 1] = label
        return argv

    return make


def _site_escape(ctx: Ctx) -> list[str]:
    argv = _site_markup(ctx)
    argv[argv.index("--site") + 1] = "liver\x1b]0;owned\x07\x1b[2J"
    return argv


ITEMS: list[Item] = [
    Item(
        id="markup-plate-id-in-qc-plots-and-report",
        cls="markup",
        setup="demo",
        make=_plate_id_markup,
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,
        shows=(PLATE,),
        then=_plate_views,
        then_shows=(PLATE,),
        verify=_verify_plate_plot,
    ),
    Item(
        id="markup-regimen-label-close-tag",
        cls="markup",
        setup="demo",
        make=_line_start(CLOSE),
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,  # a successful command (fits, imports), not a resource item
        shows=(CLOSE, "[/]clinician's [red]choice"),
        then=_views,
        then_shows=(CLOSE,),
    ),
    Item(
        id="markup-free-label-in-reports",
        cls="markup",
        setup="demo",
        make=_line_start(LABEL),
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,  # a successful command (fits, imports), not a resource item
        shows=(LABEL,),
        then=_report_views,
        verify=_verify_report(LABEL),
    ),
    Item(
        id="markup-free-label-json",
        cls="markup",
        setup="demo",
        make=_line_start(LABEL, "--json"),
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,  # a successful command (fits, imports), not a resource item
        shows=(LABEL.replace("\\", "\\\\"),),  # JSON escapes the backslash only
        then=_cohort_views,
    ),
    Item(
        id="markup-kb-regimen-label-in-charts",
        cls="markup",
        setup="demo",
        make=_kb_markup_label,
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,  # a successful command (fits, imports), not a resource item
        then=lambda ctx: [["next", ctx.case_id], ["report", ctx.case_id, "--pdf"]],
    ),
    Item(
        id="markup-biopsy-site",
        cls="markup",
        setup="case",
        make=_site_markup,
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,  # a successful command (fits, imports), not a resource item
        then=_sample_views,
        then_shows=("[/]liver [bold]#set $x$ <i>",),
    ),
    Item(
        id="markup-recist-organ",
        cls="markup",
        setup="case",
        make=_organ_markup,
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,  # a successful command (fits, imports), not a resource item
        then=lambda ctx: [["case", "show", ctx.case_id, "--json"], ["case", "show", ctx.case_id]],
        then_shows=("[/]liver $x$ #set",),
    ),
    Item(
        id="markup-label-in-recist-evaluation",
        cls="markup",
        setup="case",
        make=_recist_under_markup_line,
        exit_code=0,
        check_unchanged=False,
        max_seconds=30,
        then=_evaluation_views,
        then_shows=(LABEL,),
    ),
    Item(
        id="markup-kb-show-label",
        cls="markup",
        setup="none",
        make=_kb_show_markup,
        exit_code=0,
        shows=("[bold]$\\\\frac{a}$ <b>#set</b> [/]",),  # JSON escapes the backslash
    ),
    # Terminal control sequences are not text: refused with the option named (exit 3)
    Item(
        id="markup-ansi-escape-in-regimen-label",
        cls="markup",
        setup="demo",
        make=_line_start_refused("x\x1b[31mred\x1b[0m"),
        message=r"field '--regimen'.*control character",
    ),
    Item(
        id="markup-ansi-escape-in-reason",
        cls="markup",
        setup="demo",
        make=_line_start_refused("ok\x1b[2J", "--reason"),
        message=r"field '--reason'.*control character",
    ),
    Item(
        id="markup-newline-in-site",
        cls="markup",
        setup="case",
        make=_site_escape,
        message=r"field '--site'.*control character",
    ),
    Item(
        id="markup-empty-regimen-label",
        cls="markup",
        setup="demo",
        make=_line_start_refused("   "),
        message=r"field '--regimen'.*empty",
    ),
    Item(
        id="markup-5000-char-regimen-label",
        cls="markup",
        setup="demo",
        make=_line_start_refused("[b]" * 1700),
        message=r"field '--regimen'.*5100 characters",
    ),
    Item(
        id="markup-file-name-in-error",
        cls="markup",
        setup="none",
        make=_missing_file_with_markup,
        message=r"not found",
        shows=("[bold]site kb[red].yaml",),
    ),
    Item(
        id="markup-value-in-error",
        cls="markup",
        setup="demo",
        make=_error_with_markup_value,
        message=r"regimen",
        shows=("[red]nope[/]",),
    ),
    Item(
        id="markup-case-id-refused",
        cls="markup",
        setup="none",
        make=_bad_case_id,
        message=r"case id",
        shows=("[/]x",),
    ),
    Item(
        id="markup-sample-id-refused",
        cls="markup",
        setup="case",
        make=_bad_sample_id,
        message=r"sample id",
    ),
    Item(
        id="markup-screen-id-refused",
        cls="markup",
        setup="demo",
        make=_bad_screen_id,
        exit_code=2,
        message=r"screen id",
        shows=("S[/]2",),
    ),
]
