"""Ranking regimens of one screen: inhibition at a reference dose, AAC, IC50, regression.

Reference dose per regimen (recorded in the output as ``reference.rule``):
  * ``kb-reference``: the knowledge base regimen has ``reference_concentrations_um``
    (drug → µM, e.g. a clinical Cmax); the tested dose level nearest to it in log10 distance
    (summed over the drugs given) is used;
  * ``middle-of-tested-range``: otherwise the tested dose level nearest the geometric middle of
    the regimen's tested range (the higher one on a tie).
Inhibition and regression at that level: mean, SD (n − 1) and a t-based 95 % CI over the
replicate wells. Sensitivity: inhibition ≥ the regimen's threshold (knowledge base
``pdo.regimen_thresholds`` or ``pdo.default_sensitive_inhibition_pct``; regression likewise when
ranking by regression or when only diameters were measured). A regimen with a drug that is not
organoid-testable (e.g. anti-PD-1, which acts through T cells) is listed with
``assessable: false`` and no sensitivity call, ranked after every assessable regimen.
Fit quality (``precisecli.pdo.fitquality``, thresholds from the knowledge base): a regimen whose
curve is a poor fit, did not converge or holds impossible values, or whose reference-dose estimate
has a 95 % CI wider than the knowledge base allows, is ``assessable: false`` with the reason in
``assessable_note`` — no sensitivity call, ranked after every assessable regimen.
IC50 outside the tested range: ``ic50_um`` null, ``ic50_qualifier`` "<" or ">" with
``ic50_bound_um`` (the lowest / highest tested dose). ``ic50_ci95``/``aac_ci95`` are stratified
bootstrap intervals (precisecli.pdo.bootstrap).
Near ties: the 95 % bootstrap interval of the difference between neighbouring assessable regimens'
ranking metric reaches zero (precisecli.pdo.bootstrap.is_near_tie).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from precisecli.pdo.bootstrap import is_near_tie
from precisecli.pdo.curves import MAX_ABS_VIABILITY

METRICS = ("inhibition", "aac", "ic50", "regression", "dss", "gr_aoc")


def _finite(v) -> bool:
    return v is not None and math.isfinite(v)


def _level_key(concs: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(round(math.log10(c), 6) if _finite(c) and c > 0 else -99.0 for c in concs)


def summary(values: list[float]) -> tuple[float | None, float | None, int, list[float] | None]:
    """Mean, SD (n − 1), n and the t-based 95 % CI of the mean."""
    n = len(values)
    if n == 0:
        return None, None, 0, None
    mean = sum(values) / n
    if n == 1:
        return mean, None, 1, None
    from precisecli.pdo.tdist import t_quantile

    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
    return mean, sd, n, [mean - half, mean + half]


def choose_reference(
    drugs: tuple[str, ...], levels: list[tuple[float, ...]], kb_regimen: dict | None
) -> tuple[tuple[float, ...], str, dict[str, float] | None]:
    """The dose level used for inhibition/regression, the rule that chose it, the KB request."""
    requested = (kb_regimen or {}).get("reference_concentrations_um") or None
    ordered = sorted(set(levels), key=_level_key)
    if not ordered:  # no usable well at all
        return (), "middle-of-tested-range", None
    if requested and any(d in requested for d in drugs):

        def distance(level):
            return sum(
                abs(math.log10(c) - math.log10(requested[d]))
                for d, c in zip(drugs, level, strict=False)
                if d in requested and _finite(c) and c > 0 and requested[d] > 0
            )

        best = min(ordered, key=lambda lv: (distance(lv), [-x for x in _level_key(lv)]))
        return best, "kb-reference", {d: float(v) for d, v in sorted(requested.items())}
    dosed = [lv for lv in ordered if _finite(lv[0]) and lv[0] > 0]
    if not dosed:  # only zero/undefined first-drug doses: nothing to place on a dose axis
        return ordered[0], "middle-of-tested-range", None
    first = [lv[0] for lv in dosed]
    mid = (math.log10(min(first)) + math.log10(max(first))) / 2.0
    # distances within 0.001 decade count as a tie (layouts round concentrations)
    best = min(dosed, key=lambda lv: (round(abs(math.log10(lv[0]) - mid), 3), -lv[0]))
    return best, "middle-of-tested-range", None


def thresholds_for(regimen: str, kb, override_inhibition: float | None) -> dict[str, Any]:
    pdo = kb.data["pdo"]
    specific = (pdo.get("regimen_thresholds") or {}).get(regimen) or {}
    inh = specific.get("inhibition_pct", pdo["default_sensitive_inhibition_pct"]["value"])
    reg = specific.get("regression_pct", pdo["default_sensitive_regression_pct"]["value"])
    source = "kb-regimen" if specific else "kb-default"
    if override_inhibition is not None:
        inh, source = override_inhibition, "option"
    return {"inhibition_pct": float(inh), "regression_pct": float(reg), "source": source}


def rank_screen(
    *,
    case_id: str,
    screen_id: str,
    metric: str,
    wells: list,
    fits: dict[str, Any],
    regressions: list,
    synergy: list,
    kb,
    threshold: float | None = None,
    model: str = "ll3u",
    draws: dict[str, dict[str, Any]] | None = None,
    extras: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `pdo rank --json` document (DESIGN.md §4) plus the cross-domain extras.

    ``draws``: bootstrap draws of the curve metrics per regimen (bootstrap.curve_draws).
    """
    from precisecli.pdo import bootstrap
    from precisecli.pdo.fitquality import FitQuality, ci_gate, fit_flags, fit_gate

    quality = FitQuality.from_kb(kb)
    draws = draws or {}
    metric_draws: dict[str, Any] = {}
    by_regimen: dict[str, dict[str, Any]] = {}

    def entry(regimen: str, drugs: tuple[str, ...]) -> dict[str, Any]:
        return by_regimen.setdefault(
            regimen,
            {
                "drugs": drugs,
                "inh": defaultdict(list),
                "reg": defaultdict(list),
                "plates": set(),
                "invalid": 0,
            },
        )

    for w in wells:
        if w.role != "treatment" or w.excluded or not _finite(w.viability_pct) or not w.concs_um:
            continue
        e = entry(w.regimen, w.drugs)
        if abs(w.viability_pct) > 100.0 * MAX_ABS_VIABILITY:
            e["invalid"] += 1  # no normalised well reads this: the regimen cannot be judged
            continue
        e["inh"][w.concs_um].append(w.inhibition_pct)
        e["plates"].add(w.plate_id)
    for r in regressions:
        if r.role != "treatment" or not r.concs_um or not _finite(r.regression_pct):
            continue
        e = entry(r.regimen, r.drugs)
        e["reg"][r.concs_um].append(r.regression_pct)
        e["plates"].add(r.plate_id)

    syn_by_key = {(s.regimen, _level_key(s.concs_um)): s for s in synergy}
    rows = []
    for regimen in sorted(by_regimen):
        e = by_regimen[regimen]
        well_drugs = e["drugs"]
        kb_reg = kb.regimen(regimen)
        # A knowledge-base regimen is judged on all its drugs, including those a layout could
        # not put in the well (anti-PD-1 needs T cells; a third drug beyond drug2).
        drugs = tuple(kb_reg["drugs"]) if kb_reg else well_drugs
        levels = list(e["inh"]) + list(e["reg"])
        level, rule, requested = choose_reference(well_drugs, levels, kb_reg)
        lk = _level_key(level)
        inh_vals = [v for lv, vals in e["inh"].items() if _level_key(lv) == lk for v in vals]
        reg_vals = [v for lv, vals in e["reg"].items() if _level_key(lv) == lk for v in vals]
        inh_mean, inh_sd, n_inh, inh_ci = summary(inh_vals)
        reg_mean, reg_sd, n_reg, reg_ci = summary(reg_vals)
        fit = fits.get(regimen)
        testable = kb.organoid_testable(list(drugs))
        thr = thresholds_for(regimen, kb, threshold)
        by_regression = metric == "regression" or inh_mean is None
        reasons = []
        if testable:
            if e["invalid"]:
                reasons.append(f"invalid-values: {e['invalid']} well(s) beyond any real reading")
            gate = fit_gate(fit, quality) if metric != "regression" else None
            if gate:
                reasons.append(gate)
            if by_regression:
                gate = ci_gate(reg_ci, quality, "regression %", n_reg)
            else:
                gate = ci_gate(inh_ci, quality, "inhibition %", n_inh)
            if gate:
                reasons.append(gate)
        assessable = testable and not reasons
        if not assessable:
            sensitive = None
        elif by_regression:
            sensitive = None if reg_mean is None else reg_mean >= thr["regression_pct"]
        else:
            sensitive = inh_mean >= thr["inhibition_pct"]
        syn = syn_by_key.get((regimen, lk))
        fitted = fit is not None and fit.converged and fit.hill is not None
        fd = draws.get(regimen) if fitted else None
        if metric == "inhibition":
            metric_draws[regimen] = bootstrap.mean_draws(inh_vals, regimen, "inhibition")
        elif metric == "regression":
            metric_draws[regimen] = bootstrap.mean_draws(reg_vals, regimen, "regression")
        elif metric == "aac":
            metric_draws[regimen] = fd["aac"] if fd else None
        elif metric in ("dss", "gr_aoc"):
            metric_draws[regimen] = ((extras or {}).get("draws") or {}).get(metric, {}).get(regimen)
        else:
            metric_draws[regimen] = fd["ic50_log"] if fd else None
        note = _assessable_note(drugs, kb)
        if reasons:
            note = "; ".join(([note] if note else []) + reasons)
        rows.append(
            {
                "rank": None,
                "regimen": regimen,
                "label": (kb_reg or {}).get("label", regimen),
                "drugs": list(drugs),
                "in_kb": kb_reg is not None,
                "assessable": assessable,
                "assessable_note": note,
                "inhibition_pct": inh_mean,
                "inhibition_sd": inh_sd,
                "n_wells": n_inh,
                "ci95": inh_ci,
                "aac": fit.aac if fitted else None,
                "aac_ci95": bootstrap.percentile_ci(fd["aac"]) if fd else None,
                "aac_obs": fit.aac_obs if fit else None,
                "ic50_um": fit.ic50_um if fitted else None,
                "ic50_flag": fit.ic50_flag if fit else "not-fitted",
                "ic50_qualifier": fit.ic50_qualifier if fitted else None,
                "ic50_bound_um": fit.ic50_bound_um if fitted else None,
                "ic50_ci95": (
                    bootstrap.ic50_ci_um(fd["ic50_log"], fit.min_dose_um, fit.max_dose_um)
                    if fd
                    else None
                ),
                "r2": fit.r2 if fitted else None,
                "rse": fit.rse if fitted else None,
                "fit_status": fit.status if fit else "not-fitted",
                "fit_flags": fit_flags(fit, quality),
                "regression_pct": reg_mean,
                "regression_sd": reg_sd,
                "regression_n_wells": n_reg,
                "regression_ci95": reg_ci,
                "reference": {
                    "rule": rule,
                    "concs_um": dict(zip(well_drugs, level, strict=False)),
                    "requested_um": requested,
                },
                "threshold": thr,
                "sensitive": sensitive,
                "near_tie": None,
                "bliss_excess": syn.bliss_excess if syn else None,
                "hsa_excess": syn.hsa_excess if syn else None,
                "plates": sorted(e["plates"]),
            }
        )
        rows[-1].update(_extra_fields(extras, regimen))
    _order(rows, metric, metric_draws)
    fit_rows = [
        dict(
            {
                "regimen": regimen,
                "model": f.model,
                "ic50_um": f.ic50_um,
                "ec50_um": f.ec50_um,
                "emax": f.emax,
                "hill": f.hill,
                "aac": f.aac,
                "r2": f.r2,
                "converged": f.converged,
            },
            einf=f.einf,
            top=f.top,
            aac_obs=f.aac_obs,
            ic50_flag=f.ic50_flag,
            status=f.status,
            n_points=f.n_points,
            dose_drug=(by_regimen.get(regimen, {}).get("drugs") or ("",))[0],
            min_dose_um=f.min_dose_um,
            max_dose_um=f.max_dose_um,
            flags=fit_flags(f, quality),
            ic50_qualifier=f.ic50_qualifier,
            ic50_bound_um=f.ic50_bound_um,
            rse=f.rse,
            params_at_bound=list(f.params_at_bound),
        )
        for regimen, f in sorted(fits.items())
    ]
    return {
        "case_id": case_id,
        "screen": screen_id,
        "metric": metric,
        "model": model,
        "regimens": rows,
        "fits": fit_rows,
        "synergy": [s.as_dict() for s in synergy],
        "fit_quality": quality.as_dict(),
        "bootstrap": {"resamples": bootstrap.N_BOOT, "seed": bootstrap.SEED},
        "kb": kb.stamp(),
    }


