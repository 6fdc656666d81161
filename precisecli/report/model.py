"""The report model: ONE JSON document assembled from a case; PDF and HTML are functions of it.

Numbers are formatted here, once, so both renderings print the same text. Every section that
has no data says so in words (``missing``) instead of disappearing.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from precisecli import __version__
from precisecli.errors import InputError
from precisecli.report import sources

REPORT_SCHEMA = "report.schema.json"
MODEL_VERSION = 1
RESEARCH_USE = (
    "For research use only. This report was produced by precise, software that has not been "
    "cleared or approved by any regulatory authority, from a knowledge base that is a proposal "
    "not calibrated against patient outcomes. It supports, and does not replace, the judgement "
    "of the treating physicians and the tumour board."
)


# --- formatting (the one place numbers become text) -----------------------------------------
def fmt(value: Any, digits: int = 1, suffix: str = "") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value}{suffix}"
    if isinstance(value, float):
        return f"{value:.{digits}f}{suffix}"
    return f"{value}{suffix}"


def pct(fraction: Any, digits: int = 1) -> str:
    """A 0-1 fraction as a percentage."""
    if not isinstance(fraction, int | float) or isinstance(fraction, bool):
        return "–"
    return f"{100 * fraction:.{digits}f} %"


def table(title: str | None, columns: list[str], align: str, rows: list[list[Any]], **extra):
    """A display table: align is one letter per column (l, r, c)."""
    assert len(align) == len(columns)
    return {
        "title": title,
        "columns": columns,
        "align": list(align),
        "rows": [[fmt(c) if not isinstance(c, str) else c for c in row] for row in rows],
        "empty": extra.get("empty", "None."),
        "legend": extra.get("legend", []),
    }


def section(sid: str, title: str, **parts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": sid,
        "title": title,
        "facts": [],
        "paragraphs": [],
        "tables": [],
        "charts": [],
        "missing": [],
        "flags": [],
    }
    out.update(parts)
    return out


# --- dates ------------------------------------------------------------------------------------
def last_change(case_dir: Path) -> dict[str, Any] | None:
    """The last audit entry that changed the case's content (report entries are skipped:
    writing a report is itself audited, and must not make the next report differ)."""
    audit = case_dir / "audit.jsonl"
    last = None
    if audit.is_file():
        for line in audit.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("command") != "report":
                last = entry
    return last


def report_time(case_dir: Path, record: dict[str, Any]) -> datetime:
    """SOURCE_DATE_EPOCH when set; else when the case's content last changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds",
                hint="unset it or give seconds since 1970-01-01 UTC",
            ) from None
    entry = last_change(case_dir)
    stamp = (entry or {}).get("time") or record.get("created")
    stamp = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    return stamp.astimezone(UTC).replace(microsecond=0)


# --- the sections ---------------------------------------------------------------------------
def _kb_regimen(kb, regimen_id: str | None) -> dict[str, Any] | None:
    return kb.regimen(regimen_id) if (kb is not None and regimen_id) else None


def regimen_label(kb, regimen: Any) -> str:
    """'label (drug, drug)' for a KB regimen id or a {id, drugs} object."""
    if regimen is None:
        return "–"
    rid = regimen.get("id") if isinstance(regimen, dict) else str(regimen)
    drugs = regimen.get("drugs") if isinstance(regimen, dict) else None
    known = _kb_regimen(kb, rid)
    if known:
        return str(known.get("label") or rid)
    if rid and drugs:
        return f"{rid} ({' + '.join(drugs)})"
    return rid or " + ".join(drugs or []) or "–"


