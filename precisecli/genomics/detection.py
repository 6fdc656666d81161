"""Detection limits: would a plasma draw have seen an alteration it did not call?

At the draw's tumour fraction t, a variant with tissue multiplicity m, local copy number CN_t
and cancer-cell fraction c has expected plasma VAF f = t·c·m / (t·CN_t + 2·(1 − t))
(precisecli.genomics.tumour_fraction.plasma_vaf). A call needs k alt reads, k = the larger of the
knowledge-base ``clonality.detection_min_alt_reads`` and ⌈min VAF floor × depth⌉; with depth d the
alt reads are Binomial(d, f), so p(detect) = P(X ≥ k). p(detect) ≥
``clonality.detection_min_p`` → ``not-detected`` (the draw would have seen it); lower →
``below-detection-limit``. No tumour fraction or no depth → p is None and the status stays
``not-detected`` with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from precisecli.genomics.tumour_fraction import plasma_vaf


@dataclass(frozen=True)
class DetectionSettings:
    min_alt_reads: int
    min_p: float

    @classmethod
    def from_kb(cls, kb) -> DetectionSettings:
        from precisecli.knowledge.kb import setting

        return cls(
            min_alt_reads=int(setting(kb, "clonality.detection_min_alt_reads", 3)),
            min_p=float(setting(kb, "clonality.detection_min_p", 0.95)),
        )


def binom_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    from scipy.stats import binom

    if k <= 0:
        return 1.0
    return float(binom.sf(k - 1, n, p))


@dataclass(frozen=True)
class Detection:
    p_detect: float | None
    expected_vaf: float | None
    min_alt_reads: int | None
    depth: int | None
    status: str  # not-detected | below-detection-limit
    reason: str


def detection(
    *,
    tf: float | None,
    depth: int | None,
    depth_note: str,
    multiplicity: int,
    total_cn: float,
    ccf: float,
    min_vaf: float,
    settings: DetectionSettings,
    assumption: str,
) -> Detection:
    if tf is None:
        return Detection(None, None, None, depth, "not-detected",
                         "tumour fraction of this draw unknown: detection probability not "
                         "computable")  # fmt: skip
    if not depth:
        why = "no depth known for this draw: detection probability not computable"
        return Detection(None, None, None, None, "not-detected", why)
    f = plasma_vaf(tf, multiplicity, total_cn, ccf)
    k = max(settings.min_alt_reads, math.ceil(min_vaf * depth - 1e-9))
    p = binom_sf(k, depth, f)
    status = "not-detected" if p >= settings.min_p else "below-detection-limit"
    verdict = "would have been seen" if status == "not-detected" else "below detection limit"
    reason = (
        f"{verdict}: p = {p:.2f} of >= {k} alt reads at depth {depth} ({depth_note}), expected "
        f"VAF {100 * f:.2f}% at tumour fraction {100 * tf:.2f}% ({assumption})"
    )
    return Detection(round(p, 4), round(f, 6), k, depth, status, reason)
