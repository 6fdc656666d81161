"""The ``genomics`` part of case.json (schemas/case-genomics.schema.json) and the knowledge-base
settings the imports use. Pure functions over the record dict; the CLI owns the transaction."""

from __future__ import annotations

from typing import Any

from precisecli.errors import InputError, Location
from precisecli.genomics.classify import Rules

TMB_NUMERATOR = "coding_non_silent"


def genomics(record: dict[str, Any]) -> dict[str, Any]:
    return record.get("genomics") or {"build": None, "samples": {}}


def case_build(record: dict[str, Any]) -> str | None:
    return genomics(record).get("build")


def rules_for(kb, kind: str, filter_mode: str, min_vaf: float | None) -> Rules:
    """Floors and gene lists from the knowledge base; --min-vaf overrides the VAF floor."""
    if kind == "ctdna":
        floor = kb.threshold("ctdna", "min_vaf")
        min_depth = None
    else:
        floor = kb.threshold("tissue", "min_vaf")
        min_depth = int(kb.threshold("tissue", "min_depth"))
    if min_vaf is not None:
        if not 0 <= min_vaf < 1:
            raise InputError("--min-vaf must be a fraction between 0 and 1", hint="e.g. 0.002")
        floor = min_vaf
    # Variant lists of the knowledge base (hotspots: {id: {gene, variants: [H1047R, ...]}}).
    kb_variants: list[str] = []
    for entry in (kb.data.get("hotspots") or {}).values():
        if isinstance(entry, dict) and entry.get("gene"):
            for change in entry.get("variants") or []:
                kb_variants.append(f"{entry['gene']} {str(change).removeprefix('p.')}")
    return Rules(
        kind=kind,
        min_vaf=float(floor),
        min_depth=min_depth,
        ch_genes=tuple(kb.threshold("ctdna", "clonal_hematopoiesis_genes")),
        tumour_suppressors=tuple(
            (kb.data.get("qualification") or {}).get("tumour_suppressors", [])
        ),
        kb_variants=tuple(sorted(kb_variants)),
        filter_mode=filter_mode,
    )


def territory(kb, assay: str | None, territory_mb: float | None) -> tuple[float, str]:
    if territory_mb is not None:
        if territory_mb <= 0:
            raise InputError("--territory-mb must be positive")
        return float(territory_mb), "--territory-mb option"
    if assay:
        assays = kb.data.get("assays") or {}
        if assay not in assays:
            raise InputError(
                f"assay '{assay}' is not in the knowledge base",
                location=Location(file=kb.path.name),
                hint=f"known assays: {', '.join(sorted(assays)) or '(none)'}",
            )
        return float(assays[assay]["territory_mb"]), f"knowledge base assay '{assay}'"
    return (
        float(kb.threshold("tmb", "default_territory_mb")),
        "knowledge base default (tmb.default_territory_mb)",
    )


def tmb_block(
    eligible: int, territory_mb: float, territory_source: str, rules: Rules, annotated: bool
) -> dict[str, Any]:
    """TMB with everything needed to interpret it (research/genomics.md §4)."""
    per_mb = round(eligible / territory_mb, 3) if annotated else None
    return {
        "per_mb": per_mb,
        "eligible_variants": eligible if annotated else None,
        "territory_mb": territory_mb,
        "territory_source": territory_source,
        "numerator": TMB_NUMERATOR,
        "pass_rule": rules.filter_mode,
        "min_vaf": rules.min_vaf,
        "min_depth": rules.min_depth,
        "ch_genes_excluded": rules.kind == "ctdna",
        "note": None
        if annotated
        else "not computed: the file has no consequence annotation (VEP CSQ, SnpEff ANN or MAF)",
    }
