"""HTML rendering: one self-contained file (CSS and SVG charts inlined), Jinja2 with autoescape.

Every value from the model is escaped. Only two things are marked safe, and neither carries
case data as markup: our own stylesheet (with an embedded subset of the bundled CJK font, so
Chinese text is drawn even where the reader has no CJK font), and the SVG charts svgplot drew
(every string it writes — labels, titles — is XML-escaped there).
"""

from __future__ import annotations

from typing import Any

from precisecli.resources import resource_dir


def render_html(model: dict[str, Any], charts: dict[str, str] | None = None) -> str:
    from precisecli.report import charts as chart_mod

    svgs = chart_mod.render_all(model) if charts is None else charts
    return render_template("report.html.j2", model, svgs)


def render_template(name: str, model: dict[str, Any], svgs: dict[str, str]) -> str:
    """templates/NAME rendered with the model, our stylesheet (+ the CJK subset the model's text
    needs) and the inlined chart SVGs (also the cohort's)."""
    import jinja2
    from markupsafe import Markup

    from precisecli.report.model import iter_strings
    from precisecli.report.webfont import font_face_css

    folder = resource_dir("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    css = font_face_css(list(iter_strings(model)))
    css += (folder / "report.css").read_text(encoding="utf-8")
    inline = {cid: Markup(_strip_xml_header(svg)) for cid, svg in svgs.items()}
    return env.get_template(name).render(m=model, css=Markup(css), charts=inline)


def _strip_xml_header(svg: str) -> str:
    """An inline <svg> may not carry an XML declaration or DOCTYPE."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
