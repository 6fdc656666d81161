"""CNVkit's own ``call -m threshold`` rule, for segments (or bins) that were not called yet.

Re-implemented from etal/cnvkit ``cnvlib/call.py`` (``do_call``, ``absolute_threshold``,
``absolute_clonal``, ``log2_ratios``, ``_reference_copies_pure``) with CNVkit's defaults:

- with ``--purity p < 1`` the log2 ratio v is first rescaled: absolute copies
  n = max(0, (r·2^v − x·(1−p)) / p), then v := log2(max(n / ploidy, 0.001)), + 1 on chrY
  (r = reference copies, x = expected copies of the chromosome in the sample);
- integer copy number: the index i of the first threshold t_i with v ≤ t_i (thresholds
  −1.1, −0.25, 0.2, 0.7 → 0, 1, 2, 3), scaled by r/ploidy on chromosomes whose reference copies
  differ from the ploidy (chrY); above the last threshold, ceil(r·2^v);
- then rounded to an integer (numpy's round: half to even).

Sex chromosomes, as CNVkit with its defaults (no ``-y``, female reference): chrX has
r = ploidy, chrY r = ploidy/2. The sample is taken as female (x = ploidy on chrX, 0 on chrY),
as ``cnvkit.py call --sample-sex female`` does — the programme is about breast cancer; a male
sample's chrX/chrY calls under purity rescaling would differ. The thresholds come from the
knowledge base (``cnvkit_call``), not from this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class CnvkitThresholds:
    values: tuple[float, float, float, float]  # log2 cut-offs for CN 0, 1, 2, 3
    min_abs_val: float  # floor of n/ploidy before log2 (CNVkit log2_ratios min_abs_val)
    source: str

    @classmethod
    def from_kb(cls, kb) -> CnvkitThresholds:
        section = kb.data.get("cnvkit_call") or {}
        try:
            values = tuple(float(v) for v in section["thresholds"]["value"])
            floor = float(section["min_abs_val"]["value"])
        except (KeyError, TypeError, ValueError):
            from precisecli.errors import InputError, Location

            raise InputError(
                "the knowledge base has no usable cnvkit_call thresholds",
                location=Location(file=kb.path.name, field="cnvkit_call"),
                hint="restore the cnvkit_call section (thresholds, min_abs_val)",
            ) from None
        if len(values) != 4 or list(values) != sorted(values):
            from precisecli.errors import InputError, Location

            raise InputError(
                "cnvkit_call.thresholds must be 4 increasing log2 values",
                location=Location(file=kb.path.name, field="cnvkit_call.thresholds"),
            )
        return cls(values, floor, str(section["thresholds"].get("source", "")))  # type: ignore[arg-type]


def _is_y(chrom: str) -> bool:
    return chrom.lower().removeprefix("chr") == "y"


def _is_x(chrom: str) -> bool:
    return chrom.lower().removeprefix("chr") == "x"


def reference_copies(chrom: str, ploidy: float) -> float:
    return ploidy / 2 if _is_y(chrom) else ploidy


def expected_copies(chrom: str, ploidy: float) -> float:
    """Copies of the chromosome in a female sample (CNVkit: ploidy // 2 for chrY is 0)."""
    if _is_y(chrom):
        return 0
    return ploidy


def rescale_log2(chrom: str, log2: float, ploidy: float, purity: float, floor: float) -> float:
    """CNVkit's purity rescaling of a log2 ratio (absolute_clonal, then log2_ratios)."""
    r = ploidy // 2 if _is_y(chrom) else ploidy  # get_as_dframe…: integer division
    x = expected_copies(chrom, ploidy)
    n = (r * 2**log2 - x * (1 - purity)) / purity
    n = max(0.0, n)
    value = math.log2(max(n / ploidy, floor))
    if _is_y(chrom):
        value += 1.0
    return value


def call_log2(
    chrom: str, log2: float, ploidy: float, purity: float | None, th: CnvkitThresholds
) -> tuple[int, float, str]:
    """(integer CN, log2 the thresholds were applied to, rule text) for one segment/bin."""
    if math.isnan(log2):
        return round(reference_copies(chrom, ploidy)), log2, "log2 missing: neutral copy number"
    v = log2
    how = ""
    if purity and purity < 1.0:
        v = rescale_log2(chrom, log2, ploidy, purity, th.min_abs_val)
        how = f" (log2 {log2:.4f} rescaled for purity {purity:g} to {v:.4f})"
    ref = reference_copies(chrom, ploidy)
    for cnum, thresh in enumerate(th.values):
        if v <= thresh:
            if ref != ploidy:
                cnum = int(cnum * ref / ploidy)
            absolute = float(cnum)
            rule = f"log2 {v:.4f} <= {thresh:g}"
            break
    else:
        absolute = float(math.ceil(ref * 2**v))
        rule = f"log2 {v:.4f} > {th.values[-1]:g}: ceil({ref:g}*2^log2)"
    cn = int(round(absolute))  # Python's round is half-to-even, like numpy's
    text = (
        f"CNVkit threshold call{how}: {rule} -> CN {cn} "
        f"(thresholds {','.join(f'{t:g}' for t in th.values)})"
    )
    return cn, v, text