def _clinical(record: dict[str, Any]) -> dict[str, Any]:
    from precisecli.clinical import clinical_facts

    intake = record.get("intake", {})
    dx = intake.get("diagnosis", {})
    bio = intake.get("biomarkers", {})
    study_drugs = [
        d for ln in sources.treatment(record).get("lines", []) for d in ln.get("drugs", [])
    ]
    facts = clinical_facts(intake, study_drugs)
    rows = [
        ["Histology", dx.get("histology") or "–"],
        ["Diagnosis date", dx.get("date") or "–"],
        [
            "Hormone receptors",
            f"{facts.hr_status} (ER {fmt(dx.get('er_percent'), 0)} %, "
            f"PR {fmt(dx.get('pr_percent'), 0)} %)",
        ],
        [
            "HER2",
            f"{facts.her2_status} (IHC {fmt(dx.get('her2_ihc'))}, "
            f"ISH ratio {fmt(dx.get('her2_ish_ratio'))})",
        ],
        ["Menopausal status", dx.get("menopausal_status") or "–"],
        ["Metastatic sites", ", ".join(dx.get("metastatic_sites", [])) or "–"],
        [
            "MSI / PD-L1 CPS / TILs",
            f"{bio.get('msi_status') or '–'} / "
            f"{fmt(bio.get('pdl1_cps'), 0)} / "
            f"{fmt(bio.get('tils_percent'), 0)} %",
        ],
        ["Trastuzumab resistance", intake.get("trastuzumab_resistance") or "–"],
        [
            "Prior lines / T-DM1 exposed",
            f"{facts.n_prior_lines} / {'yes' if facts.tdm1_exposed else 'no'}",
        ],
    ]
    timeline = []
    for ln in intake.get("prior_therapy", []):
        timeline.append(
            {
                "line": ln.get("line"),
                "source": "prior",
                "regimen": ln.get("regimen"),
                "drugs": ln.get("drugs", []),
                "start": ln.get("start"),
                "end": ln.get("end"),
                "best_response": ln.get("best_response"),
                "stop_reason": ln.get("stop_reason"),
                "chosen_by": None,
            }
        )
    for ln in sources.treatment(record).get("lines", []):
        timeline.append(
            {
                "line": ln.get("line"),
                "source": "study",
                "regimen": ln.get("regimen"),
                "drugs": ln.get("drugs", []),
                "start": ln.get("start"),
                "end": ln.get("end"),
                "best_response": ln.get("best_response"),
                "stop_reason": ln.get("stop_reason"),
                "chosen_by": ln.get("chosen_by"),
            }
        )
    timeline.sort(key=lambda t: (t["start"] or "", t["line"] or 0))
    t_rows = [
        [
            fmt(t["line"]),
            t["source"],
            t["regimen"] or "–",
            ", ".join(t["drugs"]) or "–",
            t["start"] or "–",
            t["end"] or "ongoing",
            t["best_response"] or "–",
            t["stop_reason"] or "–",
            t["chosen_by"] or "–",
        ]
        for t in timeline
    ]
    sec = section(
        "clinical", "Clinical summary and treatment history", facts=rows, timeline=timeline
    )
    if t_rows:
        sec["tables"].append(
            table(
                "Treatment-history timeline",
                [
                    "Line",
                    "Source",
                    "Regimen",
                    "Drugs",
                    "Start",
                    "End",
                    "Best",
                    "Stopped",
                    "Chosen by",
                ],
                "rllllllll",
                t_rows,
            )
        )
    else:
        sec["missing"].append("No prior or study treatment lines are recorded.")
    if intake.get("notes"):
        sec["paragraphs"].append("Notes: " + intake["notes"])
    return sec


def _notable(a: dict[str, Any]) -> bool:
    return bool(
        a.get("oncogenic")
        or a.get("hotspot")
        or a.get("chip")
        or a.get("kind") in ("amplification", "deletion")
    )


def _others(found: list, shown: list) -> str:
    n = len(found) - len(shown)
    if not n:
        return ""
    return (
        f"{n} further alteration(s) (variants not known to be oncogenic, single-copy gains and "
        "losses) are not listed; `precise variants show` lists them."
    )


def _sample_label(s: dict[str, Any]) -> str:
    where = s.get("site") if s.get("kind") == "biopsy" else f"ctDNA {s.get('collected') or ''}"
    return f"{s['sample_id']} ({(where or '').strip() or s.get('kind')})"


