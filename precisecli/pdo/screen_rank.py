"""`pdo rank` for a case: fit the screen's curves, rank its regimens, store the results.

Reads what `pdo load` stored (precisecli.pdo.screens) and writes, through the case transaction,
the ranking document under ``record["pdo"]["screens"][i]["ranking"]``, fits.tsv, synergy.tsv and
the curve and ranking plots. Plot or table files whose bytes did not change are not rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.errors import InputError, UsageError
from precisecli.pdo.normalise import Well
from precisecli.pdo.screens import (
    _safe,
    curves_for,
    find_screen,
    read_tsv,
    regressions_from_tsv,
    to_tsv,
    wells_from_tsv,
)

FIT_COLUMNS = (
    "regimen",
    "model",
    "status",
    "converged",
    "n_points",
    "dose_drug",
    "min_dose_um",
    "max_dose_um",
    "hill",
    "einf",
    "top",
    "ec50_um",
    "ic50_um",
    "ic50_flag",
    "ic50_qualifier",
    "ic50_bound_um",
    "emax",
    "aac",
    "aac_obs",
    "r2",
    "rse",
    "flags",
)


def rank_case_screen(
    case_id: str,
    screen: dict[str, Any],
    case_dir: Path,
    kb,
    *,
    metric: str | None,
    model: str = "ll3u",
    include_failed: bool = False,
    threshold: float | None = None,
    advance=None,
    dss_settings=None,
) -> tuple[dict[str, Any], dict[str, str], dict[str, bytes]]:
    """Ranking document, TSV files and SVG plots for one screen (nothing written here).

    ``advance(n)`` (optional) is called as curves are fitted and bootstrapped: 2 per curve.
    """
    from precisecli.pdo.bootstrap import curve_draws
    from precisecli.pdo.curve_svg import dose_response_svg, ranking_svg
    from precisecli.pdo.curves import canonical_model, fit_curves
    from precisecli.pdo.dss import DSSSettings
    from precisecli.pdo.heterogeneity import add_to_rows as add_organoid_fields
    from precisecli.pdo.rank_extras import screen_extras
    from precisecli.pdo.ranking import METRICS, rank_screen
    from precisecli.pdo.synergy import screen_synergy
    from precisecli.pdo.synergy_chart import landscape_svg

    sid = screen["screen_id"]
    base = case_dir / "pdo" / sid
    readouts = screen.get("readouts", [screen["readout"]])
    if metric is None:
        metric = "inhibition" if "viability" in readouts else "regression"
    if metric not in METRICS:
        raise UsageError(f"unknown metric {metric!r}", hint="one of: " + ", ".join(METRICS))
    if metric != "regression" and "viability" not in readouts:
        raise InputError(
            f"screen {sid} has no viability readout to rank by {metric}",
            hint="use --metric regression, or load plate exports into this screen",
        )
    if metric == "regression" and "diameter" not in readouts:
        raise InputError(
            f"screen {sid} has no diameter readout",
            hint="load a diameter table with `pdo load ... --readout diameter`",
        )
    used, excluded = [], []
    for p in screen.get("plates", []):
        (used if p["qc"]["passed"] or include_failed else excluded).append(p["plate_id"])
    wells: list[Well] = []
    all_wells: list[Well] = []
    if "viability" in readouts:
        all_wells = wells_from_tsv(base / "wells.tsv")
        wells = [w for w in all_wells if w.plate_id in set(used)]
    # a day-0 plate holds no vehicle/kill wells and never passes QC: its reads count for GR
    gr_wells = wells + [w for w in all_wells if w.role == "day0" and w.plate_id not in set(used)]
    regressions = []
    if "diameter" in readouts:
        regressions = regressions_from_tsv(base / "diameters.tsv")
    model = canonical_model(model)
    curves = curves_for(wells)
    fits = {f.key: f for f in fit_curves(curves, model, advance=advance)}
    draws = curve_draws(curves, fits, model)
    if advance is not None:
        advance(len(curves))
    treated = [w for w in wells if w.role == "treatment"]
    synergy = screen_synergy(treated)
    extras = screen_extras(
        gr_wells, treated, fits, draws, kb, dss_settings or DSSSettings.from_kb(kb)
    )
    if metric == "gr_aoc" and not extras["screen"]["gr"]["available"]:
        raise InputError(
            f"screen {sid}: GR is not computable: {extras['screen']['gr']['reason']}",
            hint="rank by dss, aac or inhibition, or load a screen with a day-0 read",
        )
    doc = rank_screen(
        case_id=case_id,
        screen_id=sid,
        metric=metric,
        wells=treated,
        fits=fits,
        regressions=regressions,
        synergy=synergy,
        kb=kb,
        threshold=threshold,
        model=model,
        draws=draws,
        extras=extras,
    )
    doc["screen_metrics"] = extras["screen"]
    organoids = None
    if "diameter" in readouts and (base / "organoids.tsv").is_file():
        organoids = [
            dict(r, regression_pct=float(r["regression_pct"]))
            for r in read_tsv(base / "organoids.tsv")
        ]
    add_organoid_fields(doc["regimens"], regressions, organoids, kb)
    doc["plates_used"] = sorted(used)
    doc["plates_excluded"] = sorted(excluded)
    doc["include_failed"] = include_failed
    files = {}
    fit_rows = [dict(r, flags=";".join(r["flags"])) for r in doc["fits"]]
    files["fits.tsv"] = to_tsv(FIT_COLUMNS, fit_rows)
    if synergy:
        files["synergy.tsv"] = to_tsv(
            (
                "regimen",
                "drugs",
                "concs_um",
                "n_wells",
                "inhibition_pct",
                "single_inhibition_pct",
                "bliss_expected_pct",
                "bliss_excess",
                "hsa_expected_pct",
                "hsa_excess",
            ),
            [dict(s.as_dict(), drugs="+".join(s.drugs)) for s in synergy],
        )
    svgs = {}
    for c in curves:
        f = fits[c.key]
        svgs[f"plots/curve_{_safe(c.key)}.svg"] = dose_response_svg(c, f)
    svgs["plots/ranking.svg"] = ranking_svg(doc)
    rows = {r["regimen"]: r for r in doc["regimens"]}
    for m in extras["screen"]["synergy_matrices"]:
        for score in ("zip", "loewe"):
            area = rows.get(m["regimen"], {}).get(f"{score}_most_synergistic_area")
            name = f"plots/synergy_{_safe(m['regimen'])}_{score}.svg"
            svgs[name] = landscape_svg(m, score, area)
    return doc, files, svgs


def rank_into_case(
    store,
    case_id: str,
    screen_id: str | None,
    kb,
    *,
    metric: str | None = None,
    model: str = "ll3u",
    include_failed: bool = False,
    threshold: float | None = None,
    kb_file=None,
    advance=None,
    dss_settings=None,
) -> dict[str, Any]:
    from precisecli.pdo.curves import canonical_model

    model = canonical_model(model)
    args = {
        "case_id": case_id,
        "screen": screen_id,
        "metric": metric,
        "model": model,
        "include_failed": include_failed,
        "threshold": threshold,
        "kb": kb_file.name if kb_file else None,
    }
    if dss_settings is not None and dss_settings.source == "option":
        args["dss"] = dss_settings.as_dict()
    with store.update(case_id, command="pdo rank", args=args, kb=kb.stamp()) as txn:
        entry = find_screen(txn.record, screen_id)
        doc, files, svgs = rank_case_screen(
            case_id,
            entry,
            txn.case_dir,
            kb,
            metric=metric,
            model=model,
            include_failed=include_failed,
            threshold=threshold,
            advance=advance,
            dss_settings=dss_settings,
        )
        base = f"pdo/{entry['screen_id']}"
        staged = {name: text.encode("utf-8") for name, text in files.items()}
        staged.update(svgs)
        for name, data in staged.items():
            current = txn.path(f"{base}/{name}")
            # a file already holding these bytes is not rewritten (one fsync per file saved)
            if not (current.is_file() and current.read_bytes() == data):
                txn.write_bytes(f"{base}/{name}", data)
        entry["ranking"] = doc
    return doc
