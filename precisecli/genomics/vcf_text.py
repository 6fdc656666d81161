"""Plain-text fast path of the VCF worker: the records of a text VCF (plain, gzip or BGZF) read
with ``str.split`` instead of cyvcf2, giving the same table, counts and parser warnings.

htslib stays the reference. A record is read here only when htslib would read it the same way
without a word: its contig, its FILTER string, every INFO key and every FORMAT key are already
known to htslib's header (declared, or met before in a record htslib read), no INFO value holds
ten digits in a row (htslib warns once about extreme integers), there is no INFO/END, and every
value of the tumour column has a form htslib parses silently for its declared type (integers of
at most 9 digits, plain decimals, genotypes). Such a record is turned into a row here when its
depth is the Mutect2 layout (one ALT; AF, AD, DP present and usable, as ``depth._mutect2``
requires), with the annotation rules of the worker. Any other record is handed to htslib itself:
cyvcf2's ``Writer.variant_from_string`` on the record cut to its tumour column reads it exactly
as the worker's ``VCF(samples=[tumour])`` reader does (same values, same warnings, and the same
dummy header lines for undeclared keys), and the worker's full rules make its rows. If htslib
cannot parse a record, or anything unexpected happens, the text path gives up (``Fallback``) and
the worker reads the whole file again with cyvcf2, so errors are worded exactly as before.

With cfg["check"] (the importer's header facts and input limits) every line is also tested as
vcf_check's record check would (a few string tests for the common record, vcf_check's rules for
any other line); the summary's ``checked`` says whether every line passed, so that the parent
need not read the file again. A large file is read in two parts by two processes (vcf_split,
``vcf_stream._part_texts``).

Lines come in chunks (of the decompressed blocks, vcf_stream): a chunk whose every line is a
common record this loop would read by its fast path is read at once by a chunk reader —
vcf_block (columns in Python), or vcf_native (numba kernels) for a large file — and any other
chunk line by line here, with the same rows, counts and state (tests/genomics/test_vcf_block.py).

FORMAT/AF is read as htslib stores it (a 32-bit float, the decimal rounded once to a double and
once to a float), so the rounded VAF text is the same (vcf_htslib). tests/genomics/test_vcf_text.py
compares the two paths byte for byte on the corpus and on generated files.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import partial

from precisecli.errors import InputError
from precisecli.genomics import vcf_block, vcf_native
from precisecli.genomics.annotation import Annotator
from precisecli.genomics.build import CHROM_SIZES
from precisecli.genomics.classify import Rules
from precisecli.genomics.depth import BadValue, Depth
from precisecli.genomics.table import VARIANT_COLUMNS
from precisecli.genomics.vcf_check import (
    MAX_LINE,
    NUMERIC_FORMAT,
    HeaderField,
    VcfHeader,
    _LineChecker,
)
from precisecli.genomics.vcf_htslib import (
    _Htslib,
    _quiet_stderr,
    _Record,
    tumour_parts,
    tumour_pattern,
    vaf_entry,
)
from precisecli.genomics.vcf_stream import Fallback, OverLimit, _part_texts
from precisecli.genomics.vcf_worker import (
    _CACHE_MAX,
    _FLUSH_ROWS,
    _PASS,
    _error,
    _RowMaker,
    normalise_chrom,
    not_a_sequence,
)
from precisecli.genomics.vcf_worker import summary as reader_summary

__all__ = ["Fallback", "OverLimit", "run", "run_part", "text_eligible", "reset_stderr"]


# Records of the last run read here and handed to htslib (for tests and benchmarks).
LAST_STATS: dict[str, int] = {}


# INFO keys of 'K=V;FLAG;K=V' (one match per entry).
_INFO_KEYS = re.compile(r"([^=;]+)(?:=[^;]*+)?+(?:;|$)")
_ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_TEN_DIGITS = b"0000000000"


def run(cfg: dict) -> dict:
    """Parse a text VCF into cfg["out"]; the summary as ``vcf_worker.run`` returns it.
    Raises Fallback when the file must be read by cyvcf2. A large file is read by two
    processes at once (``vcf_split``), with the same result as one pass."""
    from precisecli.genomics import vcf_split

    if cfg.get("native") is None and vcf_native.wanted(cfg):
        # a large file: load numba only if its first records are of the kind the kernels read
        cfg = dict(cfg, native=vcf_native.promising(cfg))
    if vcf_native.wanted(cfg):
        vcf_native.kernels()  # loaded once, before the second part's process is forked
    if vcf_split.wanted(cfg):
        result = vcf_split.run(cfg)
        if result is not None:
            return result
        reset_stderr()  # the one-pass read below says the htslib messages again
    return run_part(cfg, None)


def run_part(cfg: dict, part: int | None, quiet_header: bool = False) -> dict:
    """The text path over the whole file (part None) or one part of it
    (vcf_stream._part_texts)."""
    if quiet_header:
        with _quiet_stderr():
            htslib = _Htslib(cfg)
    else:
        htslib = _Htslib(cfg)
    try:
        return _run(cfg, htslib, part)
    except (Fallback, OverLimit):
        raise
    except OSError as exc:
        if exc.errno is not None:
            raise  # an environment fault (disk full …), reported by the worker's exit code
        raise Fallback(type(exc).__name__) from exc
    except Exception as exc:  # anything unforeseen: cyvcf2 decides
        raise Fallback(type(exc).__name__) from exc
    finally:
        htslib.close()


def _run(cfg: dict, htslib: _Htslib, part: int | None) -> dict:
    rules = Rules(**cfg["rules"])
    annotator = None
    if cfg.get("annotation"):
        ann = cfg["annotation"]
        annotator = Annotator(ann["key"], ann["fields"], ann["tool"])
    maker = _RowMaker(rules, cfg["build"], annotator)
    counts: Counter[str] = Counter()
    vaf_sources: Counter[str] = Counter()
    annotations: Counter[str] = Counter()
    tallies = (counts, vaf_sources, annotations)
    fast_rows = fast_tmb = kept = filtered = handed = 0
    filter_mode = rules.filter_mode
    keep_any, keep_missing = filter_mode == "any", filter_mode == "pass-or-missing"
    min_vaf, min_depth = rules.min_vaf, rules.min_depth
    no_depth_floor = min_depth is None
    below_vaf, below_depth = maker.below_vaf, maker.below_depth
    ann_key = annotator.key if annotator else None
    if ann_key and htslib.info_types.get(ann_key) != "String":
        raise Fallback("annotation key is not a String")
    ann_eq = f"{ann_key}=" if ann_key else None
    ann_mid = f";{ann_key}=" if ann_key else None
    n_ann_eq = len(ann_eq) if ann_eq else 0
    simple = annotator.simple_fields() if annotator else None
    tool = annotator.tool if annotator else ""
    if simple:
        n_fields, i_sym, i_cons, i_hgvsp, i_hgvsc, i_feat = simple
    consequence_info, short, flag_text = maker.consequence_info, maker.short_hgvsp, maker.flag_text
    cons_cache, hgvsp_cache = maker.cons_cache, maker.hgvsp_cache
    rule_genes = maker.rule_genes
    # What a record may hold and still be read here (see the module docstring).
    contigs = htslib.contigs
    info_ok = {k for k in htslib.info_types if k not in ("END", ann_key)}
    patterns: dict[str, re.Pattern[str] | None] = {}
    # FILTER text -> (record kept by the filter mode, filter text of the row)
    filter_cache: dict[str, tuple[bool, str]] = {}
    # AF text -> (within 0-1 as a float32, rounded to 6 decimals, its text)
    vaf_cache: dict[str, tuple[bool, float, str]] = {}
    fmt_keys: dict[str, frozenset[str]] = {}
    tumour = cfg["tumor_sample"]
    chrom_names: dict[str, str] = {}
    done_chroms: set[str] = set()
    last_chrom, last_pos = "", 0
    here_first: tuple[str, str] | None = None
    seen_here: set[tuple[str, str]] | None = None
    sorted_ok = True
    record = 0
    buffer: list[str] = []
    header_lengths = cfg.get("contig_lengths") or {}
    sizes = CHROM_SIZES.get(cfg["build"], {})

    def _contig_end(raw: str) -> int:
        length = header_lengths.get(raw) or sizes.get(normalise_chrom(raw))
        return int(length) if length else 1 << 62

    def learn(rec: _Record, cols: list[str]) -> None:
        """htslib has now met this record's contig, FILTER and keys (it adds a dummy header
        line for an undeclared one, warning once): later records with them may be read here."""
        contigs.add(cols[0])
        if len(filter_cache) >= _CACHE_MAX:
            filter_cache.clear()
        filters = rec.FILTERS
        if filters:
            passed = filters == _PASS
            filter_cache[cols[6]] = (passed or keep_any, "PASS" if passed else ";".join(filters))
        else:
            filter_cache[cols[6]] = (keep_missing or keep_any, ".")
        if cols[7] != ".":
            for key in _INFO_KEYS.findall(cols[7]):
                if key not in htslib.info_types:
                    htslib.info_types[key] = "String"
                    if key not in ("END", ann_key):
                        info_ok.add(key)
        if tumour_col is not None:
            new = False
            for key in cols[8].split(":"):
                if key not in htslib.format_types:
                    vtype = htslib.format_type(key)
                    if vtype is not None:
                        htslib.format_types[key] = vtype
                        new = True
            if new:
                patterns.clear()
                fmt_checked.clear()

    max_chrom, max_pos = "", -1
    n_cols = tumour_col = None
    first_kept: tuple[str, int] | None = None
    part_info: dict[str, int] = {}
    start_record = 0
    # The parent's record check (vcf_check.validate_records), made here when cfg["check"]
    # asks for it: ``checked`` stays true while every line passes it.
    check = cfg.get("check")
    stream: dict = {"limits": check["limits"]} if check else {}
    checker = _checker(cfg) if check else None
    checked = checker is not None and checker.fast_allowed
    header_contigs = frozenset(check["contigs"]) if check else frozenset()
    fmt_checked: dict[str, bool] = {}
    progress = bool(cfg.get("progress"))
    reported = 0
    full_checks = 0
    blocks: vcf_block.BlockReader | None = None
    # the compiled chunk reader for a large file (its kernels already loaded by ``run``)
    compiled = vcf_native.kernels() if vcf_native.wanted(cfg) else None
    chunk_size = vcf_block.CHUNK
    plain = False
    with open(cfg["out"], "w", encoding="utf-8", newline="") as out:
        if part != 1:
            out.write("\t".join(VARIANT_COLUMNS) + "\n")
        in_header = True
        share = 52 if compiled is None else 54
        for text in _part_texts(cfg["path"], part, part_info, stream, share):
            if part_info:
                start_record = part_info.pop("skipped")
                record += start_record
                reported = record
            if progress and record - reported >= 65536:
                os.write(1, b"%d\n" % (record - reported))  # the parent's progress bar
                reported = record
            lines = text.split("\n")
            # Lines the per-line test below may vouch for: ASCII (str and bytes tests agree),
            # no NUL, none near the 1 MiB line limit.
            plain = checked and text.isascii() and "\x00" not in text
            if plain and len(text) > _LONG and max(map(len, lines)) > _LONG:
                plain = False
            start = 0
            if in_header:
                for j, line in enumerate(lines):
                    if line.startswith("#CHROM"):
                        start = j + 1
                        names = line.split("\t")
                        n_cols = len(names)
                        tumour_col = names.index(tumour) if tumour else None
                        in_header = False
                        if tumour_col is not None and simple:
                            reader = (
                                vcf_block.BlockReader
                                if compiled is None
                                else partial(vcf_native.NativeReader, compiled=compiled)
                            )
                            blocks = reader(
                                vcf_block.Context(
                                    n_cols=n_cols,
                                    tumour_col=tumour_col,
                                    ann_eq=ann_eq,
                                    ann_mid=ann_mid,
                                    simple=simple,
                                    tool=tool,
                                    contigs=contigs,
                                    header_contigs=header_contigs,
                                    filter_cache=filter_cache,
                                    info_ok=info_ok,
                                    patterns=patterns,
                                    fmt_checked=fmt_checked,
                                    format_types=htslib.format_types,
                                    vaf_cache=vaf_cache,
                                    chrom_names=chrom_names,
                                    contig_end=_contig_end,
                                    maker=maker,
                                    min_vaf=min_vaf,
                                    min_depth=min_depth,
                                    vaf32=vaf_entry,
                                ),
                                tumour_parts,
                            )
                        break
                else:
                    continue
            body = lines[start:] if start else lines
            next_line = 0  # (the record loop below uses ``at`` and ``size`` names itself)
            while next_line < len(body):
                lines_now = blocks.size if blocks is not None else chunk_size
                chunk = body[next_line : next_line + lines_now]
                next_line += lines_now
                if blocks is not None:
                    block = blocks.try_rows(
                        chunk, (last_chrom, last_pos, done_chroms, checked, plain)
                    )
                    if block is not None:
                        record += len(chunk)
                        filtered += block.filtered
                        if block.kept:
                            kept += block.kept
                            fast_rows += block.kept
                            fast_tmb += block.tmb
                            done_chroms |= block.done
                            sorted_ok = sorted_ok and block.sorted_ok
                            last_chrom, last_pos = block.last
                            here_first, seen_here = block.alleles, None
                            if first_kept is None:
                                first_kept = block.first
                            if buffer:
                                out.write("".join(buffer))
                                buffer.clear()
                            out.write(block.text)
                        continue
                for line in chunk:
                    record += 1
                    cols = line.split("\t")
                    if len(cols) != n_cols:
                        raise Fallback("column count")
                    raw_chrom, pos_text, _, ref, alt_text, _, filt, info = cols[:8]
                    # --- can this record be read here, as htslib would read it? ---------------
                    # (The parent's check has already refused the file if a record has the wrong
                    # number of columns, a POS that is not digits or an undeclared contig where the
                    # header declares contigs; the table is only used when that check passes.)
                    rec = None
                    csq = None
                    match = None
                    kept_filter = filter_cache.get(filt)
                    clean = kept_filter is not None and raw_chrom in contigs and len(pos_text) < 19
                    if clean:
                        fmt = cols[8] if tumour_col is not None else None
                        pattern = patterns.get(fmt, False)
                        if pattern is False:
                            if len(patterns) >= 4096:
                                patterns.clear()
                                fmt_checked.clear()
                            pattern = patterns[fmt] = (
                                tumour_pattern(fmt, htslib.format_types) if fmt else None
                            )  # no tumour column: the depth rules need htslib's record
                            fmt_checked[fmt] = pattern is not None and _numbers_checked(
                                fmt, htslib.format_types
                            )
                        if (
                            pattern is None
                            or (match := pattern.fullmatch(cols[tumour_col])) is None
                        ):
                            clean = False
                    if checked and not (
                        plain
                        and match is not None
                        and fmt_checked[fmt]
                        and pos_text.isdigit()
                        and ref
                        and not ref.strip(_BASES)
                        and alt_text
                        and not alt_text.strip(_BASES)
                        and (raw_chrom in header_contigs or not header_contigs)
                    ):
                        # vcf_check's rules for this line; past a budget of such lines (a file
                        # of other callers' records) the parent's faster pass is the better check.
                        full_checks += 1
                        checked = full_checks <= 1024 + (record >> 4) and _line_passes(
                            checker, cfg, line, record
                        )
                        if not checked and progress:
                            os.write(1, b"unchecked\n")  # the parent starts its own check now
                    if clean and info != ".":
                        rest = info
                        if ann_key:
                            if info.startswith(ann_eq):
                                at, found = 0, True
                            else:
                                at = info.find(ann_mid) + 1
                                found = at > 0
                            if found:
                                end = info.find(";", at)
                                if end < 0:
                                    csq = info[at + n_ann_eq :]
                                    rest = info[: at - 1] if at else ""
                                else:
                                    csq = info[at + n_ann_eq : end]
                                    rest = info[:at] + info[end + 1 :]
                                if csq in ("", "."):
                                    clean = False
                        if rest:
                            keys = _INFO_KEYS.findall(rest)
                            clean = (
                                clean
                                and len(keys) == rest.count(";") + 1
                                and info_ok.issuperset(keys)
                                and _TEN_DIGITS not in rest.encode().translate(_ZERO_DIGITS)
                            )
                    if clean:
                        keep, filter_text = kept_filter
                        pos = int(pos_text)
                        alts = alt_text.split(",") if alt_text != "." else []
                    else:
                        match = None
                        handed += 1
                        rec = htslib.record(cols, tumour_col)
                        learn(rec, cols)
                        filters = rec.FILTERS
                        if filters:
                            keep = filters == _PASS or keep_any
                            filter_text = "PASS" if filters == _PASS else ";".join(filters)
                        else:
                            keep, filter_text = keep_missing or keep_any, "."
                        pos = rec.POS
                        ref = rec.REF
                        alts = rec.ALT
                        csq = rec.INFO.get(ann_key) if ann_key else None
                    # --- the worker's record logic (vcf_worker._run) ------------------------
                    if not keep:
                        filtered += 1
                        continue
                    chrom = chrom_names.get(raw_chrom)
                    if chrom is None:
                        chrom = chrom_names[raw_chrom] = normalise_chrom(raw_chrom)
                    if raw_chrom != max_chrom:
                        max_chrom, max_pos = raw_chrom, _contig_end(raw_chrom)
                    if pos > max_pos:
                        return _error(
                            f"POS {pos} is beyond the end of contig {raw_chrom} ({max_pos})",
                            record,
                            "POS",
                        )
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
                        if first_kept is None:
                            first_kept = (chrom, pos)
                    kept += 1
                    # Depth by depth._mutect2, from the text: one ALT, AF/AD/DP usable.
                    depth_row = None
                    if match is not None and len(alts) == 1:
                        af_text, ref_text, alt_n_text, dp_text = match.group("af", "ar", "aa", "dp")
                        hit = vaf_cache.get(af_text)
                        if hit is None:
                            if len(vaf_cache) >= _CACHE_MAX:
                                vaf_cache.clear()
                            hit = vaf_cache[af_text] = vaf_entry(af_text)
                        depth = int(dp_text)
                        alt_n = int(alt_n_text)
                        if hit[0] and depth > 0 and int(ref_text) + alt_n <= depth:
                            depth_row = hit  # with depth and alt_n of this record
                    # --- fast path: the common record, written inline -----------------------
                    if depth_row is not None and not repeat and simple and csq:
                        alt = alts[0]
                        if (  # not vcf_worker.not_a_sequence, inlined: a call per record
                            alt
                            and alt[0] not in "<*."
                            and alt != ref
                            and "]" not in alt
                            and "[" not in alt
                            and "," not in csq
                        ):
                            parts = csq.split("|")
                            if len(parts) == n_fields:
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
                                    _, rounded, vaf_str = depth_row
                                    here_first = (ref, alt)
                                    sym = parts[i_sym]
                                    if sym in rule_genes or " " in sym:
                                        flag_part, chip, non_silent = flag_text(
                                            sym, hgvsp, cons or None, non_silent
                                        )
                                    else:
                                        flag_part, chip = plain_flags, False
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
                                    hgvsc = hgvsc[hgvsc.find(":") + 1 :]
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
                    # --- general path --------------------------------------------------------
                    if depth_row is None and rec is None:
                        handed += 1
                        rec = htslib.record(cols, tumour_col)  # the full depth rules need it
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
                        if depth_row is not None:
                            rounded = depth_row[1]
                            d = Depth(vaf=rounded, depth=depth, alt_depth=alt_n, source="FORMAT/AF")
                            buffer.append(
                                maker.row(
                                    d, index, alts, chrom, pos, ref, alt, csq, filter_text, tallies
                                )
                            )
                            continue
                        fmt = rec.FORMAT or ()
                        key = ":".join(fmt)
                        keys = fmt_keys.get(key)
                        if keys is None:
                            keys = fmt_keys[key] = frozenset(fmt)
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
        if in_header:
            raise Fallback("no #CHROM line")
        if part_info:
            start_record = part_info.pop("skipped")
            record += start_record
            reported = record
        if progress and record > reported:
            os.write(1, b"%d\n" % (record - reported))
        out.write("".join(buffer))
        out.flush()
        if part is None:
            os.fsync(out.fileno())  # a part is made durable once joined (vcf_split)
    LAST_STATS.clear()
    LAST_STATS.update(
        records=record,
        htslib=handed,
        fast_rows=fast_rows,
        block_rows=blocks.rows_read if blocks is not None else 0,
        native=isinstance(blocks, vcf_native.NativeReader),
    )
    summary = reader_summary(
        tallies,
        records=record,
        sorted_ok=sorted_ok,
        filtered=filtered,
        kept=kept,
        fast=(fast_rows, fast_tmb, tool),
    )
    if check:  # every line passed the parent's record check: it need not read the file again
        summary["checked"] = checked and not stream.get("open_end")
    if part is not None:  # what joining the two parts needs (vcf_split.join)
        summary["edge"] = {
            "start": start_record,
            "first": first_kept,
            "last": (last_chrom, last_pos) if kept else None,
            "chroms": sorted((done_chroms | {last_chrom}) - {""}) if kept else [],
            "empty_chrom": "" in chrom_names.values(),
            "htslib": handed,
            "fast_rows": fast_rows,
            "block_rows": LAST_STATS["block_rows"],
            "native": LAST_STATS["native"],
        }
    return summary


_BASES = "ACGTNacgtn"
_LONG = MAX_LINE // 4  # characters: at most 4 bytes each in UTF-8


def _checker(cfg: dict) -> _LineChecker:
    """vcf_check's per-line rules for this file, from what the parent read of its header."""
    check = cfg["check"]
    header = VcfHeader(
        file=os.path.basename(cfg["path"]),
        compression="",
        is_bcf=False,
        fileformat="",
        samples=check["samples"],
        contigs=dict.fromkeys(check["contigs"]),
        meta={},
        info={k: HeaderField(k, ".", "String", "") for k in check["info"]},
    )
    return _LineChecker(header, check["tumor_index"])