def _genomics(case_dir: Path, record: dict[str, Any]) -> tuple[dict, dict, list[dict]]:
    samples = sorted(
        sources.samples(record),
        key=lambda s: (s.get("kind") != "biopsy", s.get("collected") or "", s["sample_id"]),
    )
    alts = sources.alterations(case_dir, record)
    sec = section("genomics", "Genomic findings per sample", samples=samples)
    het = section("heterogeneity", "Heterogeneity across foci and ctDNA")
    if not samples:
        sec["missing"].append("No sequencing data were imported (no biopsy and no ctDNA samples).")
        het["missing"].append("No samples to compare.")
        return sec, het, samples
    biopsies = [s for s in samples if s.get("kind") == "biopsy"]
    ctdna = [s for s in samples if s.get("kind") == "ctdna"]
    sec["tables"].append(
        table(
            "Samples",
            [
                "Sample",
                "Type",
                "Biopsy site / time point",
                "Collected",
                "Build",
                "Variants",
                "TMB (mut/Mb)",
                "Territory (Mb)",
            ],
            "llllllrr",
            [
                [
                    s["sample_id"],
                    s.get("kind") or "–",
                    s.get("site") or ("ctDNA" if s.get("kind") == "ctdna" else "–"),
                    s.get("collected") or "–",
                    s.get("build") or "–",
                    fmt(s.get("n_variants")),
                    fmt(s.get("tmb_per_mb"), 1),
                    fmt(s.get("territory_mb"), 1),
                ]
                for s in samples
            ],
        )
    )
    if not biopsies:
        sec["missing"].append("No tissue biopsy samples.")
    if not ctdna:
        sec["missing"].append("No ctDNA samples.")
    by_sample: dict[str, list[dict]] = {}
    for a in alts:
        by_sample.setdefault(a["sample_id"], []).append(a)
    for s in samples:
        rows = []
        found = by_sample.get(s["sample_id"], [])
        # The board reads what can drive a decision: oncogenic/hotspot/CHIP variants and every
        # copy-number call; the rest is counted (the full list is in `precise variants show`).
        shown = [a for a in found if _notable(a)]
        for a in sorted(
            shown,
            key=lambda a: (not a.get("oncogenic"), a.get("gene", ""), a.get("alteration", "")),
        ):
            tags = [
                t
                for t, on in (
                    ("hotspot", a.get("hotspot")),
                    ("oncogenic", a.get("oncogenic")),
                    ("CHIP", a.get("chip")),
                    ("clonal", a.get("clonal")),
                )
                if on
            ]
            if a.get("filtered_reason"):
                tags.append(f"not counted: {a['filtered_reason']}")
            rows.append(
                [
                    a.get("gene", "–"),
                    a.get("alteration") or a.get("hgvsp") or "–",
                    a.get("kind", "–"),
                    a.get("consequence") or "–",
                    pct(a.get("vaf")),
                    fmt(a.get("depth")),
                    fmt(a.get("copy_number"), 1),
                    ", ".join(tags) or "–",
                ]
            )
        if rows:
            sec["tables"].append(
                table(
                    f"{_sample_label(s)}: alterations",
                    [
                        "Gene",
                        "Alteration",
                        "Type",
                        "Consequence",
                        "VAF",
                        "Depth",
                        "CN",
                        "Annotation",
                    ],
                    "llllrrrl",
                    rows,
                    empty=_others(found, shown),
                )
            )
            if len(found) > len(shown):
                sec["tables"][-1]["legend"] = [_others(found, shown)]
        else:
            sec["tables"].append(
                table(
                    f"{_sample_label(s)}: alterations",
                    ["Gene"],
                    "l",
                    [],
                    empty="No oncogenic alteration or copy-number call. " + _others(found, shown),
                )
            )
    _heterogeneity(het, case_dir, record, samples, alts)
    return sec, het, samples