def _extra_fields(extras, regimen: str) -> dict[str, Any]:
    """DSS / GR / ZIP-Loewe fields of one row (precisecli.pdo.rank_extras)."""
    from precisecli.pdo.rank_extras import empty_row

    if extras is None:
        return empty_row("not computed")
    got = extras["rows"].get(regimen)
    return got if got is not None else empty_row(extras["screen"]["gr"]["reason"])


def _assessable_note(drugs, kb) -> str | None:
    notes = [
        f"{d}: {(kb.drug(d) or {}).get('organoid_note', 'not testable on organoids')}"
        for d in drugs
        if not (kb.drug(d) or {}).get("organoid_testable", True)
    ]
    return "; ".join(notes) or None


def _metric_value(row: dict[str, Any], metric: str) -> float | None:
    """The value a regimen is ranked by (IC50: log10 µM; "< lowest" counts as the lowest dose,
    "> highest" as beyond every value inside a range)."""
    if metric == "ic50":
        if row["ic50_um"] is not None:
            return math.log10(row["ic50_um"])
        if row.get("ic50_qualifier") == "<":
            return math.log10(row["ic50_bound_um"])
        if row.get("ic50_qualifier") == ">":
            return math.inf
        return None
    return {
        "inhibition": row["inhibition_pct"],
        "aac": row["aac"],
        "regression": row["regression_pct"],
        "dss": row.get("dss"),
        "gr_aoc": row.get("gr_aoc"),
    }[metric]


