"""``cna import``: CNVkit .cns/.cnr/.call.cns, allele-specific segments (PCGR/PURPLE-style
``Chromosome Start End nMajor nMinor``) or a gene-level table (``gene copy_number``) → one
gene-level call per gene, with the rule and thresholds that produced it.

Integer copy number: a CNVkit file with a ``cn`` column is taken as called; an uncalled CNVkit
file (log2 only) is called segment by segment with CNVkit's own threshold rule
(cnvkit_call.call_log2, purity-aware as ``cnvkit.py call --purity``). The gene-level label
(amplification / gain / neutral / loss / deletion) follows from the copy number by the knowledge
base thresholds (thresholds.copy_number). Where several segments overlap a gene the lowest copy
number is used (PURPLE's 'min exonic copy number' idea): a gene is called amplified only when
all of it is. For .cnr bins, a gene's copy number is the call of the median log2 of its bins.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.genomics.build import CHROM_SIZES, SECONDARY_CONTIG
from precisecli.genomics.cnvkit_call import CnvkitThresholds, call_log2
from precisecli.genomics.table import CNA_COLUMNS, format_row
from precisecli.genomics.tables import genes
from precisecli.genomics.textinput import refuse_repeated, text_lines
from precisecli.genomics.vcf_worker import normalise_chrom
from precisecli.limits import exceeded, limit

# Highest total copy number accepted: focal amplicons reach ~100-200 copies; beyond this the
# value is a unit error (e.g. a ratio ×1000) or corrupt.
MAX_COPY_NUMBER = 1000.0
# HGNC-style symbol (letters, digits, '-', '.', '_', e.g. ERBB2, HLA-A, C1orf21, NKX2-1).
GENE_SYMBOL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


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


@dataclass
class Segment:
    chrom: str
    start: int  # 1-based
    end: int
    cn: float
    log2: float | None
    line: int
    rule: str = ""  # how the integer CN was obtained (uncalled CNVkit input)
    minor: float | None = None  # minor-allele copy number (allele-specific inputs)


@dataclass
class CnInput:
    format: str
    segments: list[Segment] | None
    gene_rows: list[tuple[str, float, int]] | None  # (gene, copy number, line)
    bins: bool = False  # CNVkit .cnr: bins, not segments
    skipped_segments: int = 0  # unplaced/alt contigs, CNVkit segments with no probes


def _number(
    value: str,
    name: str,
    line: int,
    column: str,
    hint: str = "fix the value; copy-number tables must be numeric",
) -> float:
    """A finite number from a table cell, or InputError at file/line/column."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise InputError(
            f"{column} value '{value[:20]}' is not a number",
            location=Location(file=name, line=line, field=column),
            hint=hint,
        )
    return number


def _copy_number(value: float, name: str, line: int, column: str) -> float:
    if value < 0:
        raise InputError(
            f"copy number {value:g} is negative",
            location=Location(file=name, line=line, field=column),
            hint="copy numbers are counts of copies, 0 or more",
        )
    if value > MAX_COPY_NUMBER:
        raise InputError(
            f"copy number {value:g} is implausible (above {MAX_COPY_NUMBER:g})",
            location=Location(file=name, line=line, field=column),
            hint="check the column holds absolute copy number, not a ratio or a percentage",
        )
    return value


def read_cna(path: Path, ploidy: float, purity: float | None, th: CnvkitThresholds) -> CnInput:
    """The copy-number input in ``path``; segments that overlap are refused (one copy number
    per position: otherwise a gene would take whichever segment came last)."""
    cn_input = _read_cna(path, ploidy, purity, th)
    if cn_input.segments:
        _refuse_overlaps(cn_input.segments, path.name)
    return cn_input


def _refuse_overlaps(segments: list[Segment], name: str) -> None:
    by_chrom: dict[str, list[Segment]] = {}
    for seg in segments:
        by_chrom.setdefault(seg.chrom, []).append(seg)
    for chrom, segs in by_chrom.items():
        segs.sort(key=lambda s: (s.start, s.end, s.line))
        for a, b in zip(segs, segs[1:], strict=False):
            if b.start <= a.end:
                first, second = sorted((a.line, b.line))
                raise InputError(
                    f"segments on line {first} and line {second} overlap (chromosome {chrom}, "
                    f"{b.start:,}–{min(a.end, b.end):,}): a position has one copy number",
                    location=Location(file=name, line=second),
                    hint="give one segmentation per sample (not two merged)",
                )