def _heterogeneity(het, case_dir, record, samples, alts) -> None:
    """The genomics comparison (truncal / shared / private / ctDNA-only), shown as a matrix."""
    ids = [s["sample_id"] for s in samples]
    legend = ["Samples: " + "; ".join(_sample_label(s) for s in samples)]
    doc = sources.comparison(case_dir, record)
    if doc is None:
        het["missing"].append(
            "The genomics comparison (truncal / shared / private) is not available."
        )
        return
    rows = []
    for r in doc.get("alterations", []):
        cells = []
        for sid in ids:
            if r.get("kind") == "mutation":
                vaf = (r.get("vaf") or {}).get(sid)
                cells.append(pct(vaf) if vaf is not None else "·")
            else:
                cn = (r.get("copy_number") or {}).get(sid)
                present = sid in (r.get("biopsies") or []) or sid in (r.get("ctdna") or [])
                cells.append(f"CN {fmt(cn, 1)}" if cn is not None else ("+" if present else "·"))
        rows.append(
            [r.get("gene", "–"), r.get("alteration") or "–", *cells, r.get("category") or "–"]
        )
    counts = doc.get("counts") or {}
    if counts:
        het["facts"].append(
            ["Alterations by category (all)", ", ".join(f"{k} {v}" for k, v in counts.items())]
        )
    conc = doc.get("concordance")
    if conc:
        het["facts"].append(
            [
                "Tissue–ctDNA concordance",
                f"{pct(conc.get('fraction'))} ({conc.get('both')} in both, "
                f"{conc.get('tissue_only')} tissue only, {conc.get('ctdna_only')} ctDNA only; "
                f"{conc.get('scope')})",
            ]
        )
    if rows:
        het["tables"].append(
            table(
                "Oncogenic alterations × sample (VAF for mutations, copy number for CNAs; "
                "· = not detected)",
                ["Gene", "Alteration", *ids, "Category"],
                "ll" + "r" * len(ids) + "l",
                rows,
                legend=legend,
            )
        )
    else:
        het["missing"].append("No oncogenic alterations to compare across samples.")
    timeline = doc.get("ctdna_timeline") or []
    if timeline:
        dates = [p.get("collected") or p["sample_id"] for p in timeline[0]["points"]]
        het["tables"].append(
            table(
                "ctDNA VAF over time",
                ["Gene", "Alteration", *dates, "Pattern"],
                "ll" + "r" * len(dates) + "l",
                [
                    [
                        t["gene"],
                        t["alteration"],
                        *[
                            pct(p.get("vaf")) if p.get("vaf") is not None else "·"
                            for p in t["points"]
                        ],
                        t["pattern"],
                    ]
                    for t in timeline
                ],
            )
        )


def _evidence_levels(kb, g: dict[str, Any]) -> list[list[str]]:
    """Trials behind the assigned group, with their evidence level (ESCAT), from the KB."""
    gid = (g.get("group") or {}).get("id")
    items = g.get("evidence")  # the grouping document may carry them already
    if not items and kb is not None and gid:
        groups = kb.data.get("groups") or []
        group = next((x for x in groups if isinstance(x, dict) and x.get("id") == gid), None)
        by_id = {e.get("id"): e for e in kb.data.get("evidence") or [] if isinstance(e, dict)}
        items = [
            by_id.get(e, {"trial": e}) if isinstance(e, str) else e
            for e in (group or {}).get("evidence") or []
        ]
    rows = []
    for e in items or []:
        if not isinstance(e, dict):
            continue
        level = e.get("level")
        if isinstance(level, dict):
            level = level.get("escat") or level.get("oncokb") or level.get("amp")
        level = level or "not rated"
        figures = e.get("figures") or e.get("summary") or []
        figures = "; ".join(figures) if isinstance(figures, list) else str(figures)
        rows.append(
            [
                str(e.get("trial") or e.get("id") or "–"),
                str(e.get("design") or "–"),
                str(e.get("regimen") or "–"),
                figures or "–",
                str(level or "–"),
            ]
        )
    return rows


