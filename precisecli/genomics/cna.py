"""``cna import``: CNVkit .cns/.cnr/.call.cns, allele-specific segments (PCGR/PURPLE-style
``Chromosome Start End nMajor nMinor``) or a gene-level table (``gene copy_number``) → one
gene-level call per gene, with the rule and thresholds that produced it.

Thresholds come from the knowledge base (thresholds.copy_number). Absolute copy number from a
log2 ratio follows CNVkit's rescaling: n = (P·2^log2 − P·(1−purity)) / purity for ploidy P
(n = P·2^log2 when purity is unknown). Where several segments overlap a gene the lowest copy
number is used (PURPLE's 'min exonic copy number' idea): a gene is called amplified only when
all of it is.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.genomics.table import CNA_COLUMNS, format_row
from precisecli.genomics.tables import genes
from precisecli.genomics.vcf_worker import normalise_chrom


@dataclass(frozen=True)
class CnThresholds:
    amp_min_cn: float
    amp_min_ploidy_ratio: float
    gain_over_ploidy: float
    loss_max_cn: float  # for a diploid genome; scaled by ploidy/2
    deletion_max_cn: float

    @classmethod
    def from_kb(cls, kb) -> CnThresholds:
        t = lambda key: float(kb.threshold("copy_number", key))  # noqa: E731
        return cls(
            amp_min_cn=t("amplification_min_cn"),
            amp_min_ploidy_ratio=t("amplification_min_ploidy_ratio"),
            gain_over_ploidy=t("gain_min_cn_over_ploidy"),
            loss_max_cn=t("loss_max_cn"),
            deletion_max_cn=t("deletion_max_cn"),
        )


def call(cn: float, ploidy: float, th: CnThresholds) -> tuple[str, str]:
    """(call, rule) for a total copy number."""
    if cn >= th.amp_min_cn or cn >= th.amp_min_ploidy_ratio * ploidy:
        rule = (
            f"CN {cn:.2f} >= {th.amp_min_cn:g}"
            if cn >= th.amp_min_cn
            else f"CN {cn:.2f} >= {th.amp_min_ploidy_ratio:g} x ploidy {ploidy:g}"
        )
        return "amplification", rule
    rounded = round(cn)
    if rounded <= th.deletion_max_cn:
        return "deletion", f"CN {cn:.2f} rounds to <= {th.deletion_max_cn:g}"
    loss_max = th.loss_max_cn * ploidy / 2
    if rounded <= loss_max:
        return "loss", f"CN {cn:.2f} rounds to <= {loss_max:g} (ploidy {ploidy:g})"
    if cn >= ploidy + th.gain_over_ploidy:
        return "gain", f"CN {cn:.2f} >= ploidy {ploidy:g} + {th.gain_over_ploidy:g}"
    return "neutral", f"CN {cn:.2f} between loss and gain limits (ploidy {ploidy:g})"


def cn_from_log2(log2: float, ploidy: float, purity: float | None) -> float:
    observed = ploidy * 2.0**log2
    if purity is not None and purity < 1:
        return max(0.0, (observed - ploidy * (1 - purity)) / purity)
    return observed


@dataclass
class Segment:
    chrom: str
    start: int
    end: int
    cn: float
    log2: float | None


def _number(value: str, name: str, line: int, column: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise InputError(
            f"{column} value '{value[:20]}' is not a number",
            location=Location(file=name, line=line, field=column),
            hint="fix the value; copy-number tables must be numeric",
        )
    return number


def read_cna(path: Path, ploidy: float, purity: float | None):
    """Return (format, segments or None, gene rows or None)."""
    name = path.name
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            lines = [(i, line) for i, line in enumerate(handle, start=1)]
    except UnicodeDecodeError:
        raise InputError("not a text table", location=Location(file=name)) from None
    except FileNotFoundError:
        raise InputError("file not found", location=Location(file=name)) from None
    rows = [(i, line) for i, line in lines if line.strip() and not line.startswith("#")]
    if not rows:
        raise InputError("the file is empty", location=Location(file=name, line=1))
    header_line, header_text = rows[0]
    header = next(csv.reader([header_text.rstrip("\r\n")], delimiter="\t"))
    low = [h.strip().lower() for h in header]
    body = rows[1:]
    if not body:
        raise InputError("the table has a header but no rows", location=Location(file=name))

    def records():
        for i, text in body:
            cols = text.rstrip("\r\n").split("\t")
            if len(cols) != len(header):
                raise InputError(
                    f"row has {len(cols)} columns, the header has {len(header)}",
                    location=Location(file=name, line=i),
                    hint="the file is truncated or not tab-separated",
                )
            yield i, dict(zip(low, cols, strict=True))

    if {"gene", "copy_number"} <= set(low):
        out = []
        for i, rec in records():
            out.append((rec["gene"], _number(rec["copy_number"], name, i, "copy_number")))
        return "gene-level TSV", None, out
    if {"chromosome", "start", "end", "nmajor", "nminor"} <= set(low):
        fmt = "allele-specific segments (nMajor/nMinor)"
        segs = []
        for i, rec in records():
            major = _number(rec["nmajor"], name, i, "nMajor")
            minor = _number(rec["nminor"], name, i, "nMinor")
            segs.append(_segment(rec, name, i, major + minor, None, "chromosome"))
        return fmt, segs, None
    if {"chromosome", "start", "end", "log2"} <= set(low):
        has_cn = "cn" in low
        fmt = "CNVkit .call.cns (cn column)" if has_cn else "CNVkit segments/bins (log2)"
        segs = []
        for i, rec in records():
            log2 = _number(rec["log2"], name, i, "log2")
            cn = _number(rec["cn"], name, i, "cn") if has_cn else cn_from_log2(log2, ploidy, purity)
            seg = _segment(rec, name, i, cn, log2, "chromosome")
            seg.start += 1  # CNVkit writes BED-like 0-based starts
            segs.append(seg)
        return fmt, segs, None
    raise InputError(
        "unrecognised copy-number table",
        location=Location(file=name, line=header_line),
        hint="expected CNVkit columns (chromosome start end log2 [cn]), allele-specific "
        "(Chromosome Start End nMajor nMinor) or gene-level (gene copy_number)",
    )


def _segment(rec, name, line, cn, log2, chrom_key) -> Segment:
    start, end = rec["start"], rec["end"]
    if not start.isdigit() or not end.isdigit() or int(end) < int(start):
        raise InputError(
            "start/end are not a valid interval",
            location=Location(file=name, line=line, field="start"),
        )
    if cn < 0:
        raise InputError(
            "copy number is negative", location=Location(file=name, line=line, field="cn")
        )
    return Segment(normalise_chrom(rec[chrom_key]), int(start), int(end), cn, log2)


def gene_calls(fmt, segments, gene_rows, build, ploidy, purity, th: CnThresholds, name):
    """Gene-level rows for the cna table, sorted by gene."""
    out = []
    if gene_rows is not None:
        index = genes(build)
        for gene, cn in gene_rows:
            span = index.span(gene)
            verdict, rule = call(cn, ploidy, th)
            out.append(
                {
                    "gene": gene,
                    "chrom": span.chrom if span else None,
                    "start": span.start if span else None,
                    "end": span.end if span else None,
                    "copy_number": round(cn, 3),
                    "log2": None,
                    "call": verdict,
                    "rule": rule,
                    "source": fmt,
                }
            )
        return sorted(out, key=lambda r: r["gene"])
    index = genes(build)
    by_chrom: dict[str, list[Segment]] = {}
    for seg in segments:
        by_chrom.setdefault(seg.chrom, []).append(seg)
    for span in sorted(index.spans, key=lambda s: s.gene):
        hits = [
            s for s in by_chrom.get(span.chrom, []) if s.start <= span.end and s.end >= span.start
        ]
        if not hits:
            continue
        low = min(hits, key=lambda s: s.cn)
        verdict, rule = call(low.cn, ploidy, th)
        if low.log2 is not None and "cn column" not in fmt:
            how = f"n = {ploidy:g}*2^log2" if purity is None else f"purity {purity:g}"
            rule += f"; CN from log2 {low.log2:.3f} ({how})"
        if len(hits) > 1:
            rule += f"; lowest of {len(hits)} overlapping segments"
        out.append(
            {
                "gene": span.gene,
                "chrom": span.chrom,
                "start": min(s.start for s in hits),
                "end": max(s.end for s in hits),
                "copy_number": round(low.cn, 3),
                "log2": None if low.log2 is None else round(low.log2, 4),
                "call": verdict,
                "rule": rule,
                "source": fmt,
            }
        )
    return out


def write_table(rows, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("\t".join(CNA_COLUMNS) + "\n")
        for row in rows:
            out.write(format_row(row, CNA_COLUMNS))
