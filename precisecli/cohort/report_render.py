"""The cohort report as PDF (templates/cohort.typ, Typst) and HTML (templates/cohort.html.j2,
Jinja2 with autoescape), with the case report's fonts, stylesheet and determinism: the model is
passed as JSON data, the PDF's date is the model's (the latest date in the data), and the
charts are the same SVG text in both."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from precisecli.errors import InternalError
from precisecli.resources import resource_dir, resource_file


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
    import typst

    from precisecli.report.fonts import font_dir

    inputs = {"model": json.dumps(model, ensure_ascii=False, sort_keys=True)}
    inputs.update({f"chart-{cid}": svg for cid, svg in charts.items()})
    template = resource_file("templates", "cohort.typ")
    when = datetime.fromisoformat(model["timestamp"].replace("Z", "+00:00"))
    try:
        return typst.compile(
            template.read_bytes(),
            root=str(template.parent),
            font_paths=[str(font_dir())],
            ignore_system_fonts=True,
            sys_inputs=inputs,
            timestamp=int(when.timestamp()),
        )
    except typst.TypstError as exc:
        raise InternalError(f"the cohort PDF template failed: {exc.message}") from None


def render_html(model: dict[str, Any], charts: dict[str, str]) -> str:
    import jinja2
    from markupsafe import Markup

    from precisecli.report.html import _strip_xml_header
    from precisecli.report.model import iter_text
    from precisecli.report.webfont import font_face_css

    folder = resource_dir("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    css = font_face_css([t for _, t in iter_text(model)])
    css += (folder / "report.css").read_text(encoding="utf-8")
    inline = {cid: Markup(_strip_xml_header(svg)) for cid, svg in charts.items()}
    return env.get_template("cohort.html.j2").render(m=model, css=Markup(css), charts=inline)
