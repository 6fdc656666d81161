"""Child process that parses a VCF/BCF with cyvcf2 and streams the normalised table to a file.

It runs apart from the CLI because htslib can crash the interpreter on corrupt input
(research/reliability.md §2.2): a crash kills only this process, and the parent rejects the file.
Usage (internal): python -m precisecli.genomics.vcf_worker CONFIG.json, or with "-": started
before the file is looked at (its imports overlap the parent's work), it reads the config path
from stdin.
The config names the input, the tumour column, the rules and the output paths; the result (counts
or an error with its record number) is written as JSON to ``summary``. Memory is constant: one
record at a time, duplicates are looked for among the records of the current position.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections import Counter
from pathlib import Path

from precisecli.genomics.annotation import (
    CODING_NON_SILENT,
    Annotator,
    is_coding_non_silent,
    short_hgvsp,
)
from precisecli.genomics.build import CHROM_SIZES
from precisecli.genomics.classify import Rules, annotation_flags, flags, floor_texts
from precisecli.genomics.depth import BadValue, tumour_depth
from precisecli.genomics.protein import from_coordinates, resolve
from precisecli.genomics.table import VARIANT_COLUMNS
from precisecli.genomics.tables import genes, hotspot_codons

SYMBOLIC = ("<", "*", ".")


def not_a_sequence(alt: str, ref: str) -> bool:
    """An ALT that is no sequence change: missing, symbolic (<DEL>, *, .), a breakend
    (G]chr17:39700000], a structural variant) or equal to REF (no change at all). Skipped and
    counted as ``symbolic_skipped``; the fast paths hand such records to the general one."""
    return not alt or alt.startswith(SYMBOLIC) or "[" in alt or "]" in alt or alt == ref


def normalise_chrom(chrom: str) -> str:
    bare = chrom[3:] if chrom[:3].lower() == "chr" else chrom
    return "MT" if bare in ("M", "m") else bare


def annotate_unannotated(build: str, chrom: str, pos: int, ref: str, alt: str):
    """Gene and protein change for a file without CSQ/ANN: hotspot codon table, else gene span."""
    hit = from_coordinates(build, chrom, pos, ref, alt)
    if hit is not None:
        gene, hgvsp, consequence = hit
        return gene, hgvsp, consequence, "hotspot-table"
    gene = genes(build).at(chrom, pos)
    return gene, None, None, ("gene-table" if gene else "none")


# Bounded caches keep memory flat however many distinct values a file has; clearing one only
# costs recomputation, never changes a result.
_CACHE_MAX = 1 << 16
_FLUSH_ROWS = 4096
_PASS = ["PASS"]


class _RowMaker:
    """Per-file state for turning records into table rows, with the caches the hot loop uses.

    The common record (one ALT, Mutect2 AF/AD/DP, one CSQ/ANN entry with every field) is handled
    inline by ``fast``; anything else goes through ``general``, which applies the full rules
    (depth.tumour_depth, Annotator.pick, classify.flags). Both write identical rows.
    """

    def __init__(self, rules: Rules, build: str, annotator: Annotator | None):
        self.rules = rules
        self.build = build
        self.annotator = annotator
        self.no_vaf, self.below_vaf, self.below_depth = floor_texts(rules)
        self.flag_cache: dict[tuple, tuple[str, bool, bool]] = {}
        self.cons_cache: dict[str, tuple[bool, bool, str]] = {}
        self.hgvsp_cache: dict[str, str | None] = {}
        self.vaf_cache: dict[float, tuple[float, str]] = {}
        self.rule_genes = self._genes_with_rules()

    def consequence_info(self, cons: str) -> tuple[bool, bool, str]:
        """(starts with a coding non-silent term, any term coding non-silent, flag text for a
        gene no rule names) for a Consequence value."""
        info = self.cons_cache.get(cons)
        if info is None:
            if len(self.cons_cache) >= _CACHE_MAX:
                self.cons_cache.clear()
            non_silent = is_coding_non_silent(cons or None)
            info = self.cons_cache[cons] = (
                CODING_NON_SILENT.match(cons) is not None,
                non_silent,
                self.flag_text(None, None, cons or None, non_silent)[0],
            )
        return info

    def names_gene(self, gene: str) -> bool:
        """Whether a flag of this gene can differ from that of a gene no rule names."""
        return gene in self.rule_genes or " " in gene

    def _genes_with_rules(self) -> frozenset[str]:
        """Genes for which a flag can be more than 'truncating': hotspot, knowledge-base, tumour
        suppressor and clonal-haematopoiesis genes (see classify.annotation_flags)."""
        rules = self.rules
        return frozenset(
            {gene for gene, _ in hotspot_codons()}
            | {entry.split(" ", 1)[0] for entry in rules.kb_variants}
            | set(rules.tumour_suppressors)
            | set(rules.ch_genes)
        )

    def short_hgvsp(self, raw: str) -> str | None:
        try:
            return self.hgvsp_cache[raw]
        except KeyError:
            if len(self.hgvsp_cache) >= _CACHE_MAX:
                self.hgvsp_cache.clear()
            value = self.hgvsp_cache[raw] = short_hgvsp(raw)
            return value

    def flag_text(self, gene: str | None, hgvsp: str | None, cons: str | None, non_silent: bool):
        """('hotspot\ttruncating\toncogenic\tchip' as 1/0, chip, coding non-silent)."""
        if gene is None or not self.names_gene(gene):
            # No rule names this gene: only 'truncating' can be set, and it follows the
            # consequence alone (a knowledge-base entry is "GENE CHANGE", so a gene without a
            # space that starts none of them matches none).
            key: tuple = (None, None, cons)
        else:
            key = (gene, hgvsp if non_silent else None, cons)
        hit = self.flag_cache.get(key)
        if hit is None:
            if len(self.flag_cache) >= _CACHE_MAX:
                self.flag_cache.clear()
            hotspot, truncating, oncogenic, chip, non_silent = annotation_flags(
                self.rules, gene, hgvsp, cons
            )
            text = "\t".join("1" if f else "0" for f in (hotspot, truncating, oncogenic, chip))
            hit = self.flag_cache[key] = (text, chip, non_silent)
        return hit

    def vaf_text(self, vaf: float) -> tuple[float, str]:
        """(VAF rounded to 6 decimals, its text) for a raw FORMAT/AF value already range-checked."""
        hit = self.vaf_cache.get(vaf)
        if hit is None:
            if len(self.vaf_cache) >= _CACHE_MAX:
                self.vaf_cache.clear()
            rounded = round(vaf, 6)
            hit = self.vaf_cache[vaf] = (rounded, f"{rounded:.6g}")
        return hit

    def general(self, rec, keys, index, alts, chrom, pos, ref, alt, csq, filter_text, tallies):
        """One row for one ALT by the full rules; returns the row text (BadValue propagates)."""
        d = tumour_depth(rec, keys, index, len(alts), ref, alt)
        return self.row(d, index, alts, chrom, pos, ref, alt, csq, filter_text, tallies)

    def row(self, d, index, alts, chrom, pos, ref, alt, csq, filter_text, tallies):
        """The row of one ALT whose depth ``d`` is known (general rules for the rest)."""
        counts, vaf_sources, annotations = tallies
        vaf_sources[d.source] += 1
        ann = self.annotator.pick(csq, ref, alt, index, alts) if csq else None
        if ann is not None:
            gene, hgvsp, hgvsc, consequence = ann.gene, ann.hgvsp, ann.hgvsc, ann.consequence
            transcript, source = ann.transcript, ann.source
            if hgvsp is None and consequence and is_coding_non_silent(consequence):
                # The same fallback as a MAF row (protein.resolve): the codon from coordinates.
                hgvsp = resolve((), None, None, build=self.build, chrom=chrom, pos=pos,
                                ref=ref, alt=alt, gene=gene)[0]  # fmt: skip
        else:
            gene, hgvsp, consequence, source = annotate_unannotated(
                self.build, chrom, pos, ref, alt
            )
            hgvsc = transcript = None
        annotations[source] += 1
        f = flags(self.rules, gene, hgvsp, consequence, d.vaf, d.depth)
        counts["rows"] += 1
        counts["tmb_eligible"] += f["tmb_eligible"]
        return (
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


def run(cfg: dict) -> dict:
    """Parse the file into cfg["out"]; return the summary (counts, or the first error)."""
    # The record loop makes no reference cycles (refcounting frees each record's objects), so
    # the cyclic collector would only rescan long-lived objects thousands of times (~3 %).
    enabled = gc.isenabled()
    gc.disable()
    try:
        from precisecli.genomics import vcf_text

        if vcf_text.text_eligible(cfg):
            try:
                return vcf_text.run(cfg)
            except vcf_text.Fallback:
                vcf_text.reset_stderr()  # its htslib messages are said again by cyvcf2
            except vcf_text.OverLimit:  # the parent's check names the limit
                return _error("the decompressed text passed an input limit", 0, None)
        return _run(cfg)
    finally:
        if enabled:
            gc.enable()


def _run(cfg: dict) -> dict:
    from cyvcf2 import VCF

    rules = Rules(**cfg["rules"])
    annotator = None
    if cfg.get("annotation"):
        ann = cfg["annotation"]
        annotator = Annotator(ann["key"], ann["fields"], ann["tool"])
    maker = _RowMaker(rules, cfg["build"], annotator)
    vcf = VCF(cfg["path"], samples=[cfg["tumor_sample"]] if cfg["tumor_sample"] else None)
    if cfg["tumor_sample"] and list(vcf.samples) != [cfg["tumor_sample"]]:
        raise RuntimeError("tumour sample not found by the parser")
    counts: Counter[str] = Counter()
    vaf_sources: Counter[str] = Counter()
    annotations: Counter[str] = Counter()
    tallies = (counts, vaf_sources, annotations)
    # Tallies of the fast path, merged into the counters at the end (cheaper than Counter += 1).
    fast_rows = fast_tmb = kept = filtered = 0
    filter_mode = rules.filter_mode
    keep_any, keep_missing = filter_mode == "any", filter_mode == "pass-or-missing"
    min_vaf, min_depth = rules.min_vaf, rules.min_depth
    no_depth_floor = min_depth is None
    below_vaf, below_depth = maker.below_vaf, maker.below_depth
    # The CSQ/ANN fields a one-entry value needs, by position (None: no fast annotation).
    ann_key = annotator.key if annotator else None
    simple = annotator.simple_fields() if annotator else None
    tool = annotator.tool if annotator else ""
    if simple:
        n_fields, i_sym, i_cons, i_hgvsp, i_hgvsc, i_feat = simple
    consequence_info, short, flag_text, vaf_text = (
        maker.consequence_info, maker.short_hgvsp, maker.flag_text, maker.vaf_text
    )  # fmt: skip
    # The caches, read inline (a method call per record costs more than the lookup).
    cons_cache, hgvsp_cache, vaf_cache = maker.cons_cache, maker.hgvsp_cache, maker.vaf_cache
    rule_genes = maker.rule_genes
    layouts: dict[tuple, frozenset[str]] = {}
    # Whether FORMAT AF/AD/DP are declared Float/Integer/Integer (None: not known yet). The array
    # types follow the header, so the first record holding all three decides for the file.
    fast_types: bool | None = None
    chrom_names: dict[str, str] = {}
    done_chroms: set[str] = set()
    last_chrom, last_pos = "", 0
    here_first: tuple[str, str] | None = None  # the one allele of a position seen once so far
    seen_here: set[tuple[str, str]] | None = None  # alleles of this position, once it repeats
    sorted_ok = True
    record = 0
    buffer: list[str] = []
    # Contig ends: the header's ##contig lengths, else the build's chromosome sizes; a contig
    # known to neither is not bounded. max_pos is the end of contig max_chrom. (Records removed
    # by FILTER are not checked: their values are never used.)
    header_lengths = cfg.get("contig_lengths") or {}
    sizes = CHROM_SIZES.get(cfg["build"], {})

    def _contig_end(raw: str) -> int:
        length = header_lengths.get(raw) or sizes.get(normalise_chrom(raw))
        return int(length) if length else 1 << 62

    max_chrom, max_pos = "", -1
    with open(cfg["out"], "w", encoding="utf-8", newline="") as out:
        out.write("\t".join(VARIANT_COLUMNS) + "\n")
        try:
            for rec in vcf:
                record += 1
                filters = rec.FILTERS
                if filters:
                    passed = filters == _PASS
                    filter_text = "PASS" if passed else ";".join(filters)
                    if not passed and not keep_any:
                        filtered += 1
                        continue
                else:
                    filter_text = "."
                    if not keep_missing and not keep_any:
                        filtered += 1
                        continue
                raw_chrom = rec.CHROM
                chrom = chrom_names.get(raw_chrom)
                if chrom is None:
                    chrom = chrom_names[raw_chrom] = normalise_chrom(raw_chrom)
                pos = rec.POS
                if raw_chrom != max_chrom:
                    max_chrom, max_pos = raw_chrom, _contig_end(raw_chrom)
                if pos > max_pos:
                    return _error(
                        f"POS {pos} is beyond the end of contig {raw_chrom} ({max_pos})",
                        record,
                        "POS",
                    )
                ref = rec.REF
                alts = rec.ALT
                repeat = pos == last_pos and chrom == last_chrom
                if not repeat:
                    if chrom != last_chrom:
                        if chrom in done_chroms:
                            sorted_ok = False
                        done_chroms.add(last_chrom)
                    elif pos < last_pos:
                        sorted_ok = False
                    last_chrom, last_pos = chrom, pos
                    seen_here = None
                    here_first = None
                csq = rec.INFO.get(ann_key) if ann_key else None
                kept += 1
                # --- fast path: the common record, written inline -------------------------
                # A FORMAT key absent from the record gives None, so AF/AD/DP all present is
                # the depth.tumour_depth condition for its Mutect2 shortcut.
                if fast_types is not False and not repeat and len(alts) == 1 and simple and csq:
                    alt = alts[0]
                    try:
                        af, ad, dp = rec.format("AF"), rec.format("AD"), rec.format("DP")
                    except KeyError:  # not declared in the header
                        af = ad = dp = None
                        fast_types = False
                    if fast_types is None and af is not None and ad is not None and dp is not None:
                        fast_types = (af.dtype.kind, ad.dtype.kind, dp.dtype.kind) == (
                            "f",
                            "i",
                            "i",
                        )
                    if (
                        fast_types
                        and alt
                        and alt[0] not in "<*."  # not symbolic (SYMBOLIC)
                        and alt != ref  # nor no change (not_a_sequence)
                        and "]" not in alt  # nor a breakend
                        and "[" not in alt
                        and af is not None
                        and ad is not None
                        and dp is not None
                        and ad.size == 2
                        and af.size == 1  # RADIA writes AF for REF and ALT: general rules
                        and "," not in csq
                    ):
                        vaf, ref_n, alt_n, depth = af.item(0), ad.item(0), ad.item(1), dp.item(0)
                        parts = csq.split("|")
                        if (
                            vaf == vaf  # not nan (missing)
                            and ref_n >= 0
                            and alt_n >= 0
                            and depth > 0  # no reads: no VAF (general rules)
                            and ref_n + alt_n <= depth  # else vcf2maf's DP = sum of AD
                            and len(parts) == n_fields
                        ):
                            cons = parts[i_cons]
                            starts_non_silent, non_silent, plain_flags = cons_cache.get(
                                cons
                            ) or consequence_info(cons)
                            raw_hgvsp = parts[i_hgvsp]
                            if raw_hgvsp:
                                hgvsp = hgvsp_cache.get(raw_hgvsp) or short(raw_hgvsp)
                            else:
                                hgvsp = None
                            if hgvsp is not None or not starts_non_silent:
                                if not 0.0 <= vaf <= 1.0:
                                    return _error(
                                        f"VAF {vaf:g} from FORMAT/AF is outside 0-1", record, "AF"
                                    )
                                here_first = (ref, alt)
                                sym = parts[i_sym]
                                if sym in rule_genes or " " in sym:
                                    flag_part, chip, non_silent = flag_text(
                                        sym, hgvsp, cons or None, non_silent
                                    )
                                else:
                                    flag_part, chip = plain_flags, False
                                rounded, vaf_str = vaf_cache.get(vaf) or vaf_text(vaf)
                                if rounded < min_vaf:
                                    reason = below_vaf
                                elif no_depth_floor or depth >= min_depth:
                                    reason = ""
                                else:
                                    reason = below_depth
                                tmb = non_silent and not reason and not chip
                                fast_tmb += tmb
                                fast_rows += 1
                                hgvsc = parts[i_hgvsc]
                                hgvsc = hgvsc[hgvsc.find(":") + 1 :]  # after 'ENST…:', if any
                                # VCF fields cannot hold tabs or newlines: no escaping needed.
                                buffer.append(
                                    f"{chrom}\t{pos}\t{ref}\t{alt}\t{sym}\t{hgvsp or ''}\t"
                                    f"{hgvsc}\t{cons}\t{parts[i_feat]}\t{tool}\t{vaf_str}\t"
                                    f"{depth}\t{alt_n}\tFORMAT/AF\t{filter_text}\t{flag_part}\t"
                                    f"{'1' if tmb else '0'}\t{reason}\n"
                                )
                                if len(buffer) >= _FLUSH_ROWS:
                                    out.write("".join(buffer))
                                    buffer.clear()
                                continue
                # --- general path: any other record ---------------------------------------
                fmt = tuple(rec.FORMAT or ())
                keys = layouts.get(fmt)
                if keys is None:
                    keys = layouts[fmt] = frozenset(fmt)
                if seen_here is None:
                    seen_here = {here_first} if here_first is not None else set()
                for index, alt in enumerate(alts):
                    if not_a_sequence(alt, ref):
                        counts["symbolic_skipped"] += 1
                        continue
                    if (ref, alt) in seen_here:
                        counts["duplicates"] += 1
                        continue
                    seen_here.add((ref, alt))
                    try:
                        buffer.append(
                            maker.general(
                                rec,
                                keys,
                                index,
                                alts,
                                chrom,
                                pos,
                                ref,
                                alt,
                                csq,
                                filter_text,
                                tallies,
                            )  # fmt: skip
                        )
                    except BadValue as exc:
                        return _error(str(exc), record, exc.field)
                if len(buffer) >= _FLUSH_ROWS:
                    out.write("".join(buffer))
                    buffer.clear()
        except Exception as exc:  # htslib parse errors arrive as bare Exception
            return _error(f"parser error: {' '.join(str(exc).split())[:160]}", record + 1, None)
        out.write("".join(buffer))
        out.flush()
        os.fsync(out.fileno())  # the table is renamed into the case at commit: make it durable
    return summary(
        (counts, vaf_sources, annotations),
        records=record,
        sorted_ok=sorted_ok,
        filtered=filtered,
        kept=kept,
        fast=(fast_rows, fast_tmb, tool),
    )


def summary(
    tallies: tuple[Counter, Counter, Counter],
    *,
    records: int,
    sorted_ok: bool,
    filtered: int,
    kept: int,
    fast: tuple[int, int, str],
) -> dict:
    """A reader's summary (this worker's cyvcf2 loop and vcf_text's): its tallies with the
    plain counters of the hot loop added — records filtered and kept, and the rows written by
    the inline fast path (each a FORMAT/AF row of annotation ``tool``; ``fast_tmb`` of them
    TMB-eligible)."""
    counts, vaf_sources, annotations = tallies
    fast_rows, fast_tmb, tool = fast
    if filtered:
        counts["filtered"] += filtered
    if kept:
        counts["kept_records"] += kept
    if fast_rows:
        counts["rows"] += fast_rows
        counts["tmb_eligible"] += fast_tmb
        vaf_sources["FORMAT/AF"] += fast_rows
        annotations[tool] += fast_rows
    return {
        "ok": True,
        "records": records,
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
    from precisecli.store.faults import worker_exit_code

    if argv == ["-"]:  # started early (importer.start_worker): load now, then wait for the config
        import cyvcf2  # noqa: F401

        from precisecli.genomics import vcf_split, vcf_text  # noqa: F401

        config = sys.stdin.readline().strip()
        if not config:
            return 0  # not needed after all (a MAF, a refused file)
    else:
        config = argv[0]
    try:
        cfg = json.loads(Path(config).read_text(encoding="utf-8"))
        if cfg.get("stderr"):  # htslib's messages, for the parent to count
            fd = os.open(cfg["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 2)
            os.close(fd)
        result = run(cfg)
        Path(cfg["summary"]).write_text(json.dumps(result), encoding="utf-8")
    except OSError as exc:  # disk full, read-only …: told to the parent by the exit code
        code = worker_exit_code(exc)
        if code is None:
            raise
        return code
    return 0 if result["ok"] else 3


if __name__ == "__main__":
    status = main(sys.argv[1:])
    # Everything is written and closed (the table made durable, the summary written): end now,
    # without the interpreter's teardown of numpy, cyvcf2 and numba's LLVM (~0.2-0.3 s that the
    # parent would wait for). An exception above still ends with its traceback and status 1.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
