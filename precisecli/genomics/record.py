"""The ``genomics`` part of case.json (schemas/case-genomics.schema.json) and the knowledge-base
settings the imports use. Pure functions over the record dict; the CLI owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Territory:
    """The TMB denominator, or why there is none."""

    mb: float | None
    source: str
    reason: str | None = None  # set when mb is None: why TMB is not computable


def territory(kb, assay: str | None, territory_mb: float | None, kind: str = "biopsy") -> Territory:
    """--territory-mb, else the assay's territory from the knowledge base (``assays``: exome/
    genome; ``tmb_panels``: targeted and ctDNA panels), else the exome default for a tissue
    sample. A ctDNA sample without an assay has no territory: a panel's TMB over 34 Mb would be
    wrong by a factor of 20-40, so it is 'not computable' instead."""
    if territory_mb is not None:
        if territory_mb <= 0:
            raise InputError("--territory-mb must be positive")
        return Territory(float(territory_mb), "--territory-mb option")
    assays = kb.data.get("assays") or {}
    panels = kb.data.get("tmb_panels") or {}
    if assay:
        if assay in assays:
            return Territory(
                float(assays[assay]["territory_mb"]), f"knowledge base assay '{assay}'"
            )
        if assay in panels:
            panel = panels[assay]
            if panel.get("territory_mb") is None:
                why = f"{panel['label']} has no published TMB territory"
                return Territory(
                    None, f"knowledge base panel '{assay}'", why + "; give --territory-mb"
                )
            return Territory(float(panel["territory_mb"]), f"knowledge base panel '{assay}'")
        known = sorted(assays) + sorted(panels)
        raise InputError(
            f"assay '{assay}' is not in the knowledge base",
            location=Location(file=kb.path.name),
            hint=f"known assays: {', '.join(known) or '(none)'}; or give --territory-mb",
        )
    if kind == "ctdna":
        return Territory(
            None,
            "none",
            "a ctDNA sample needs its assay's territory; give --assay (e.g. "
            + ", ".join(
                sorted(
                    p
                    for p, v in panels.items()
                    if v.get("territory_mb") and v.get("kind") == "ctdna"
                )
                + sorted(assays)
            )
            + ") or --territory-mb",
        )
    return Territory(
        float(kb.threshold("tmb", "default_territory_mb")),
        "knowledge base default (tmb.default_territory_mb)",
    )


def tmb_block(
    eligible: int, where: Territory, rules: Rules, annotated: bool, no_vaf: bool = False
) -> dict[str, Any]:
    """TMB with everything needed to interpret it (research/genomics.md §4). A TMB that cannot
    be computed is null with the reason — never 0. ``no_vaf``: no variant of the file had a
    VAF (no caller field gave one), so the floors could not be applied to any of them."""
    reason = None
    if not annotated:
        reason = "the file has no consequence annotation (VEP CSQ, SnpEff ANN or MAF)"
    elif no_vaf:
        reason = (
            "no variant in the file has a VAF or read counts, so the VAF/depth floors cannot "
            "be applied; export the caller's AD/DP (or AF) fields"
        )
    elif where.mb is None:
        reason = where.reason
    computable = reason is None
    per_mb = round(eligible / where.mb, 3) if computable and where.mb else None
    return {
        "per_mb": per_mb,
        "eligible_variants": eligible if annotated else None,
        "territory_mb": where.mb,
        "territory_source": where.source,
        "numerator": TMB_NUMERATOR,
        "pass_rule": rules.filter_mode,
        "min_vaf": rules.min_vaf,
        "min_depth": rules.min_depth,
        "ch_genes_excluded": rules.kind == "ctdna",
        "note": None if computable else f"not computable: {reason}",
        "status": "computed" if computable else "not computable",
        "reason": reason,
    }
