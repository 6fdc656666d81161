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


def _sample_doc(info, sample: dict) -> dict[str, Any]:
    tmb = (sample.get("variants") or {}).get("tmb") or {}
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
    infos = [s for s in case_samples(record) if not sample_id or s.sample_id == sample_id]
    variants, copy_number = [], []
    for info in infos:
        sample = samples[info.sample_id]
        if sample.get("variants"):
            for row in read_table(case_dir / sample["variants"]["table"], VARIANT_COLUMNS):
                if gene and row["gene"] != gene:
                    continue
                variants.append(
                    {
                        "sample_id": info.sample_id,
                        **{k: row[k] for k in VARIANT_COLUMNS},
                    }
                )
        if sample.get("cna"):
            for row in read_table(case_dir / sample["cna"]["table"], CNA_COLUMNS):
                if gene and row["gene"] != gene:
                    continue
                copy_number.append({"sample_id": info.sample_id, **row})
    return {
        "case_id": case_id,
        "build": genomics(record).get("build"),
        "samples": [_sample_doc(i, samples[i.sample_id]) for i in infos],
        "variants": variants,
        "copy_number": copy_number,
    }


__all__ = ["compare_document", "show_document", "tmb_status"]