def _grouping(record, kb) -> tuple[dict, dict | None]:
    g = sources.grouping(record)
    sec = section("grouping", "Genomic group and evidence trail")
    if not g:
        sec["missing"].append("No genomic group has been assigned (run `precise group`).")
        return sec, None
    group = g.get("group") or {}
    sec["facts"] = [
        ["Group", f"{group.get('id', '–')} — {group.get('name', '–')}"],
        ["First-choice regimen", regimen_label(kb, g.get("regimen"))],
        ["Alternatives", "; ".join(regimen_label(kb, a) for a in g.get("alternatives", [])) or "–"],
        ["Knowledge base", _kb_text(g.get("kb"))],
    ]
    decision = g.get("decision") or {}
    if decision.get("text"):
        sec["facts"].insert(1, ["Decision", decision["text"]])
    rows = []
    for sig in g.get("signatures", []):
        ev = sig.get("evidence") or []
        status = sig.get("status") or ("matched" if sig.get("matched") else "not matched")
        name = f"{sig.get('group', '–')} {sig.get('name') or ''}".strip()
        if not ev:
            rows.append([name, status, "–", "–", "–", "–"])
        for e in ev:
            rows.append(
                [
                    name,
                    status,
                    e.get("gene") or "–",
                    e.get("alteration") or "–",
                    ", ".join(e.get("sample_ids") or []) or "–",
                    pct(e.get("vaf")),
                ]
            )
    if rows:
        sec["tables"].append(
            table(
                "Signatures evaluated (evidence trail)",
                ["Signature", "Status", "Gene", "Alteration", "Samples", "VAF"],
                "llllll",
                rows,
            )
        )
    excluded = [
        [regimen_label(kb, x), x.get("reason") or "–"] for x in g.get("excluded_regimens") or []
    ]
    if excluded:
        sec["tables"].append(
            table("Regimens of the group set aside", ["Regimen", "Why"], "ll", excluded)
        )
    levels = _evidence_levels(kb, g)
    if levels:
        sec["tables"].append(
            table(
                f"Clinical evidence for {group.get('id')}",
                ["Trial", "Design", "Regimen", "Results", "ESCAT"],
                "llllc",
                levels,
            )
        )
    else:
        sec["missing"].append("The knowledge base lists no clinical evidence for this group.")
    return sec, g


def _kb_text(stamp: dict | None) -> str:
    if not stamp:
        return "–"
    return f"{stamp.get('name')} {stamp.get('version')} (sha256 {str(stamp.get('sha256'))[:12]})"


def _num(v: Any) -> float | None:
    try:
        out = float(v)
    except (TypeError, ValueError):
        return None
    return out if out == out and abs(out) != float("inf") else None


