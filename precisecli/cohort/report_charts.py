"""Charts of the cohort report as SVG, with the case report's fonts and settings
(precisecli.cohort.report_mpl: bundled fonts, glyphs as paths, fixed hash salt, no dates): PFS1
Kaplan–Meier per group with censor marks, waterfall of the best target-sum change, swimmer
plot, organoid response per group and the oncoprint of driving alterations."""

from __future__ import annotations

from typing import Any

PALETTE = ("#1f6f8b", "#c0504d", "#6a8d3a", "#8064a2", "#e0a458", "#4bacc6", "#7f7f7f")
KIND_COLOURS = {"mutation": "#2e7d32", "amplification": "#c62828", "gain": "#ef9a9a",
                "loss": "#90caf9", "deletion": "#1565c0"}  # fmt: skip
MARKS = {"CR": ("D", "#1b5e20"), "PR": ("o", "#2e7d32"), "PD": ("X", "#b71c1c")}


def colours(groups: list[str]) -> dict[str, str]:
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(sorted(groups))}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    from precisecli.cohort.report_mpl import setup

    setup()
    return Figure(figsize=(width, height), layout="constrained")


def _render(draw, *args) -> str:
    import matplotlib

    from precisecli.cohort.report_mpl import rc, svg

    with matplotlib.rc_context(rc()):
        fig = draw(*args)
        return svg(fig, tight=False)


def km_svg(data: dict[str, Any]) -> str:
    def draw(data):
        fig = _figure(6.8, 3.4)
        ax = fig.add_subplot()
        groups = [g for g in data["groups"] if g["km_curve"]]
        palette = colours([g["group"] for g in groups])
        for g in groups:
            c, colour = g["km_curve"], palette[g["group"]]
            ax.step(c["times"], c["survival"], where="post", color=colour, linewidth=1.3,
                    label=f"{g['group']} (n={g['n_treated']})")  # fmt: skip
            ax.plot(c["censor_times"], c["censor_survival"], linestyle="none", marker="|",
                    markersize=6, markeredgewidth=1.0, color=colour)  # fmt: skip
        ax.set_xlabel("months from the start of the first study line")
        ax.set_ylabel("progression-free (PFS1)")
        ax.set_ylim(0, 1.03)
        ax.set_xlim(left=0)
        ax.grid(alpha=0.25, linewidth=0.5)
        if groups:
            ax.legend(loc="upper right", frameon=False, fontsize=7, title="| censored")
        return fig

    return _render(draw, data)


def waterfall_svg(data: dict[str, Any]) -> str:
    def draw(data):
        fig = _figure(6.8, 2.8)
        ax = fig.add_subplot()
        bars = data["waterfall"]
        palette = colours([g["group"] for g in data["groups"]])
        xs = list(range(len(bars)))
        ax.bar(xs, [b["change_pct"] for b in bars], width=0.85 if len(bars) < 60 else 1.0,
               color=[palette.get(b["group"], "#999999") for b in bars], linewidth=0)  # fmt: skip
        for y, style in ((20, "--"), (-30, ":")):
            ax.axhline(y, color="#555555", linewidth=0.6, linestyle=style)
        ax.axhline(0, color="#222222", linewidth=0.6)
        ax.set_xticks([])
        ax.set_xlabel(f"patients (n = {len(bars)}), ordered by best change")
        ax.set_ylabel("best change in target sum (%)")
        from matplotlib.patches import Patch

        seen = sorted({b["group"] for b in bars})
        if seen:
            ax.legend(handles=[Patch(color=palette.get(g, "#999999"), label=g) for g in seen],
                      loc="upper right", frameon=False, fontsize=7,
                      ncol=min(len(seen), 6))  # fmt: skip
        return fig

    return _render(draw, data)


def swimmer_svg(lanes: list[dict[str, Any]], groups: list[str]) -> str:
    def draw(lanes):
        fig = _figure(6.8, 1.1 + 0.1 * max(len(lanes), 1))
        ax = fig.add_subplot()
        palette = colours(groups)
        for y, lane in enumerate(reversed(lanes)):
            for line in lane["lines"]:
                first = line is lane["lines"][0]
                ax.barh(y, max(line["end"] - line["start"], 0.05), left=line["start"],
                        height=0.62, color=palette.get(lane["group"], "#999999")
                        if first else "#b8c4cc", linewidth=0)  # fmt: skip
                if line["ongoing"]:
                    ax.annotate("", xy=(line["end"] + 0.8, y), xytext=(line["end"], y),
                                arrowprops={"arrowstyle": "->", "linewidth": 0.7})  # fmt: skip
            for mark in lane["marks"]:
                shape, colour = MARKS[mark["overall"]]
                ax.plot(mark["t"], y, marker=shape, markersize=3.2, color=colour,
                        linestyle="none")  # fmt: skip
        ax.set_yticks(range(len(lanes)), [lane["case_id"] for lane in reversed(lanes)],
                      fontsize=4.5 if len(lanes) > 30 else 6)  # fmt: skip
        ax.set_xlabel("months from the start of the first study line "
                      "(first line in group colour, later lines grey; → ongoing)")  # fmt: skip
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker=s, color=c, linestyle="none", label=k, markersize=4)
                   for k, (s, c) in MARKS.items()]  # fmt: skip
        ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=6)
        ax.set_ylim(-0.8, len(lanes) - 0.2)
        return fig

    return _render(draw, lanes)


