"""MAF (GDC/vcf2maf/maftools Mutation Annotation Format) import, streamed line by line.

Plain, gzip or BGZF. One row per variant of the chosen sample; rows repeating a sample's
(Chromosome, Start_Position, Reference_Allele, Tumor_Seq_Allele2) are duplicates, dropped and
counted (maftools ``validateMaf`` uses the same key). Read counts: t_depth, else t_ref_count +
t_alt_count; VAF = t_alt_count / t_depth. A MAF without read counts (common in published and
cBioPortal MAFs) keeps every row, with the VAF unknown (``vaf_source`` says so) — its variants
still count for TMB. The TMB numerator of a MAF row is maftools' non-synonymous set of
Variant_Classification values (read_maf_dt.R ``vc.nonSilent``) when the column is there, else
the Consequence terms. The protein change goes through protein.resolve, the rules VCFs use.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.genomics import build as builds
from precisecli.genomics.classify import Rules, flags, passes_filter
from precisecli.genomics.protein import resolve
from precisecli.genomics.table import VARIANT_COLUMNS, format_row
from precisecli.genomics.textinput import refuse_repeated, text_lines
from precisecli.genomics.vcf_worker import normalise_chrom, not_a_sequence
from precisecli.limits import exceeded, limit

REQUIRED = ("Hugo_Symbol", "Chromosome", "Start_Position", "Reference_Allele", "Tumor_Seq_Allele2")

# MAF Variant_Classification → Sequence Ontology term (the inverse of vcf2maf's mapping).
CLASSIFICATION = {
    "Missense_Mutation": "missense_variant",
    "Nonsense_Mutation": "stop_gained",
    "Frame_Shift_Del": "frameshift_variant",
    "Frame_Shift_Ins": "frameshift_variant",
    "Splice_Site": "splice_donor_variant",
    "In_Frame_Del": "inframe_deletion",
    "In_Frame_Ins": "inframe_insertion",
    "Silent": "synonymous_variant",
    "Nonstop_Mutation": "stop_lost",
    "Translation_Start_Site": "start_lost",
    "Intron": "intron_variant",
    "3'UTR": "3_prime_UTR_variant",
    "5'UTR": "5_prime_UTR_variant",
    "3'Flank": "downstream_gene_variant",
    "5'Flank": "upstream_gene_variant",
    "Splice_Region": "splice_region_variant",
    "RNA": "non_coding_transcript_exon_variant",
    "IGR": "intergenic_variant",
}
# maftools read.maf default vc.nonSilent (PoisonAlien/maftools R/read_maf_dt.R).
NON_SILENT_CLASSES = frozenset(
    {
        "Frame_Shift_Del",
        "Frame_Shift_Ins",
        "Splice_Site",
        "Translation_Start_Site",
        "Nonsense_Mutation",
        "Nonstop_Mutation",
        "In_Frame_Del",
        "In_Frame_Ins",
        "Missense_Mutation",
    }
)
NO_COUNTS = "unknown: the MAF has no read counts"
HGVSP_COLUMNS = ("HGVSp_Short", "HGVSp", "Protein_Change", "amino_acid_change")


def import_maf(
    path: Path,
    *,
    scratch: Path,
    tumor_sample: str | None,
    build_option: str | None,
    case_build: str | None,
    rules: Rules,
    on_progress: Callable[[int], None] | None = None,
):
    from precisecli.genomics.importer import ImportResult

    name = path.name
    out_path = scratch / "variants.tsv"
    counts: Counter[str] = Counter()
    vaf_sources: Counter[str] = Counter()
    builds_seen: set[str] = set()
    samples_seen: set[str] = set()
    seen: set[tuple[str, int, str, str]] = set()
    build: str | None = None
    header: list[str] | None = None
    record = 0
    header_bytes, max_header = 0, limit("max_header_bytes")
    with open(out_path, "w", encoding="utf-8", newline="") as out:
        out.write("\t".join(VARIANT_COLUMNS) + "\n")
        for line_no, line in text_lines(path, what="MAF"):
            if header is None:
                header_bytes += len(line) + 1
                if header_bytes > max_header:
                    raise exceeded("max_header_bytes", location=Location(file=name, line=line_no))
            if line.startswith("#") or (header is None and not line.strip()):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                refuse_repeated(
                    header,
                    named="MAF header names column(s)",
                    location=Location(file=name, line=line_no),
                    hint="keep one column of each name",
                )
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    raise InputError(
                        f"MAF header lacks column(s) {', '.join(missing)}",
                        location=Location(file=name, line=line_no),
                        hint="a MAF needs Hugo_Symbol, Chromosome, Start_Position, "
                        "Reference_Allele and Tumor_Seq_Allele2",
                    )
                continue
            record += 1
            if len(cols) != len(header):
                raise InputError(
                    f"row has {len(cols)} columns, the header has {len(header)}",
                    location=Location(file=name, line=line_no, record=record),
                    hint="the file is truncated or not tab-separated",
                )
            row = dict(zip(header, cols, strict=True))
            barcode = row.get("Tumor_Sample_Barcode", "")
            samples_seen.add(barcode)
            if tumor_sample and barcode != tumor_sample:
                continue
            if row.get("NCBI_Build"):
                builds_seen.add(builds.normalise_build(row["NCBI_Build"]))
            if build is None:
                build = _row_build(builds_seen, build_option, case_build)
            if not passes_filter(
                [f for f in row.get("FILTER", "PASS").split(";") if f not in ("", ".")],
                rules.filter_mode,
            ):
                counts["filtered"] += 1
                continue
            where = Location(file=name, line=line_no, record=record)
            pos_text = row["Start_Position"]
            if not pos_text.isdigit() or int(pos_text) < 1:
                raise InputError(
                    "Start_Position is not a positive integer",
                    location=_at(where, "Start_Position"),
                )
            chrom, pos = normalise_chrom(row["Chromosome"]), int(pos_text)
            chrom = _NUMBERED_SEX_CHROMS.get(chrom, chrom)
            if chrom not in builds.CHROM_SIZES["GRCh38"] and not builds.SECONDARY_CONTIG.match(
                row["Chromosome"].strip()
            ):
                raise InputError(
                    "unknown chromosome (not 1-22, X, Y, MT or a known unplaced/alt contig)",
                    location=_at(where, "Chromosome"),
                    hint="fix the chromosome name",
                )
            if build is not None:
                builds.check_position(build, chrom, pos, _at(where, "Start_Position"))
            ref, alt = row["Reference_Allele"], row["Tumor_Seq_Allele2"]
            for column, allele in (("Reference_Allele", ref), ("Tumor_Seq_Allele2", alt)):
                if not allele.strip():
                    raise InputError(
                        f"{column} is empty",
                        location=_at(where, column),
                        hint="give the allele's bases, or '-' for the empty side of an indel",
                    )
            end_text = row.get("End_Position", "")
            if end_text.isdigit() and int(end_text) < pos:
                raise InputError(
                    "End_Position is before Start_Position",
                    location=_at(where, "End_Position"),
                )
            if not_a_sequence(alt, ref):
                counts["symbolic_skipped"] += 1
                continue
            key = (chrom, pos, ref, alt)
            if key in seen:
                counts["duplicates"] += 1
                continue
            seen.add(key)
            depth, alt_count, source = _read_counts(row, where)
            vaf = None if depth is None or alt_count is None or depth == 0 else alt_count / depth
            vaf_sources[source] += 1
            classification = row.get("Variant_Classification") or None
            consequence = row.get("Consequence") or CLASSIFICATION.get(classification or "")
            consequence = consequence.replace(",", "&") if consequence else None
            gene = row["Hugo_Symbol"] if row["Hugo_Symbol"] not in ("", "Unknown") else None
            hgvsp, _how = resolve(
                tuple(row.get(c) for c in HGVSP_COLUMNS),
                row.get("Protein_position"),
                row.get("Amino_acids"),
                build=build,
                chrom=chrom,
                pos=pos,
                ref=ref,
                alt=alt,
                gene=gene,
            )
            non_silent = None if classification is None else classification in NON_SILENT_CLASSES
            values = {
                "chrom": chrom,
                "pos": pos,
                "ref": ref,
                "alt": alt,
                "gene": gene,
                "hgvsp": hgvsp,
                "hgvsc": row.get("HGVSc") or None,
                "consequence": consequence,
                "transcript": row.get("Transcript_ID") or None,
                "annotation": "MAF",
                "vaf": None if vaf is None else round(vaf, 6),
                "depth": depth,
                "alt_depth": alt_count,
                "vaf_source": source,
                "filter": row.get("FILTER") or ".",
            }
            values.update(
                flags(
                    rules,
                    gene,
                    hgvsp,
                    consequence,
                    values["vaf"],
                    depth,
                    non_silent=non_silent,
                    vaf_unknown_counts=source == NO_COUNTS,
                )
            )
            counts["rows"] += 1
            counts["kept_records"] += 1
            counts["tmb_eligible"] += bool(values["tmb_eligible"])
            if source == NO_COUNTS:
                counts["vaf_unknown"] += 1
            out.write(format_row(values, VARIANT_COLUMNS))
            if on_progress and record % 65536 == 0:
                on_progress(65536)
    if header is None or record == 0:
        raise InputError("the MAF has no variant rows", location=Location(file=name))
    if tumor_sample and tumor_sample not in samples_seen:
        listed = ", ".join(sorted(samples_seen))
        raise InputError(
            f"sample '{tumor_sample}' is not in the file; it has: {listed[:200]}",
            location=Location(file=name),
            hint="pass one of these to --tumor-sample",
        )
    if not tumor_sample and len(samples_seen) > 1:
        listed = ", ".join(sorted(samples_seen))
        raise InputError(
            f"the MAF holds {len(samples_seen)} samples: {listed[:200]}",
            location=Location(file=name),
            hint="choose one with --tumor-sample",
        )
    if len(builds_seen) > 1:
        raise InputError("the MAF mixes NCBI_Build values", location=Location(file=name))
    build, how = builds.detect(name, list(builds_seen), {}, build_option, case_build)
    return ImportResult(
        file_format="maf",
        build=build,
        build_source="NCBI_Build column" if builds_seen else how,
        tumor_sample=tumor_sample or next(iter(samples_seen), None),
        annotation="MAF",
        table=out_path,
        records=record,
        counts=dict(sorted(counts.items())),
        vaf_sources=dict(sorted(vaf_sources.items())),
        annotation_sources={"MAF": counts["rows"]},
        sorted=True,
    )


# Older TCGA MAFs (e.g. maftools' tcga_laml.maf) number the sex chromosomes as PLINK does.
_NUMBERED_SEX_CHROMS = {"23": "X", "24": "Y"}


def _at(where: Location, field: str) -> Location:
    return Location(file=where.file, line=where.line, record=where.record, field=field)


def _row_build(seen: set[str], option: str | None, case_build: str | None) -> str | None:
    """The build the rows are on, as far as known when the first row is read (for the codon
    table and contig lengths); the whole file is checked by build.detect at the end."""
    if len(seen) == 1:
        return next(iter(seen))
    if option:
        return builds.normalise_build(option)
    return case_build


def _read_counts(row: dict[str, str], where: Location) -> tuple[int | None, int | None, str]:
    """(t_depth, t_alt_count, vaf_source). t_alt_count above t_depth is refused."""
    depth = _count(row, "t_depth", where)
    alt_count = _count(row, "t_alt_count", where)
    ref_count = _count(row, "t_ref_count", where)
    if depth is None and alt_count is not None and ref_count is not None:
        depth = alt_count + ref_count
    if depth is not None and alt_count is not None and alt_count > depth:
        raise InputError(
            f"t_alt_count {alt_count} is larger than t_depth {depth}",
            location=_at(where, "t_alt_count"),
            hint="the read counts of this row are inconsistent; fix or re-export the MAF",
        )
    if alt_count is None and depth is None and ref_count is None:
        return None, None, NO_COUNTS
    if alt_count is not None and depth:
        return depth, alt_count, "MAF t_alt_count/t_depth"
    return depth, alt_count, "none"


def _count(row: dict[str, str], column: str, where: Location) -> int | None:
    value = row.get(column, "")
    if value in ("", ".", "NA"):
        return None
    try:
        number = float(value)
    except ValueError:
        raise InputError(
            f"{column} value '{value[:20]}' is not a number", location=_at(where, column)
        ) from None
    if not math.isfinite(number) or number < 0 or number != int(number):
        raise InputError(f"{column} is not a whole number ≥ 0", location=_at(where, column))
    return int(number)
