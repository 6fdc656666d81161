"""PDF rendering: templates/report.typ compiled by Typst with the model passed in memory.

Only the bundled fonts (templates/fonts/ plus Typst's embedded ones) are visible, so the same
model gives the same bytes on every machine; the PDF's creation date is the model's timestamp.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from precisecli.errors import InternalError
from precisecli.resources import resource_file


def render_pdf(model: dict[str, Any], charts: dict[str, str] | None = None) -> bytes:
    from precisecli.report import charts as chart_mod

    svgs = chart_mod.render_all(model) if charts is None else charts
    return compile_template("report.typ", model, svgs, "the PDF template")


def compile_template(name: str, model: dict[str, Any], svgs: dict[str, str], what: str) -> bytes:
    """Compile templates/NAME with the model and the chart SVGs as inputs (also the cohort's)."""
    import typst

    from precisecli.report.fonts import font_dir

    inputs = {"model": json.dumps(model, ensure_ascii=False, sort_keys=True)}
    inputs.update({f"chart-{cid}": svg for cid, svg in svgs.items()})
    template = resource_file("templates", name)
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
    except typst.TypstError as exc:  # the template or the model is broken: a bug, not bad input
        raise InternalError(f"{what} failed: {exc.message}") from None
