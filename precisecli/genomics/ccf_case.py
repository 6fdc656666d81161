"""CCF of every variant of a case's tissue samples: the sample's purity (precisecli.genomics.purity)
and the local copy number at the variant — the allele-specific segment holding it (total and
minor CN) when the sample has ``segments/<ID>.tsv``, else the gene-level call of its gene (total
CN only) — fed to precisecli.genomics.clonality.estimate."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.genomics import clonality
from precisecli.genomics.purity import resolved
from precisecli.genomics.table import CNA_COLUMNS, read_table


@dataclass
class LocalCn:
    segments: dict[str, list[tuple[int, int, float, float | None]]]  # chrom → sorted segments
    starts: dict[str, list[int]]
    genes: dict[str, float]
    source: str | None

    def at(self, chrom: str | None, pos: int | None, gene: str | None):
        """(total CN, minor CN or None, where from) or None."""
        if chrom is not None and pos is not None and chrom in self.segments:
            i = bisect.bisect_right(self.starts[chrom], pos) - 1
            if i >= 0:
                start, end, total, minor = self.segments[chrom][i]
                if start <= pos <= end:
                    return total, minor, "segment"
        if gene and gene in self.genes:
            return self.genes[gene], None, "gene-level call"
        return None


def local_cn(case_dir: Path, sample: dict[str, Any]) -> LocalCn:
    from precisecli.genomics.cna_allelic import SEGMENT_COLUMNS

    cna = sample.get("cna") or {}
    segs: dict[str, list[tuple[int, int, float, float | None]]] = {}
    genes: dict[str, float] = {}
    if cna.get("segments_table"):
        for row in read_table(case_dir / cna["segments_table"], SEGMENT_COLUMNS):
            minor = row["minor_cn"]
            segs.setdefault(str(row["chrom"]), []).append(
                (int(row["start"]), int(row["end"]), float(row["copy_number"]),  # type: ignore[arg-type]
                 None if minor is None else float(minor))  # type: ignore[arg-type]
            )  # fmt: skip
    if cna.get("table"):
        for row in read_table(case_dir / cna["table"], CNA_COLUMNS):
            if row["copy_number"] is not None:
                genes[str(row["gene"])] = float(row["copy_number"])  # type: ignore[arg-type]
    for chrom in segs:
        segs[chrom].sort()
    starts = {c: [s[0] for s in v] for c, v in segs.items()}
    return LocalCn(segs, starts, genes, cna.get("format"))


class CaseCcf:
    """CCF per (sample, chrom, pos, ref, alt) of tissue variants, computed on demand."""

    def __init__(self, case_dir: Path, record: dict[str, Any], kb=None):
        from precisecli.genomics.record import genomics

        if kb is None:
            from precisecli.knowledge.kb import load_kb

            kb = load_kb()
        self.settings = clonality.ClonalitySettings.from_kb(kb)
        self.samples = genomics(record).get("samples", {})
        self.case_dir = case_dir
        self._cn: dict[str, LocalCn] = {}

    def purity(self, sample_id: str) -> float | None:
        return resolved(self.samples[sample_id]).get("purity")

    def of(self, sample_id: str, row: dict[str, Any]) -> clonality.Ccf:
        sample = self.samples[sample_id]
        if sample["kind"] == "ctdna":
            return clonality.unknown("plasma draw: CCF not estimated (see its tumour fraction)")
        if sample["kind"] == "normal":
            return clonality.unknown("matched normal (white cells): not a tumour sample")
        purity = self.purity(sample_id)
        if purity is None:
            return clonality.unknown("no purity for this sample (--purity or purity import)")
        if sample_id not in self._cn:
            self._cn[sample_id] = local_cn(self.case_dir, sample)
        found = self._cn[sample_id].at(row.get("chrom"), row.get("pos"), row.get("gene"))
        if found is None:
            return clonality.unknown("no copy number at this position (cna import)")
        total, minor, _where = found
        return clonality.estimate(
            vaf=row.get("vaf"),
            depth=row.get("depth"),
            alt_depth=row.get("alt_depth"),
            purity=purity,
            total_cn=total,
            minor_cn=minor,
            settings=self.settings,
        )

    def local(self, sample_id: str, row: dict[str, Any]):
        sample = self.samples[sample_id]
        if sample_id not in self._cn:
            self._cn[sample_id] = local_cn(self.case_dir, sample)
        return self._cn[sample_id].at(row.get("chrom"), row.get("pos"), row.get("gene"))
