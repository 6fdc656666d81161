"""The cohort report as PDF (templates/cohort.typ, Typst) and HTML (templates/cohort.html.j2,
Jinja2 with autoescape), with the case report's fonts, stylesheet and determinism: the model is
passed as JSON data, the PDF's date is the model's (the latest date in the data), and the
charts are the same SVG text in both."""

from __future__ import annotations

from typing import Any


def build_model(data: dict[str, Any], study_name: str | None = None) -> dict[str, Any]:
    from precisecli import __version__
    from precisecli.cohort.report_sections import build_sections

    as_of = data["as_of"] or "1970-01-01"
    kb = data["kb"]
    return {
        "title": "Cohort report" + (f" · {study_name}" if study_name else ""),
        "as_of": as_of,
        "timestamp": f"{as_of}T00:00:00Z",
        "n_cases": data["n_cases"],
        "kb": f"{kb['name']} {kb['version']} (sha256 {kb['sha256'][:12]})",
        "tool_version": __version__,
        "sections": build_sections(data),
    }


def render_pdf(model: dict[str, Any], charts: dict[str, str]) -> bytes:
    from precisecli.report.pdf import compile_template

    return compile_template("cohort.typ", model, charts, "the cohort PDF template")


def render_html(model: dict[str, Any], charts: dict[str, str]) -> str:
    from precisecli.report.html import render_template

    return render_template("cohort.html.j2", model, charts)