def _order(rows: list[dict[str, Any]], metric: str, draws: dict[str, Any] | None = None) -> None:
    """Rank in place: assessable regimens with a value first, best first, then the rest.

    Every row gets an integer rank so consumers can sort by it; regimens that are not assessable
    (or lack the metric) come after all judged ones and carry ``near_tie: null``. Regimens with
    IC50 "> highest" are ordered among themselves by AAC. ``draws`` holds each regimen's
    bootstrap draws of the metric; neighbours whose difference is not resolved are near ties.
    """
    draws = draws or {}

    def key(row):
        v = _metric_value(row, metric)
        missing = v is None
        better_first = v if metric == "ic50" else (-v if v is not None else 0.0)
        tiebreak = -(row.get("aac") or 0.0) if metric == "ic50" else 0.0
        return (
            not row["assessable"],
            missing,
            better_first if not missing else 0.0,
            tiebreak,
            row["regimen"],
        )

    rows.sort(key=key)
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    ranked = [r for r in rows if r["assessable"] and _metric_value(r, metric) is not None]
    for r in ranked:
        if draws.get(r["regimen"]) is not None:
            r["near_tie"] = False
    higher = metric != "ic50"
    for a, b in zip(ranked, ranked[1:], strict=False):
        tie = is_near_tie(draws.get(a["regimen"]), draws.get(b["regimen"]), higher)
        if tie:
            a["near_tie"] = b["near_tie"] = True
