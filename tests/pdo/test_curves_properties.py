"""Property tests (hypothesis): no curve, however degenerate, makes the fits or the ranking raise.

Each example draws a batch of curves of mixed kinds — random noise, flat, all zero, all NaN,
a single dose, zero or duplicate concentrations, inverted (rising) curves, huge values, and
plain noisy sigmoids — and sends the whole batch through one vectorised LL3 and LL4 fit, the
bootstrap, Bliss/HSA and the ranking. Every curve must come back with a status and only finite
numbers (or null); the ranking document must be strict JSON valid against its schema, with a
non-assessable regimen never called sensitive. 25 examples × 24 curves = 600 curves per model.
"""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precisecli.knowledge import load_kb
from precisecli.pdo.bootstrap import curve_draws
from precisecli.pdo.curves import Curve, fit_curves
from precisecli.pdo.normalise import Well
from precisecli.pdo.ranking import rank_screen
from precisecli.pdo.synergy import bliss_expected, block_excess, hsa_expected, screen_synergy
from precisecli.store.schema import schema_errors

KINDS = (
    "random",
    "flat",
    "zero",
    "nan",
    "single-dose",
    "zero-dose",
    "duplicate-dose",
    "inverted",
    "huge",
    "sigmoid",
    "special",
)
SPECIAL = (math.nan, math.inf, -math.inf, 0.0, 1e300, -1e300, 1e-300, -5.0, 50.0)
STATUSES = {"ok", "no-convergence", "too-few-points", "invalid-values"}
BATCH = 24
EXAMPLES = 25

curve_spec = st.tuples(
    st.sampled_from(KINDS),
    st.integers(1, 9),  # dose levels
    st.integers(1, 4),  # replicates
    st.integers(0, 2**32 - 1),  # numpy seed for the values
    st.sampled_from(SPECIAL),
)


