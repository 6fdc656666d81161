"""Typed records that leave the genomics package (consumed by grouping, report, cohort).

This is the contract between genomics and its consumers: change it in one place, with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SampleKind = Literal["biopsy", "ctdna", "normal"]  # normal: matched white cells (CH)
AlterationKind = Literal["mutation", "amplification", "gain", "loss", "deletion"]


@dataclass(frozen=True)
class SampleInfo:
    sample_id: str
    kind: SampleKind
    site: str | None  # biopsy site (e.g. "liver"); None for ctDNA
    collected: str | None  # ISO date
    build: str  # GRCh37 | GRCh38
    n_variants: int
    tmb_per_mb: float | None
    territory_mb: float | None


@dataclass(frozen=True)
class Alteration:
    """One alteration observed in one sample (a variant, or a gene-level copy-number call)."""

    sample_id: str
    sample_kind: SampleKind
    site: str | None
    collected: str | None
    gene: str
    kind: AlterationKind
    # Short label used in evidence trails: "H1047R" (from hgvsp p.H1047R), "amplification", ...
    alteration: str
    hgvsp: str | None = None  # one-letter short form, "p.H1047R"
    hgvsc: str | None = None
    consequence: str | None = None  # SO term(s), e.g. "missense_variant"
    chrom: str | None = None  # without "chr"
    pos: int | None = None
    ref: str | None = None
    alt: str | None = None
    vaf: float | None = None  # fraction 0-1
    depth: int | None = None
    copy_number: float | None = None
    oncogenic: bool = False
    hotspot: bool = False
    truncating: bool = False
    chip: bool = False  # clonal haematopoiesis in a ctDNA sample (see chip_basis)
    clonal: bool | None = None  # None when purity/CCF is unknown (clonality_reason says why)
    filtered_reason: str | None = None  # why it does not count (below ctDNA floor, ...)
    # Clonality (issue 15, precisecli.genomics.clonality): tissue samples with purity and CN.
    ccf: float | None = None
    ccf_ci95: tuple[float, float] | None = None
    multiplicity: int | None = None
    local_cn: float | None = None  # total copy number at a tissue variant (CCF input)
    clonality_reason: str | None = None
    chip_basis: str | None = None  # "matched white cells: ..." or "gene list: ..."
