"""The issue-16 fields of each `pdo rank` regimen row: DSS, GR metrics, ZIP/Loewe, their intervals.

``screen_extras`` returns, per regimen, the keys added to its row (every key always present;
``null`` plus a ``*_reason`` when the screen cannot support the value), the bootstrap draws used
for near ties when ranking by ``dss`` or ``gr_aoc``, and the screen-level settings/reasons.
"""

from __future__ import annotations

import math
from typing import Any

EMPTY_GR = {
    "gr50_um": None,
    "gr50_qualifier": None,
    "gr50_bound_um": None,
    "gr50_ci95": None,
    "grmax": None,
    "gr_aoc": None,
    "gr_aoc_ci95": None,
    "gec50_um": None,
    "grinf": None,
    "gr_hill": None,
    "gr_r2": None,
    "gr_pval": None,
    "gr_fit": None,
    "gr_effect": None,
}


def _ci_um(draws_log, lo_um: float, hi_um: float):
    """95 % CI in µM of log10 draws; a bound beyond the tested range is null."""
    import numpy as np

    d = np.asarray(draws_log, dtype=float)
    d = d[~np.isnan(d)]
    if d.size == 0:
        return None
    lo, hi = np.percentile(d, [2.5, 97.5], method="inverted_cdf")
    u_lo, u_hi = math.log10(lo_um), math.log10(hi_um)

    def bound(x):
        return None if not math.isfinite(x) or x < u_lo or x > u_hi else float(10.0**x)

    return [bound(float(lo)), bound(float(hi))]


def _gr_fields(g: dict[str, Any] | None, reason: str | None, draws50, draws_aoc) -> dict[str, Any]:
    from precisecli.pdo.bootstrap import percentile_ci

    out = dict(EMPTY_GR)
    if g is None or g.get("gr_reason"):
        out["gr_reason"] = (g or {}).get("gr_reason") or reason or "no GR value for this regimen"
        return out
    out.update(
        grmax=g["grmax"],
        gr_aoc=g["gr_aoc"],
        gec50_um=g["gec50_um"] if g["fit"] == "sigmoid" else None,
        grinf=g["grinf"],
        gr_hill=g["hill"],
        gr_r2=g["r2"],
        gr_pval=g["pval"],
        gr_fit=g["fit"],
        gr_effect=g["effect"],
        gr_reason=None,
    )
    lo, hi = g["min_dose_um"], g["max_dose_um"]
    gr50 = g["gr50_um"]
    if gr50 is None:  # ±inf: never reaches 0.5 / always below it
        if g["gr50_infinite"] == "-":
            out.update(gr50_qualifier="<", gr50_bound_um=lo)
        else:
            out.update(gr50_qualifier=">", gr50_bound_um=hi)
    elif gr50 < lo:
        out.update(gr50_qualifier="<", gr50_bound_um=lo)
    elif gr50 > hi:
        out.update(gr50_qualifier=">", gr50_bound_um=hi)
    else:
        out["gr50_um"] = gr50
    if draws50 is not None:
        out["gr50_ci95"] = _ci_um(draws50, lo, hi)
    if draws_aoc is not None:
        out["gr_aoc_ci95"] = percentile_ci(draws_aoc)
    return out


def screen_extras(all_wells, treated, fits, draws, kb, dss_settings) -> dict[str, Any]:
    """{"rows": {regimen: fields}, "draws": {"dss": {...}, "gr_aoc": {...}}, "screen": {...}}."""
    from precisecli.pdo import bootstrap
    from precisecli.pdo.dss import draws_dss, fit_dss
    from precisecli.pdo.screen_metrics import (
        gr50_draws,
        gr_aoc_draws,
        gr_by_regimen,
        gr_inputs,
        synergy_by_regimen,
    )

    gr, gr_reason = gr_by_regimen(all_wells, kb)
    inputs = gr_inputs(all_wells)[0] if not gr_reason else {}
    d50 = gr50_draws(inputs, gr, bootstrap.N_BOOT, bootstrap.rng_for) if inputs else {}
    daoc = gr_aoc_draws(inputs, bootstrap.N_BOOT, bootstrap.rng_for) if inputs else {}
    syn = synergy_by_regimen(treated)
    regimens = {w.regimen for w in treated if w.regimen} | set(fits)
    rows: dict[str, dict[str, Any]] = {}
    dss_draws: dict[str, Any] = {}
    for regimen in sorted(regimens):
        fit = fits.get(regimen)
        row = fit_dss(fit, dss_settings)
        fd = (draws or {}).get(regimen)
        row["dss_ci95"] = None
        if row["dss"] is not None and fd is not None and "params" in fd:
            dd = draws_dss(fd["params"], fd["umin"], fd["umax"], dss_settings)
            dss_draws[regimen] = dd
            row["dss_ci95"] = bootstrap.percentile_ci(dd)
        row.update(_gr_fields(gr.get(regimen), gr_reason, d50.get(regimen), daoc.get(regimen)))
        s = syn.get(regimen)
        if s is None:
            reason = (
                "single agent"
                if fit is not None or regimen not in syn
                else "no dose matrix for this combination"
            )
            drugs = next((w.drugs for w in treated if w.regimen == regimen), ())
            if len(drugs) > 1:
                reason = "no dose matrix: the single agents are not on the plates"
            s = {"zip": None, "loewe": None, "synergy_reason": reason}
        row.update(
            zip=s["zip"],
            loewe=s["loewe"],
            synergy_reason=s["synergy_reason"],
            zip_most_synergistic_area=s.get("zip_most_synergistic_area"),
            loewe_most_synergistic_area=s.get("loewe_most_synergistic_area"),
        )
        rows[regimen] = row
    matrices = [
        dict(
            regimen=k, **{x: v[x] for x in ("row_doses_um", "col_doses_um", "zip_pct", "loewe_pct")}
        )
        for k, v in sorted(syn.items())
        if v.get("synergy_reason") is None
    ]
    return {
        "rows": rows,
        "draws": {"dss": dss_draws, "gr_aoc": daoc},
        "screen": {
            "dss": dss_settings.as_dict(),
            "gr": {"available": gr_reason is None, "reason": gr_reason},
            "synergy_matrices": matrices,
        },
    }


def empty_row(reason_gr: str | None) -> dict[str, Any]:
    """The fields of a regimen with no viability wells (a diameter-only regimen)."""
    out = {
        "dss": None,
        "dss1": None,
        "dss2": None,
        "dss3": None,
        "dss_reason": "no viability curve",
        "dss_ci95": None,
        "zip": None,
        "loewe": None,
        "synergy_reason": "no viability readout",
        "zip_most_synergistic_area": None,
        "loewe_most_synergistic_area": None,
    }
    out.update(EMPTY_GR)
    out["gr_reason"] = reason_gr or "no viability readout"
    return out
