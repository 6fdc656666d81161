"""Screen plots as deterministic SVG: plate heat maps, dose-response curves, ranking bars.

The same data always give the same bytes: matplotlib's Agg backend, a fixed ``svg.hashsalt``
(element ids), no ``Date`` metadata, and text kept as text (``svg.fonttype = none``) so the
report can restyle it.
"""

from __future__ import annotations

import io
from typing import Any

RC = {
    "svg.hashsalt": "precise-pdo",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "text.parse_math": False,  # plate ids and regimen labels are text: "$x$" is not mathtext
}


def _svg(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buf.getvalue()


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update(RC)
    return plt


def plate_heatmap_svg(plate, title: str) -> bytes:
    """Viability % (or raw signal before normalisation) by well; controls outlined."""
    import numpy as np

    plt = _pyplot()
    grid = np.full((plate.rows, plate.cols), np.nan)
    normalised = any(w.viability_pct is not None for w in plate.wells)
    for w in plate.wells:
        v = w.viability_pct if normalised else w.raw
        if v is not None and w.row < plate.rows and w.col < plate.cols:
            grid[w.row, w.col] = v
    fig, ax = plt.subplots(figsize=(1.6 + plate.cols * 0.3, 0.9 + plate.rows * 0.3))
    im = ax.imshow(
        grid, cmap="viridis", vmin=0 if normalised else None, vmax=120 if normalised else None
    )
    marks = {"vehicle": "V", "kill": "K", "blank": "B"}
    for w in plate.wells:
        if w.role in marks:
            ax.text(
                w.col, w.row, marks[w.role], ha="center", va="center", color="white", fontsize=6
            )
        elif w.excluded and w.raw is not None:
            ax.text(w.col, w.row, "×", ha="center", va="center", color="red", fontsize=7)
    ax.set_xticks(range(plate.cols), [str(i + 1) for i in range(plate.cols)], fontsize=6)
    ax.set_yticks(range(plate.rows), [chr(65 + i) for i in range(plate.rows)], fontsize=6)
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="viability %" if normalised else "signal", shrink=0.8)
    fig.tight_layout()
    return _svg(fig)


def dose_response_svg(curve, fit) -> bytes:
    """Data points (viability %) and the fitted curve on log10 dose."""
    import numpy as np

    from precisecli.pdo.curves import predict

    plt = _pyplot()
    d = np.asarray(curve.doses_um)
    y = 100.0 * np.asarray(curve.viability)
    fig, ax = plt.subplots(figsize=(3.6, 2.8))
    ax.scatter(d, y, s=10, color="#333333", zorder=3, label="wells")
    if fit.hill is not None:
        u = np.linspace(np.log10(d.min()), np.log10(d.max()), 200)
        f = 100.0 * predict(u, fit.hill, fit.einf, np.log10(fit.ec50_um), fit.top)
        ax.plot(10.0**u, f, color="#1f6fb4", label=f"{fit.model} fit")
        if fit.ic50_um is not None and fit.ic50_flag == "in-range":
            ax.axvline(fit.ic50_um, color="#999999", lw=0.8, ls="--")
    ax.axhline(50, color="#cccccc", lw=0.6)
    ax.set_xscale("log")
    ax.set_xlabel("dose (µM)")
    ax.set_ylabel("viability (% of vehicle)")
    status = "" if fit.converged else " (not converged)"
    ax.set_title(f"{curve.key}{status}")
    ax.legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return _svg(fig)


def ranking_svg(doc: dict[str, Any]) -> bytes:
    """Inhibition (or regression) at the reference dose with 95 % CIs, best first."""
    plt = _pyplot()
    metric = doc["metric"]
    use_regression = metric == "regression"
    key, ci_key = (
        ("regression_pct", "regression_ci95") if use_regression else ("inhibition_pct", "ci95")
    )
    rows = [r for r in doc["regimens"] if r[key] is not None]
    fig, ax = plt.subplots(figsize=(4.8, 0.6 + 0.35 * max(len(rows), 1)))
    labels, values, lo, hi, colours = [], [], [], [], []
    for r in reversed(rows):
        labels.append(r["regimen"] + ("" if r["assessable"] else " (not assessable)"))
        values.append(r[key])
        ci = r[ci_key]
        lo.append(r[key] - ci[0] if ci else 0.0)
        hi.append(ci[1] - r[key] if ci else 0.0)
        colours.append(
            "#bbbbbb" if not r["assessable"] else ("#1f6fb4" if r["sensitive"] else "#9ecae1")
        )
    ax.barh(range(len(values)), values, xerr=[lo, hi], color=colours, capsize=2)
    ax.set_yticks(range(len(labels)), labels)
    thresholds = {
        r["threshold"]["regression_pct" if use_regression else "inhibition_pct"] for r in rows
    }
    for t in sorted(thresholds):
        ax.axvline(t, color="#cc3333", lw=0.8, ls="--")
    ax.set_xlabel(
        ("regression" if use_regression else "inhibition") + " % at reference dose (95 % CI)"
    )
    ax.set_title(f"screen {doc['screen']}")
    fig.tight_layout()
    return _svg(fig)
