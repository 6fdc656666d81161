"""`precise report`: content, determinism, escaping, missing parts, glyph coverage."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_console_script
from tests.report import stress

SCRIPT = "<script>alert(1)</script>"
CJK_NOTE = "患者于2024年2月行肝脏活检，类器官培养成功。"
EPOCH_2024_10_01 = "1727740800"  # 2024-10-01T00:00:00Z: 54 years + 13 leap days … = 20002 days


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """PDF text with line breaks removed (table cells wrap)."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def make_case(cli, tmp_path, sample_case_dir):
    def make(case_id="RPT-1", notes=None, **intake_changes):
        intake = yaml.safe_load((sample_case_dir / "intake.yaml").read_text(encoding="utf-8"))
        if notes is not None:
            intake["notes"] = notes
        intake.update(intake_changes)
        path = tmp_path / f"{case_id}-intake.yaml"
        path.write_text(yaml.safe_dump(intake, allow_unicode=True), encoding="utf-8")
        result = cli("case", "new", case_id, "--intake", path)
        assert result.exit_code == 0, result.stderr
        return path

    return make


def report(cli, case_id, out, *extra):
    result = cli("report", case_id, "--out", out, "--json", *extra)
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    files = {f["format"]: (Path(out) / f["name"]).read_bytes() for f in doc["files"]}
    return doc, files


def test_full_case_pdf_contains_the_key_facts(cli, make_case, monkeypatch, tmp_path):
    stress.patch(monkeypatch)
    intake = make_case(notes="Long note. " + CJK_NOTE * 30)
    doc, files = report(cli, "RPT-1", tmp_path / "out")
    assert set(files) == {"json", "html", "pdf"}
    for f in doc["files"]:
        assert hashlib.sha256(files[f["format"]]).hexdigest() == f["sha256"]
    text = flat(pdf_text(files["pdf"]))
    assert "G2 — PI3K/AKT/mTOR" in text
    assert "everolimus + trastuzumab + nab-paclitaxel" in text  # the group's regimen (KB label)
    # page 1 leads with the decision: the organoid-ranked next line and how it was chosen
    page1 = flat(pdf_text(files["pdf"]).split("Page 1 of")[0])
    assert "DECISION FOR THE TUMOUR BOARD" in page1
    assert "pyrotinib + capecitabine Basis: organoid rank." in page1
    for site in stress.SITES:
        assert site in text
    # every input's sha256 (prefix) — recomputed here from the file itself
    digest = hashlib.sha256(intake.read_bytes()).hexdigest()
    assert digest[:16] in text.replace(" ", "")
    assert "类器官培养成功" in text  # CJK drawn with an embedded font and extractable
    assert re.search(r"Page 1 of (\d+)", text)
    assert "For research use only" in text
    # both renderings come from the same model: the HTML says the same things
    html = files["html"].decode()
    assert "G2 — PI3K/AKT/mTOR" in html and digest in html
    # the reports were filed in the case too
    case_reports = tmp_path / "ws" / "RPT-1" / "reports"
    assert sorted(p.name for p in case_reports.iterdir()) == sorted(f["name"] for f in doc["files"])


def test_two_runs_give_identical_bytes(cli, make_case, monkeypatch, tmp_path):
    stress.patch(monkeypatch)
    make_case(notes=CJK_NOTE)
    _, first = report(cli, "RPT-1", tmp_path / "a")
    _, second = report(cli, "RPT-1", tmp_path / "b")
    assert first == second


def test_source_date_epoch_names_and_dates_the_files(cli, make_case, monkeypatch, tmp_path):
    from pypdf import PdfReader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2024_10_01)
    make_case()
    doc, files = report(cli, "RPT-1", tmp_path / "out")
    assert sorted(f["name"] for f in doc["files"]) == [
        "RPT-1_2024-10-01_report.html",
        "RPT-1_2024-10-01_report.json",
        "RPT-1_2024-10-01_report.pdf",
    ]
    meta = PdfReader(io.BytesIO(files["pdf"])).metadata
    assert meta["/CreationDate"].startswith("D:20241001000000")


