"""Student t quantiles (closed-form CDF + bisection) against scipy.stats.t and printed tables."""

from __future__ import annotations

import pytest
from scipy.stats import t

from precisecli.pdo.tdist import t_quantile


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 7, 10, 29, 30, 100, 333])
@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.995])
def test_matches_scipy(df, p):
    assert t_quantile(p, df) == pytest.approx(float(t.ppf(p, df)), rel=1e-10)


def test_printed_table_values():
    # two-sided 95 % critical values as printed in any t table
    assert t_quantile(0.975, 1) == pytest.approx(12.706, abs=5e-4)
    assert t_quantile(0.975, 2) == pytest.approx(4.303, abs=5e-4)
    assert t_quantile(0.975, 10) == pytest.approx(2.228, abs=5e-4)


def test_refuses_bad_arguments():
    with pytest.raises(ValueError):
        t_quantile(0.975, 0)
    with pytest.raises(ValueError):
        t_quantile(0.4, 3)
