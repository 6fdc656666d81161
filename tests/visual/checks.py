"""Checks of a rendered report as a person sees it (shared by every helper's tests).

``check_pdf_pages(pdf, out_dir)`` renders every page to PNG with pdftoppm (Debian's
poppler-utils) and reports pages whose body is blank, content clipped at a page edge or run
into the footer, and words drawn over each other (pdfplumber word boxes).
``check_html(html, out_dir, widths)`` opens the page in Debian's chromium (driven by
playwright with ``executable_path``; no browser download) at each width, saves a full-page
screenshot, and reports numeric/date/interval cells whose text spans more than one line and
elements that overflow the page. An empty list means the report passed.

``missing_pdf_tools()`` / ``missing_browser()`` return why a check cannot run (None if it can),
for tests to skip with that reason.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DPI = 50
MM = DPI / 25.4  # pixels per millimetre at DPI
BLANK_INK_ROWS = 0.05  # a body with ink on fewer than 5 % of its pixel rows is blank
OVERLAP = 0.3  # two glyphs overlap when they share > 30 % of the smaller box


def require(reason: str | None) -> None:
    """Skip the calling test with ``reason`` (fail instead under PRECISE_REQUIRE_VISUAL=1, as
    .ci/run sets it, so CI never passes without having looked)."""
    import os

    import pytest

    if reason is None:
        return
    if os.environ.get("PRECISE_REQUIRE_VISUAL") == "1":
        pytest.fail(f"visual check cannot run: {reason}")
    pytest.skip(reason)


def missing_pdf_tools() -> str | None:
    if shutil.which("pdftoppm") is None:
        return "pdftoppm not found (apt-get install poppler-utils)"
    for module in ("pdfplumber", "PIL"):
        if importlib.util.find_spec(module) is None:
            return f"python package {module} not installed (uv sync --group dev)"
    return None


def missing_browser() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "python package playwright not installed (uv sync --group dev)"
    return None


# --- PDF ----------------------------------------------------------------------------------
def _render_pngs(pdf_path: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / pdf_path.stem
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf_path), str(stem)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return sorted(out_dir.glob(f"{pdf_path.stem}-*.png"), key=lambda p: int(p.stem.split("-")[-1]))


def _ink_rows(png: Path, top: int, bottom: int, left: int, right: int) -> int:
    import numpy as np
    from PIL import Image

    with Image.open(png) as im:
        a = np.asarray(im.convert("L"))
    body = a[top:bottom, left:right]
    return int(((body < 200).sum(axis=1) > 0).sum())


def _edge_ink(png: Path, band: int) -> list[str]:
    import numpy as np
    from PIL import Image

    with Image.open(png) as im:
        a = np.asarray(im.convert("L")) < 200
    sides = {"left": a[:, :band], "right": a[:, -band:], "top": a[:band, :], "bottom": a[-band:, :]}
    return [name for name, part in sides.items() if part.any()]


def _overlaps(chars: list[dict]) -> list[tuple[str, str]]:
    """Pairs of glyphs drawn over each other (a grid of 8 pt cells keeps this linear).

    Glyphs are compared rather than pdfplumber's words, because pdfplumber merges two texts
    drawn at the same place into one word."""
    cell = 8.0
    grid: dict[tuple[int, int], list[dict]] = {}
    found = []
    for k, c in enumerate(chars):
        c = dict(c, _k=k)
        if not c["text"].strip() or c["text"] == "\u200b" or not c.get("upright", True):
            continue
        area = (c["x1"] - c["x0"]) * (c["bottom"] - c["top"])
        if area <= 0:
            continue
        seen = set()
        cells = [
            (i, j)
            for i in range(int(c["x0"] // cell), int(c["x1"] // cell) + 1)
            for j in range(int(c["top"] // cell), int(c["bottom"] // cell) + 1)
        ]
        for key in cells:
            for o in grid.get(key, ()):
                if id(o) in seen or c["_k"] - o["_k"] == 1:  # kerned neighbours in one run
                    continue
                seen.add(id(o))
                dx = min(o["x1"], c["x1"]) - max(o["x0"], c["x0"])
                dy = min(o["bottom"], c["bottom"]) - max(o["top"], c["top"])
                small = min(area, (o["x1"] - o["x0"]) * (o["bottom"] - o["top"]))
                if dx > 0 and dy > 0 and dx * dy > OVERLAP * small:
                    found.append((o["text"], c["text"]))
        for key in cells:
            grid.setdefault(key, []).append(c)
    return found


def check_pdf_pages(pdf_path: Path, out_dir: Path) -> list[str]:
    """Problems a reader would see on the PDF's pages ([] when none)."""
    import pdfplumber

    pdf_path, out_dir = Path(pdf_path), Path(out_dir)
    pngs = _render_pngs(pdf_path, out_dir)
    problems: list[str] = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        if len(pngs) != len(pdf.pages):
            problems.append(f"pdftoppm rendered {len(pngs)} of {len(pdf.pages)} pages")
        for n, (page, png) in enumerate(zip(pdf.pages, pngs, strict=False), 1):
            problems += _check_page(n, page, png)
    return problems


