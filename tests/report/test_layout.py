"""Report layout at any size: top N in the body, the rest paginated in the appendix; the SVG kit."""

from __future__ import annotations

import re
from types import SimpleNamespace

from precisecli.report import charts, svgplot
from precisecli.report.sections import organoids
from tests.report import stress_case


def test_body_shows_top_n_and_the_group_appendix_everything(tmp_path):
    model = stress_case.stress_model(tmp_path, n_regimens=30)
    by_id = {s["id"]: s for s in model["sections"]}
    body = next(t for t in by_id["organoids"]["tables"] if "ranking" in (t["title"] or ""))
    ranks = [int(r[0]) for r in body["rows"]]
    # top 10 (KB report.top_regimens) plus T-DM1 (rank 11), an alternative of the group
    assert ranks == list(range(1, 12))
    assert "of 30 ranked" in body["title"]
    app = by_id["appendix-organoids"]
    assert app["appendix"] is True and len(app["tables"][0]["rows"]) == 30
    curves = [c for c in app["charts"] if c["kind"] == "curves"]
    assert [len(c["curves"]) for c in curves] == [12, 12, 6]  # pages of 3 × 4 panels
    assert by_id["glossary"]["appendix"] is True
    # given regimens are marked wherever they are named (line 3 was eve-h-nabp)
    row = next(r for r in body["rows"] if r[1].startswith("everolimus + trastuzumab + nab"))
    assert row[1].endswith("(given: line 3, stopped for progression)")


def test_top_regimens_comes_from_the_knowledge_base():
    kb = SimpleNamespace(data={"report": {"top_regimens": {"value": 4, "source": "PROPOSAL"}}})
    assert organoids.top_regimens(kb) == 4
    assert organoids.top_regimens(None) == organoids.DEFAULT_TOP == 10


def test_ticks_cover_the_data():
    # step 20 for a 80.7-wide range in ~6 ticks: -60 … 40 must enclose -50.7 … 30
    assert svgplot.nice_ticks(-50.7, 30, 6) == [-60, -40, -20, 0, 20, 40]
    assert svgplot.nice_ticks(0, 91.5, 6) == [0, 20, 40, 60, 80, 100]
    assert svgplot.log_ticks(0.001, 10) == [0.001, 0.01, 0.1, 1, 10]
    assert [svgplot.tick_text(v) for v in (0.001, 0.5, 10, 1000)] == ["0.001", "0.5", "10", "1000"]


def test_long_labels_wrap_within_their_width():
    name = "2024-02-20_liver_segment_VII_core_needle_biopsy_tumour_vs_matched_normal.vcf.gz"
    lines = svgplot.wrap(name, 100, 7, max_lines=3)
    assert all(svgplot.text_width(line, 7) <= 100 for line in lines)
    assert lines[-1].endswith("…")
    assert svgplot.text_width("WWW", 7) > svgplot.text_width("iii", 7)


def test_chart_text_is_escaped_and_deterministic():
    chart = {
        "id": "rank-S1",
        "kind": "ranking",
        "title": "<script>",
        "axis": "inhibition (%)",
        "ci": True,
        "bars": [
            {
                "label": "a <b> & c",
                "value": 50.0,
                "lo": 40.0,
                "hi": 60.0,
                "sensitive": True,
                "assessable": True,
            },
            {
                "label": "d",
                "value": None,
                "lo": None,
                "hi": None,
                "sensitive": False,
                "assessable": False,
            },
        ],
    }
    svg = charts.render(chart)
    assert "<script>" not in svg and "a &lt;b&gt; &amp; c" in svg
    assert svg == charts.render(chart)
    assert "95 % CI" in svg and "not measured" in svg


def test_combination_panels_name_the_drug_on_x():
    from precisecli.knowledge import load_kb
    from precisecli.report.sections.organoid_charts import x_label

    assert x_label(load_kb(), "pyro-cape", None) == "pyrotinib (µM; with capecitabine)"
    assert x_label(None, "x", ["neratinib"]) == "neratinib (µM)"


def test_curve_pages_have_legends_and_units(tmp_path):
    model = stress_case.stress_model(tmp_path, n_regimens=14)
    svgs = charts.render_all(model)
    curves = [v for k, v in svgs.items() if k.startswith("curves-")]
    for svg in curves:
        for item in ("observed wells", "fitted curve", "IC50 (fitted)", "50 % viability"):
            assert item in svg
        assert "viability (%)" in svg and "µM" in svg
    assert "RECIST" in svgs["spider"] and "weeks since the start of line 3" in svgs["spider"]
    assert re.search(r"font-family=", svgs["timeline"])
