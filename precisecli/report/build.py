"""Produce a case's report files: model → glyph check → charts → PDF/HTML → case and --out.

The files go into ``<case>/reports/`` in one case transaction (audited, atomic) and, with
``--out``, are copied to a folder of the user's choice. Names carry the case id and the report
date, never a patient identifier: ``DEMO-001_2024-10-01_report.pdf``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.store.documents import dumps_json

FORMATS = ("json", "html", "pdf")


@dataclass(frozen=True)
class ReportFile:
    format: str
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def render(model: dict[str, Any], formats: tuple[str, ...]) -> list[ReportFile]:
    """Render the wanted formats (the model JSON is always included). Pure: model in, bytes out."""
    from precisecli.report import charts
    from precisecli.report.fonts import check_glyphs

    check_glyphs(model)
    stem = f"{model['case_id']}_{model['report_date']}_report"
    files = [ReportFile("json", f"{stem}.json", dumps_json(model).encode("utf-8"))]
    svgs = charts.render_all(model) if ("pdf" in formats or "html" in formats) else {}
    if "html" in formats:
        from precisecli.report.html import render_html

        files.append(ReportFile("html", f"{stem}.html", render_html(model, svgs).encode()))
    if "pdf" in formats:
        from precisecli.report.pdf import render_pdf

        files.append(ReportFile("pdf", f"{stem}.pdf", render_pdf(model, svgs)))
    return files


def write_out(folder: Path, files: list[ReportFile]) -> list[Path]:
    """Copy the files to a folder outside the case: every file is written to a temp file first
    and only then are all renamed into place, so a full disk leaves no partial set."""
    from precisecli.store.atomic import fsync_dir, write_temp
    from precisecli.store.outdir import check_out_folder

    folder = check_out_folder(folder)
    temps: list[Path] = []
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for f in files:
            temps.append(write_temp(folder, f.data))
        paths = []
        for temp, f in zip(temps, files, strict=True):
            os.replace(temp, folder / f.name)
            paths.append(folder / f.name)
        fsync_dir(folder)
        return paths
    except OSError as exc:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise InputError(
            f"cannot write the report copies ({exc.strerror})",
            location=Location(file=str(folder), field="--out"),
            hint="the report itself was filed in the case's reports/ folder; free space or "
            "choose a writable folder with --out and rerun",
        ) from None
