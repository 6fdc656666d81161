"""ZIP (Yadav, Wennerberg, Aittokallio, Tang, CSBJ 13:504, 2015) and Loewe synergy on dose matrices.

Input: a two-drug dose matrix of % inhibition (rows: drug 1 doses, columns: drug 2 doses, each
including a zero dose for the single agent). Internally the response is the viability-like
E = 1 − I/100, which falls with dose. Scores are reported in percentage points of inhibition;
> 0 means more effect than the reference (synergy).

* Single agents: 4-parameter Hill E(d) = E0 + (Emax − E0)·d^h/(C^h + d^h), E0/Emax free, h and C
  positive (fitted on log h, log C), least squares from the start (E at the lowest dose, E at the
  highest dose, h = 1, median dose) — the conventions of the `synergy` package (Wooten) and of
  SynergyFinder's LL.4.
* ZIP delta: at each cell (D1, D2) the column slice (drug 1 varied, drug 2 fixed at D2) is refitted
  with E0 fixed at drug 2's fitted single effect at D2 (free Emax in [0, 1.5], h, C), and likewise
  the row slice; their mean at (D1, D2) is the observed side, the Bliss product of the two fitted
  single curves (with the mean E0) the reference. Each slice is fitted from two starts (the single
  agent's own Emax, h, C — the `synergy` package's start — and that curve scaled to the fixed E0,
  ZIP's null) and the lower sum of squares is kept.
* Loewe delta: the reference E solves d1/X1(E) + d2/X2(E) = 1 (X_i the inverse Hill curve of drug
  i), found by bracketing in the effect range both curves share; when either drug alone already
  goes beyond the weaker drug's maximum effect, Loewe is undefined and the stronger single effect
  (HSA) is the reference (the `synergy` package's ``delta_HSA`` mode).
* Summary: the mean over cells where both doses are > 0 (SynergyFinder), and the most synergistic
  area — the 3 × 3 window of neighbouring doses with the highest mean score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

ZIP_EMAX_BOUNDS = (0.0, 1.5)


def hill(d, e0, emax, h, c):
    import numpy as np

    with np.errstate(all="ignore"):
        dh = np.float_power(d, h)
        return e0 + (emax - e0) * (dh / (np.float_power(c, h) + dh))


def hill_inverse(e, e0, emax, h, c):
    with_ratio = (e - e0) / (emax - e)
    if not with_ratio >= 0:
        return math.nan
    return c * with_ratio ** (1.0 / h)


def fit_hill4(d, e) -> tuple[float, float, float, float]:
    """(E0, Emax, h, C) of one single-agent series (doses may include 0)."""
    import numpy as np
    from scipy.optimize import least_squares

    d = np.asarray(d, dtype=float)
    e = np.asarray(e, dtype=float)
    pos = d[d > 0]
    scale = math.exp(np.mean(np.log(pos))) if pos.size else 1.0
    x = d / scale
    p0 = [
        float(np.median(e[d == d.min()])),
        float(np.median(e[d == d.max()])),
        0.0,
        math.log(float(np.median(d)) / scale) if np.median(d) > 0 else 0.0,
    ]

    def resid(p):
        return hill(x, p[0], p[1], math.exp(p[2]), math.exp(p[3])) - e

    with np.errstate(all="ignore"):
        res = least_squares(resid, p0, method="lm", max_nfev=20000)
    e0, emax, lh, lc = res.x
    return float(e0), float(emax), math.exp(lh), math.exp(lc) * scale


def _fit_slice(d, e, e0_fixed, start) -> tuple[float, float, float]:
    """(Emax, h, C) of a slice with E0 fixed (ZIP), Emax bounded to ZIP_EMAX_BOUNDS."""
    import numpy as np
    from scipy.optimize import least_squares

    pos = d[d > 0]
    scale = math.exp(np.mean(np.log(pos)))
    x = d / scale
    emax0 = min(max(start[0], ZIP_EMAX_BOUNDS[0] + 1e-9), ZIP_EMAX_BOUNDS[1] - 1e-9)
    p0 = [emax0, math.log(start[1]), math.log(start[2] / scale)]

    def resid(p):
        return hill(x, e0_fixed, p[0], math.exp(p[1]), math.exp(p[2])) - e

    lo = [ZIP_EMAX_BOUNDS[0], -np.inf, -np.inf]
    hi = [ZIP_EMAX_BOUNDS[1], np.inf, np.inf]
    with np.errstate(all="ignore"):
        res = least_squares(
            resid, p0, bounds=(lo, hi), method="trf", max_nfev=2000, ftol=1e-12, xtol=1e-12
        )
    emax, lh, lc = res.x
    return float(emax), math.exp(lh), math.exp(lc) * scale


@dataclass(frozen=True)
class BlockSynergy:
    row_doses_um: tuple[float, ...]  # > 0 only, ascending
    col_doses_um: tuple[float, ...]
    zip_pct: tuple[tuple[float, ...], ...]  # rows × cols
    loewe_pct: tuple[tuple[float, ...], ...]
    zip_summary: float
    loewe_summary: float
    zip_msa: dict[str, Any]
    loewe_msa: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "row_doses_um": list(self.row_doses_um),
            "col_doses_um": list(self.col_doses_um),
            "zip_pct": [list(r) for r in self.zip_pct],
            "loewe_pct": [list(r) for r in self.loewe_pct],
            "zip": self.zip_summary,
            "loewe": self.loewe_summary,
            "zip_most_synergistic_area": self.zip_msa,
            "loewe_most_synergistic_area": self.loewe_msa,
        }


def _prep(matrix, row_concs, col_concs):
    import numpy as np

    m = np.asarray(matrix, dtype=float)
    rc = np.asarray(row_concs, dtype=float)
    cc = np.asarray(col_concs, dtype=float)
    ro, co = np.argsort(rc), np.argsort(cc)
    m, rc, cc = m[ro][:, co], rc[ro], cc[co]
    if rc[0] != 0 or cc[0] != 0 or (rc == 0).sum() != 1 or (cc == 0).sum() != 1:
        raise ValueError("a dose matrix needs exactly one zero dose per drug")
    if rc.size < 4 or cc.size < 4:
        raise ValueError("a dose matrix needs at least 3 doses of each drug besides 0")
    if not np.all(np.isfinite(m)):
        raise ValueError("the dose matrix has missing cells")
    return 1.0 - m / 100.0, rc, cc


def _slice_start(single, e0_fixed: float) -> tuple[float, float, float]:
    """Start of a ZIP slice fit: the single-agent curve scaled to start at the fixed E0 (what the
    ZIP null model predicts), so that the fit begins at the no-interaction solution."""
    e0, emax, h, c = single
    scale = e0_fixed / e0 if e0 and math.isfinite(e0_fixed / e0) else 1.0
    return (emax * scale, h, c)


def _best_slice(d, e, e0_fixed, single) -> tuple[float, float, float]:
    """The better (lower sum of squares) of two slice fits: from the single agent's own Emax, h, C
    (the `synergy` package's start) and from the single curve scaled to the fixed E0."""
    import numpy as np

    best, best_sse = None, math.inf
    for start in ((single[1], single[2], single[3]), _slice_start(single, e0_fixed)):
        p = _fit_slice(d, e, e0_fixed, start)
        with np.errstate(all="ignore"):
            sse = float(np.sum((hill(d, e0_fixed, *p) - e) ** 2))
        if sse < best_sse - 1e-15:
            best, best_sse = p, sse
    return best if best is not None else p


def zip_delta(matrix, row_concs, col_concs):
    """ZIP delta (percentage points) per cell, rows × cols with the zero doses (0 there)."""
    import numpy as np

    e, rc, cc = _prep(matrix, row_concs, col_concs)
    d1 = np.repeat(rc, cc.size)
    d2 = np.tile(cc, rc.size)
    ev = e.ravel()
    p1 = fit_hill4(rc, e[:, 0])
    p2 = fit_hill4(cc, e[0, :])
    if (p1[0] + p2[0]) / 2.0 < (p1[1] + p2[1]) / 2.0:  # rising curves: swap E0/Emax (as synergy)
        p1 = (p1[1], p1[0], p1[2], p1[3])
        p2 = (p2[1], p2[0], p2[2], p2[3])
    e0 = (p1[0] + p2[0]) / 2.0
    e1 = hill(d1, e0, *p1[1:])
    e2 = hill(d2, e0, *p2[1:])
    ref = e1 * e2
    fit_side = np.zeros_like(ev)
    for i in range(ev.size):
        if d1[i] == 0 or d2[i] == 0:
            continue
        m = d2 == d2[i]  # drug 1 varies, drug 2 fixed
        f2 = float(hill(d2[i], *p2))
        a = _best_slice(d1[m], ev[m], f2, p1)
        m2 = d1 == d1[i]
        f1 = float(hill(d1[i], *p1))
        b = _best_slice(d2[m2], ev[m2], f1, p2)
        z1 = hill(d1[i], e2[i], *a)
        z2 = hill(d2[i], e1[i], *b)
        fit_side[i] = (z1 + z2) / 2.0
    delta = np.where((d1 == 0) | (d2 == 0), 0.0, ref - fit_side)
    return 100.0 * delta.reshape(rc.size, cc.size), rc, cc


def loewe_delta(matrix, row_concs, col_concs):
    """Loewe delta (percentage points) per cell, rows × cols (0 on the zero-dose row/column)."""
    import numpy as np
    from scipy.optimize import brentq

    e, rc, cc = _prep(matrix, row_concs, col_concs)
    p1 = fit_hill4(rc, e[:, 0])
    p2 = fit_hill4(cc, e[0, :])
    weakest = max(p1[1], p2[1])
    lo = max(min(p1[0], p1[1]), min(p2[0], p2[1]))
    hi = min(max(p1[0], p1[1]), max(p2[0], p2[1]))
    out = np.zeros_like(e)
    for i, a in enumerate(rc):
        for j, b in enumerate(cc):
            if a == 0 or b == 0:
                continue
            ea, eb = float(hill(a, *p1)), float(hill(b, *p2))
            if ea < weakest or eb < weakest:
                ref = min(ea, eb)
            else:

                def g(y, a=a, b=b):
                    return a / hill_inverse(y, *p1) + b / hill_inverse(y, *p2) - 1.0

                ref = _solve_loewe(g, lo, hi, brentq, fallback=min(ea, eb))
            out[i, j] = ref - e[i, j]
    return 100.0 * out, rc, cc


def _solve_loewe(g, lo, hi, brentq, fallback):
    import numpy as np

    eps = 1e-9 * max(1.0, abs(hi - lo))
    a, b = lo + eps, hi - eps
    grid = np.linspace(a, b, 257)
    with np.errstate(all="ignore"):
        vals = np.array([g(y) for y in grid])
    ok = np.isfinite(vals)
    for k in range(grid.size - 1):
        if ok[k] and ok[k + 1] and vals[k] * vals[k + 1] <= 0:
            return float(brentq(g, grid[k], grid[k + 1], xtol=1e-12))
    if ok.any():  # no exact solution in range: the closest point, as a bounded minimiser gives
        return float(grid[np.nanargmin(np.where(ok, np.abs(vals), np.inf))])
    return fallback


def most_synergistic_area(scores, rows, cols, size: int = 3) -> dict[str, Any] | None:
    """The size × size window of dosed cells (both > 0) with the highest mean score."""
    import numpy as np

    s = np.asarray(scores, dtype=float)[1:, 1:]
    r, c = np.asarray(rows)[1:], np.asarray(cols)[1:]
    if s.shape[0] < size or s.shape[1] < size:
        return None
    best = None
    for i in range(s.shape[0] - size + 1):
        for j in range(s.shape[1] - size + 1):
            v = float(s[i : i + size, j : j + size].mean())
            if best is None or v > best[0] + 1e-12:
                best = (v, i, j)
    v, i, j = best
    return {
        "score": v,
        "row_doses_um": [float(r[i]), float(r[i + size - 1])],
        "col_doses_um": [float(c[j]), float(c[j + size - 1])],
    }


def block_synergy(matrix, row_concs, col_concs) -> BlockSynergy:
    """ZIP and Loewe per cell, summary means and the most synergistic areas."""
    z, rc, cc = zip_delta(matrix, row_concs, col_concs)
    lw, _, _ = loewe_delta(matrix, row_concs, col_concs)
    zs = z[1:, 1:]
    ls = lw[1:, 1:]
    return BlockSynergy(
        row_doses_um=tuple(float(x) for x in rc[1:]),
        col_doses_um=tuple(float(x) for x in cc[1:]),
        zip_pct=tuple(tuple(float(v) for v in row) for row in zs),
        loewe_pct=tuple(tuple(float(v) for v in row) for row in ls),
        zip_summary=float(zs.mean()),
        loewe_summary=float(ls.mean()),
        zip_msa=most_synergistic_area(z, rc, cc),
        loewe_msa=most_synergistic_area(lw, rc, cc),
    )
