"""Bliss and HSA excess for combinations whose single agents were tested on the same plate(s).

On % inhibition I (SynergyFinder R/calculate_synergy_score.R):
  Bliss expected = 100·(1 − Π(1 − I_i/100));  HSA expected = max_i I_i
  excess = observed − expected  (> 0: more effect than expected, i.e. synergy)
Only Bliss/HSA: ZIP and Loewe need full dose matrices and fitted single-agent curves.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

REL_TOL = 1e-6  # concentrations equal within this relative tolerance are the same dose


def bliss_expected(inhibitions_pct) -> float:
    prod = 1.0
    for i in inhibitions_pct:
        prod *= 1.0 - i / 100.0
    return 100.0 * (1.0 - prod)


def hsa_expected(inhibitions_pct) -> float:
    return max(inhibitions_pct)


def block_excess(matrix, row_concs, col_concs) -> tuple[Any, Any]:
    """Bliss and HSA excess per cell of a two-drug dose matrix of % inhibition.

    matrix[i][j] is the response at row-drug dose row_concs[i] and column-drug dose col_concs[j];
    the single agents are the cells where the other dose is 0. Cells with a zero dose are NaN.
    """
    import numpy as np

    m = np.asarray(matrix, dtype=float)
    rc = np.asarray(row_concs, dtype=float)
    cc = np.asarray(col_concs, dtype=float)
    zero_r = np.flatnonzero(rc == 0)
    zero_c = np.flatnonzero(cc == 0)
    if zero_r.size != 1 or zero_c.size != 1:
        raise ValueError("the block needs exactly one zero dose per drug (the single agents)")
    single_row = m[:, zero_c[0]]  # row drug alone, one value per row dose
    single_col = m[zero_r[0], :]  # column drug alone
    a = single_row[:, None]
    b = single_col[None, :]
    with np.errstate(invalid="ignore", over="ignore"):
        bliss = m - 100.0 * (1.0 - (1.0 - a / 100.0) * (1.0 - b / 100.0))
        hsa = m - np.maximum(a, b)
    mask = (rc[:, None] == 0) | (cc[None, :] == 0)
    bliss[mask] = np.nan
    hsa[mask] = np.nan
    return bliss, hsa


@dataclass(frozen=True)
class SynergyPoint:
    regimen: str
    drugs: tuple[str, ...]
    concs_um: tuple[float, ...]
    n_wells: int
    inhibition_pct: float
    single_inhibition_pct: tuple[float, ...]
    bliss_expected_pct: float
    bliss_excess: float
    hsa_expected_pct: float
    hsa_excess: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "regimen": self.regimen,
            "drugs": list(self.drugs),
            "concs_um": list(self.concs_um),
            "n_wells": self.n_wells,
            "inhibition_pct": self.inhibition_pct,
            "single_inhibition_pct": list(self.single_inhibition_pct),
            "bliss_expected_pct": self.bliss_expected_pct,
            "bliss_excess": self.bliss_excess,
            "hsa_expected_pct": self.hsa_expected_pct,
            "hsa_excess": self.hsa_excess,
        }


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL)


def screen_synergy(wells) -> list[SynergyPoint]:
    """Bliss/HSA at every tested dose of every combination whose single agents are present.

    ``wells``: normalised treatment wells (normalise.Well) of the plates used for ranking.
    Singles are pooled over the same plates; a dose counts only if every drug has a single-agent
    well at exactly that concentration.
    """
    singles: dict[str, list[tuple[float, float]]] = defaultdict(list)
    combos: dict[tuple[str, tuple[str, ...], tuple[float, ...]], list[float]] = defaultdict(list)
    for w in wells:
        if w.excluded or w.inhibition_pct is None or not w.drugs:
            continue
        if not math.isfinite(w.inhibition_pct) or not all(math.isfinite(c) for c in w.concs_um):
            continue
        if len(w.drugs) == 1:
            singles[w.drugs[0]].append((w.concs_um[0], w.inhibition_pct))
        else:
            key = (w.regimen or "+".join(w.drugs), w.drugs, w.concs_um)
            combos[key].append(w.inhibition_pct)
    out = []
    for (regimen, drugs, concs), values in sorted(combos.items()):
        means = []
        for drug, conc in zip(drugs, concs, strict=True):
            matched = [i for c, i in singles.get(drug, []) if _close(c, conc)]
            if not matched:
                break
            means.append(sum(matched) / len(matched))
        if len(means) != len(drugs):
            continue
        observed = sum(values) / len(values)
        bliss = bliss_expected(means)
        hsa = hsa_expected(means)
        out.append(
            SynergyPoint(
                regimen=regimen,
                drugs=drugs,
                concs_um=concs,
                n_wells=len(values),
                inhibition_pct=observed,
                single_inhibition_pct=tuple(means),
                bliss_expected_pct=bliss,
                bliss_excess=observed - bliss,
                hsa_expected_pct=hsa,
                hsa_excess=observed - hsa,
            )
        )
    return out