def _read_cna(path: Path, ploidy: float, purity: float | None, th: CnvkitThresholds) -> CnInput:
    """Read and check a copy-number file; call uncalled CNVkit segments."""
    name = path.name
    rows: list[tuple[int, str]] = []
    header_bytes, max_header = 0, limit("max_header_bytes")
    for i, line in text_lines(path, what="copy-number file"):
        if not line.strip() or line.startswith("#"):
            if not rows:  # comment lines before the header row count as the header
                header_bytes += len(line) + 1
                if header_bytes > max_header:
                    raise exceeded("max_header_bytes", location=Location(file=name, line=i))
            continue
        rows.append((i, line))
    if not rows:
        raise InputError("the file is empty", location=Location(file=name, line=1))
    header_line, header_text = rows[0]
    header = header_text.split("\t")
    low = [h.strip().lower() for h in header]
    refuse_repeated(
        low,
        named="the header names column(s)",
        location=Location(file=name, line=header_line),
        hint="keep one column of each name",
    )
    body = rows[1:]
    if not body:
        raise InputError("the table has a header but no rows", location=Location(file=name))

    def records():
        for i, text in body:
            cols = text.split("\t")
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
            gene = rec["gene"].strip()
            if not GENE_SYMBOL.match(gene):
                raise InputError(
                    "gene column does not hold a gene symbol",
                    location=Location(file=name, line=i, field="gene"),
                    hint="use HGNC symbols such as ERBB2 (letters, digits, '-', '.')",
                )
            cn = _copy_number(_number(rec["copy_number"], name, i, "copy_number"), name, i,
                              "copy_number")  # fmt: skip
            out.append((gene, cn, i))
        return CnInput("gene-level TSV", None, out)
    from precisecli.genomics.cna_allelic import read_allelic

    allelic = read_allelic(low, records, name)
    if allelic is not None:
        return allelic
    if {"chromosome", "start", "end", "log2"} <= set(low):
        has_cn = "cn" in low
        bins = not has_cn and "depth" in low and "probes" not in low
        if has_cn:
            fmt = "CNVkit .call.cns (cn column)"
        elif bins:
            fmt = "CNVkit bins (.cnr), called with CNVkit's threshold rule"
        else:
            fmt = "CNVkit segments (.cns), called with CNVkit's threshold rule"
        segs, skipped = [], 0
        for i, rec in records():
            if rec.get("probes", "").strip() == "0":
                skipped += 1  # CNVkit writes empty segments (no probes, even end < start)
                continue
            log2 = _number(rec["log2"], name, i, "log2")
            rule = ""
            if has_cn:
                cn = _copy_number(_number(rec["cn"], name, i, "cn"), name, i, "cn")
            else:
                chrom = normalise_chrom(rec["chromosome"])
                cn, _v, rule = call_log2(chrom, log2, ploidy, purity, th)
            seg = _segment(rec, name, i, float(cn), log2, zero_based=True)
            if seg is None:
                skipped += 1
                continue
            seg.rule = rule
            segs.append(seg)
        return CnInput(fmt, segs, None, bins, skipped)
    raise InputError(
        "unrecognised copy-number table",
        location=Location(file=name, line=header_line),
        hint="expected CNVkit columns (chromosome start end log2 [cn]), allele-specific "
        "(Chromosome Start End nMajor nMinor) or gene-level (gene copy_number)",
    )


def _segment(rec, name, line, cn, log2, *, zero_based: bool) -> Segment | None:
    """The segment of a row (1-based start), or None for a secondary contig (skipped)."""
    raw_chrom = rec["chromosome"].strip()
    chrom = normalise_chrom(raw_chrom)
    if chrom not in CHROM_SIZES["GRCh38"]:
        if SECONDARY_CONTIG.match(raw_chrom):  # skipped (counted)
            return None
        raise InputError(
            "unknown chromosome (not 1-22, X, Y, MT or a known unplaced/alt contig)",
            location=Location(file=name, line=line, field="chromosome"),
            hint="fix the chromosome name; segments are never dropped silently",
        )
    start, end = rec["start"].strip(), rec["end"].strip()
    if not start.isdigit() or not end.isdigit() or int(end) < int(start):
        raise InputError(
            "start/end are not a valid interval",
            location=Location(file=name, line=line, field="start"),
        )
    first = int(start) + 1 if zero_based else int(start)  # CNVkit writes BED-like starts
    return Segment(chrom, first, int(end), cn, log2, line)