def make_curve(i: int, spec) -> Curve:
    kind, n_doses, reps, seed, special = spec
    rng = np.random.default_rng(seed)
    doses = 10.0 / 3.0 ** np.arange(n_doses)
    if kind == "single-dose":
        doses = doses[:1]
    if kind == "zero-dose":
        doses = np.concatenate([[0.0], doses])
    if kind == "duplicate-dose":
        doses = np.repeat(doses[: max(1, n_doses // 2)], 2)
    d = np.repeat(doses, reps)
    u = np.log10(np.where(d > 0, d, 1e-9))
    if kind == "random":
        y = rng.uniform(0.0, 1.2, d.size)
    elif kind == "flat":
        y = np.full(d.size, rng.uniform(0, 1.2))
    elif kind == "zero":
        y = np.zeros(d.size)
    elif kind == "nan":
        y = np.full(d.size, math.nan)
    elif kind == "inverted":
        y = 0.2 + 0.8 / (1 + 10 ** (-2.0 * (u - rng.uniform(-2, 1))))
    elif kind == "huge":
        y = rng.uniform(-1, 1, d.size) * 10.0 ** rng.uniform(3, 300)
    elif kind == "special":
        y = rng.uniform(0, 1, d.size)
        y[rng.integers(0, d.size)] = special
        if rng.random() < 0.5:
            d = d.copy()
            d[rng.integers(0, d.size)] = special
    else:  # a noisy sigmoid, including steep and out-of-range ones
        u50 = rng.uniform(u.min() - 3, u.max() + 3)
        y = rng.uniform(0, 0.7) + 1 / (1 + 10 ** (rng.uniform(0.1, 12) * (u - u50)))
        y = y + rng.normal(0, rng.uniform(0, 0.3), d.size)
    return Curve(f"r{i:02d}", tuple(float(x) for x in d), tuple(float(x) for x in y))


def _finite_or_none(v) -> bool:
    return v is None or (isinstance(v, (int, float)) and math.isfinite(v))


def check_fit(curve: Curve, fit) -> None:
    assert fit.key == curve.key
    assert fit.status in STATUSES
    for name in ("hill", "einf", "top", "ec50_um", "ic50_um", "emax", "aac", "aac_obs"):
        assert _finite_or_none(getattr(fit, name)), (name, fit)
    for name in ("r2", "rse", "min_dose_um", "max_dose_um", "ic50_bound_um"):
        assert _finite_or_none(getattr(fit, name)), (name, fit)
    if fit.r2 is not None:
        assert fit.r2 <= 1.0 + 1e-9
    if fit.status == "ok":
        assert fit.converged and fit.hill is not None
        assert 0.1 - 1e-9 <= fit.hill <= 10 + 1e-9 and -1e-9 <= fit.einf <= 1 + 1e-9
        assert (fit.ic50_um is None) != (fit.ic50_qualifier is None)
        if fit.ic50_um is not None:
            assert fit.min_dose_um * (1 - 1e-9) <= fit.ic50_um <= fit.max_dose_um * (1 + 1e-9)
    else:
        assert fit.status in fit.flags or "not-converged" in fit.flags


def wells_for(curves: list[Curve]) -> list[Well]:
    wells = []
    for i, c in enumerate(curves):
        for j, (d, v) in enumerate(zip(c.doses_um, c.viability, strict=True)):
            wells.append(
                Well(
                    "P1",
                    f"A{j + 1}",
                    0,
                    j,
                    "treatment",
                    c.key,
                    (f"d{i}",),
                    (d,),
                    1.0,
                    100.0 * v if math.isfinite(v) else None,
                )  # fmt: skip
            )
    # a combination of the first two curves' drugs at their doses (Bliss/HSA possible)
    for j, (d, v) in enumerate(zip(curves[0].doses_um, curves[1].viability, strict=False)):
        wells.append(
            Well(
                "P1",
                f"B{j + 1}",
                1,
                j,
                "treatment",
                "combo",
                ("d0", "d1"),
                (d, d),
                1.0,
                100.0 * v * 0.8 if math.isfinite(v) else None,
            )  # fmt: skip
        )
    return wells


def run_batch(specs, model: str, kb) -> None:
    curves = [make_curve(i, s) for i, s in enumerate(specs)]
    fits = fit_curves(curves, model)
    assert len(fits) == len(curves)
    for c, f in zip(curves, fits, strict=True):
        check_fit(c, f)
    by_key = {f.key: f for f in fits}
    draws = curve_draws(curves, by_key, model, n_boot=20)
    for key, d in draws.items():
        assert by_key[key].status == "ok"
        assert d["aac"].shape == (20,) and not np.isnan(d["aac"]).any()
    wells = wells_for(curves)
    synergy = screen_synergy(wells)
    for metric in ("inhibition", "aac", "ic50"):
        doc = rank_screen(
            case_id="H1",
            screen_id="S1",
            metric=metric,
            wells=wells,
            fits=by_key,
            regressions=[],
            synergy=synergy,
            kb=kb,
            model=model,
            draws=draws,
        )
        json.dumps(doc, allow_nan=False)  # strict JSON: no NaN or Infinity anywhere
        doc.update(plates_used=["P1"], plates_excluded=[], include_failed=False)
        assert schema_errors(doc, "cli/pdo-rank.schema.json") == []
        ranks = [r["rank"] for r in doc["regimens"]]
        assert ranks == list(range(1, len(ranks) + 1))
        seen_not_assessable = False
        for r in doc["regimens"]:
            if not r["assessable"]:
                assert r["sensitive"] is None and r["near_tie"] is None
                seen_not_assessable = True
            else:
                assert not seen_not_assessable  # never ranked above an assessable regimen
            if "poor-fit" in r["fit_flags"] or "not-converged" in r["fit_flags"]:
                assert r["assessable"] is False


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(curve_spec, min_size=BATCH, max_size=BATCH))
def test_ll3_never_raises(specs):
    run_batch(specs, "ll3u", load_kb())


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(curve_spec, min_size=BATCH, max_size=BATCH))
def test_ll4_never_raises(specs):
    run_batch(specs, "ll4", load_kb())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(-500, 500)),
        min_size=1,
        max_size=4,
    )  # fmt: skip
)
def test_bliss_and_hsa_never_raise(inhibitions):
    b = bliss_expected(inhibitions)
    h = hsa_expected(inhibitions)
    assert isinstance(b, float) and isinstance(h, float)
    m = np.array([[0.0, inhibitions[0]], [inhibitions[-1], 50.0]])
    bliss, hsa = block_excess(m, [0.0, 1.0], [0.0, 1.0])
    assert bliss.shape == hsa.shape == (2, 2)
