"""Per-variant flags: hotspot, truncating, oncogenic, clonal haematopoiesis, TMB eligibility.

All cut-offs and gene lists arrive in ``Rules`` (taken from the knowledge base and the command
line by the caller), so this module holds no clinical constants.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from precisecli.genomics.annotation import is_coding_non_silent, is_truncating, protein_codon
from precisecli.genomics.tables import hotspot_codons


@dataclass(frozen=True)
class Rules:
    kind: str  # biopsy | ctdna
    min_vaf: float  # ctDNA floor, or the tissue floor
    min_depth: int | None  # tissue only
    ch_genes: tuple[str, ...]
    tumour_suppressors: tuple[str, ...]
    kb_variants: tuple[str, ...]  # "GENE p.X123Y" / "GENE X123Y" / "GENE X123" entries from the KB
    filter_mode: str  # pass | pass-or-missing | any

    def as_dict(self) -> dict:
        return asdict(self)


def annotation_flags(
    rules: Rules,
    gene: str | None,
    hgvsp: str | None,
    consequence: str | None,
    non_silent: bool | None = None,
) -> tuple[bool, bool, bool, bool, bool]:
    """(hotspot, truncating, oncogenic, chip, coding_non_silent): everything that depends on the
    annotation alone, so the importer can cache it per (gene, hgvsp, consequence).
    ``non_silent`` overrides the consequence-based test (a MAF's Variant_Classification)."""
    if non_silent is None:
        non_silent = is_coding_non_silent(consequence)
    codon = protein_codon(hgvsp) if non_silent else None
    hotspot = bool(gene and codon is not None and (gene, codon) in hotspot_codons())
    truncating = is_truncating(consequence)
    kb_listed = False
    if gene and hgvsp and non_silent:
        short = hgvsp[2:]
        kb_listed = (
            f"{gene} {short}" in rules.kb_variants
            or f"{gene} {hgvsp}" in rules.kb_variants
            or (codon is not None and f"{gene} {short[: len(str(codon)) + 1]}" in rules.kb_variants)
        )
    oncogenic = hotspot or kb_listed or (truncating and gene in rules.tumour_suppressors)
    chip = rules.kind == "ctdna" and gene in rules.ch_genes
    return hotspot, truncating, oncogenic, chip, non_silent


def floor_texts(rules: Rules) -> tuple[str, str, str]:
    """The filtered_reason texts: no VAF, VAF under the floor, depth under the floor."""
    what = "ctDNA" if rules.kind == "ctdna" else "tissue"
    return (
        "no VAF in the file",
        f"VAF below the {what} floor {rules.min_vaf:g}",
        f"depth below {rules.min_depth}",
    )


def floor_reason(
    rules: Rules, vaf: float | None, depth: int | None, vaf_unknown_counts: bool = False
) -> str | None:
    """Why a variant does not count, else None. ``vaf_unknown_counts``: a file that carries no
    read counts at all (many published MAFs) — its variants count, with the VAF unknown."""
    if vaf is None:
        return None if vaf_unknown_counts else floor_texts(rules)[0]
    if vaf < rules.min_vaf:
        return floor_texts(rules)[1]
    if rules.min_depth is not None and depth is not None and depth < rules.min_depth:
        return floor_texts(rules)[2]
    return None


def flags(rules: Rules, gene: str | None, hgvsp: str | None, consequence: str | None,
          vaf: float | None, depth: int | None, *, non_silent: bool | None = None,
          vaf_unknown_counts: bool = False) -> dict[str, object]:  # fmt: skip
    hotspot, truncating, oncogenic, chip, non_silent = annotation_flags(
        rules, gene, hgvsp, consequence, non_silent
    )
    reason = floor_reason(rules, vaf, depth, vaf_unknown_counts)
    return {
        "hotspot": hotspot,
        "truncating": truncating,
        "oncogenic": oncogenic,
        "chip": chip,
        "tmb_eligible": non_silent and reason is None and not chip,
        "filtered_reason": reason,
    }


def passes_filter(filters: list[str], mode: str) -> bool:
    """VCF FILTER: 'PASS', '.' (no filters applied) or failed filter names (VCF 4.x spec)."""
    if mode == "any":
        return True
    if not filters:
        return mode == "pass-or-missing"
    return filters == ["PASS"]
