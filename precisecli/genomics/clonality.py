"""Cancer-cell fraction (CCF) and multiplicity of a variant in a tissue sample.

The McGranahan et al. 2016 convention (Science 351:1463-9, supplementary methods, after Landau et
al. 2013 and McGranahan et al. 2015):

* mutation copy number  u = VAF / p × (p·CN_t + CN_n·(1 − p))
  with p the purity, CN_t the local total copy number in the tumour and CN_n = 2 the normal copy
  number;
* multiplicity  m = the integer nearest u, at least 1 and at most the major copy number (the most
  copies one allele has at that locus; the total copy number when the minor copy number is not
  known);
* CCF = u / m, reported capped at 1;
* the 95 % interval: the expected VAF of a mutation in a fraction c of cancer cells is
  f(c) = p·c·m / (p·CN_t + CN_n·(1 − p)); the binomial likelihood of the alt reads given the depth
  at each c of a grid 0.01, 0.02 … 1 is normalised into a distribution over c, and the interval is
  its 2.5 % and 97.5 % quantiles;
* clonal when the upper bound reaches the knowledge-base ``clonality.clonal_min_ccf_upper`` (1),
  else subclonal.

A value that cannot be computed is None with the reason (no purity, no copy number, copy number
0, no VAF, no depth for the interval).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

NORMAL_CN = 2  # autosomes and chrX of a female genome (this programme: breast cancer)


@dataclass(frozen=True)
class ClonalitySettings:
    clonal_min_ccf_upper: float = 1.0
    grid_step: float = 0.01
    ci_level: float = 0.95

    @classmethod
    def from_kb(cls, kb) -> ClonalitySettings:
        from precisecli.knowledge.kb import setting

        return cls(
            clonal_min_ccf_upper=float(setting(kb, "clonality.clonal_min_ccf_upper", 1.0)),
            grid_step=float(setting(kb, "clonality.ccf_grid_step", 0.01)),
            ci_level=float(setting(kb, "clonality.ccf_ci_level", 0.95)),
        )


@dataclass(frozen=True)
class Ccf:
    ccf: float | None
    ccf_ci95: tuple[float, float] | None
    clonal: bool | None
    multiplicity: int | None
    mutation_copies: float | None  # u, before dividing by the multiplicity
    reason: str | None  # why ccf/clonal is None (or a caveat)

    def as_dict(self) -> dict:
        return {
            "ccf": self.ccf,
            "ccf_ci95": list(self.ccf_ci95) if self.ccf_ci95 else None,
            "clonal": self.clonal,
            "multiplicity": self.multiplicity,
            "mutation_copies": self.mutation_copies,
            "clonality_reason": self.reason,
        }


def unknown(reason: str) -> Ccf:
    return Ccf(None, None, None, None, None, reason)


def expected_vaf(purity: float, ccf: float, multiplicity: float, total_cn: float) -> float:
    """VAF of a mutation carried on `multiplicity` copies in a fraction `ccf` of cancer cells."""
    return purity * ccf * multiplicity / (purity * total_cn + NORMAL_CN * (1 - purity))


@functools.cache
def _grid(step: float):
    import numpy as np

    n = int(round(1 / step))
    return np.round(np.arange(1, n + 1) * step, 10)


def _interval(
    alt: int, depth: int, purity: float, m: int, total_cn: float, s: ClonalitySettings
) -> tuple[float, float]:
    """2.5 % / 97.5 % quantiles of the normalised binomial likelihood over the CCF grid."""
    import numpy as np

    grid = _grid(s.grid_step)
    f = np.minimum(purity * grid * m / (purity * total_cn + NORMAL_CN * (1 - purity)), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = alt * np.log(f) + (depth - alt) * np.log1p(-f)
    logs = np.where(np.isnan(logs), -np.inf, logs)  # 0·log(0) at f = 1 with alt = depth
    if alt == depth:
        logs = np.where(f >= 1, 0.0, logs)
    weights = np.exp(logs - logs.max())
    cum = np.cumsum(weights / weights.sum())
    tail = (1 - s.ci_level) / 2
    lower = grid[int(np.argmax(cum >= tail - 1e-12))]
    upper = grid[int(np.argmax(cum >= 1 - tail - 1e-12))]
    return float(lower), float(upper)


def estimate(
    *,
    vaf: float | None,
    depth: int | None,
    alt_depth: int | None,
    purity: float | None,
    total_cn: float | None,
    minor_cn: float | None,
    settings: ClonalitySettings | None = None,
) -> Ccf:
    s = settings or ClonalitySettings()
    if purity is None:
        return unknown("no purity for this sample (--purity or purity import)")
    if vaf is None:
        return unknown("no VAF for this variant")
    if total_cn is None:
        return unknown("no copy number at this position")
    if round(total_cn) < 1:
        return unknown(f"copy number {total_cn:g} at this position: no copy to carry it")
    u = vaf / purity * (purity * total_cn + NORMAL_CN * (1 - purity))
    major = total_cn - minor_cn if minor_cn is not None else total_cn
    max_m = max(1, round(major))
    m = min(max(1, round(u)), max_m)
    ccf = min(u / m, 1.0)
    note = (
        None
        if minor_cn is not None
        else "minor copy number unknown: multiplicity bounded by total CN"
    )
    if not depth:
        return Ccf(
            round(ccf, 4), None, None, m, round(u, 4), "no read depth: interval not computable"
        )
    alt = alt_depth if alt_depth is not None else round(vaf * depth)
    alt = max(0, min(int(alt), int(depth)))
    lower, upper = _interval(alt, int(depth), purity, m, float(total_cn), s)
    clonal = upper >= s.clonal_min_ccf_upper - 1e-9
    return Ccf(round(ccf, 4), (lower, upper), clonal, m, round(u, 4), note)
