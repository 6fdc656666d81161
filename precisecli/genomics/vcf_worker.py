"""Child process that parses a VCF/BCF with cyvcf2 and streams the normalised table to a file.

It runs apart from the CLI because htslib can crash the interpreter on corrupt input
(research/reliability.md §2.2): a crash kills only this process, and the parent rejects the file.
Usage (internal): python -m precisecli.genomics.vcf_worker CONFIG.json
The config names the input, the tumour column, the rules and the output paths; the result (counts
or an error with its record number) is written as JSON to ``summary``. Memory is constant: one
record at a time, duplicates are looked for among the records of the current position.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from precisecli.genomics.annotation import Annotator
from precisecli.genomics.classify import Rules, flags, passes_filter
from precisecli.genomics.depth import BadValue, tumour_depth
from precisecli.genomics.table import VARIANT_COLUMNS
from precisecli.genomics.tables import genes, hotspots

SYMBOLIC = ("<", "*", ".")


def normalise_chrom(chrom: str) -> str:
    bare = chrom[3:] if chrom[:3].lower() == "chr" else chrom
    return "MT" if bare in ("M", "m") else bare


def annotate_unannotated(build: str, chrom: str, pos: int, ref: str, alt: str):
    """Gene and protein change for a file without CSQ/ANN: hotspot codon table, else gene span."""
    hit = hotspots(build).protein_change(chrom, pos, ref, alt)
    if hit is not None:
        gene, change = hit
        aa_ref, aa_alt = change[0], change[-1]
        consequence = (
            "synonymous_variant"
            if aa_ref == aa_alt
            else "stop_gained"
            if aa_alt == "*"
            else "missense_variant"
        )
        hgvsp = f"p.{change[:-1]}=" if aa_ref == aa_alt else f"p.{change}"
        return gene, hgvsp, consequence, "hotspot-table"
    gene = genes(build).at(chrom, pos)
    return gene, None, None, ("gene-table" if gene else "none")


def run(cfg: dict) -> dict:
    from cyvcf2 import VCF

    rules = Rules(**cfg["rules"])
    build = cfg["build"]
    annotator = None
    if cfg.get("annotation"):
        ann = cfg["annotation"]
        annotator = Annotator(ann["key"], ann["fields"], ann["tool"])
    vcf = VCF(cfg["path"], samples=[cfg["tumor_sample"]] if cfg["tumor_sample"] else None)
    if cfg["tumor_sample"] and list(vcf.samples) != [cfg["tumor_sample"]]:
        raise RuntimeError("tumour sample not found by the parser")
    counts: Counter[str] = Counter()
    vaf_sources: Counter[str] = Counter()
    annotations: Counter[str] = Counter()
    seen_here: set[tuple[str, str]] = set()
    last = ("", 0)
    done_chroms: set[str] = set()
    sorted_ok = True
    record = 0
    keys_cache: dict[tuple, frozenset[str]] = {}
    chrom_names: dict[str, str] = {}
    with open(cfg["out"], "w", encoding="utf-8", newline="") as out:
        out.write("\t".join(VARIANT_COLUMNS) + "\n")
        try:
            for rec in vcf:
                record += 1
                filters = rec.FILTERS
                if not passes_filter(filters, rules.filter_mode):
                    counts["filtered"] += 1
                    continue
                counts["kept_records"] += 1
                raw_chrom = rec.CHROM
                chrom = chrom_names.get(raw_chrom)
                if chrom is None:
                    chrom = chrom_names[raw_chrom] = normalise_chrom(raw_chrom)
                pos = rec.POS
                if (chrom, pos) != last:
                    if chrom != last[0]:
                        if chrom in done_chroms:
                            sorted_ok = False
                        done_chroms.add(last[0])
                    elif pos < last[1]:
                        sorted_ok = False
                    seen_here = set()
                    last = (chrom, pos)
                ref = rec.REF
                alts = rec.ALT
                fmt = tuple(rec.FORMAT or ())
                keys = keys_cache.get(fmt)
                if keys is None:
                    keys = keys_cache[fmt] = frozenset(fmt)
                csq = rec.INFO.get(annotator.key) if annotator else None
                filter_text = ";".join(filters) if filters else "."
                for index, alt in enumerate(alts):
                    if not alt or alt.startswith(SYMBOLIC):
                        counts["symbolic_skipped"] += 1
                        continue
                    if (ref, alt) in seen_here:
                        counts["duplicates"] += 1
                        continue
                    seen_here.add((ref, alt))
                    try:
                        d = tumour_depth(rec, keys, index, len(alts), ref, alt)
                    except BadValue as exc:
                        return _error(str(exc), record, exc.field)
                    vaf_sources[d.source] += 1
                    ann = annotator.pick(csq, ref, alt, index, alts) if csq else None
                    if ann is not None:
                        gene, hgvsp, hgvsc, consequence = (
                            ann.gene, ann.hgvsp, ann.hgvsc, ann.consequence
                        )  # fmt: skip
                        transcript, source = ann.transcript, ann.source
                    else:
                        gene, hgvsp, consequence, source = annotate_unannotated(
                            build, chrom, pos, ref, alt
                        )
                        hgvsc = transcript = None
                    annotations[source] += 1
                    f = flags(rules, gene, hgvsp, consequence, d.vaf, d.depth)
                    counts["rows"] += 1
                    counts["tmb_eligible"] += f["tmb_eligible"]
                    # Column order of table.VARIANT_COLUMNS, written directly: this loop is hot.
                    out.write(
                        "\t".join(
                            (
                                chrom,
                                str(pos),
                                ref,
                                alt,
                                _text(gene),
                                _text(hgvsp),
                                _text(hgvsc),
                                _text(consequence),
                                _text(transcript),
                                source,
                                "" if d.vaf is None else f"{d.vaf:.6g}",
                                "" if d.depth is None else str(d.depth),
                                "" if d.alt_depth is None else str(d.alt_depth),
                                d.source,
                                filter_text,
                                "1" if f["hotspot"] else "0",
                                "1" if f["truncating"] else "0",
                                "1" if f["oncogenic"] else "0",
                                "1" if f["chip"] else "0",
                                "1" if f["tmb_eligible"] else "0",
                                _text(f["filtered_reason"]),
                            )
                        )
                        + "\n"
                    )
        except Exception as exc:  # htslib parse errors arrive as bare Exception
            return _error(f"parser error: {' '.join(str(exc).split())[:160]}", record + 1, None)
    return {
        "ok": True,
        "records": record,
        "counts": dict(sorted(counts.items())),
        "vaf_sources": dict(sorted(vaf_sources.items())),
        "annotation_sources": dict(sorted(annotations.items())),
        "sorted": sorted_ok,
    }


def _text(value: str | None) -> str:
    if not value:
        return ""
    return value.replace("\t", " ") if "\t" in value else value


def _error(message: str, record: int, field: str | None) -> dict:
    return {"ok": False, "message": message, "record": record, "field": field}


def main(argv: list[str]) -> int:
    cfg = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = run(cfg)
    Path(cfg["summary"]).write_text(json.dumps(result), encoding="utf-8")
    return 0 if result["ok"] else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
