"""Dose-response curve plots written as plain SVG text (one per regimen, at `pdo rank`).

matplotlib took ~0.3 s per curve (text layout of log-scale tick labels), i.e. most of the
time of ranking a 132-drug screen; this writer draws the same content — wells, fitted curve,
the 50 % line, the IC50 when inside the range, axes with decade ticks — in well under a
millisecond, and the same data always give the same bytes.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

W, H = 360, 280
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 26, 40


def _fmt_dose(x: float) -> str:
    return f"{x:g}"


def dose_response_svg(curve, fit) -> bytes:
    """Wells (viability %) and the fitted curve on a log10 dose axis."""
    import numpy as np

    from precisecli.pdo.llsolver import predict

    d = np.asarray(curve.doses_um, dtype=float)
    y = 100.0 * np.asarray(curve.viability, dtype=float)
    ok = np.isfinite(d) & np.isfinite(y) & (d > 0)
    d, y = d[ok], y[ok]
    u = np.log10(d) if d.size else np.array([0.0])
    u_lo, u_hi = float(u.min()), float(u.max())
    if u_hi - u_lo < 1e-9:
        u_lo, u_hi = u_lo - 0.5, u_hi + 0.5
    pad = 0.05 * (u_hi - u_lo)
    x0, x1 = u_lo - pad, u_hi + pad
    y0 = min(0.0, float(np.min(y)) if y.size else 0.0)
    y1 = max(120.0, float(np.max(y)) if y.size else 120.0)
    y0, y1 = max(y0, -200.0), min(y1, 400.0)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(uu):
        return LEFT + (uu - x0) / (x1 - x0) * pw

    def py(vv):
        return TOP + (1.0 - (min(max(vv, y0), y1) - y0) / (y1 - y0)) * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" font-family="DejaVu Sans" font-size="8">',
        f'<rect x="0" y="0" width="{W}" height="{H}" fill="white"/>',
    ]
    status = "" if fit.converged else f" ({fit.status})"
    out.append(
        f'<text x="{W / 2:.1f}" y="14" text-anchor="middle" font-size="9">'
        f"{escape(curve.key + status)}</text>"
    )
    # axes and ticks
    out.append(
        f'<path d="M{LEFT},{TOP} V{TOP + ph} H{LEFT + pw}" stroke="black" fill="none" '
        'stroke-width="0.8"/>'
    )
    for dec in range(math.ceil(x0), math.floor(x1) + 1):
        x = px(dec)
        out.append(f'<line x1="{x:.1f}" y1="{TOP + ph}" x2="{x:.1f}" y2="{TOP + ph + 4}" '
                   'stroke="black" stroke-width="0.8"/>')  # fmt: skip
        out.append(
            f'<text x="{x:.1f}" y="{TOP + ph + 13}" text-anchor="middle">'
            f"{_fmt_dose(10.0**dec)}</text>"
        )
    step = 50 if y1 - y0 > 150 else 25
    for v in range(int(math.ceil(y0 / step) * step), int(y1) + 1, step):
        yy = py(v)
        out.append(f'<line x1="{LEFT - 4}" y1="{yy:.1f}" x2="{LEFT}" y2="{yy:.1f}" '
                   'stroke="black" stroke-width="0.8"/>')  # fmt: skip
        out.append(f'<text x="{LEFT - 6}" y="{yy + 3:.1f}" text-anchor="end">{v}</text>')
    out.append(f'<text x="{LEFT + pw / 2:.1f}" y="{H - 8}" text-anchor="middle">dose (µM)</text>')
    out.append(
        f'<text x="12" y="{TOP + ph / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {TOP + ph / 2:.1f})">viability (% of vehicle)</text>'
    )
    y50 = py(50.0)
    out.append(f'<line x1="{LEFT}" y1="{y50:.1f}" x2="{LEFT + pw}" y2="{y50:.1f}" '
               'stroke="#cccccc" stroke-width="0.6"/>')  # fmt: skip
    if fit.hill is not None and fit.ec50_um:
        grid = np.linspace(u_lo, u_hi, 120)
        f = 100.0 * predict(grid, fit.hill, fit.einf, math.log10(fit.ec50_um), fit.top)
        pts = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(grid, f, strict=True))
        out.append(f'<polyline points="{pts}" fill="none" stroke="#1f6fb4" stroke-width="1.2"/>')
        out.append(
            f'<text x="{LEFT + pw - 4}" y="{TOP + 10}" text-anchor="end" fill="#1f6fb4">'
            f"{escape(fit.model)} fit"
            + ("" if fit.r2 is None else f", R² {fit.r2:.2f}")
            + "</text>"
        )
        if fit.ic50_um is not None and fit.ic50_flag == "in-range":
            xi = px(math.log10(fit.ic50_um))
            out.append(f'<line x1="{xi:.1f}" y1="{TOP}" x2="{xi:.1f}" y2="{TOP + ph}" '
                       'stroke="#999999" stroke-width="0.8" stroke-dasharray="3,2"/>')  # fmt: skip
    for a, b in zip(u, y, strict=False):
        out.append(f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="1.8" fill="#333333"/>')
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


def ranking_svg(doc: dict) -> bytes:
    """Inhibition (or regression) at the reference dose with 95 % CIs, best first."""
    metric = doc["metric"]
    use_regression = metric == "regression"
    key, ci_key = (
        ("regression_pct", "regression_ci95") if use_regression else ("inhibition_pct", "ci95")
    )
    rows = [r for r in doc["regimens"] if r[key] is not None]
    labels = [r["regimen"] + ("" if r["assessable"] else " (not assessable)") for r in rows]
    label_w = 8 + 5.2 * max((len(x) for x in labels), default=4)
    bar_h, width = 14, 300
    height = TOP + BOTTOM + bar_h * max(len(rows), 1)
    total_w = int(label_w + width + 24)
    vals = [r[key] for r in rows]
    cis = [r[ci_key] or [r[key], r[key]] for r in rows]
    thresholds = sorted(
        {r["threshold"]["regression_pct" if use_regression else "inhibition_pct"] for r in rows}
    )
    lo = min([0.0, *[c[0] for c in cis], *thresholds])
    hi = max([100.0, *[c[1] for c in cis], *thresholds])
    lo, hi = max(lo, -200.0), min(hi, 300.0)

    def px(v):
        v = min(max(v, lo), hi)
        return label_w + (v - lo) / (hi - lo) * width

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{height}" '
        f'viewBox="0 0 {total_w} {height}" font-family="DejaVu Sans" font-size="8">',
        f'<rect x="0" y="0" width="{total_w}" height="{height}" fill="white"/>',
        f'<text x="{total_w / 2:.1f}" y="14" text-anchor="middle" font-size="9">'
        f"screen {escape(doc['screen'])}</text>",
    ]
    for i, (r, label, v, ci) in enumerate(zip(rows, labels, vals, cis, strict=True)):
        y = TOP + i * bar_h
        colour = "#bbbbbb" if not r["assessable"] else ("#1f6fb4" if r["sensitive"] else "#9ecae1")
        x0, x1 = sorted((px(0.0), px(v)))
        mid = y + bar_h / 2
        out.append(
            f'<text x="{label_w - 4:.1f}" y="{y + 10}" text-anchor="end">{escape(label)}</text>'
        )
        out.append(
            f'<rect x="{x0:.1f}" y="{y + 2}" width="{x1 - x0:.1f}" height="{bar_h - 4}" '
            f'fill="{colour}"/>'
        )
        out.append(
            f'<line x1="{px(ci[0]):.1f}" y1="{mid}" x2="{px(ci[1]):.1f}" y2="{mid}" '
            'stroke="black" stroke-width="0.8"/>'
        )
    base = TOP + bar_h * max(len(rows), 1)
    out.append(
        f'<line x1="{label_w}" y1="{base}" x2="{label_w + width}" y2="{base}" '
        'stroke="black" stroke-width="0.8"/>'
    )
    step = 50 if hi - lo > 150 else 25
    start = int(-(-lo // step) * step)
    for v in range(start, int(hi) + 1, step):
        out.append(f'<text x="{px(v):.1f}" y="{base + 11}" text-anchor="middle">{v}</text>')
    for t in thresholds:
        out.append(
            f'<line x1="{px(t):.1f}" y1="{TOP}" x2="{px(t):.1f}" y2="{base}" '
            'stroke="#cc3333" stroke-width="0.8" stroke-dasharray="3,2"/>'
        )
    what = "regression" if use_regression else "inhibition"
    out.append(
        f'<text x="{label_w + width / 2:.1f}" y="{base + 26}" text-anchor="middle">'
        f"{what} % at reference dose (95 % CI)</text>"
    )
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")
