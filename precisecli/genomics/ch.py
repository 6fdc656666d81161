"""Clonal haematopoiesis (CH) in plasma: a matched white-cell sample (``--kind normal``: buffy
coat / PBMC) when the case has one, else the knowledge-base gene list.

With a matched normal, a plasma variant is CH when the same variant (chrom, pos, ref, alt) is in
the white cells at a VAF of at least ``clonality.ch_normal_min_vaf`` with at least
``clonality.ch_normal_min_alt_reads`` alt reads — whatever its gene; a variant of a listed gene
that the white cells do not carry is tumour-derived. Without one, a plasma variant in a gene of
``thresholds.ctdna.clonal_hematopoiesis_genes`` is CH (the flag written at import). Each call says
which basis was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.genomics.table import VARIANT_COLUMNS, read_table

GENE_LIST = "gene list"
WHITE_CELLS = "matched white cells"


@dataclass(frozen=True)
class ChSettings:
    min_vaf: float
    min_alt_reads: int

    @classmethod
    def from_kb(cls, kb) -> ChSettings:
        from precisecli.knowledge.kb import setting

        return cls(
            min_vaf=float(setting(kb, "clonality.ch_normal_min_vaf", 0.001)),
            min_alt_reads=int(setting(kb, "clonality.ch_normal_min_alt_reads", 2)),
        )


@dataclass
class ChEvidence:
    normals: list[str]  # matched white-cell samples of the case
    carried: dict[tuple[str, int, str, str], tuple[str, float | None, int | None]]

    @property
    def method(self) -> str:
        return WHITE_CELLS if self.normals else GENE_LIST

    def call(self, row: dict[str, Any]) -> tuple[bool, str | None]:
        """(is CH, basis text) for a plasma variant row."""
        if not self.normals:
            if row.get("chip"):
                return True, f"{GENE_LIST}: {row.get('gene')} is a clonal-haematopoiesis gene"
            return False, None
        key = (str(row["chrom"]), int(row["pos"]), str(row["ref"]), str(row["alt"]))
        hit = self.carried.get(key)
        if hit is None:
            return False, None
        sid, vaf, alt = hit
        vaf_text = "?" if vaf is None else f"{100 * vaf:.2f}%"
        return True, f"{WHITE_CELLS}: in {sid} at VAF {vaf_text} ({alt} alt reads)"


def ch_evidence(case_dir: Path, record: dict[str, Any], kb=None) -> ChEvidence:
    from precisecli.genomics.record import genomics

    samples = genomics(record).get("samples", {})
    normals = sorted(s for s, v in samples.items() if v["kind"] == "normal" and v.get("variants"))
    carried: dict[tuple[str, int, str, str], tuple[str, float | None, int | None]] = {}
    if normals:
        if kb is None:
            from precisecli.knowledge.kb import load_kb

            kb = load_kb()
        s = ChSettings.from_kb(kb)
        for sid in normals:
            table = case_dir / samples[sid]["variants"]["table"]
            for row in read_table(table, VARIANT_COLUMNS):
                vaf, alt = row["vaf"], row["alt_depth"]
                if vaf is None or vaf < s.min_vaf:
                    continue
                if alt is not None and alt < s.min_alt_reads:  # type: ignore[operator]
                    continue
                key = (str(row["chrom"]), int(row["pos"]), str(row["ref"]), str(row["alt"]))  # type: ignore[arg-type]
                carried.setdefault(key, (sid, vaf, alt))  # type: ignore[arg-type]
    return ChEvidence(normals, carried)
