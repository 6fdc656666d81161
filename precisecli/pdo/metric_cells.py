"""Display text of the screen metrics of a `pdo rank` document, shared by the terminal view
(cli/pdo_metrics_view.py) and the report (report/sections/screen_metrics.py): the same values,
intervals and organoid cells, in the dash and range style of each medium."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Style:
    missing: str  # a value that is null
    to: str  # between the ends of an interval


TERMINAL = Style(missing="—", to="–")
REPORT = Style(missing="–", to=" to ")


def value(v: float | None, fmt: str, style: Style) -> str:
    return style.missing if v is None else fmt.format(v)


def bounded(r: dict[str, Any], stem: str, style: Style) -> str:
    """A concentration of the rank document (``ic50``, ``gr50``: ``<stem>_um``) inside the
    tested range to 3 significant digits (a nanomolar value never prints as 0.000), else the
    qualified tested-dose bound ("< 0.001", "> 10"), else missing."""
    if r.get(f"{stem}_um") is not None:
        return f"{r[f'{stem}_um']:.3g}"
    if r.get(f"{stem}_qualifier") and r.get(f"{stem}_bound_um") is not None:
        return f"{r[f'{stem}_qualifier']} {r[f'{stem}_bound_um']:.3g}"
    return style.missing


def interval(ci: list | None, fmt: str, style: Style) -> str:
    """A 95 % interval; an open end (the bootstrap put it beyond the tested doses) says so."""
    if not ci:
        return style.missing
    if ci[0] is None and ci[1] is None:
        return "beyond the tested range"
    lo = "beyond range" if ci[0] is None else fmt.format(ci[0])
    hi = "beyond range" if ci[1] is None else fmt.format(ci[1])
    return f"{lo}{style.to}{hi}"


def organoid_cells(r: dict[str, Any], style: Style) -> list[str]:
    """Share of tracked organoids regressing, and the median (IQR) regression."""
    if not r.get("organoid_n"):
        return [style.missing, style.missing]
    frac = f"{100 * r['organoid_regressing_fraction']:.0f} % of {r['organoid_n']}"
    q1, q3 = r["organoid_regression_iqr"]
    return [frac, f"{r['organoid_regression_median']:.0f} ({q1:.0f}{style.to}{q3:.0f})"]
