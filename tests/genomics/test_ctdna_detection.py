"""ctDNA tumour fraction, detection limits and matched-normal CH (issue 15).

Hand computations in the tests:
* plasma VAF of a clonal variant on m of CN copies at tumour fraction t: t·m / (t·CN + 2(1 − t));
  one variant at CN 2, m 1 gives t = 2 × VAF;
* p(detect) = P(X ≥ k), X ~ Binomial(depth, VAF_expected), k = max(3 alt reads (knowledge base),
  ⌈0.002 × depth⌉), computed here with scipy's binomial survival function.
"""

from __future__ import annotations

import math

import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import binom

from precisecli.genomics import detection as det
from precisecli.genomics.tumour_fraction import TruncalPoint, estimate
from tests.genomics.test_compare_patterns import _vcf

SETTINGS = det.DetectionSettings(min_alt_reads=3, min_p=0.95)


def test_tf_from_one_variant_is_twice_the_vaf():
    tf = estimate([TruncalPoint(alt=50, depth=1000, multiplicity=1, total_cn=2, label="x")])
    assert tf.value == pytest.approx(0.10, abs=1e-9)
    assert tf.ci95[0] < 0.10 < tf.ci95[1]


def test_tf_copy_number_aware_matches_maximum_likelihood():
    points = [(50, 1000, 1, 4), (90, 600, 2, 3), (30, 800, 1, 2)]

    def nll(t):
        total = 0.0
        for a, d, m, cn in points:
            f = t * m / (t * cn + 2 * (1 - t))
            total -= binom.logpmf(a, d, f)
        return total

    best = minimize_scalar(nll, bounds=(1e-4, 0.999), method="bounded").x
    got = estimate([TruncalPoint(a, d, m, cn, "x") for a, d, m, cn in points])
    assert got.value == pytest.approx(best, abs=0.0005)  # grid step 0.0005


@pytest.mark.parametrize(
    "tf, status",
    [(0.005, "below-detection-limit"), (0.20, "not-detected")],
)
def test_acceptance_detection_limits(tf, status):
    depth = 500
    f = tf * 1 / (tf * 2 + 2 * (1 - tf))
    k = max(3, math.ceil(0.002 * depth))
    expected = binom.sf(k - 1, depth, f)
    got = det.detection(tf=tf, depth=depth, depth_note="test", multiplicity=1, total_cn=2,
                        ccf=1.0, min_vaf=0.002, settings=SETTINGS, assumption="test")  # fmt: skip
    assert got.p_detect == pytest.approx(expected, abs=1e-4)
    assert got.status == status
    if tf == 0.005:
        assert 0.1 < got.p_detect < 0.2  # 1.25 expected alt reads, 3 needed


def test_unknown_tf_gives_no_probability():
    got = det.detection(tf=None, depth=500, depth_note="", multiplicity=1, total_cn=2, ccf=1.0,
                        min_vaf=0.002, settings=SETTINGS, assumption="")  # fmt: skip
    assert got.p_detect is None and got.status == "not-detected" and "unknown" in got.reason


SEGMENTS = (
    "Chromosome\tStart\tEnd\tnMajor\tnMinor\n"
    "3\t100000000\t190000000\t1\t1\n17\t30000000\t50000000\t1\t1\n"
)


def _json(cli, *argv):
    r = cli(*argv, "--json")
    assert r.exit_code == 0, r.stderr
    return r.json()


def _imp(cli, tmp_path, sid, kind, date, alts, extra=()):
    argv = ["variants", "import", "C1", str(_vcf(tmp_path / f"{sid}.vcf", alts)), "--sample-id",
            sid, "--kind", kind, "--collected", date, *extra]  # fmt: skip
    r = cli(*argv)
    assert r.exit_code == 0, r.stderr


