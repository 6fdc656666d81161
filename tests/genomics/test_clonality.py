"""CCF and multiplicity against a hand computation of the published formula (issue 15).

McGranahan N et al. Science 2016;351:1463-9, supplementary methods:
  n_mut = VAF / p * (p * CN_t + 2 * (1 - p))              (mutation copy number)
  multiplicity m = round(n_mut), 1 <= m <= major CN
  CCF = n_mut / m (capped at 1)
  P(CCF = c) ∝ Binomial(alt | depth, p * c * m / (p * CN_t + 2 * (1 - p))), c = 0.01 … 1
  95 % interval = 2.5 % / 97.5 % quantiles; clonal when the upper bound reaches 1.
The expected values below are computed in the test from these lines with scipy's binomial pmf
(not with the code under test).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binom

from precisecli.genomics.clonality import estimate


def hand(vaf, depth, purity, major, minor):
    total = major + minor
    n_mut = vaf / purity * (purity * total + 2 * (1 - purity))
    m = int(min(max(1, round(n_mut)), max(1, major)))
    ccf = min(n_mut / m, 1.0)
    grid = np.round(np.arange(1, 101) * 0.01, 2)
    f = purity * grid * m / (purity * total + 2 * (1 - purity))
    alt = round(vaf * depth)
    post = binom.pmf(alt, depth, np.minimum(f, 1))
    post = post / post.sum()
    cum = np.cumsum(post)
    lower = grid[np.argmax(cum >= 0.025 - 1e-12)]
    upper = grid[np.argmax(cum >= 0.975 - 1e-12)]
    return n_mut, m, ccf, (float(lower), float(upper)), alt


# (label, VAF, depth, purity, nMajor, nMinor, expected multiplicity written out by hand, clonal?)
CASES = [
    ("1+0 LOH clonal", 0.43, 200, 0.6, 1, 0, 1, True),  # n = .43/.6*(0.6+0.8) = 1.003
    ("1+0 LOH, CI below 1", 0.375, 200, 0.6, 1, 0, 1, False),  # n = 0.875, CI [0.72, 0.99]
    ("1+1 het clonal", 0.30, 200, 0.6, 1, 1, 1, True),  # n = 1.0 (PIK3CA acceptance case)
    ("1+1 het subclonal", 0.06, 200, 0.6, 1, 1, 1, False),  # n = 0.2
    ("2+1 on the major allele", 0.57, 300, 0.8, 2, 1, 2, True),  # n = .57/.8*2.8 = 1.995 -> 2
    ("2+1 single copy", 0.28, 300, 0.8, 2, 1, 1, True),  # n = 0.98
    ("2+1 subclonal", 0.10, 400, 0.8, 2, 1, 1, False),  # n = 0.35
    ("3+1 three copies", 0.60, 250, 0.7, 3, 1, 3, True),  # n = .6/.7*3.4 = 2.914 -> 3
    ("3+1 one copy", 0.20, 250, 0.7, 3, 1, 1, True),  # n = 0.971
    ("4+2 four copies", 0.55, 500, 0.5, 4, 2, 4, True),  # n = .55/.5*4 = 4.4 -> 4
    ("4+2 two copies", 0.26, 500, 0.5, 4, 2, 2, True),  # n = 2.08 -> 2
    ("4+2 subclonal", 0.05, 500, 0.5, 4, 2, 1, False),  # n = 0.4
    ("2+0 CN-LOH doubled", 0.45, 150, 0.5, 2, 0, 2, True),  # n = .45/.5*3 = 2.7 -> 2 (capped)
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_ccf_matches_hand_computation(case):
    _label, vaf, depth, purity, major, minor, m_expected, clonal = case
    n_mut, m, ccf, ci, alt = hand(vaf, depth, purity, major, minor)
    assert m == m_expected  # the hand formula agrees with the multiplicity written out above
    got = estimate(vaf=vaf, depth=depth, alt_depth=alt, purity=purity,
                   total_cn=major + minor, minor_cn=minor)  # fmt: skip
    assert got.multiplicity == m
    assert got.mutation_copies == pytest.approx(n_mut, abs=1e-4)
    assert got.ccf == pytest.approx(ccf, abs=1e-4)
    assert got.ccf_ci95 == pytest.approx(ci)
    assert got.clonal is clonal
    assert got.clonal is (ci[1] >= 1.0)


def test_pik3ca_acceptance_values():
    # purity 0.6, CN 2 (1+1), VAF 0.30 at depth 200: CCF 1, clonal; VAF 0.06: CCF 0.2, subclonal
    clonal = estimate(vaf=0.30, depth=200, alt_depth=60, purity=0.6, total_cn=2, minor_cn=1)
    assert (clonal.ccf, clonal.multiplicity, clonal.clonal) == (1.0, 1, True)
    sub = estimate(vaf=0.06, depth=200, alt_depth=12, purity=0.6, total_cn=2, minor_cn=1)
    assert sub.ccf == pytest.approx(0.2) and sub.clonal is False
    assert sub.ccf_ci95[1] < 0.5


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        ({"purity": None}, "no purity"),
        ({"vaf": None}, "no VAF"),
        ({"total_cn": None}, "no copy number"),
        ({"total_cn": 0}, "no copy to carry it"),
    ],
)
def test_unknown_with_reason(kwargs, reason):
    base = {"vaf": 0.3, "depth": 100, "alt_depth": 30, "purity": 0.6, "total_cn": 2,
            "minor_cn": 1}  # fmt: skip
    got = estimate(**{**base, **kwargs})
    assert got.ccf is None and got.clonal is None and reason in got.reason


def test_no_depth_gives_point_but_no_clonal_call():
    got = estimate(vaf=0.3, depth=None, alt_depth=None, purity=0.6, total_cn=2, minor_cn=1)
    assert got.ccf == 1.0 and got.ccf_ci95 is None and got.clonal is None
    assert "depth" in got.reason


def test_minor_unknown_bounds_by_total():
    # 3 copies in total, minor unknown: multiplicity may reach 3 (with 2+1 known it stops at 2)
    args = {"vaf": 0.75, "depth": 250, "alt_depth": 188, "purity": 0.7, "total_cn": 3}
    assert estimate(**args, minor_cn=None).multiplicity == 3
    assert estimate(**args, minor_cn=1).multiplicity == 2
