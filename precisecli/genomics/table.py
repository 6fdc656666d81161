"""The normalised per-sample tables stored in a case: ``variants/<SAMPLE_ID>.tsv`` and
``cna/<SAMPLE_ID>.tsv``. Columns are documented in docs/genomics.md; missing values are empty."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from precisecli.errors import Location, ValidationError

VARIANT_COLUMNS = [
    "chrom",  # without 'chr'; MT for the mitochondrion
    "pos",  # 1-based
    "ref",
    "alt",  # one ALT per row (multi-allelic records are split)
    "gene",
    "hgvsp",  # one-letter short form, p.H1047R
    "hgvsc",
    "consequence",  # SO terms joined by '&'
    "transcript",
    "annotation",  # VEP | SnpEff | MAF | hotspot-table | gene-table | none
    "vaf",  # fraction 0-1
    "depth",
    "alt_depth",
    "vaf_source",  # which field(s) the VAF came from, 'none' when no caller field was usable
    "filter",  # PASS, '.', or the failed filters when --filter any
    "hotspot",  # 1/0: codon in the cancerhotspots.org table
    "truncating",  # 1/0
    "oncogenic",  # 1/0
    "chip",  # 1/0: clonal-haematopoiesis gene in a ctDNA sample
    "tmb_eligible",  # 1/0: counted in the TMB numerator
    "filtered_reason",  # why the variant does not count (below VAF floor ...), else empty
]

CNA_COLUMNS = [
    "gene",
    "chrom",
    "start",  # span of the segment(s) covering the gene
    "end",
    "copy_number",  # total copy number (absolute, purity-adjusted when purity was given)
    "log2",  # segment log2 ratio when the input had one
    "call",  # amplification | gain | neutral | loss | deletion
    "rule",  # the rule and thresholds that produced the call
    "source",  # input format
]

BOOL_COLUMNS = {"hotspot", "truncating", "oncogenic", "chip", "tmb_eligible"}


def format_row(values: dict[str, object], columns: list[str]) -> str:
    out = []
    for col in columns:
        value = values.get(col)
        if value is None:
            out.append("")
        elif isinstance(value, bool):
            out.append("1" if value else "0")
        elif isinstance(value, float):
            out.append(f"{value:.6g}")
        else:
            text = str(value)
            out.append(text.replace("\t", " ").replace("\n", " "))
    return "\t".join(out) + "\n"


def read_table(path: Path, columns: list[str]) -> Iterator[dict[str, object]]:
    """Read a stored table back with types (ints, floats, bools, None for empty)."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != columns:
            raise ValidationError(
                "unexpected columns in a stored table",
                location=Location(file=f"{path.parent.name}/{path.name}", line=1),
                hint="the file was changed outside precise; re-import the sample with --replace",
            )
        for row in reader:
            yield {col: _typed(col, value) for col, value in zip(columns, row, strict=True)}


_INT = {"pos", "depth", "alt_depth", "start", "end"}
_FLOAT = {"vaf", "copy_number", "log2"}


def _typed(col: str, value: str) -> object:
    if value == "":
        return False if col in BOOL_COLUMNS else None
    if col in BOOL_COLUMNS:
        return value == "1"
    if col in _INT:
        return int(value)
    if col in _FLOAT:
        return float(value)
    return value