def _numbers_checked(fmt: str, types: dict[str, str]) -> bool:
    """Whether the tumour-column pattern of this FORMAT (tumour_pattern) already holds every
    value the parent's check reads as a number (NUMERIC_FORMAT keys typed Integer or Float:
    their patterns accept only numbers; no FREQ)."""
    keys = fmt.split(":")
    return "FREQ" not in keys and all(
        types.get(k) in ("Integer", "Float") for k in keys if k in NUMERIC_FORMAT
    )


def _line_passes(checker: _LineChecker, cfg: dict, line: str, record: int) -> bool:
    """vcf_check's rules on one line the quick test above could not vouch for."""
    try:
        checker.check(os.path.basename(cfg["path"]), line.encode() + b"\n", 0, record, True)
    except InputError:
        return False
    return True


def text_eligible(cfg: dict) -> bool:
    """Whether the worker should try the text path on this input (a text VCF)."""
    return cfg.get("parser", "auto") != "cyvcf2" and cfg.get("format") in ("vcf", "vcf.gz")


def reset_stderr() -> None:
    """Forget the htslib messages of an abandoned text pass (the parent counts warnings)."""
    try:
        os.lseek(2, 0, os.SEEK_SET)
        os.ftruncate(2, 0)
    except OSError:
        pass
