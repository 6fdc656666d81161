"""Document for ``variants show`` (keys: DESIGN.md §4); ``variants compare`` is in compare.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.genomics.alterations import case_samples
from precisecli.genomics.compare import compare_document
from precisecli.genomics.record import genomics
from precisecli.genomics.table import CNA_COLUMNS, VARIANT_COLUMNS, read_table


def tmb_status(tmb: dict) -> dict[str, Any]:
    """'computed' / 'not computable' (with the reason) / 'no variants imported'; cases imported
    before the status was stored get it from per_mb and the note."""
    if not tmb:
        return {"tmb_status": "no variants imported", "tmb_reason": None}
    if "status" in tmb:
        return {"tmb_status": tmb["status"], "tmb_reason": tmb.get("reason")}
    if tmb.get("per_mb") is None:
        note = str(tmb.get("note") or "unknown reason")
        return {"tmb_status": "not computable", "tmb_reason": note.removeprefix("not computed: ")}
    return {"tmb_status": "computed", "tmb_reason": None}


def _sample_doc(info, sample: dict, tf=None) -> dict[str, Any]:
    from precisecli.genomics.purity import resolved

    tmb = (sample.get("variants") or {}).get("tmb") or {}
    block = resolved(sample)
    if tf is not None and block["tumour_fraction"] is None:
        block["tumour_fraction"] = tf.value
        block["tumour_fraction_source"] = tf.source
    extra = {**block, "tumour_fraction_ci95": list(tf.ci95) if tf and tf.ci95 else None}
    if info.kind == "ctdna" and block["tumour_fraction"] is None and tf is not None:
        extra["tumour_fraction_reason"] = tf.reason
    return {
        "sample_id": info.sample_id,
        "kind": info.kind,
        "site": info.site,
        "collected": info.collected,
        "build": info.build,
        "n_variants": info.n_variants,
        "tmb_per_mb": info.tmb_per_mb,
        "territory_mb": info.territory_mb,
        "tmb": tmb or None,
        **tmb_status(tmb),
        "cna": {
            k: v
            for k, v in (sample.get("cna") or {}).items()
            if k in ("format", "ploidy", "purity")
        }
        or None,
        **extra,
    }


def show_document(
    case_id: str, record: dict, case_dir: Path, sample_id: str | None, gene: str | None
) -> dict[str, Any]:
    from precisecli.errors import InputError

    samples = genomics(record).get("samples", {})
    if sample_id and sample_id not in samples:
        raise InputError(
            f"case {case_id} has no sample {sample_id}",
            hint=f"samples: {', '.join(sorted(samples)) or '(none)'}",
        )
    from precisecli.genomics.ccf_case import CaseCcf
    from precisecli.genomics.ch import ch_evidence
    from precisecli.knowledge.kb import load_kb

    kb = load_kb()
    ccfs = CaseCcf(case_dir, record, kb)
    ch = ch_evidence(case_dir, record, kb)
    tfs = _tumour_fractions(case_dir, record)
    infos = [
        s
        for s in case_samples(record, include_normal=True)
        if not sample_id or s.sample_id == sample_id
    ]
    variants, copy_number = [], []
    for info in infos:
        sample = samples[info.sample_id]
        if sample.get("variants"):
            for row in read_table(case_dir / sample["variants"]["table"], VARIANT_COLUMNS):
                if gene and row["gene"] != gene:
                    continue
                entry = {"sample_id": info.sample_id, **{k: row[k] for k in VARIANT_COLUMNS}}
                if info.kind == "ctdna":
                    entry["chip"], entry["chip_basis"] = ch.call(row)
                else:
                    entry["chip_basis"] = None
                entry.update(ccfs.of(info.sample_id, row).as_dict())
                variants.append(entry)
        if sample.get("cna"):
            for row in read_table(case_dir / sample["cna"]["table"], CNA_COLUMNS):
                if gene and row["gene"] != gene:
                    continue
                copy_number.append({"sample_id": info.sample_id, **row})
    return {
        "case_id": case_id,
        "build": genomics(record).get("build"),
        "samples": [_sample_doc(i, samples[i.sample_id], tfs.get(i.sample_id)) for i in infos],
        "ch_method": ch.method,
        "variants": variants,
        "copy_number": copy_number,
    }


def _tumour_fractions(case_dir: Path, record: dict) -> dict:
    """Tumour fraction of each plasma draw (stored, else estimated from truncal variants)."""
    from precisecli.genomics.alterations import case_alterations
    from precisecli.genomics.compare import _key
    from precisecli.genomics.ctdna_status import draw_tumour_fractions

    draws = [s for s in case_samples(record) if s.kind == "ctdna"]
    if not draws:
        return {}
    groups: dict = {}
    for alt in case_alterations(case_dir, record):
        if not alt.filtered_reason:
            groups.setdefault(_key(alt), []).append(alt)
    return draw_tumour_fractions(record, draws, groups)


__all__ = ["compare_document", "show_document", "tmb_status"]