def _check_page(n: int, page, png: Path) -> list[str]:
    problems = []
    w_pt, h_pt = float(page.width), float(page.height)
    mm = 72 / 25.4
    # Body = inside the 18 mm top/bottom margins that hold the running header and footer.
    top, bottom = int(18 * MM), int((h_pt / mm - 18) * MM)
    left, right = int(10 * MM), int((w_pt / mm - 10) * MM)
    rows = _ink_rows(png, top, bottom, left, right)
    if rows < BLANK_INK_ROWS * (bottom - top):
        problems.append(f"page {n}: body is blank (ink on {rows} of {bottom - top} pixel rows)")
    edges = _edge_ink(png, max(int(4 * MM), 2))
    if edges:
        problems.append(f"page {n}: content clipped at the {', '.join(edges)} page edge")
    # Anything drawn outside the page box, or running into the footer band.
    footer_top = h_pt - 18 * mm + 2 * mm
    objects = page.chars + page.rects + page.lines + page.curves + page.images
    outside = [
        o
        for o in objects
        if o["x0"] < -0.5 or o["x1"] > w_pt + 0.5 or o["top"] < -0.5 or o["bottom"] > h_pt + 0.5
    ]
    if outside:
        problems.append(f"page {n}: {len(outside)} object(s) drawn outside the page")
    footer_words = [c for c in page.chars if c["top"] >= h_pt - 14 * mm]
    intruders = [
        o
        for o in objects
        if o["top"] < h_pt - 14 * mm and o["bottom"] > footer_top and o not in footer_words
    ]
    if intruders:
        problems.append(f"page {n}: content runs into the footer ({len(intruders)} object(s))")
    pairs = _overlaps(page.chars)
    if pairs:
        shown = "; ".join(f"{a!r}/{b!r}" for a, b in pairs[:5])
        problems.append(f"page {n}: {len(pairs)} overlapping glyph pair(s), e.g. {shown}")
    return problems


# --- HTML ---------------------------------------------------------------------------------
VALUE_RE = (
    r"^(?:[<>≤≥]\s?)?[-+−]?\d[\d.,]*(?:\s?(?:%|µM|mm|Mb))?"
    r"(?:\s?[–/-]\s?[-+−]?\d[\d.,]*(?:\s?(?:%|µM|mm))?)*$|^\d{4}-\d{2}-\d{2}$"
)
VALUE_JS = r"""
(pattern) => {
  const value = new RegExp(pattern, "u");
  const out = {wrapped: [], overflow: [], pageWidth: document.documentElement.scrollWidth,
               viewport: window.innerWidth};
  for (const td of document.querySelectorAll("td, th")) {
    const text = td.textContent.trim();
    if (!value.test(text)) continue;
    const r = document.createRange();
    r.selectNodeContents(td);
    const tops = new Set([...r.getClientRects()].filter(x => x.width > 0)
                           .map(x => Math.round(x.top)));
    if (tops.size > 1) out.wrapped.push(text);
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".scroll")) continue;  // a table scrolls sideways inside its container
    const b = el.getBoundingClientRect();
    if (b.width > 0 && (b.right > window.innerWidth + 1 || b.left < -1))
      out.overflow.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  }
  return out;
}
"""


def _collector(urls: list[str]):
    def on_request(request) -> None:
        urls.append(request.url)

    return on_request


def check_html(html_path: Path, out_dir: Path, widths=(1280, 390)) -> list[str]:
    """Problems a reader would see in the HTML at each window width ([] when none)."""
    from playwright.sync_api import sync_playwright

    html_path, out_dir = Path(html_path).resolve(), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in widths:
                page = browser.new_page(viewport={"width": width, "height": 900})
                # Self-contained: any network request is a problem of its own.
                requests: list[str] = []
                page.on("request", _collector(requests))
                page.goto(html_path.as_uri())
                page.screenshot(path=str(out_dir / f"{html_path.stem}-{width}.png"), full_page=True)
                found = page.evaluate(VALUE_JS, VALUE_RE)
                page.close()
                if found["wrapped"]:
                    shown = ", ".join(repr(t) for t in found["wrapped"][:5])
                    n = len(found["wrapped"])
                    problems.append(f"{width} px: {n} value cell(s) break over lines: {shown}")
                if found["pageWidth"] > found["viewport"] + 1:
                    problems.append(
                        f"{width} px: the page is {found['pageWidth']} px wide (scrolls sideways)"
                    )
                if found["overflow"]:
                    shown = ", ".join(sorted(set(found["overflow"]))[:5])
                    n = len(found["overflow"])
                    problems.append(f"{width} px: {n} element(s) overflow the page: {shown}")
                fetched = [u for u in requests if not u.startswith(("file:", "data:"))]
                if fetched:
                    problems.append(
                        f"{width} px: the page fetched {fetched[0]} (not self-contained)"
                    )
        finally:
            browser.close()
    return problems


def numeric_like(text: str) -> bool:
    """The Python twin of VALUE_JS's test (for unit tests of the checker)."""
    return bool(re.match(VALUE_RE, text.strip()))
