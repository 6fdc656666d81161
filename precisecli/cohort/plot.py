"""Kaplan–Meier plot of PFS1 per group (matplotlib), byte-stable for the same data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from precisecli.cohort.outcomes import CaseOutcome
from precisecli.cohort.stats import DAYS_PER_MONTH


def km_plot(outcomes: Sequence[CaseOutcome], svg: Path, png: Path | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from lifelines import KaplanMeierFitter

    by_group: dict[str, list[CaseOutcome]] = {}
    for o in outcomes:
        if o.treated and o.group:
            by_group.setdefault(o.group, []).append(o)
    # group names are text: "$x$" must not be parsed as mathtext
    rc = {"svg.hashsalt": "precise-km", "svg.fonttype": "none", "text.parse_math": False}
    with plt.rc_context(rc):
        fig, ax = plt.subplots(figsize=(7, 4.5), dpi=100)
        for group in sorted(by_group):
            members = by_group[group]
            kmf = KaplanMeierFitter(label=f"{group} (n={len(members)})")
            kmf.fit(
                [o.pfs_days / DAYS_PER_MONTH for o in members],
                event_observed=[o.pfs_event for o in members],
            )
            kmf.plot_survival_function(ax=ax, ci_show=False, show_censors=True)
        ax.set_xlabel("months from the start of the first study line")
        ax.set_ylabel("progression-free (PFS1)")
        ax.set_ylim(0, 1.02)
        ax.set_title("PFS1 by genomic group (Kaplan–Meier)")
        ax.grid(alpha=0.3)
        if by_group:
            ax.legend(loc="upper right", frameon=False)
        fig.tight_layout()
        fig.savefig(svg, format="svg", metadata={"Date": None})
        if png is not None:
            fig.savefig(png, format="png", metadata={"Software": None})
        plt.close(fig)
