"""Bundled reference tables: hotspot codons and gene spans per build (built by
scripts/build_hotspots.py), and the translation table used to name unannotated SNVs."""

from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass
from functools import cache

from precisecli.resources import resource_file

BUILDS = ("GRCh37", "GRCh38")

_BASES = "TCAG"
_AMINO = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODON_TABLE = {
    a + b + c: _AMINO[16 * i + 4 * j + k]
    for i, a in enumerate(_BASES)
    for j, b in enumerate(_BASES)
    for k, c in enumerate(_BASES)
}
COMPLEMENT = str.maketrans("ACGT", "TGCA")


def _rows(name: str) -> list[dict[str, str]]:
    with open(resource_file("knowledge", name), encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@dataclass(frozen=True)
class HotspotCodon:
    gene: str
    codon: int
    ref_aa: str
    ref_codon: str
    strand: str
    chrom: str
    positions: tuple[int, int, int]  # genomic position of codon bases 1..3
    protein_changes: frozenset[str]


@dataclass(frozen=True)
class HotspotTable:
    by_position: dict[tuple[str, int], tuple[HotspotCodon, int]]
    codons: frozenset[tuple[str, int]]  # (gene, codon): build-independent membership

    def protein_change(self, chrom: str, pos: int, ref: str, alt: str) -> tuple[str, str] | None:
        """(gene, 'H1047R') for an SNV on a hotspot codon base, translated from the codon."""
        hit = self.by_position.get((chrom, pos))
        if hit is None or len(ref) != 1 or len(alt) != 1:
            return None
        codon, index = hit
        tx_ref, tx_alt = ref.upper(), alt.upper()
        if codon.strand == "-":
            tx_ref, tx_alt = tx_ref.translate(COMPLEMENT), tx_alt.translate(COMPLEMENT)
        if codon.ref_codon[index] != tx_ref:
            return None  # REF disagrees with the reference codon: wrong build or wrong file
        mutated = codon.ref_codon[:index] + tx_alt + codon.ref_codon[index + 1 :]
        aa = CODON_TABLE.get(mutated)
        if aa is None:
            return None
        return codon.gene, f"{codon.ref_aa}{codon.codon}{aa}"


@cache
def hotspots(build: str) -> HotspotTable:
    by_position: dict[tuple[str, int], tuple[HotspotCodon, int]] = {}
    codons: set[tuple[str, int]] = set()
    for row in _rows(f"hotspots_{build.lower()}.tsv"):
        codon = HotspotCodon(
            gene=row["gene"],
            codon=int(row["codon"]),
            ref_aa=row["ref_aa"],
            ref_codon=row["ref_codon"],
            strand=row["strand"],
            chrom=row["chrom"],
            positions=(int(row["pos1"]), int(row["pos2"]), int(row["pos3"])),
            protein_changes=frozenset(row["protein_changes"].split(",")),
        )
        codons.add((codon.gene, codon.codon))
        for index, pos in enumerate(codon.positions):
            by_position[(codon.chrom, pos)] = (codon, index)
    return HotspotTable(by_position=by_position, codons=frozenset(codons))


@cache
def hotspot_codons() -> frozenset[tuple[str, int]]:
    """(gene, codon) pairs; the same in both builds (protein coordinates do not change)."""
    return hotspots("GRCh37").codons


@dataclass(frozen=True)
class GeneSpan:
    gene: str
    chrom: str
    start: int
    end: int
    strand: str


class GeneIndex:
    """Genes overlapping a position or an interval (63 genes: sorted lists and bisect suffice)."""

    def __init__(self, spans: list[GeneSpan]):
        self.spans = spans
        self._by_chrom: dict[str, list[GeneSpan]] = {}
        for span in sorted(spans, key=lambda s: (s.chrom, s.start)):
            self._by_chrom.setdefault(span.chrom, []).append(span)
        self._starts = {c: [s.start for s in v] for c, v in self._by_chrom.items()}
        self._by_name = {s.gene: s for s in spans}

    def at(self, chrom: str, pos: int) -> str | None:
        return next(iter(self.overlapping(chrom, pos, pos)), None)

    def overlapping(self, chrom: str, start: int, end: int) -> list[str]:
        spans = self._by_chrom.get(chrom)
        if not spans:
            return []
        stop = bisect.bisect_right(self._starts[chrom], end)
        return sorted(s.gene for s in spans[:stop] if s.end >= start)

    def span(self, gene: str) -> GeneSpan | None:
        return self._by_name.get(gene)


@cache
def genes(build: str) -> GeneIndex:
    return GeneIndex(
        [
            GeneSpan(r["gene"], r["chrom"], int(r["start"]), int(r["end"]), r["strand"])
            for r in _rows(f"genes_{build.lower()}.tsv")
        ]
    )