def organoid_svg(data: dict[str, Any]) -> str:
    def draw(data):
        fig = _figure(6.8, 2.4)
        left, right = fig.subplots(1, 2)
        rows = [g for g in data["groups"] if g["organoid"]["n_inhibition"]]
        palette = colours([g["group"] for g in data["groups"]])
        names = [g["group"] for g in rows]
        left.bar(names, [g["organoid"]["median_inhibition_pct"] for g in rows],
                 color=[palette[n] for n in names])  # fmt: skip
        left.set_ylabel("median inhibition (%)")
        left.set_title("organoid inhibition, group regimen", fontsize=8)
        rows = [g for g in data["groups"] if g["organoid"]["n_regression"]]
        names = [g["group"] for g in rows]
        values = [g["organoid"]["regression"]["value"] * 100 for g in rows]
        right.bar(names, values, color=[palette[n] for n in names])
        if not rows:
            right.set_xticks([])
            right.text(0.5, 0.5, "no organoid diameter readout", ha="center", va="center",
                       transform=right.transAxes, color="#5a6570")  # fmt: skip
        right.set_ylabel("regression rate (%)")
        right.set_ylim(0, 100)
        right.set_title("organoid regression rate", fontsize=8)
        return fig

    return _render(draw, data)


def oncoprint_svg(onco: dict[str, Any], groups: list[str]) -> str:
    def draw(onco):
        genes, cases = onco["genes"], onco["cases"]
        fig = _figure(6.8, 0.9 + 0.2 * max(len(genes), 1))
        ax = fig.add_subplot()
        col = {c["case_id"]: i for i, c in enumerate(cases)}
        row = {g: i for i, g in enumerate(genes)}
        ax.set_facecolor("#f0f0f0")
        for cell in onco["cells"]:
            x, y = col[cell["case_id"]], len(genes) - 1 - row[cell["gene"]]
            ax.add_patch(_rect(x, y, KIND_COLOURS.get(cell["kind"], "#555555")))
        palette = colours(groups)
        for c in cases:
            ax.add_patch(
                _rect(col[c["case_id"]], len(genes) + 0.2, palette.get(c["group"], "#999999"))
            )
        ax.set_xlim(0, max(len(cases), 1))
        ax.set_ylim(0, len(genes) + 1.3)
        ax.set_yticks(
            [len(genes) - 1 - i + 0.4 for i in range(len(genes))] + [len(genes) + 0.6],
            [f"{g} ({onco['frequency'][g]})" for g in genes] + ["group"],
            fontsize=6,
        )
        ax.set_xticks([])
        ax.set_xlabel(f"cases with a driving alteration (n = {len(cases)})")
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=c, label=k) for k, c in KIND_COLOURS.items()],
                  loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=5, frameon=False,
                  fontsize=6)  # fmt: skip
        return fig

    return _render(draw, onco)


def _rect(x: float, y: float, colour: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x + 0.08, y + 0.08), 0.84, 0.74, color=colour, linewidth=0)


def swimmer_lanes(lanes: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """At most `limit` lanes, taken in turn from each group (so every group is shown), each
    group's lanes in their order; the result keeps the groups together."""
    by_group: dict[str, list[dict[str, Any]]] = {}
    for lane in lanes:
        by_group.setdefault(lane["group"], []).append(lane)
    chosen: dict[str, int] = dict.fromkeys(by_group, 0)
    left = min(limit, len(lanes))
    while left:
        for g in sorted(by_group):
            if left and chosen[g] < len(by_group[g]):
                chosen[g] += 1
                left -= 1
    return [lane for g in sorted(by_group) for lane in by_group[g][: chosen[g]]]


def render_all(data: dict[str, Any]) -> dict[str, str]:
    groups = [g["group"] for g in data["groups"]]
    from precisecli.cohort.report_model import MAX_SWIMMER

    charts = {"km": km_svg(data)}
    if data["waterfall"]:
        charts["waterfall"] = waterfall_svg(data)
    if data["swimmer"]:
        charts["swimmer"] = swimmer_svg(swimmer_lanes(data["swimmer"], MAX_SWIMMER), groups)
    if any(g["organoid"]["n_inhibition"] or g["organoid"]["n_regression"] for g in data["groups"]):
        charts["organoid"] = organoid_svg(data)
    if data["oncoprint"]["cells"]:
        charts["oncoprint"] = oncoprint_svg(data["oncoprint"], groups)
    return charts
