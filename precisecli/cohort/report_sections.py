"""The cohort report's sections: the numbers of report_model.build_data laid out as ordered
blocks (text, table with every cell a string, chart id) that both templates render as they
come. Only layout decisions here; no statistics."""

from __future__ import annotations

from typing import Any

from precisecli.cohort.report_model import (
    DEFINITION_FIRST_EVALUATION,
    MAX_SWIMMER,
    ci_pct,
    months,
    pct,
)


def text(body: str) -> dict[str, Any]:
    return {"type": "text", "text": body}


def table(title: str | None, columns: list[str], rows: list[list[str]], align: str) -> dict:
    return {"type": "table", "title": title, "columns": columns, "rows": rows, "align": list(align)}


def chart(chart_id: str, title: str) -> dict[str, Any]:
    return {"type": "chart", "id": chart_id, "title": title}


def _prop(p: dict[str, Any]) -> tuple[str, str]:
    if not p["n"]:
        return "–", "–"
    return f"{p['k']}/{p['n']} ({pct(p['value'])})", ci_pct(p["ci95"])


def endpoints(data: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for g in [
        *data["groups"],
        {**data["all"], "orr_first_evaluation": data["all_first_evaluation"]},
    ]:
        first, first_ci = _prop(g["orr_first_evaluation"])
        best = f"{g['n_responders']}/{g['n_evaluable']}" if g["n_evaluable"] else "–"
        rows.append([g["group"], str(g["n"]), str(g["n_treated"]), first, first_ci,
                     f"{best} ({pct(g['orr'])})" if g["n_evaluable"] else "–",
                     ci_pct(g["orr_ci95"]), months(g["pfs_median_months"]),
                     "–" if not g["pfs_ci95"] else
                     f"{months(g['pfs_ci95'][0])}–{months(g['pfs_ci95'][1])}",
                     str(g["n_events"])])  # fmt: skip
    lr = data["logrank"]
    test = (
        "Log-rank test across groups: not computed (fewer than two groups or no event)."
        if lr is None
        else f"Log-rank test of PFS1 across groups: χ² = {lr['test_statistic']:.2f} on "
        f"{lr['degrees_of_freedom']} df, p = {lr['p_value']:.3g}."
    )
    return {
        "title": "Endpoints per genomic group",
        "blocks": [
            table(
                None,
                [
                    "group",
                    "n",
                    "treated",
                    "ORR 1st evaluation",
                    "95 % CI",
                    "ORR confirmed (BOR)",
                    "95 % CI",
                    "PFS1 median (mo)",
                    "95 % CI",
                    "events",
                ],
                rows,
                "lrrrrrrrrr",
            ),  # fmt: skip
            text(test),
            text(
                f"{DEFINITION_FIRST_EVALUATION}. Confirmed ORR: confirmed CR/PR as best "
                "overall response on the first study line. CIs: exact (Clopper–Pearson). "
                "PFS1: Kaplan–Meier, median CI by the log(-log) method; NR: not reached."
            ),
        ],  # fmt: skip
    }


def km(data: dict[str, Any]) -> dict[str, Any]:
    groups = [g for g in data["groups"] if g["km_curve"]]
    grid = max((g["km_curve"]["grid"] for g in groups), key=len, default=[])
    step = max(1, -(-len(grid) // 12))  # at most 12 columns
    shown = list(range(0, len(grid), step))
    rows = []
    for g in groups:
        values = g["km_curve"]["at_risk_grid"]
        rows.append([g["group"], *[str(values[i]) if i < len(values) else "0" for i in shown]])
    return {
        "title": "PFS1 by genomic group (Kaplan–Meier)",
        "blocks": [
            chart("km", "PFS1 per group, censored patients marked |"),
            table(
                "Numbers at risk",
                ["group", *[f"{grid[i]:g} mo" for i in shown]],
                rows,
                "l" + "r" * len(shown),
            ),  # fmt: skip
        ],
    }


def response_charts(data: dict[str, Any]) -> dict[str, Any]:
    blocks = []
    if data["waterfall"]:
        blocks.append(chart("waterfall", "Best change in the sum of target lesions (first line)"))
        blocks.append(text("Dashed: +20 % (progression threshold); dotted: −30 % (partial "
                           "response threshold). Bars coloured by genomic group."))  # fmt: skip
    else:
        blocks.append(text("No patient has a follow-up target-lesion sum yet."))
    if data["swimmer"]:
        blocks.append(chart("swimmer", "Treatment lines and responses per patient"))
        if len(data["swimmer"]) > MAX_SWIMMER:
            blocks.append(text(f"Showing {MAX_SWIMMER} of {len(data['swimmer'])} treated "
                               "patients, taken in turn from each group (longest follow-up "
                               "first)."))  # fmt: skip
    return {"title": "Response", "blocks": blocks}


def organoids(data: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for g in data["groups"]:
        o = g["organoid"]
        reg, reg_ci = _prop(o["regression"])
        median = o["median_inhibition_pct"]
        rows.append([g["group"], str(o["n_inhibition"]),
                     "–" if median is None else f"{median:.1f} %", reg, reg_ci])  # fmt: skip
    cut = next((g["organoid"]["regression_cutoff_pct"] for g in data["groups"]
                if g["organoid"]["regression_cutoff_pct"] is not None), None)  # fmt: skip
    blocks = [
        table(
            None,
            ["group", "screened", "median inhibition", "regression rate", "95 % CI"],
            rows,
            "lrrrr",
        ),  # fmt: skip
        text(
            "Organoid response to the group's first-choice regimen in the latest ranked screen "
            "(assessable calls only). Regression: long-diameter regression at or above "
            + ("the knowledge base's cut-off" if cut is None else f"{cut:g} %")
            + " (knowledge base)."
        ),  # fmt: skip
    ]
    if any(g["organoid"]["n_inhibition"] or g["organoid"]["n_regression"] for g in data["groups"]):
        blocks.insert(0, chart("organoid", "Organoid response per group"))
    return {"title": "Organoids per group", "blocks": blocks}


def _diag_row(label: str, d: dict[str, Any]) -> list[str]:
    def one(key: str) -> str:
        value = d[key]
        return "–" if value is None else f"{pct(value, 0)} ({ci_pct(d[key + '_ci95'])})"

    return [label, str(d["n"]), str(d["tp"]), str(d["fp"]), str(d["fn"]), str(d["tn"]),
            one("sensitivity"), one("specificity"), one("ppv"), one("npv")]  # fmt: skip


def concordance(data: dict[str, Any]) -> dict[str, Any]:
    c = data["concordance"]
    a = c["all"]
    two_by_two = [
        ["organoid sensitive", str(a["tp"]), str(a["fp"]), str(a["tp"] + a["fp"])],
        ["organoid not sensitive", str(a["fn"]), str(a["tn"]), str(a["fn"] + a["tn"])],
        ["total", str(a["tp"] + a["fn"]), str(a["fp"] + a["tn"]), str(a["n"])],
    ]
    rows = [_diag_row("all regimens", a)] + [_diag_row(r, d) for r, d in c["regimens"].items()]
    return {
        "title": "Organoid-vs-patient concordance",
        "blocks": [
            table(
                "All study lines",
                ["", "patient CR/PR", "patient no CR/PR", "total"],
                two_by_two,
                "lrrr",
            ),  # fmt: skip
            table(
                "Per regimen",
                [
                    "regimen",
                    "n",
                    "TP",
                    "FP",
                    "FN",
                    "TN",
                    "sensitivity",
                    "specificity",
                    "PPV",
                    "NPV",
                ],
                rows,
                "lrrrrrrrrr",
            ),  # fmt: skip
            text(
                "Each study line with an assessable organoid call for its regimen and "
                "measurable disease; patient response: confirmed CR/PR (RECIST 1.1). "
                "Percentages with exact 95 % CIs."
            ),  # fmt: skip
        ],
    }


def oncoprint(data: dict[str, Any]) -> dict[str, Any]:
    o = data["oncoprint"]
    if not o["cells"]:
        return {"title": "Driving alterations", "blocks": [
            text("No grouped case carries a driving alteration yet.")]}  # fmt: skip
    blocks = [chart("oncoprint", "Driving alterations across cases (oncoprint)")]
    if o["n_cases_with_alterations"] > len(o["cases"]):
        blocks.append(text(f"Showing {len(o['cases'])} of {o['n_cases_with_alterations']} "
                           "cases; gene counts are over all of them."))  # fmt: skip
    blocks.append(text("Alterations the grouping used (gene, alteration, kind), per case; "
                       "top row: genomic group."))  # fmt: skip
    return {"title": "Driving alterations", "blocks": blocks}


def simon(data: dict[str, Any]) -> dict[str, Any] | None:
    s = data["simon"]
    if s is None:
        return None
    d = s["design"]
    rows = []
    for arm in s["arms"]:
        inf = arm["inference"]
        if inf is None:
            rows.append([arm["group"], str(arm["n_evaluable"]), arm["status"], "–", "–", "–", "–"])
            continue
        rows.append([arm["group"], str(arm["n_evaluable"]), arm["status"],
                     f"{inf['p_value']:.3g}", ci_pct(inf["ci95"]),
                     pct(inf["median_unbiased"]), pct(inf["umvue"])])  # fmt: skip
    return {
        "title": "ORR against the Simon two-stage design",
        "blocks": [
            text(
                f"Design: H0 p ≤ {d['p0']:g}, H1 p ≥ {d['p1']:g}, α = {d['alpha']:g}, "
                f"β = {d['beta']:g}; stage 1: stop if ≤ {d['r1']} responses in {d['n1']}; "
                f"reject H0 if > {d['r']} responses in {d['n']}. Exact type I error "
                f"{s['actual_alpha']:.4f}, power {s['actual_power']:.3f}, early-stop "
                f"probability under H0 {s['early_stop_p0']:.2f}, expected n under H0 "
                f"{s['expected_n_p0']:.1f}."
            ),  # fmt: skip
            table(
                None,
                ["group", "evaluable", "status", "p-value", "95 % CI", "median-unbiased", "UMVUE"],
                rows,
                "lrlrrrr",
            ),  # fmt: skip
            text(
                "Endpoint: response at the first evaluation; patients enter the stages in "
                "order of first-line start. " + s["method"] + "."
            ),  # fmt: skip
        ],
    }


def build_sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    parts = [endpoints(data), km(data), response_charts(data), organoids(data),
             concordance(data), oncoprint(data), simon(data)]  # fmt: skip
    return [p for p in parts if p is not None]
