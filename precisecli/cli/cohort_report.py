"""`precise cohort report`: the trial report of the workspace's cohort (PDF and HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, info


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for the files.")],
    pdf: Annotated[bool, typer.Option("--pdf", help="Write the PDF.")] = False,
    html: Annotated[bool, typer.Option("--html", help="Write the HTML.")] = False,
    study: Annotated[
        Path | None,
        typer.Option(
            "--study",
            metavar="FILE",
            help="Study file (YAML) declaring a Simon two-stage design of the ORR endpoint.",
        ),  # fmt: skip
    ] = None,
    kb_file: Annotated[
        Path | None,
        typer.Option("--kb", metavar="FILE", help="Knowledge base (default: the bundled one)."),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print what was written as JSON.")
    ] = False,
) -> None:
    """Write the cohort's trial report: per group n, ORR (first evaluation and confirmed) with
    exact CIs, PFS1 Kaplan–Meier with numbers at risk and censor marks, medians and log-rank;
    waterfall and swimmer plots; organoid inhibition and regression rate per group; organoid-
    vs-patient concordance; oncoprint; and, with --study, ORR inference under the Simon
    two-stage design. Both formats when neither --pdf nor --html is given; the model is
    written beside them as cohort_report.json.

    Example: precise cohort report --pdf --html --out cohort-report
    """
    from precisecli.cli.cohort import _summaries
    from precisecli.cohort.report_charts import render_all
    from precisecli.cohort.report_model import build_data
    from precisecli.cohort.report_render import build_model, render_html, render_pdf
    from precisecli.cohort.study import load_study
    from precisecli.knowledge import load_kb
    from precisecli.report.fonts import check_glyphs
    from precisecli.store.atomic import atomic_write_bytes
    from precisecli.store.documents import dumps_json
    from precisecli.store.outdir import check_out_folder

    out = check_out_folder(out)
    study_doc = load_study(study) if study is not None else None
    kb = load_kb(kb_file)
    if not pdf and not html:
        pdf = html = True
    data = build_data(_summaries(json_out), kb, study_doc)
    model = build_model(data, (study_doc or {}).get("study"))
    check_glyphs(model)
    charts = render_all(data)
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = {"cohort_report.json": dumps_json({"model": model, "data": data}).encode("utf-8")}
    if pdf:
        files["cohort_report.pdf"] = render_pdf(model, charts)
    if html:
        files["cohort_report.html"] = render_html(model, charts).encode("utf-8")
    for name, blob in files.items():
        atomic_write_bytes(out / name, blob)
    doc = {"files": sorted(files), "n_cases": data["n_cases"], "as_of": data["as_of"]}
    if json_out:
        emit_json(doc, "cli/cohort-report.schema.json")
        return
    for name in sorted(files):
        info(f"wrote {out / name}")