def test_compare_draw_statuses_end_to_end(cli, case, tmp_path):
    _imp(cli, tmp_path, "B1", "biopsy", "2024-01-01", {"PIK3CA": (60, 200), "ERBB2": (60, 200)})
    seg = tmp_path / "seg.tsv"
    seg.write_text(SEGMENTS)
    assert cli("cna", "import", "C1", str(seg), "--sample-id", "B1").exit_code == 0
    assert cli("purity", "set", "C1", "--sample-id", "B1", "--purity", "0.6").exit_code == 0
    wes = ("--assay", "wes")
    # D1: TF estimated from the two truncal variants (VAF 0.10 each at CN 2 -> TF 0.20)
    _imp(cli, tmp_path, "D1", "ctdna", "2024-02-01",
         {"PIK3CA": (50, 500), "ERBB2": (50, 500)}, wes)  # fmt: skip
    # D2: TF 0.5 % (given), PIK3CA missing at depth 500 -> below detection limit
    _imp(cli, tmp_path, "D2", "ctdna", "2024-03-01", {"ERBB2": (4, 500)}, wes)
    r = cli("purity", "set", "C1", "--sample-id", "D2", "--tumour-fraction", "0.005")
    assert r.exit_code == 0, r.stderr
    doc = _json(cli, "variants", "compare", "C1")
    samples = {s["sample_id"]: s for s in doc["samples"]}
    assert samples["D1"]["tumour_fraction"] == pytest.approx(0.20, abs=1e-9)
    assert samples["D1"]["tumour_fraction_source"].startswith("estimated from 2 variant")
    assert samples["D2"]["tumour_fraction_source"] == "--tumour-fraction option"
    pik = next(a for a in doc["alterations"] if a["gene"] == "PIK3CA")
    draws = {d["sample_id"]: d for d in pik["draws"]}
    assert draws["D1"]["status"] == "detected"
    assert draws["D2"]["status"] == "below-detection-limit"
    assert draws["D2"]["p_detect"] == pytest.approx(binom.sf(2, 500, 0.005 / 2), abs=1e-4)
    timeline = {t["gene"]: t for t in doc["ctdna_timeline"]}
    assert timeline["PIK3CA"]["pattern"] == "below detection limit"  # never a bare 'cleared'
    # D3: TF 20 % (given): the same absence is a real 'not detected', and 'cleared'
    _imp(cli, tmp_path, "D3", "ctdna", "2024-04-01", {"ERBB2": (50, 500)}, wes)
    assert (
        cli("purity", "set", "C1", "--sample-id", "D3", "--tumour-fraction", "0.2").exit_code == 0
    )
    doc = _json(cli, "variants", "compare", "C1")
    pik = next(a for a in doc["alterations"] if a["gene"] == "PIK3CA")
    d3 = next(d for d in pik["draws"] if d["sample_id"] == "D3")
    assert d3["status"] == "not-detected" and d3["p_detect"] > 0.99
    timeline = {t["gene"]: t for t in doc["ctdna_timeline"]}
    assert timeline["PIK3CA"]["pattern"] == "cleared"
    text = cli("variants", "compare", "C1")
    assert "below detection limit (p = 0.13)" in text.stderr
    assert "D3 PIK3CA H1047R: not detected (p = 1.00)" in text.stderr
    # the report section shows the same facts
    import json

    from precisecli.report.sections import clonality

    sec = clonality.build(case, json.loads((case / "case.json").read_text()))
    facts = dict(sec["facts"])
    assert facts["Purity, B1"].startswith("0.60 (--purity option)")
    assert facts["Tumour fraction, D2"] == "0.50 % (--tumour-fraction option)"
    assert facts["Tumour fraction, D1"].startswith("20.00 % (estimated from 2 variant")
    ccf_rows, draw_rows = sec["tables"][0]["rows"], sec["tables"][1]["rows"]
    assert ["PIK3CA", "H1047R", "B1", "1.00"] == ccf_rows[-1][:4] and ccf_rows[-1][5] == "clonal"
    assert ["PIK3CA", "H1047R", "D2", "below detection limit", "0.13"] in draw_rows
    assert ["PIK3CA", "H1047R", "D3", "not detected", "1.00"] in draw_rows


def test_white_cells_make_ch_whatever_the_gene(cli, case, tmp_path):
    # ESR1 D538G is no CH-list gene; the matched white cells carry it at 2 %: CH, not tumour
    _imp(cli, tmp_path, "B1", "biopsy", "2024-01-01", {"PIK3CA": (60, 200)})
    _imp(cli, tmp_path, "D1", "ctdna", "2024-02-01", {"PIK3CA": (20, 1000), "ESR1": (20, 1000)})
    before = _json(cli, "variants", "compare", "C1")
    assert before["ch_method"] == "gene list"
    esr1 = next(a for a in before["alterations"] if a["gene"] == "ESR1")
    assert esr1["category"] == "ctdna-only" and esr1["chip"] is False
    _imp(cli, tmp_path, "N1", "normal", "2024-02-01", {"ESR1": (10, 500)})
    doc = _json(cli, "variants", "compare", "C1")
    assert doc["ch_method"] == "matched white cells"
    assert "N1" not in {s["sample_id"] for s in doc["samples"]}  # not a tumour sample
    esr1 = next(a for a in doc["alterations"] if a["gene"] == "ESR1")
    assert esr1["category"] == "chip" and esr1["chip"] is True
    assert esr1["chip_basis"].startswith("matched white cells: in N1 at VAF 2.00%")
    pik = next(a for a in doc["alterations"] if a["gene"] == "PIK3CA")
    assert pik["category"] != "chip"
    show = _json(cli, "variants", "show", "C1")
    assert show["ch_method"] == "matched white cells"
    assert {s["kind"] for s in show["samples"]} == {"biopsy", "ctdna", "normal"}
    d1 = {v["gene"]: v for v in show["variants"] if v["sample_id"] == "D1"}
    assert d1["ESR1"]["chip"] is True and d1["PIK3CA"]["chip"] is False
