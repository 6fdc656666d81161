"""The protein change of a variant, from whatever a file gives — one set of rules for VCF
(VEP CSQ / SnpEff ANN / unannotated) and MAF rows, so a variant is classified the same way
whichever format carried it.

Order: an HGVSp-like field (VEP/SnpEff HGVSp, MAF HGVSp_Short, HGVSp, Protein_Change or
amino_acid_change — three- or one-letter, with or without ``p.`` and a protein id), then VEP's
Protein_position + Amino_acids, then, for an SNV on a bundled hotspot codon, the codon
translated from the genomic coordinates (tables.HotspotTable.protein_change).
"""

from __future__ import annotations

import re

from precisecli.genomics.annotation import hgvsp_from_positions, short_hgvsp
from precisecli.genomics.tables import hotspots

_BARE = re.compile(r"^[A-Z*]\d+(?:[A-Z*=]|fs|del|ins|dup|_)")


def normalise_hgvsp(value: str | None) -> str | None:
    """'ENSP…:p.Glu545Lys' / 'p.E545K' / 'E545K' → 'p.E545K'; None for anything else."""
    if not value or value in (".", "NA", "-"):
        return None
    text = value.strip()
    if ":" not in text and not text.startswith("p.") and _BARE.match(text):
        text = "p." + text  # maftools/cBioPortal Protein_Change without the prefix
    return short_hgvsp(text)


def from_coordinates(build: str, chrom: str, pos: int, ref: str, alt: str):
    """(gene, 'p.E545K', consequence) for an SNV on a hotspot codon base, else None."""
    hit = hotspots(build).protein_change(chrom, pos, ref, alt)
    if hit is None:
        return None
    gene, change = hit
    aa_ref, aa_alt = change[0], change[-1]
    if aa_ref == aa_alt:
        return gene, f"p.{change[:-1]}=", "synonymous_variant"
    return gene, f"p.{change}", ("stop_gained" if aa_alt == "*" else "missense_variant")


def resolve(
    hgvsp_fields: tuple[str | None, ...],
    protein_position: str | None,
    amino_acids: str | None,
    *,
    build: str | None = None,
    chrom: str | None = None,
    pos: int | None = None,
    ref: str | None = None,
    alt: str | None = None,
    gene: str | None = None,
) -> tuple[str | None, str]:
    """(short HGVSp or None, how it was found: 'hgvsp' | 'positions' | 'codon-table' | 'none').

    The codon-table step is taken only when the coordinates give a change in the same gene (or
    the row names no gene), so a wrong build or a wrong row is never silently re-labelled."""
    for field in hgvsp_fields:
        hgvsp = normalise_hgvsp(field)
        if hgvsp is not None:
            return hgvsp, "hgvsp"
    if protein_position and amino_acids:
        hgvsp = hgvsp_from_positions(protein_position, amino_acids)
        if hgvsp is not None:
            return hgvsp, "positions"
    if build and chrom and pos and ref and alt:
        hit = from_coordinates(build, chrom, pos, ref, alt)
        if hit is not None and (gene is None or hit[0] == gene):
            return hit[1], "codon-table"
    return None, "none"
