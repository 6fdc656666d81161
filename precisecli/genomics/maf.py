"""MAF (GDC/vcf2maf Mutation Annotation Format) import, streamed line by line in pure Python."""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.genomics import build as builds
from precisecli.genomics.annotation import short_hgvsp
from precisecli.genomics.classify import Rules, flags, passes_filter
from precisecli.genomics.table import VARIANT_COLUMNS, format_row
from precisecli.genomics.vcf_worker import normalise_chrom

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
    "IGR": "intergenic_variant",
}


def _open(path: Path):
    with open(path, "rb") as probe:
        gz = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8") if gz else open(path, encoding="utf-8")


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
    build = None
    line_no = 0
    try:
        with _open(path) as handle, open(out_path, "w", encoding="utf-8", newline="") as out:
            out.write("\t".join(VARIANT_COLUMNS) + "\n")
            header: list[str] | None = None
            record = 0
            for line_no, line in enumerate(handle, start=1):
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\r\n").split("\t")
                if header is None:
                    header = cols
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
                if not passes_filter(
                    [f for f in row.get("FILTER", "PASS").split(";") if f not in ("", ".")],
                    rules.filter_mode,
                ):
                    counts["filtered"] += 1
                    continue
                where = Location(file=name, line=line_no, record=record)
                pos = row["Start_Position"]
                if not pos.isdigit():
                    raise InputError(
                        "Start_Position is not a positive integer",
                        location=Location(file=name, line=line_no, record=record, field="POS"),
                    )
                depth = _count(row, "t_depth", where)
                alt_count = _count(row, "t_alt_count", where)
                ref_count = _count(row, "t_ref_count", where)
                if depth is None and alt_count is not None and ref_count is not None:
                    depth = alt_count + ref_count
                vaf = None
                source = "none"
                if alt_count is not None and depth:
                    vaf, source = alt_count / depth, "MAF t_alt_count/t_depth"
                vaf_sources[source] += 1
                consequence = row.get("Consequence") or CLASSIFICATION.get(
                    row.get("Variant_Classification", "")
                )
                consequence = consequence.replace(",", "&") if consequence else None
                hgvsp = short_hgvsp(row.get("HGVSp_Short") or row.get("HGVSp") or None)
                gene = row["Hugo_Symbol"] if row["Hugo_Symbol"] not in ("", "Unknown") else None
                values = {
                    "chrom": normalise_chrom(row["Chromosome"]),
                    "pos": int(pos),
                    "ref": row["Reference_Allele"],
                    "alt": row["Tumor_Seq_Allele2"],
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
                values.update(flags(rules, gene, hgvsp, consequence, values["vaf"], depth))
                counts["rows"] += 1
                counts["kept_records"] += 1
                counts["tmb_eligible"] += bool(values["tmb_eligible"])
                out.write(format_row(values, VARIANT_COLUMNS))
                if on_progress and record % 65536 == 0:
                    on_progress(65536)
    except (UnicodeDecodeError, EOFError, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(
            f"cannot read the MAF ({type(exc).__name__})",
            location=Location(file=name, line=line_no + 1),
            hint="the file is truncated or not UTF-8 text",
        ) from None
    if header is None or record == 0:
        raise InputError("the MAF has no variant rows", location=Location(file=name))
    if tumor_sample and tumor_sample not in samples_seen:
        listed = ", ".join(sorted(samples_seen))
        raise InputError(
            f"sample '{tumor_sample}' is not in the file; it has: {listed}",
            location=Location(file=name),
            hint="pass one of these to --tumor-sample",
        )
    if not tumor_sample and len(samples_seen) > 1:
        raise InputError(
            f"the MAF holds several samples: {', '.join(sorted(samples_seen))}",
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


def _count(row: dict[str, str], column: str, where: Location) -> int | None:
    value = row.get(column, "")
    if value in ("", ".", "NA"):
        return None
    try:
        number = float(value)
    except ValueError:
        raise InputError(
            f"{column} value '{value[:20]}' is not a number",
            location=Location(file=where.file, line=where.line, record=where.record, field=column),
        ) from None
    if number < 0:
        raise InputError(
            f"{column} is negative",
            location=Location(file=where.file, line=where.line, record=where.record, field=column),
        )
    return int(number)
