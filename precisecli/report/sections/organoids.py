"""Section 5: organoid drug screen (pdo's plate QC and `pdo rank` document, per screen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.pdo import metric_cells as cells
from precisecli.report import sources
from precisecli.report.formatting import fmt, num, section, table
from precisecli.report.given import Given, mark
from precisecli.report.labels import regimen_label
from precisecli.report.sections import organoid_charts, screen_metrics

DEFAULT_TOP = 10
BARS_PER_PAGE = 45  # ranking bars per appendix chart: one chart never taller than a page
RANKING_COLUMNS = (
    "Rank",
    "Regimen",
    "Inhib. %",
    "95 % CI",
    "AAC",
    "IC50 µM",
    "R²",
    "Regr. %",
    "Wells",
    "Sensitive",
    "Flags",
)


def _qc_table(sid: str, qc: list[dict[str, Any]]) -> dict[str, Any]:
    return table(
        f"Screen {sid}: plate QC",
        ["Plate", "Z′", "SSMD", "Vehicle CV", "Passed", "Flags"],
        "lrrrcl",
        [
            [
                q.get("plate_id", "–"),
                fmt(num(q.get("z_prime")), 2),
                fmt(num(q.get("ssmd")), 1),
                fmt(num(q.get("cv_vehicle_pct")), 1, " %"),
                "yes" if q.get("passed") else "NO",
                ", ".join(q.get("flags") or []) or "–",
            ]
            for q in sorted(qc, key=lambda q: str(q.get("plate_id")))
        ],
    )


def _ranking_row(kb, r: dict[str, Any], given) -> list[str]:
    ci = r.get("ci95") or [None, None]
    flags = list(r.get("fit_flags") or [])
    if r.get("assessable") is False:
        flags.append("not assessable: " + (r.get("assessable_note") or "on organoids"))
    if r.get("near_tie"):
        flags.append("near tie")
    return [
        fmt(r.get("rank")),
        mark(regimen_label(kb, r["regimen"]), given.of(r["regimen"], r.get("drugs"))),
        fmt(num(r.get("inhibition_pct")), 1),
        f"{fmt(num(ci[0]), 1)} – {fmt(num(ci[1]), 1)}" if ci[0] is not None else "–",
        fmt(num(r.get("aac")), 2),
        cells.bounded(r, "ic50", cells.REPORT),
        fmt(num(r.get("r2")), 2),
        fmt(num(r.get("regression_pct")), 1),
        fmt(r.get("n_wells")),
        {True: "yes", False: "no"}.get(r.get("sensitive"), "–"),
        ", ".join(flags) or "–",
    ]


def _ranking_table(title: str, kb, regs, given) -> dict[str, Any]:
    return table(
        title,
        list(RANKING_COLUMNS),
        "rlrrrrrrrcl",
        [_ranking_row(kb, r, given) for r in regs],
        wrap=[1, 10],
    )


def _group_ids(g: dict[str, Any] | None) -> set[str]:
    """Every regimen of the assigned group: first choice, alternatives and those set aside."""
    items = [(g or {}).get("regimen"), *((g or {}).get("alternatives") or [])]
    items += list((g or {}).get("excluded_regimens") or [])
    return {x.get("id") if isinstance(x, dict) else x for x in items if x}


def _screen(ctx: dict[str, Any], screen: dict[str, Any]) -> dict | None:
    """Add one screen's tables and charts (body: top N and the group's regimens; appendix:
    everything); its ranking summary, or None when not ranked."""
    sec, app, kb, given = ctx["sec"], ctx["appendix"], ctx["kb"], ctx["given"]
    sid = screen["screen_id"]
    qc = sources.screen_qc(ctx["case_dir"], screen)
    if qc:
        sec["tables"].append(_qc_table(sid, qc))
    else:
        sec["missing"].append(f"Screen {sid}: no plate QC recorded (run `precise pdo qc`).")
    ranking = screen.get("ranking")
    if not ranking or not ranking.get("regimens"):
        sec["missing"].append(
            f"Screen {sid} ({screen.get('readout', 'viability')}): "
            "not ranked yet (run `precise pdo rank`)."
        )
        return None
    regs = sorted(ranking["regimens"], key=lambda r: (r.get("rank") or 1e9, r["regimen"]))
    metric = ranking.get("metric") or "inhibition"
    n = ctx["top_n"]
    shown = [r for i, r in enumerate(regs) if i < n or r["regimen"] in ctx["group_ids"]]
    more = len(shown) < len(regs)
    title = f"Screen {sid}: regimen ranking (metric: {metric})"
    if more:
        title = (
            f"Screen {sid}: top {n} regimens and every regimen of the group, of {len(regs)} "
            f"ranked (metric: {metric}; full ranking in the appendix)"
        )
    sec["tables"].append(_ranking_table(title, kb, shown, given))
    sec["charts"].append(organoid_charts.ranking_chart(sid, metric, shown, kb, given))
    ids = {r["regimen"] for r in shown}
    sec["charts"] += organoid_charts.curves_charts(
        ctx["case_dir"], screen, ranking, kb, given, only=ids
    )
    if "screen_metrics" in ranking:  # issue 16: DSS, intervals, GR, ZIP/Loewe, organoids
        sec["tables"].append(screen_metrics.metrics_table(sid, ranking, ids if more else None))
        sec["tables"] += screen_metrics.landscapes(sid, ranking)
    if more:
        app["tables"].append(
            _ranking_table(f"Screen {sid}: full regimen ranking ({len(regs)})", kb, regs, given)
        )
        if "screen_metrics" in ranking:
            app["tables"].append(screen_metrics.metrics_table(sid, ranking))
        for k in range(0, len(regs), BARS_PER_PAGE):
            part = regs[k : k + BARS_PER_PAGE]
            chart = organoid_charts.ranking_chart(sid, metric, part, kb, given, f"-all-{k}")
            chart["title"] += f" (ranks {k + 1}–{k + len(part)})"
            app["charts"].append(chart)
        app["charts"] += organoid_charts.curves_charts(
            ctx["case_dir"], screen, ranking, kb, given, part="-all"
        )
    return {"screen_id": sid, "metric": metric, "regimens": regs}


def build(
    case_dir: Path, record: dict[str, Any], kb, g: dict[str, Any] | None = None
) -> tuple[dict, list[dict], dict]:
    """The section, per ranked screen {screen_id, metric, regimens in rank order}, and the
    appendix section with every regimen and curve (empty when the body shows them all)."""
    sec = section("organoids", "Organoid drug screen")
    app = section(
        "appendix-organoids", "Full organoid ranking and dose–response curves", appendix=True
    )
    screens = sources.screens(record)
    if not screens:
        sec["missing"].append("No organoid screen was performed or loaded.")
        return sec, [], app
    ctx = {
        "sec": sec,
        "appendix": app,
        "kb": kb,
        "given": Given(record),
        "case_dir": case_dir,
        "top_n": top_regimens(kb),
        "group_ids": _group_ids(g),
    }
    ranked = []
    for screen in sorted(screens, key=lambda s: s["screen_id"]):
        summary = _screen(ctx, screen)
        if summary is not None:
            ranked.append(summary)
    return sec, ranked, app


def top_regimens(kb) -> int:
    """How many ranked regimens the body shows (KB `report.top_regimens`, default 10)."""
    from precisecli.knowledge.kb import setting

    return int(setting(kb, "report.top_regimens", DEFAULT_TOP))
