"""TMB denominators: a ctDNA or panel TMB needs its assay's territory; without one it is null
"not computable" with the reason and a hint, never a 34 Mb exome guess and never 0."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "sample_cases" / "DEMO-001" / "genomics"
CTDNA = DEMO / "ctdna_2024-02-20.vcf"


def _import(cli, sample, *extra):
    r = cli("variants", "import", "C1", str(CTDNA), "--sample-id", sample, "--kind", "ctdna",
            *extra, "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    return r.json()


def test_ctdna_without_assay_is_not_computable(cli, case):
    out = _import(cli, "T0")
    assert out["tmb_per_mb"] is None and out["tmb_status"] == "not computable"
    assert "--assay" in out["tmb_reason"]
    s = cli("variants", "show", "C1", "--json").json()["samples"][0]
    assert s["tmb_per_mb"] is None and s["tmb_status"] == "not computable"
    assert s["tmb"]["note"].startswith("not computable: ")
    text = cli("variants", "show", "C1")
    assert "not computable" in text.stdout


def test_panel_territories_from_the_knowledge_base(cli, case):
    wes = _import(cli, "T1", "--assay", "wes")
    eligible = cli("variants", "show", "C1", "--json").json()["samples"][0]["tmb"][
        "eligible_variants"]  # fmt: skip
    assert eligible > 0
    assert wes["tmb_per_mb"] == pytest.approx(round(eligible / 34, 3))
    tso = _import(cli, "T2", "--assay", "tso500-ctdna")
    assert tso["territory_mb"] == 1.33
    assert tso["tmb_per_mb"] == pytest.approx(round(eligible / 1.33, 3))
    g360 = _import(cli, "T3", "--assay", "guardant360-cdx")
    assert g360["tmb_per_mb"] is None and "no published TMB territory" in g360["tmb_reason"]
    own = _import(cli, "T4", "--assay", "guardant360-cdx", "--territory-mb", "2")
    assert own["tmb_per_mb"] == pytest.approx(round(eligible / 2, 3))


def test_unknown_assay_lists_panels(cli, case):
    r = cli("variants", "import", "C1", str(CTDNA), "--sample-id", "T5", "--assay", "nope")
    assert r.exit_code == 3 and "foundationone-cdx" in r.stderr