def detect_build(segments: list[Segment], name: str) -> str | None:
    """The build whose chromosome lengths hold every segment, when only one does (None: both
    do). No build holding them is refused, naming the first segment past an end."""
    fits = {
        build: all(s.end <= sizes.get(s.chrom, 0) for s in segments)
        for build, sizes in CHROM_SIZES.items()
    }
    if not any(fits.values()):
        worst = max(segments, key=lambda s: s.end - CHROM_SIZES["GRCh37"].get(s.chrom, 0))
        raise InputError(
            f"segment end {worst.end} is beyond chromosome {worst.chrom} in both GRCh37 and GRCh38",
            location=Location(file=name, line=worst.line, field="end"),
            hint="the coordinates are corrupt or on another assembly",
        )
    matching = [b for b, ok in fits.items() if ok]
    return matching[0] if len(matching) == 1 else None


def check_build(segments: list[Segment], build: str, name: str) -> None:
    sizes = CHROM_SIZES[build]
    for s in segments:
        if s.end > sizes[s.chrom]:
            raise InputError(
                f"segment end {s.end} is beyond chromosome {s.chrom} ({sizes[s.chrom]} on {build})",
                location=Location(file=name, line=s.line, field="end"),
                hint="the file is on the other build: give the right --build",
            )


def gene_calls(cn_input: CnInput, build, ploidy, purity, th: CnThresholds, cth, name):
    """Gene-level rows for the cna table, sorted by gene. In a gene-level table, one gene listed
    twice with conflicting calls (e.g. amplified and deleted) is refused; in segments, a gene
    spanning segments that disagree (an intragenic breakpoint) takes the lowest copy number and
    the rule says the segments disagree."""
    out = []
    if cn_input.gene_rows is not None:
        index = genes(build)
        by_gene: dict[str, tuple[float, int]] = {}
        for gene, cn, line in cn_input.gene_rows:
            if gene in by_gene:
                first_cn, first_line = by_gene[gene]
                if call(first_cn, ploidy, th)[0] != call(cn, ploidy, th)[0]:
                    raise InputError(
                        f"conflicting calls for gene {gene}: CN {first_cn:g} (line "
                        f"{first_line}) and CN {cn:g}",
                        location=Location(file=name, line=line, field="copy_number"),
                        hint="one gene must have one copy number per sample; fix the table",
                    )
                continue
            by_gene[gene] = (cn, line)
        for gene, (cn, _line) in by_gene.items():
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
                    "source": cn_input.format,
                }
            )
        return sorted(out, key=lambda r: r["gene"])
    index = genes(build)
    by_chrom: dict[str, list[Segment]] = {}
    for seg in cn_input.segments or []:
        by_chrom.setdefault(seg.chrom, []).append(seg)
    for span in sorted(index.spans, key=lambda s: s.gene):
        hits = [
            s for s in by_chrom.get(span.chrom, []) if s.start <= span.end and s.end >= span.start
        ]
        if not hits:
            continue
        if cn_input.bins:
            log2 = statistics.median(s.log2 for s in hits if s.log2 is not None)
            cn_value, _v, how = call_log2(span.chrom, log2, ploidy, purity, cth)
            low = Segment(span.chrom, hits[0].start, hits[-1].end, float(cn_value), log2, 0, how)
            note = f"; median log2 of {len(hits)} bins"
        else:
            low = min(hits, key=lambda s: s.cn)
            note = f"; lowest of {len(hits)} overlapping segments" if len(hits) > 1 else ""
            verdicts = {call(s.cn, ploidy, th)[0] for s in hits}
            if len(verdicts) > 1:  # an intragenic breakpoint: say so, keep the lowest
                high = max(hits, key=lambda s: s.cn)
                note += f"; segments disagree (CN {low.cn:g} to {high.cn:g})"
        verdict, rule = call(low.cn, ploidy, th)
        if low.rule:
            rule = f"{low.rule}; {verdict}: {rule}"
        rule += note
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
                "source": cn_input.format,
            }
        )
    return out


def write_table(rows, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("\t".join(CNA_COLUMNS) + "\n")
        for row in rows:
            out.write(format_row(row, CNA_COLUMNS))
