"""Page 1, the board's page: the decision now, the patient's status, the group and its drivers,
the top organoid regimens, and the flags in words.

Nothing here computes a clinical result: the decision is the response domain's `next`
document (organoid rank) or the grouping's first choice (group rule); an evidence level is
shown only when the group result or the `next` document carries one (never made up).
"""

from __future__ import annotations

from typing import Any

from precisecli.report import sources
from precisecli.report.formatting import fmt, num, pct, table
from precisecli.report.given import Given, mark
from precisecli.report.labels import regimen_label


def _level(*items: Any) -> str | None:
    for item in items:
        if isinstance(item, dict) and item.get("evidence_level"):
            lv = item["evidence_level"]
            if isinstance(lv, dict):
                lv = " ".join(f"{k.upper()} {v}" for k, v in sorted(lv.items()) if v)
            return str(lv) or None
    return None


def _alteration_words(e: dict[str, Any], ctdna: set[str]) -> str:
    name = f"{e.get('gene') or ''} {e.get('alteration') or ''}".strip()
    where = list(e.get("foci") or [])
    ct = [s for s in e.get("sample_ids") or [] if s in ctdna]
    if e.get("in_ctdna"):
        by = e.get("vaf_by_sample") or {}
        ct_ids = [s for s in ct if s in by] or ct
        ct_txt = ", ".join(f"{s} {pct(by.get(s))}" if by.get(s) is not None else s for s in ct_ids)
        where = [*where, f"ctDNA ({ct_txt})" if ct_txt else "ctDNA"]
    elif not where and e.get("sample_ids"):
        where = list(e["sample_ids"])
    return f"{name} ({'; '.join(where)})" if where else name


def _ctdna_ids(record: dict[str, Any] | None) -> set[str]:
    if record is None:
        return set()
    return {s["sample_id"] for s in sources.samples(record) if s.get("kind") == "ctdna"}


def flag_words(g: dict[str, Any] | None, record: dict[str, Any] | None = None) -> dict[str, str]:
    """Flag id -> the flag in words, naming the alterations behind it (never the id)."""
    out = {}
    ctdna = _ctdna_ids(record)
    for f in (g or {}).get("flags") or []:
        if isinstance(f, str):
            out[f] = f
            continue
        text = str(f.get("message") or f.get("id") or "flag")
        alts = [_alteration_words(e, ctdna) for e in f.get("evidence") or [] if isinstance(e, dict)]
        if alts:
            text += " — " + "; ".join(dict.fromkeys(alts))
        out[str(f.get("id"))] = text
    return out


def in_words(text: str, words: dict[str, str]) -> str:
    """Replace 'flag <id>' in a reason with the flag's message."""
    for fid, w in words.items():
        text = text.replace(f"flag {fid}", w.split(" — ")[0]).replace(fid, w.split(" — ")[0])
    return text


def drivers(g: dict[str, Any] | None, record: dict[str, Any]) -> list[str]:
    """The qualified alterations of the assigned group's signature, in words."""
    gid = ((g or {}).get("group") or {}).get("id")
    for sig in (g or {}).get("signatures") or []:
        if sig.get("group") == gid:
            ev = [e for e in sig.get("evidence") or [] if e.get("qualified", True)]
            ctdna = _ctdna_ids(record)
            return list(dict.fromkeys(_alteration_words(e, ctdna) for e in ev))
    return []


def decision_text(g: dict[str, Any], kb) -> str:
    """How the group was chosen, without calling a default signature 'not matched'."""
    d = g.get("decision") or {}
    gid = (g.get("group") or {}).get("id")
    matched = list(d.get("matched") or [])
    defaults = set()
    if kb is not None:
        for grp in kb.data.get("groups") or []:
            if isinstance(grp, dict) and (grp.get("signature") or {}).get("always"):
                defaults.add(grp.get("id"))
    specific = [m for m in matched if m not in defaults]
    fallback = [m for m in matched if m in defaults]
    if gid in specific and len(specific) == 1 and fallback:
        return (
            f"{gid} is the only specific signature matched; {', '.join(fallback)} (the default "
            "group, matched by every case) applies only when no specific signature matches"
        )
    if len(specific) > 1:
        order = " > ".join(d.get("priority") or [])
        return (
            f"{gid} chosen among the matched signatures {', '.join(specific)} by priority {order}"
        )
    return str(d.get("text") or "–")