def _organoids(case_dir: Path, record, kb) -> tuple[dict, list[dict]]:
    sec = section("organoids", "Organoid drug screen")
    screens = sources.screens(record)
    if not screens:
        sec["missing"].append("No organoid screen was performed or loaded.")
        return sec, []
    ranked = []
    for screen in sorted(screens, key=lambda s: s["screen_id"]):
        sid = screen["screen_id"]
        qc = sources.screen_qc(case_dir, screen)
        if qc:
            sec["tables"].append(
                table(
                    f"Screen {sid}: plate QC",
                    ["Plate", "Z′", "SSMD", "Vehicle CV", "Passed", "Flags"],
                    "lrrrcl",
                    [
                        [
                            q.get("plate_id", "–"),
                            fmt(_num(q.get("z_prime")), 2),
                            fmt(_num(q.get("ssmd")), 1),
                            fmt(_num(q.get("cv_vehicle_pct")), 1, " %"),
                            "yes" if q.get("passed") else "NO",
                            ", ".join(q.get("flags") or []) or "–",
                        ]
                        for q in sorted(qc, key=lambda q: str(q.get("plate_id")))
                    ],
                )
            )
        else:
            sec["missing"].append(f"Screen {sid}: no plate QC recorded (run `precise pdo qc`).")
        ranking = screen.get("ranking")
        if not ranking or not ranking.get("regimens"):
            sec["missing"].append(
                f"Screen {sid} ({screen.get('readout', 'viability')}): "
                "not ranked yet (run `precise pdo rank`)."
            )
            continue
        regs = sorted(ranking["regimens"], key=lambda r: (r.get("rank") or 1e9, r["regimen"]))
        metric = ranking.get("metric") or "inhibition"
        rows, bars = [], []
        for r in regs:
            ci = r.get("ci95") or [None, None]
            flags = []
            if r.get("assessable") is False:
                flags.append("not assessable on organoids")
            if r.get("near_tie"):
                flags.append("near tie")
            rows.append(
                [
                    fmt(r.get("rank")),
                    regimen_label(kb, r["regimen"]),
                    fmt(_num(r.get("inhibition_pct")), 1),
                    f"{fmt(_num(ci[0]), 1)} – {fmt(_num(ci[1]), 1)}" if ci[0] is not None else "–",
                    fmt(_num(r.get("aac")), 2),
                    fmt(_num(r.get("ic50_um")), 3),
                    fmt(_num(r.get("regression_pct")), 1),
                    fmt(r.get("n_wells")),
                    "yes" if r.get("sensitive") else "no",
                    ", ".join(flags) or "–",
                ]
            )
            value = (
                _num(r.get(f"{metric}_pct"))
                if metric in ("inhibition", "regression")
                else _num(r.get(metric))
            )
            if value is None:
                value = _num(r.get("inhibition_pct"))
            bars.append(
                {
                    "label": regimen_label(kb, r["regimen"]),
                    "value": value,
                    "lo": _num(ci[0]),
                    "hi": _num(ci[1]),
                    "sensitive": bool(r.get("sensitive")),
                    "assessable": r.get("assessable") is not False,
                }
            )
        sec["tables"].append(
            table(
                f"Screen {sid}: regimen ranking (metric: {metric})",
                [
                    "Rank",
                    "Regimen",
                    "Inhib. %",
                    "95 % CI",
                    "AAC",
                    "IC50 µM",
                    "Regr. %",
                    "Wells",
                    "Sensitive",
                    "Flags",
                ],
                "rlrrrrrrcl",
                rows,
            )
        )
        axis = {
            "inhibition": "inhibition (%)",
            "regression": "organoid regression (%)",
            "aac": "area above the curve (0–1)",
            "ic50": "IC50 (µM)",
        }.get(metric, metric)
        sec["charts"].append(
            {
                "id": f"rank-{sid}",
                "kind": "ranking",
                "title": f"Screen {sid}: {metric} by regimen with 95 % CI",
                "axis": axis,
                "bars": bars,
            }
        )
        curves = _curves(case_dir, screen, ranking, kb)
        if curves:
            sec["charts"].append(
                {
                    "id": f"curves-{sid}",
                    "kind": "curves",
                    "title": f"Screen {sid}: dose–response (viability %)",
                    "curves": curves,
                }
            )
        ranked.append({"screen_id": sid, "metric": metric, "regimens": regs})
    return sec, ranked


def _curves(case_dir: Path, screen, ranking, kb) -> list[dict[str, Any]]:
    """Observed points (from wells.tsv) and the fitted curve sampled by pdo's own model."""
    fits = sources.screen_fits(case_dir, screen)
    points = sources.screen_points(case_dir, screen)
    order = {r["regimen"]: (r.get("rank") or 1e9) for r in ranking.get("regimens", [])}
    out = []
    for reg in sorted(set(points) | set(fits), key=lambda r: (order.get(r, 1e9), r)):
        pts = sorted(points.get(reg, []))
        fit = fits.get(reg) or {}
        if not pts and not fit:
            continue
        lo = pts[0][0] if pts else fit.get("min_dose_um")
        hi = pts[-1][0] if pts else fit.get("max_dose_um")
        curve: list[list[float]] = []
        if lo and hi and hi > lo:
            xs = [lo * (hi / lo) ** (i / 59) for i in range(60)]
            ys = sources.fitted_curve(fit, xs)
            if ys:
                curve = [[x, y] for x, y in zip(xs, ys, strict=True)]
        if not pts and not curve:
            continue
        out.append(
            {
                "regimen": regimen_label(kb, reg),
                "points": pts,
                "curve": curve,
                "ic50_um": _num(fit.get("ic50_um")),
                "r2": _num(fit.get("r2")),
            }
        )
    return out


