"""Simon two-stage design and the inference adjusted for its stopping rule.

Published design values: Simon R. Optimal two-stage designs for phase II clinical trials.
Control Clin Trials 1989;10:1–10, Table 1, p0 = 0.20, p1 = 0.40:
  α = 0.05, β = 0.20, optimal: r1/n1 = 3/13, r/n = 12/43, EN(p0) = 20.6, PET(p0) = 0.75;
  α = 0.05, β = 0.10, optimal: r1/n1 = 4/19, r/n = 15/54, EN(p0) = 30.4, PET(p0) = 0.67.
Inference: Koyama T, Chen H. Proper inference from Simon's two-stage designs. Stat Med
2008;27:3145–3154 (stage-wise ordering): checked against a brute-force enumeration of the
whole sample space written out here, against the property that the p-value of the smallest
rejecting outcome (s = r + 1) is the design's exact type I error (so p <= α exactly when the
design rejects H0), and — when the trial stops at stage 1 — against the one-stage
Clopper–Pearson interval (scipy.stats.beta), to which it reduces.
"""

from __future__ import annotations

from math import comb

import pytest

from precisecli.cohort.simon import Design, inference, p_value, umvue

OPT_80 = Design(p0=0.2, p1=0.4, alpha=0.05, beta=0.2, n1=13, r1=3, n=43, r=12)
OPT_90 = Design(p0=0.2, p1=0.4, alpha=0.05, beta=0.1, n1=19, r1=4, n=54, r=15)


@pytest.mark.parametrize(("design", "en", "pet"), [(OPT_80, 20.6, 0.75), (OPT_90, 30.4, 0.67)])
def test_operating_characteristics_match_simon_1989(design, en, pet):
    assert round(design.expected_size(design.p0), 1) == en
    assert round(design.early_stop_probability(design.p0), 2) == pet
    assert design.reject_probability(design.p0) <= design.alpha
    assert design.reject_probability(design.p1) >= 1 - design.beta


def _enumerated_p_value(d: Design, stage: int, responses: int, p: float) -> float:
    """Every outcome (stage, total responses) with its probability, ranked stage-wise."""
    n2 = d.n - d.n1
    outcomes: dict[tuple[int, int], float] = {}
    for x1 in range(d.n1 + 1):
        p1 = comb(d.n1, x1) * p**x1 * (1 - p) ** (d.n1 - x1)
        if x1 <= d.r1:
            outcomes[(1, x1)] = outcomes.get((1, x1), 0) + p1
            continue
        for x2 in range(n2 + 1):
            p2 = comb(n2, x2) * p**x2 * (1 - p) ** (n2 - x2)
            outcomes[(2, x1 + x2)] = outcomes.get((2, x1 + x2), 0) + p1 * p2
    return sum(prob for key, prob in outcomes.items() if key >= (stage, responses))


@pytest.mark.parametrize(("stage", "responses"), [(1, 0), (1, 2), (1, 4), (2, 5), (2, 15),
                                                  (2, 16), (2, 21), (2, 40)])  # fmt: skip
def test_p_value_equals_enumeration_of_the_sample_space(stage, responses):
    for p in (0.1, 0.2, 0.35):
        assert p_value(OPT_90, stage, responses, p) == pytest.approx(
            _enumerated_p_value(OPT_90, stage, responses, p), abs=1e-12
        )


def test_p_value_agrees_with_the_design_decision():
    for d in (OPT_80, OPT_90):
        exact_alpha = d.reject_probability(d.p0)
        assert p_value(d, 2, d.r + 1) == pytest.approx(exact_alpha, abs=1e-12)
        assert p_value(d, 2, d.r + 1) <= d.alpha < p_value(d, 2, d.r)


def test_ci_inverts_the_p_value_and_stage_one_reduces_to_clopper_pearson():
    from scipy.stats import beta

    res = inference(OPT_90, 2, 21)
    lo, hi = res["ci95"]
    assert p_value(OPT_90, 2, 21, lo) == pytest.approx(0.025, abs=1e-9)
    assert 1 - p_value(OPT_90, 2, 22, hi) == pytest.approx(0.025, abs=1e-9)
    assert p_value(OPT_90, 2, 21, res["median_unbiased"]) == pytest.approx(0.5, abs=1e-9)
    assert res["reject_h0"] and res["p_value"] < 0.05
    stopped = inference(OPT_90, 1, 3)
    assert stopped["ci95"] == pytest.approx(
        [beta.ppf(0.025, 3, 19 - 3 + 1), beta.ppf(0.975, 4, 19 - 3)], abs=1e-9
    )


def test_umvue_by_hand():
    # Jung & Kim (2004): stopped -> x/n1; otherwise
    # sum C(n1-1, x1-1) C(n2, s-x1) / sum C(n1, x1) C(n2, s-x1) over x1 > r1
    assert umvue(OPT_80, 1, 2) == pytest.approx(2 / 13)
    n1, n2, s = 13, 30, 14
    x1s = range(4, 14)
    num = sum(comb(n1 - 1, x - 1) * comb(n2, s - x) for x in x1s)
    den = sum(comb(n1, x) * comb(n2, s - x) for x in x1s)
    assert umvue(OPT_80, 2, 14) == pytest.approx(num / den)
