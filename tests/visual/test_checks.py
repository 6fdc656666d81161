"""The visual checks themselves fail on what they are meant to catch (and pass clean pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.visual import checks

PAGE = '#set page(paper: "a4", margin: (top: 18mm, bottom: 18mm, left: 16mm, right: 16mm))\n'


def _pdf(tmp_path: Path, body: str) -> Path:
    import typst

    path = tmp_path / "t.pdf"
    path.write_bytes(typst.compile((PAGE + body).encode("utf-8")))
    return path


@pytest.fixture(autouse=True)
def _tools():
    checks.require(checks.missing_pdf_tools())


def test_clean_page_passes(tmp_path):
    body = "\n\n".join(["A line of ordinary report text, 87.3 – 95.7 %, 2024-09-27."] * 40)
    assert checks.check_pdf_pages(_pdf(tmp_path, body), tmp_path / "png") == []


def test_blank_body_is_caught(tmp_path):
    body = "= A heading alone\n#pagebreak()\n" + "Text. " * 900
    problems = checks.check_pdf_pages(_pdf(tmp_path, body), tmp_path / "png")
    assert any(p.startswith("page 1: body is blank") for p in problems), problems
    assert not any(p.startswith("page 2") for p in problems), problems


def test_overlapping_words_are_caught(tmp_path):
    body = (
        "Some text.\n#place(top + left, dx: 0pt, dy: 0pt)[sha256 overlapping]\n" + "Words. " * 600
    )
    body += "\n#place(top + left)[liver_biopsy.vcf]"
    problems = checks.check_pdf_pages(_pdf(tmp_path, body), tmp_path / "png")
    assert any("overlapping glyph pair" in p for p in problems), problems


def test_content_past_the_edge_is_caught(tmp_path):
    long = "x" * 400  # one unbreakable token runs off the right edge
    body = "Text. " * 800 + "\n\n" + long
    problems = checks.check_pdf_pages(_pdf(tmp_path, body), tmp_path / "png")
    assert any("clipped at the right" in p or "outside the page" in p for p in problems), problems


def test_content_into_the_footer_is_caught(tmp_path):
    body = (
        "Text. " * 800
        + "\n#place(bottom + left, dy: 10mm, rect(width: 50mm, height: 30mm, fill: black))"
    )
    body = "#set page(footer: [Page 1 of 1])\n" + body
    problems = checks.check_pdf_pages(_pdf(tmp_path, body), tmp_path / "png")
    assert any("runs into the footer" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("87.3 – 95.7", True),
        ("2024-09-27", True),
        ("112.22", True),
        ("< 0.01", True),
        ("91.5 %", True),
        ("everolimus", False),
        ("PR (confirmed)", False),
    ],
)
def test_value_pattern(text, value):
    assert checks.numeric_like(text) is value


@pytest.mark.slow
def test_browser_check_catches_wrapped_values_and_overflow(tmp_path):
    checks.require(checks.missing_browser())
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta name='viewport' content='width=device-width'>"
        "<style>td{overflow-wrap:anywhere;width:3ch}</style></head><body>"
        "<table><tr><td>2024-09-27</td><td>87.3 – 95.7</td></tr></table>"
        "<div style='width:2000px'>wide</div></body></html>",
        encoding="utf-8",
    )
    problems = checks.check_html(page, tmp_path / "shots", widths=(390,))
    assert any("value cell(s) break" in p for p in problems), problems
    assert any("page is" in p and "wide" in p for p in problems), problems
    assert (tmp_path / "shots" / "bad-390.png").is_file()