def test_patient_text_is_escaped_in_html(cli, make_case, monkeypatch, tmp_path):
    stress.patch(monkeypatch)
    make_case(notes=f"note {SCRIPT} end", patient={"pseudonym": "<img src=x onerror=alert(2)>"})
    _, files = report(cli, "RPT-1", tmp_path / "out", "--html")
    html = files["html"].decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script" not in html.lower()  # the page runs no script at all


def test_templates_mark_nothing_from_the_case_safe():
    from precisecli.resources import resource_dir

    template = (resource_dir("templates") / "report.html.j2").read_text(encoding="utf-8")
    assert "|safe" not in template.replace(" ", "")


@pytest.mark.parametrize("organoids, ctdna", [(False, True), (True, False), (False, False)])
def test_missing_parts_are_stated(cli, make_case, monkeypatch, tmp_path, organoids, ctdna):
    stress.patch(monkeypatch, organoids=organoids, ctdna=ctdna)
    make_case()
    _, files = report(cli, "RPT-1", tmp_path / "out")
    text = flat(pdf_text(files["pdf"]))
    html = files["html"].decode()
    for says, missing in (
        ("No organoid screen was performed or loaded.", not organoids),
        ("No ctDNA samples.", not ctdna),
    ):
        assert (says in text) is missing
        assert (says in html) is missing


def test_bare_case_renders_and_says_what_is_missing(cli, make_case, tmp_path):
    make_case()
    _, files = report(cli, "RPT-1", tmp_path / "out", "--pdf")
    assert set(files) == {"json", "pdf"}
    text = flat(pdf_text(files["pdf"]))
    for statement in (
        "No sequencing data were imported",
        "No genomic group has been assigned",
        "No organoid screen was performed or loaded.",
        "No RECIST assessments recorded yet.",
    ):
        assert statement in text


def test_missing_glyph_refuses_with_exit_3(cli, make_case, tmp_path):
    from fontTools.ttLib import TTFont

    from precisecli.resources import resource_dir

    yi = "\ua000"  # YI SYLLABLE IT: checked below to be in none of the bundled fonts
    for font in (resource_dir("templates") / "fonts").glob("*.ttf"):
        assert ord(yi) not in TTFont(str(font), lazy=True).getBestCmap()
    make_case(notes=f"name {yi}")
    result = cli("report", "RPT-1", "--out", tmp_path / "out")
    assert result.exit_code == 3
    assert "U+A000" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "ws" / "RPT-1" / "reports").exists()  # case unchanged


def test_rare_name_characters_are_covered():
    """Hanzi that are rare but occur in given names (one from CJK Extension A)."""
    from fontTools.ttLib import TTFont

    from precisecli.report.fonts import font_files

    cmap = set()
    for font in font_files():
        cmap |= set(TTFont(str(font), lazy=True).getBestCmap())
    assert all(ord(c) in cmap for c in "张伟堃昇赟喆玥淼垚燚犇骉鑫䶮")


def test_response_section_uses_the_recist_evaluation(cli, make_case, sample_case_dir, tmp_path):
    make_case()
    assert (
        cli("response", "import", "RPT-1", sample_case_dir / "recist_measurements.csv").exit_code
        == 0
    )
    started = cli(
        "line",
        "start",
        "RPT-1",
        "--regimen",
        "eve-h-nabp",
        "--date",
        "2024-03-01",
        "--chosen-by",
        "clinician",
        "--reason",
        "tumour board decision",
    )
    assert started.exit_code == 0, started.stderr
    evaluation = cli("response", "evaluate", "RPT-1", "--json").json()
    _, files = report(cli, "RPT-1", tmp_path / "out")
    text = flat(pdf_text(files["pdf"]))
    assert f"Best overall response {evaluation['best_overall_response']}" in text
    for tp in evaluation["timepoints"]:
        assert tp["date"] in text
    assert "eve-h-nabp" in text or "everolimus + trastuzumab + nab-paclitaxel" in text