def _recommendation(record, kb, g, ranked) -> dict[str, Any]:
    sec = section("recommendation", "Recommendation")
    if g:
        sec["facts"].append(
            ["First line on study (from the group)", regimen_label(kb, g.get("regimen"))]
        )
        alts = "; ".join(regimen_label(kb, a) for a in g.get("alternatives", []))
        sec["facts"].append(["Alternatives", alts or "–"])
    else:
        sec["missing"].append("No group-based first regimen: the case has not been grouped.")
    nxt = sources.next_line(record)
    if nxt and nxt.get("considered"):
        seq, excluded = [], []
        for c in sorted(nxt["considered"], key=lambda c: (c["rank"], c["regimen"])):
            basis = f"organoid rank {c['rank']}, inhibition {fmt(_num(c.get('inhibition_pct')))} %"
            if c.get("eligible"):
                seq.append([fmt(len(seq) + 1), regimen_label(kb, c["regimen"]), basis])
            else:
                excluded.append(
                    [
                        regimen_label(kb, c["regimen"]),
                        fmt(c["rank"]),
                        "; ".join(
                            list(c.get("excluded_because") or []) + list(c.get("notes") or [])
                        )
                        or "–",
                    ]
                )
        if nxt.get("recommendation"):
            sec["facts"].append(
                [
                    "Next line (organoid-informed)",
                    regimen_label(kb, nxt["recommendation"]["regimen"]),
                ]
            )
        sec["facts"].append(["Basis", nxt.get("reason") or "–"])
        if seq:
            sec["tables"].append(
                table(
                    f"Organoid-informed sequence for later lines (screen {nxt.get('screen')})",
                    ["Order", "Regimen", "Basis"],
                    "rll",
                    seq,
                )
            )
        else:
            sec["missing"].append(
                "No organoid-sensitive regimen remains eligible for a later line."
            )
        if excluded:
            sec["tables"].append(
                table("Ranked regimens set aside", ["Regimen", "Rank", "Why"], "lrl", excluded)
            )
    elif ranked:
        sec["missing"].append("The next-line recommendation is not available in this version.")
    else:
        sec["missing"].append("No organoid ranking: later lines cannot be organoid-informed.")
    flags = list((g or {}).get("flags") or [])
    sec["flags"] = [
        f
        if isinstance(f, str)
        else str(f.get("message") or json.dumps(f, ensure_ascii=False, sort_keys=True))
        for f in flags
    ]
    return sec


def _response(case_dir, record) -> dict[str, Any]:
    sec = section("response", "Response to date (RECIST 1.1)")
    ev = sources.evaluation(record)
    if not ev or not ev.get("timepoints"):
        sec["missing"].append("No RECIST assessments recorded yet.")
        return sec
    sec["facts"] = [
        ["Best overall response", ev.get("best_overall_response") or "–"],
        ["Confirmed", fmt(ev.get("confirmed"))],
        ["Progression date", ev.get("progression_date") or "none"],
    ]
    sec["tables"].append(
        table(
            "Assessments",
            [
                "Date",
                "Target sum mm",
                "Δ baseline",
                "Δ nadir",
                "Target",
                "Non-target",
                "New",
                "Overall",
            ],
            "lrrrllll",
            [
                [
                    t.get("date") or "–",
                    fmt(_num(t.get("target_sum_mm")), 1),
                    fmt(_num(t.get("change_from_baseline_pct")), 1, " %"),
                    fmt(_num(t.get("change_from_nadir_pct")), 1, " %"),
                    t.get("target") or "–",
                    t.get("non_target") or "–",
                    fmt(t.get("new_lesions")),
                    t.get("overall") or "–",
                ]
                for t in ev["timepoints"]
            ],
        )
    )
    return sec


def _response_summary(ev: dict[str, Any] | None) -> str:
    if not ev or not ev.get("timepoints"):
        return "no RECIST data"
    text = f"best {ev.get('best_overall_response') or '–'}"
    if ev.get("confirmed"):
        text += " (confirmed)"
    if ev.get("progression_date"):
        text += f"; progression {ev['progression_date']}"
    return text


def _provenance(record, kb_stamp, params) -> dict[str, Any]:
    sec = section("provenance", "Provenance")
    inputs = sorted(record.get("inputs", []), key=lambda i: (i.get("imported", ""), i["name"]))
    sec["tables"].append(
        table(
            "Input files",
            ["File", "sha256", "Bytes", "Imported by"],
            "llrl",
            [[i["name"], i["sha256"], fmt(i.get("size")), i.get("command", "–")] for i in inputs],
        )
    )
    sec["facts"] = [[k, v] for k, v in params]
    sec["inputs"] = [
        {
            "name": i["name"],
            "sha256": i["sha256"],
            "size": i.get("size"),
            "command": i.get("command"),
        }
        for i in inputs
    ]
    sec["kb"] = kb_stamp
    return sec


