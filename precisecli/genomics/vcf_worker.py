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
from precisecli.genomics.table import VARIANT_COLUMNS, format_row
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
                chrom = normalise_chrom(rec.CHROM)
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
                    row = {
                        "chrom": chrom,
                        "pos": pos,
                        "ref": ref,
                        "alt": alt,
                        "gene": gene,
                        "hgvsp": hgvsp,
                        "hgvsc": hgvsc,
                        "consequence": consequence,
                        "transcript": transcript,
                        "annotation": source,
                        "vaf": d.vaf,
                        "depth": d.depth,
                        "alt_depth": d.alt_depth,
                        "vaf_source": d.source,
                        "filter": filter_text,
                    }
                    row.update(flags(rules, gene, hgvsp, consequence, d.vaf, d.depth))
                    counts["rows"] += 1
                    counts["tmb_eligible"] += bool(row["tmb_eligible"])
                    out.write(format_row(row, VARIANT_COLUMNS))
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


def _error(message: str, record: int, field: str | None) -> dict:
    return {"ok": False, "message": message, "record": record, "field": field}


def main(argv: list[str]) -> int:
    cfg = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = run(cfg)
    Path(cfg["summary"]).write_text(json.dumps(result), encoding="utf-8")
    return 0 if result["ok"] else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