def _decision(record, kb, g, nxt, given: Given) -> dict[str, Any]:
    study = sources.treatment(record).get("lines") or []
    prior = (record.get("intake") or {}).get("prior_therapy") or []
    numbers = [ln.get("line") or 0 for ln in [*prior, *study]]
    next_no = max(numbers, default=0) + 1
    running = next((ln for ln in study if ln.get("end") is None), None)
    out = {
        "line": None,
        "regimen": "no decision available",
        "basis_kind": "none",
        "basis": "",
        "evidence_level": None,
        "given": None,
        "title": "Decision now",
    }
    if running:
        out.update(
            title=f"Current line {running.get('line')} (ongoing)",
            line=running.get("line"),
            regimen=regimen_label(kb, running.get("regimen")),
            basis_kind=str(running.get("chosen_by") or "current line"),
            basis=f"started {running.get('start')}; reassess at the next RECIST assessment",
        )
        return out
    rec = (nxt or {}).get("recommendation")
    if rec:
        out.update(
            title=f"Next line to decide: line {next_no}",
            line=next_no,
            regimen=regimen_label(kb, rec.get("regimen")),
            basis_kind="organoid rank",
            basis=str(nxt.get("reason") or ""),
            evidence_level=_level(rec, nxt),
        )
        return out
    if g and g.get("regimen"):
        was = given.of(g["regimen"])
        out.update(
            title=f"Line {next_no} to decide" if not was else "No untried option from the group",
            line=next_no,
            regimen=regimen_label(kb, g["regimen"]),
            basis_kind="group rule",
            basis=f"first-choice regimen of group {(g.get('group') or {}).get('id')}",
            evidence_level=_level(g["regimen"], g),
            given=was,
        )
        return out
    out["basis"] = str((nxt or {}).get("reason") or "the case has not been grouped")
    return out


def _status(record, kb, evaluation) -> list[list[str]]:
    study = sources.treatment(record).get("lines") or []
    prior = (record.get("intake") or {}).get("prior_therapy") or []
    last = (study or prior or [None])[-1]
    rows = []
    if last:
        when = (
            f"since {last.get('start')}"
            if not last.get("end")
            else (
                f"{last.get('start')} to {last.get('end')}"
                + (f", stopped for {last['stop_reason']}" if last.get("stop_reason") else "")
            )
        )
        label = regimen_label(kb, last.get("regimen")) if last in study else last.get("regimen")
        rows.append(["Latest line", f"line {last.get('line')}: {label or '–'} ({when})"])
    else:
        rows.append(["Latest line", "no treatment line recorded"])
    if evaluation and evaluation.get("timepoints"):
        best = evaluation.get("best_overall_response") or "–"
        conf = evaluation.get("confirmed")
        if not conf and best in ("CR", "PR"):
            best += ", not confirmed"
        line = (evaluation.get("line") or {}).get("line")
        rows.append(
            [
                "Best response (RECIST 1.1)",
                best + (", confirmed" if conf else "") + (f" on line {line}" if line else ""),
            ]
        )
        rows.append(["Progression", evaluation.get("progression_date") or "none recorded"])
    else:
        rows.append(["Best response (RECIST 1.1)", "no RECIST assessments recorded"])
    return rows


def top_table(kb, ranked, guide: str | None, given: Given, n: int = 3) -> dict[str, Any] | None:
    chosen = next((r for r in ranked if r["screen_id"] == guide), ranked[0] if ranked else None)
    if chosen is None:
        return None
    rows = []
    for r in [x for x in chosen["regimens"] if x.get("assessable") is not False][:n]:
        ci = r.get("ci95") or [None, None]
        rows.append(
            [
                fmt(r.get("rank")),
                mark(regimen_label(kb, r["regimen"]), given.of(r["regimen"], r.get("drugs"))),
                f"{fmt(num(r.get('inhibition_pct')), 1)} %",
                f"{fmt(num(ci[0]), 1)} – {fmt(num(ci[1]), 1)}" if ci[0] is not None else "–",
            ]
        )
    return table(
        f"Top organoid regimens (screen {chosen['screen_id']}, metric {chosen['metric']})",
        ["Rank", "Regimen", "Inhibition", "95 % CI"],
        "rlrr",
        rows,
    )


def board(record, kb, g, ranked, evaluation, nxt) -> dict[str, Any]:
    given = Given(record)
    group = (g or {}).get("group") or {}
    return {
        "decision": _decision(record, kb, g, nxt, given),
        "status": _status(record, kb, evaluation),
        "drivers": drivers(g, record),
        "group_decision": decision_text(g, kb) if g else "the case has not been grouped",
        "group_regimen_given": given.of(g["regimen"]) if g and g.get("regimen") else None,
        "top_table": top_table(
            kb, ranked, sources.guiding_screen_id(record) if ranked else None, given
        ),
        "group_label": f"{group['id']} — {group.get('name', '')}" if group.get("id") else None,
    }