def test_report_of_unknown_case_is_an_input_error(cli, workspace):
    result = cli("report", "NOPE")
    assert result.exit_code == 3


@pytest.mark.slow
def test_determinism_across_processes(make_case, workspace, tmp_path):
    make_case(notes=CJK_NOTE)
    env = {"PRECISE_WORKSPACE": str(workspace)}
    outs = []
    for name in ("p1", "p2"):
        result = run_console_script("report", "RPT-1", "--out", tmp_path / name, env=env)
        assert result.exit_code == 0, result.stderr
        outs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert outs[0] == outs[1]


def test_real_genomics_and_grouping_reach_the_report(cli, make_case, tmp_path):
    """Imported through the real genomics and grouping commands (PCGR's T001-BRCA example)."""
    data = Path(__file__).resolve().parents[1] / "data" / "report"
    vcf, cna = data / "pcgr_T001-BRCA.grch38.vcf.gz", data / "pcgr_T001-BRCA.grch38.cna.tsv"
    intake = make_case()
    steps = [
        (
            "variants",
            "import",
            "RPT-1",
            vcf,
            "--sample-id",
            "LIV1",
            "--site",
            "liver segment VII",
            "--collected",
            "2024-02-20",
            "--build",
            "GRCh38",
        ),
        ("cna", "import", "RPT-1", cna, "--sample-id", "LIV1", "--build", "GRCh38"),
        ("group", "RPT-1"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, result.stderr
    grouped = cli("group", "RPT-1", "--json").json()
    _, files = report(cli, "RPT-1", tmp_path / "out")
    text = flat(pdf_text(files["pdf"]))
    assert f"{grouped['group']['id']} — {grouped['group']['name']}" in text
    assert "liver segment VII" in text
    assert "H1047R" in text and "PIK3CA" in text
    assert "No ctDNA samples." in text
    compact = text.replace(" ", "")
    for path in (intake, vcf, cna):
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] in compact, path.name


def test_workspace_cache_changes_no_byte(cli, make_case, monkeypatch, tmp_path, workspace):
    """Run 2 reuses the CJK font subset, the validated model and the sampled dose-response
    curves of run 1 (a new process reads them from the workspace's private cache); runs without
    any cache give the same bytes."""
    import shutil

    from precisecli.pdo import curves
    from precisecli.report import webfont
    from precisecli.store import schema, validated

    def new_process():
        validated._SEEN.clear()
        validated._LOADED.clear()
        webfont._subset.cache_clear()

    full, subsets, predicted = [], [], []
    real_errors, real_subset, real_predict = (
        schema.schema_errors,
        webfont._make_subset,
        curves.predict,
    )
    monkeypatch.setattr(schema, "schema_errors", lambda d, n: full.append(n) or real_errors(d, n))
    monkeypatch.setattr(webfont, "_make_subset", lambda c: subsets.append(c) or real_subset(c))
    monkeypatch.setattr(curves, "predict", lambda *a: predicted.append(1) or real_predict(*a))
    stress.patch(monkeypatch)
    make_case(notes=CJK_NOTE)
    new_process()
    _, first = report(cli, "RPT-1", tmp_path / "a")
    assert "report.schema.json" in full and len(subsets) == 1 and predicted
    full.clear()
    predicted.clear()
    new_process()
    _, cached = report(cli, "RPT-1", tmp_path / "b")
    # all three came from the cache
    assert "report.schema.json" not in full and len(subsets) == 1 and not predicted
    shutil.rmtree(workspace / validated.CACHE_DIR)
    new_process()
    _, uncached = report(cli, "RPT-1", tmp_path / "c")
    assert "report.schema.json" in full and len(subsets) == 2 and predicted
    assert first == cached == uncached
