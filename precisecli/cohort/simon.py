"""Simon's two-stage design: operating characteristics and inference adjusted for the stopping
rule.

Design (Simon 1989): enrol n1; stop for futility when X1 <= r1; otherwise enrol to n and reject
H0 (p <= p0) when X1 + X2 > r.

Inference (Koyama & Chen 2008, Stat Med 27:3145–3154): the sample space is ordered stage-wise —
every outcome that continued to stage 2 is more extreme than every outcome that stopped at stage
1; within a stage, by the number of responses. The p-value is P_p0(an outcome at least as
extreme); the exact two-sided 95 % CI inverts it (lower limit: p-value = 0.025, upper limit:
P(at most as extreme) = 0.025); the median-unbiased estimate is the p at which the p-value is
0.5. The UMVUE is that of Jung & Kim (2004, Stat Med 23:881–896). When the trial stopped at
stage 1 these reduce to the one-stage exact (Clopper–Pearson) inference on n1 patients.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb


def _pmf(k: int, n: int, p: float) -> float:
    if k < 0 or k > n:
        return 0.0
    return comb(n, k) * p**k * (1 - p) ** (n - k)


def _sf(k: int, n: int, p: float) -> float:
    """P(X >= k), X ~ Bin(n, p)."""
    if k <= 0:
        return 1.0
    return sum(_pmf(j, n, p) for j in range(k, n + 1))


@dataclass(frozen=True)
class Design:
    p0: float
    p1: float
    alpha: float
    beta: float
    n1: int
    r1: int
    n: int
    r: int

    def reject_probability(self, p: float) -> float:
        n2 = self.n - self.n1
        return sum(
            _pmf(x1, self.n1, p) * _sf(self.r + 1 - x1, n2, p)
            for x1 in range(self.r1 + 1, self.n1 + 1)
        )

    def early_stop_probability(self, p: float) -> float:
        return sum(_pmf(x1, self.n1, p) for x1 in range(0, self.r1 + 1))

    def expected_size(self, p: float) -> float:
        pet = self.early_stop_probability(p)
        return self.n1 + (1 - pet) * (self.n - self.n1)

    def problems(self) -> list[str]:
        out = []
        if not (0 < self.p0 < self.p1 < 1):
            out.append("needs 0 < p0 < p1 < 1")
        if not (0 <= self.r1 < self.n1 < self.n and self.r1 <= self.r < self.n):
            out.append("needs 0 <= r1 < n1 < n and r1 <= r < n")
        return out


def p_value(design: Design, stage: int, responses: int, p: float | None = None) -> float:
    """P_p(outcome at least as extreme as (stage, responses)) under the stage-wise ordering."""
    p = design.p0 if p is None else p
    n1, r1, n2 = design.n1, design.r1, design.n - design.n1
    if stage == 1:
        # every continuing outcome, plus stopping outcomes with x1 >= responses
        return _sf(responses, n1, p)
    return sum(_pmf(x1, n1, p) * _sf(responses - x1, n2, p) for x1 in range(r1 + 1, n1 + 1))


def _solve(f, target: float, increasing: bool) -> float:
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        value = f(mid)
        if (value < target) == increasing:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def umvue(design: Design, stage: int, responses: int) -> float:
    """Jung & Kim (2004): x/n1 when stopped; otherwise the ratio of the sums over the stage-1
    counts compatible with s responses in total."""
    n1, r1, n2 = design.n1, design.r1, design.n - design.n1
    if stage == 1:
        return responses / n1
    x1s = range(max(r1 + 1, responses - n2), min(responses, n1) + 1)
    num = sum(comb(n1 - 1, x1 - 1) * comb(n2, responses - x1) for x1 in x1s)
    den = sum(comb(n1, x1) * comb(n2, responses - x1) for x1 in x1s)
    return num / den


def inference(design: Design, stage: int, responses: int, level: float = 0.95) -> dict:
    """p-value at p0, exact CI and point estimates for the observed (stage, responses)."""
    tail = (1 - level) / 2

    def pv(p: float) -> float:
        return p_value(design, stage, responses, p)

    # P(at most as extreme) = 1 - P(strictly more extreme); strictly more extreme than
    # (1, x) is X1 >= x + 1 (which includes every continuing outcome when x = r1).
    def at_most(p: float) -> float:
        if stage == 1:
            return 1 - _sf(responses + 1, design.n1, p)
        return 1 - p_value(design, 2, responses + 1, p)

    lowest = responses == 0 and stage == 1
    highest = stage == 2 and responses == design.n
    lower = 0.0 if lowest else _solve(pv, tail, increasing=True)
    upper = 1.0 if highest else _solve(at_most, tail, increasing=False)
    median = _solve(pv, 0.5, increasing=True)
    return {
        "stage": stage,
        "responses": responses,
        "patients": design.n1 if stage == 1 else design.n,
        "p_value": pv(design.p0),
        "ci95": [lower, upper],
        "median_unbiased": median,
        "umvue": umvue(design, stage, responses),
        "reject_h0": stage == 2 and responses > design.r,
    }