def _audit_text(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "–"
    return f"#{entry.get('seq')} {entry.get('command')} / {str(entry.get('hash'))[:16]}"


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"precise": __version__}
    for dist in ("typst", "matplotlib", "jinja2"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    return out


def build_model(
    case_dir: Path, record: dict[str, Any], when: datetime | None = None
) -> dict[str, Any]:
    """Assemble the report model of one case (read-only; the caller holds the read lock)."""
    from precisecli.knowledge.kb import load_kb

    when = when or report_time(case_dir, record)
    g = sources.grouping(record)
    kb_stamp = (g or {}).get("kb")
    kb = load_kb()
    if kb_stamp and kb_stamp.get("sha256") != kb.sha256:
        kb = None  # grouped with a site KB we do not have: show ids, not labels from another KB
    kb_stamp = kb_stamp or kb.stamp()
    clinical = _clinical(record)
    genomics, het, samples = _genomics(case_dir, record)
    grouping, g = _grouping(record, kb)
    organoids, ranked = _organoids(case_dir, record, kb)
    recommendation = _recommendation(record, kb, g, ranked)
    response = _response(case_dir, record)
    versions = _versions()
    params = [
        [
            "Report date source",
            "SOURCE_DATE_EPOCH"
            if os.environ.get("SOURCE_DATE_EPOCH")
            else "last change of the case (audit log)",
        ],
        ["Knowledge base", _kb_text(kb_stamp)],
        [
            "Organoid ranking metric",
            ", ".join(f"{r['screen_id']}: {r['metric']}" for r in ranked) or "–",
        ],
        [
            "Genome build(s)",
            ", ".join(sorted({s.get("build") for s in samples if s.get("build")})) or "–",
        ],
        ["Last change (audit entry / hash)", _audit_text(last_change(case_dir))],
        ["Software", ", ".join(f"{k} {v}" for k, v in versions.items())],
    ]
    provenance = _provenance(record, kb_stamp, params)

    top = None
    if ranked:
        best = next(
            (r for r in ranked[0]["regimens"] if r.get("assessable") is not False),
            ranked[0]["regimens"][0],
        )
        top = regimen_label(kb, best["regimen"])
    group = (g or {}).get("group") or {}
    summary_flags = list(recommendation["flags"])
    for s in (organoids, genomics, response):
        summary_flags += [
            m for m in s["missing"] if m.startswith(("No organoid", "No ctDNA", "No sequencing"))
        ]
    summary = {
        "group": f"{group['id']} — {group.get('name', '')}" if group.get("id") else "not assigned",
        "regimen": regimen_label(kb, g.get("regimen")) if g else "not available",
        "top_organoid": top or "no organoid ranking",
        "response": _response_summary(sources.evaluation(record)),
        "flags": summary_flags,
    }
    intake = record.get("intake", {})
    model = {
        "model_version": MODEL_VERSION,
        "case_id": record["case_id"],
        "report_date": when.date().isoformat(),
        "timestamp": when.isoformat().replace("+00:00", "Z"),
        "header": {
            "case_id": record["case_id"],
            "pseudonym": (intake.get("patient") or {}).get("pseudonym") or "–",
            "birth_year": (intake.get("patient") or {}).get("birth_year"),
            "sex": (intake.get("patient") or {}).get("sex"),
            "report_date": when.date().isoformat(),
            "tool_version": __version__,
            "kb": _kb_text(kb_stamp),
        },
        "summary": summary,
        "sections": [
            clinical,
            genomics,
            het,
            grouping,
            organoids,
            recommendation,
            response,
            provenance,
        ],
        "versions": versions,
        "statement": RESEARCH_USE,
    }
    from precisecli.store.schema import validate

    validate(model, REPORT_SCHEMA, source="report model")
    return model


def iter_text(value: Any, path: str = "") -> Any:
    """Every string of the model with where it is (for the glyph check)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from iter_text(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from iter_text(v, f"{path}[{i}]")
