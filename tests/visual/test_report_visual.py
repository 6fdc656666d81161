"""The demo report and the 132-regimen stress case, checked as a reader sees them (slow)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.visual import checks

pytestmark = pytest.mark.slow


def _need_pdf_tools():
    checks.require(checks.missing_pdf_tools())


def _need_browser():
    checks.require(checks.missing_browser())


@pytest.fixture(scope="module")
def stress_files(tmp_path_factory) -> dict[str, Path]:
    from precisecli.report.build import render
    from tests.report import stress_case

    out = tmp_path_factory.mktemp("stress")
    model = stress_case.stress_model(out)
    files = {}
    for f in render(model, ("pdf", "html")):
        files[f.format] = out / f.name
        files[f.format].write_bytes(f.data)
    return files


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> dict[str, Path]:
    from precisecli.cli.main import run

    out = tmp_path_factory.mktemp("demo")
    assert run(["demo", "--out", str(out / "demo")]) == 0
    reports = out / "demo" / "reports"
    return {
        "pdf": next(reports.glob("DEMO-001_*_report.pdf")),
        "html": next(reports.glob("DEMO-001_*_report.html")),
    }


def test_stress_pdf_pages(stress_files, tmp_path):
    _need_pdf_tools()
    assert checks.check_pdf_pages(stress_files["pdf"], tmp_path / "pages") == []
    assert len(list((tmp_path / "pages").glob("*.png"))) >= 10  # it paginates


def test_stress_html_in_a_browser(stress_files, tmp_path):
    _need_browser()
    assert checks.check_html(stress_files["html"], tmp_path / "shots") == []
    assert (tmp_path / "shots" / f"{stress_files['html'].stem}-390.png").is_file()


def test_demo_pdf_pages(demo_files, tmp_path):
    _need_pdf_tools()
    assert checks.check_pdf_pages(demo_files["pdf"], tmp_path / "pages") == []


def test_demo_html_in_a_browser(demo_files, tmp_path):
    _need_browser()
    assert checks.check_html(demo_files["html"], tmp_path / "shots") == []


def test_stress_renders_identically_twice(stress_files, tmp_path):
    from precisecli.report.build import render
    from tests.report import stress_case

    again = {f.format: f.data for f in render(stress_case.stress_model(tmp_path), ("pdf", "html"))}
    for fmt in ("pdf", "html"):
        first = hashlib.sha256(stress_files[fmt].read_bytes()).hexdigest()
        assert hashlib.sha256(again[fmt]).hexdigest() == first, fmt
