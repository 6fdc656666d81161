"""Fit quality: when a dose-response curve (or a reference-dose estimate) can be judged.

Thresholds come from the knowledge base section ``pdo_fit_quality`` (never from code):

  * ``max_rse`` — the residual standard error of the fit (viability fraction) above which the
    wells scatter too much around any curve to read a response (``poor-fit``);
  * ``min_r2`` — below it the fit does not describe a curve whose points do vary: applied only
    when the points' own SD exceeds ``max_flat_sd`` (a flat series — every well dead, or none
    affected — has nothing for a curve to explain, and its R² is noise; it is judged on its
    scatter alone);
  * ``max_ci95_width_pct`` — the widest 95 % CI (percentage points) of the ranking metric's
    mean at the reference dose that still supports a sensitivity call (``imprecise``).

A regimen whose curve is ``poor-fit``, ``not-converged`` or ``invalid-values``, or whose
reference-dose estimate is ``imprecise``, is *not assessable*: no sensitivity call, ranked after
every assessable regimen, never recommended by ``next``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from precisecli.errors import InputError, Location

KB_SECTION = "pdo_fit_quality"
GATING_FLAGS = ("poor-fit", "not-converged", "invalid-values")


@dataclass(frozen=True)
class FitQuality:
    min_r2: float
    max_rse: float
    max_flat_sd: float
    max_ci95_width_pct: float

    @classmethod
    def from_kb(cls, kb) -> FitQuality:
        section = kb.data.get(KB_SECTION)
        if not isinstance(section, dict):
            raise InputError(
                f"knowledge base {kb.name} has no {KB_SECTION} section",
                location=Location(file=kb.path.name),
                hint=f"add {KB_SECTION} (min_r2, max_rse, max_flat_sd, max_ci95_width_pct) "
                "as in the bundled KB",
            )
        values = {}
        for key in ("min_r2", "max_rse", "max_flat_sd", "max_ci95_width_pct"):
            try:
                values[key] = float(section[key]["value"])
            except (KeyError, TypeError, ValueError):
                raise InputError(
                    f"knowledge base {kb.name} has no numeric {KB_SECTION}.{key}",
                    location=Location(file=kb.path.name),
                    hint="give it as {value: NUMBER, source: ...}",
                ) from None
        return cls(**values)

    def as_dict(self) -> dict[str, float]:
        return {
            "min_r2": self.min_r2,
            "max_rse": self.max_rse,
            "max_flat_sd": self.max_flat_sd,
            "max_ci95_width_pct": self.max_ci95_width_pct,
        }


def poor_fit_reason(fit, q: FitQuality) -> str | None:
    """Why a fitted curve is a poor fit, or None when it is acceptable (or was not fitted)."""
    if fit is None or fit.hill is None:
        return None
    if fit.rse is not None and fit.rse > q.max_rse:
        return f"residual SE {fit.rse:.3f} > {q.max_rse:g}"
    varies = fit.sd_total is not None and fit.sd_total > q.max_flat_sd
    if varies and (fit.r2 is None or fit.r2 < q.min_r2):
        shown = "n/a" if fit.r2 is None else f"{fit.r2:.2f}"
        return f"R² {shown} < {q.min_r2:g}"
    return None


def fit_flags(fit, q: FitQuality) -> list[str]:
    """The fit's flags plus ``poor-fit`` by the knowledge-base thresholds (sorted, unique)."""
    if fit is None:
        return []
    flags = set(fit.flags)
    if poor_fit_reason(fit, q):
        flags.add("poor-fit")
    return sorted(flags)


def fit_gate(fit, q: FitQuality) -> str | None:
    """Why the curve makes its regimen not assessable, or None."""
    if fit is None:
        return None
    if fit.status == "invalid-values":
        return "invalid-values: a viability beyond any real normalised well"
    if fit.hill is not None and not fit.converged:
        return "not-converged: the fit did not converge"
    reason = poor_fit_reason(fit, q)
    return f"poor-fit: {reason}" if reason else None


def ci_gate(ci: list[float] | None, q: FitQuality, what: str, n: int = 0) -> str | None:
    """Why the reference dose's wells cannot carry a call — a single well (no replicate, no
    interval: a call on it would be a guess) or a CI too wide — or None."""
    if n == 1:
        return (
            f"single-well: one well at the reference dose — no replicate and no 95 % CI of "
            f"{what}, so no call"
        )
    if not ci:
        return None
    width = ci[1] - ci[0]
    if width > q.max_ci95_width_pct:
        return (
            f"imprecise: 95 % CI of {what} {ci[0]:.0f} to {ci[1]:.0f} "
            f"(width {width:.0f} > {q.max_ci95_width_pct:g} points)"
        )
    return None


def quality_doc(fit, q: FitQuality) -> dict[str, Any]:
    return {"flags": fit_flags(fit, q), "gate": fit_gate(fit, q)}
