"""The text path's run of common records, read a column at a time.

``vcf_text._run`` reads a record at a time: a split, a pattern match and some twenty tests per
line, ~5 µs each. Most lines of a caller's file are alike, though: the same FORMAT, FILTER
strings from a short list, one ALT, one annotation entry. ``BlockReader.rows`` takes a chunk of
such lines (FIRST_CHUNK at first, growing to CHUNK) and does the same tests and the same
arithmetic for all of them at once: the chunk is split into columns with one ``str.split``, each
column is tested with one call (a pattern over the joined column, ``set`` ⊆ known names,
``map(int, …)``), each distinct value is looked up once and the rows are joined column-wise;
only the rows of genes a rule names get flags of their own. vcf_native reads the same chunks
with compiled kernels.

It is all or nothing: the chunk is read here only when *every* line of it is one that
``vcf_text._run`` would read by its fast path without a word — clean for htslib, passing the
record check's quick test, kept rows with the Mutect2 layout, one annotation entry, no position
repeated (duplicates), no POS beyond its contig, no contig name that normalises to another's.
Otherwise ``rows`` returns None and the chunk is read line by line as before, so every error,
warning and hand-over to htslib stays where it was. The rows, counts and the position state
(sort order, the last position, contigs done) are the ones the line-by-line path gives:
tests/genomics/test_vcf_block.py compares the two byte for byte, with chunks of a few lines so
that both paths meet every kind of record of the generated files and the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, gt, itemgetter, le, methodcaller, ne

from precisecli.genomics.vcf_check import MAX_LINE
from precisecli.genomics.vcf_worker import _CACHE_MAX, normalise_chrom

# Lines per chunk: large enough that the per-chunk calls cost nothing per line, small enough
# that a line the chunk cannot take sends few others to the line-by-line path.
CHUNK = 1024
# A reader's first chunk (it grows to CHUNK): the loop meets the file's FILTERs, contigs and
# FORMATs on few lines before a chunk can be read here.
FIRST_CHUNK = 64
# After a chunk that could not be read here, the next 2**k - 1 chunks (k consecutive
# refusals, at most MAX_SKIP) are read line by line without trying: a file of other records
# pays the failed tries on a small share of its chunks only. A refusal only because the loop
# has not met a FILTER, contig or FORMAT of the chunk yet (a file's first chunks) skips none,
# up to 8 such refusals.
MAX_SKIP = 31
_BASES = "ACGTNacgtn"
_TEN_DIGITS = b"0000000000"
_ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_INFO_KEYS = re.compile(r"([^=;]+)(?:=[^;]*+)?+(?:;|$)")
_LONG = MAX_LINE // 4  # characters: at most 4 bytes each in UTF-8
# "1" when TMB-eligible (coding non-silent, not CH) and above both floors.
_TMB = {
    (eligible, floors): "1" if eligible and floors == (False, False) else "0"
    for eligible in (False, True)
    for floors in ((False, False), (False, True), (True, False), (True, True))
}


@dataclass(frozen=True)
class Block:
    """What a chunk read here adds: its rows, its counts, and the position state after it."""

    text: str
    filtered: int
    kept: int
    tmb: int
    first: tuple[str, int] | None  # first kept (chrom, pos)
    last: tuple[str, int] | None  # last kept (chrom, pos)
    alleles: tuple[str, str] | None  # (REF, ALT) of the last kept row
    done: frozenset[str]  # contigs left behind in this chunk (the loop's done_chroms additions)
    sorted_ok: bool


@dataclass
class Context:
    """The line-by-line loop's lookups, shared (not copied) with the block reader."""

    n_cols: int
    tumour_col: int
    ann_eq: str
    ann_mid: str
    simple: tuple[int, int, int, int, int, int]
    tool: str
    contigs: set[str]  # known to htslib
    header_contigs: frozenset[str]
    filter_cache: dict[str, tuple[bool, str]]
    info_ok: set[str]
    patterns: dict  # FORMAT -> per-value pattern (or None); filled by the loop
    fmt_checked: dict[str, bool]
    format_types: dict[str, str]
    vaf_cache: dict[str, tuple[bool, float, str]]
    chrom_names: dict[str, str]
    contig_end: Callable[[str], int]
    maker: object  # vcf_worker._RowMaker
    min_vaf: float
    min_depth: int | None
    vaf32: Callable[[str], tuple[bool, float, str]]


class BlockReader:
    chunk = CHUNK  # lines per chunk

    def __init__(self, ctx: Context, parts_of: Callable[[str, dict], list[str] | None]):
        self.ctx = ctx
        self._parts_of = parts_of  # vcf_text.tumour_parts
        self._block_re: dict[tuple[str, str], re.Pattern[str] | None] = {}
        self._refused = 0
        self._skip = 0
        self.rows_read = 0
        # Set by rows when it refused a chunk only because the loop has not met a FILTER, a
        # contig or a FORMAT of it yet (the first chunks of a file): no skipping after that.
        self.learning = False
        self._learned = 0
        # Lines of the next chunk: FIRST_CHUNK at first and after a refusal while learning (few
        # lines go line by line while htslib meets the file), doubling up to ``chunk``.
        self.size = min(FIRST_CHUNK, self.chunk)

    def try_rows(self, chunk: list[str], state: tuple) -> Block | None:
        """The chunk read here, or None (read it line by line); ``state`` is the loop's
        (last_chrom, last_pos, done_chroms, checked, plain)."""
        if self._skip:
            self._skip -= 1
            return None
        self.learning = False
        block = self.rows(chunk, state)
        if block is None and self.learning and self._learned < 8:
            self._learned += 1  # a few chunks to meet the file's FILTERs, contigs, FORMATs
            self.size = min(FIRST_CHUNK, self.chunk)
        elif block is None:
            self._refused = min(self._refused + 1, 5)
            self._skip = min((1 << self._refused) - 1, MAX_SKIP)
            self.size = self.chunk  # skipped chunks are whole ones
        else:
            self._refused = 0
            self.rows_read += block.filtered + block.kept
            self.size = min(2 * self.size, self.chunk)
        return block

    def rows(self, chunk: list[str], state: tuple) -> Block | None:
        c = self.ctx
        last_chrom, last_pos, done_chroms, checked, plain = state
        if checked and not plain:
            return None  # the loop tests each line by the check's full rules
        n = len(chunk)
        nc = c.n_cols
        # --- shape: every line has the columns, ASCII, no NUL, no very long line -----------
        if list(map(str.count, chunk, repeat("\t"))).count(nc - 1) != n:
            return None
        joined = "\t".join(chunk)
        if not joined.isascii() or "\x00" in joined:
            return None
        if max(map(len, chunk)) > _LONG:
            return None
        flat = joined.split("\t")
        chrom, pos_t, ref, alt = flat[0::nc], flat[1::nc], flat[3::nc], flat[4::nc]
        filt, info, fmt = flat[6::nc], flat[7::nc], flat[8::nc]
        tumour = flat[c.tumour_col :: nc]
        # --- clean for htslib, and the record check's quick test ----------------------------
        distinct = list(set(filt))
        hits = self._known_filters(distinct)
        if hits is None:
            return None
        filters = dict(zip(distinct, hits, strict=True))
        if not self._known_contigs(set(chrom), checked):
            return None
        if not all(pos_t) or max(map(len, pos_t)) >= 19 or not "".join(pos_t).isdigit():
            return None
        if not (all(ref) and all(alt)):
            return None
        if "".join(ref).strip(_BASES) or "".join(alt).strip(_BASES):
            return None  # one ALT of plain bases: not symbolic, not several
        if any(r == a for r, a in zip(ref, alt, strict=True)):
            return None  # ALT equal to REF: no change (vcf_worker.not_a_sequence)
        values = self._tumour_values(fmt, tumour, checked)
        if values is None:
            return None
        csqs, rests = self._annotation(info)
        if csqs is None:
            return None
        if not all(csqs) or "." in csqs:
            return None
        kept_rest = [r for r in rests if r]
        if kept_rest:
            text = ";".join(kept_rest)
            keys = _INFO_KEYS.findall(text)  # the same keys as one findall per record
            if len(keys) != text.count(";") + 1 or not c.info_ok.issuperset(keys):
                return None
            if _TEN_DIGITS in text.encode().translate(_ZERO_DIGITS):
                return None
        # --- the rows that the FILTER keeps -------------------------------------------------
        keep = list(map({f: k for f, (k, _) in filters.items()}.__getitem__, filt))
        n_kept = sum(keep)
        if n_kept == 0:
            return Block("", n, 0, 0, None, None, None, frozenset(), True)
        if n_kept < n:
            chrom, pos_t, ref, alt, filt, csqs = (
                list(compress(col, keep)) for col in (chrom, pos_t, ref, alt, filt, csqs)
            )
            values = [list(compress(col, keep)) for col in values]
        af, ar_t, aa_t, dp_t = values
        # --- fast-path layout: one annotation entry with every field; usable depths ---------
        n_fields, i_sym, i_cons, i_hgvsp, i_hgvsc, i_feat = c.simple
        csq_text = "|".join(csqs)
        if "," in csq_text:
            return None
        if list(map(str.count, csqs, repeat("|"))).count(n_fields - 1) != n_kept:
            return None
        ann = csq_text.split("|")
        sym, cons, raw_hgvsp = ann[i_sym::n_fields], ann[i_cons::n_fields], ann[i_hgvsp::n_fields]
        hgvsc, feat = ann[i_hgvsc::n_fields], ann[i_feat::n_fields]
        dp = list(map(int, dp_t))
        ar = list(map(int, ar_t))
        aa = list(map(int, aa_t))
        if min(dp) <= 0 or not all(map(le, map(add, ar, aa), dp)):
            return None
        af_texts = list(set(af))
        hits = vaf_hits(af_texts, c)
        if hits is None:
            return None
        vafs = dict(zip(af_texts, hits, strict=True))
        # --- positions: no repeat, none past its contig; sort order --------------------------
        names = contig_names(set(chrom), c.chrom_names)
        if names is None:
            return None
        pos = list(map(int, pos_t))
        position = _positions(chrom, pos, names, last_chrom, last_pos, done_chroms, c.contig_end)
        if position is None:
            return None
        done, sorted_ok = position
        # --- annotation values and flags: per distinct value, then one lookup per row --------
        maker = c.maker
        cons_info = {}
        for value in set(cons):
            cons_info[value] = maker.cons_cache.get(value) or maker.consequence_info(value)
        hgvsp_of = {}
        for raw in set(raw_hgvsp):
            hgvsp_of[raw] = (maker.hgvsp_cache.get(raw) or maker.short_hgvsp(raw)) if raw else None
        unresolved = {raw for raw, hgvsp in hgvsp_of.items() if hgvsp is None}
        if unresolved:  # no protein change where the consequence says coding: general path
            starts_coding = {value: info[0] for value, info in cons_info.items()}
            if any(
                map(
                    starts_coding.__getitem__,
                    compress(cons, map(unresolved.__contains__, raw_hgvsp)),
                )
            ):
                return None
        flag_col = list(map({v: info[2] for v, info in cons_info.items()}.__getitem__, cons))
        # TMB-eligible before the floors: coding non-silent and not clonal haematopoiesis
        eligible = list(map({v: info[1] for v, info in cons_info.items()}.__getitem__, cons))
        rule_genes = maker.rule_genes
        named = {g for g in set(sym) if g in rule_genes or " " in g}
        if named:  # genes a rule names: the flags of the row's own values
            for i in compress(range(n_kept), map(named.__contains__, sym)):
                flag_col[i], chip, non_silent = maker.flag_text(
                    sym[i], hgvsp_of[raw_hgvsp[i]], cons[i] or None, eligible[i]
                )
                eligible[i] = non_silent and not chip
        low_vaf = {text for text, hit in vafs.items() if hit[1] < c.min_vaf}
        floors = list(
            zip(
                map(low_vaf.__contains__, af) if low_vaf else repeat(False, n_kept),
                map(gt, repeat(c.min_depth), dp)
                if c.min_depth is not None
                else repeat(False, n_kept),
                strict=True,
            )
        )
        reasons = {
            (False, False): "\n",
            (False, True): maker.below_depth + "\n",
            (True, False): maker.below_vaf + "\n",
            (True, True): maker.below_vaf + "\n",
        }
        tmb_col = list(map(_TMB.__getitem__, zip(eligible, floors, strict=True)))
        hgvsc_parts = list(map(methodcaller("partition", ":"), hgvsc))
        if all(map(itemgetter(1), hgvsc_parts)):
            hgvsc = list(map(itemgetter(2), hgvsc_parts))
        else:
            hgvsc = [h[h.find(":") + 1 :] for h in hgvsc]
        text = "".join(
            map(
                "\t".join,
                zip(
                    map(names.__getitem__, chrom),
                    pos_t if _plain_numbers(pos_t) else map(str, pos),
                    ref,
                    alt,
                    sym,
                    map({raw: h or "" for raw, h in hgvsp_of.items()}.__getitem__, raw_hgvsp),
                    hgvsc,
                    cons,
                    feat,
                    repeat(c.tool),
                    map({t: hit[2] for t, hit in vafs.items()}.__getitem__, af),
                    dp_t if _plain_numbers(dp_t) else map(str, dp),
                    aa_t if _plain_numbers(aa_t) else map(str, aa),
                    repeat("FORMAT/AF"),
                    map({f: hit[1] for f, hit in filters.items()}.__getitem__, filt),
                    flag_col,
                    tmb_col,
                    map(reasons.__getitem__, floors),
                ),
            )
        )
        tmb_sum = tmb_col.count("1")
        for raw, name in names.items():
            c.chrom_names[raw] = name
        first = (names[chrom[0]], pos[0])
        last = (names[chrom[-1]], pos[-1])
        return Block(
            text, n - n_kept, n_kept, tmb_sum, first, last, (ref[-1], alt[-1]), done, sorted_ok
        )

    # --- what the loop must have met before a chunk is read here (both readers) ------------
    def _known_filters(self, texts: list[str]) -> list[tuple[bool, str]] | None:
        """(kept, filter text) of each FILTER string, or None: htslib has not met one yet (the
        loop hands its record over and learns it)."""
        hits = []
        for text in texts:
            hit = self.ctx.filter_cache.get(text)
            if hit is None:
                self.learning = True
                return None
            hits.append(hit)
        return hits

    def _known_contigs(self, chroms: set[str], checked: bool) -> bool:
        """Whether htslib has met every contig (else the loop learns it), and the record
        check's header declares it when there is a check and the header declares contigs."""
        c = self.ctx
        if not chroms <= c.contigs:
            self.learning = True
            return False
        return not (checked and c.header_contigs and not chroms <= c.header_contigs)

    def _format_pattern(self, fmt: str, checked: bool) -> re.Pattern[str] | None:
        """The loop's per-value pattern of this FORMAT, or None: not met yet (learning), its
        records go to htslib, or (with the check) its numbers are not all held by it."""
        c = self.ctx
        pattern = c.patterns.get(fmt)
        self.learning = fmt not in c.patterns
        if pattern is None or (checked and not c.fmt_checked.get(fmt)):
            return None
        return pattern

    def _tumour_values(self, fmt: list[str], tumour: list[str], checked: bool):
        """[AF, AD of REF, AD of the ALT, DP] texts of every row, or None when a tumour value is
        not of the form the loop's per-FORMAT pattern accepts."""
        c = self.ctx
        formats = set(fmt)
        groups: dict[str, list[int]] | None = None
        if len(formats) > 1:
            groups = {f: [] for f in formats}
            for i, f in enumerate(fmt):
                groups[f].append(i)
        out = [[""] * len(tumour) for _ in range(4)] if groups else None
        for f in formats:
            pattern = self._format_pattern(f, checked)
            if pattern is None:
                return None
            key = (f, pattern.pattern)
            block_re = self._block_re.get(key, False)
            if block_re is False:
                if len(self._block_re) >= 4096:
                    self._block_re.clear()
                parts = self._parts_of(f, c.format_types, False)
                block_re = self._block_re[key] = (
                    None
                    if parts is None
                    else re.compile(f"(?:{':'.join(parts)})(?:\n(?:{':'.join(parts)}))*")
                )
            if block_re is None:
                return None
            idx = groups[f] if groups else None
            column = tumour if idx is None else [tumour[i] for i in idx]
            if block_re.fullmatch("\n".join(column)) is None:
                return None
            keys = f.split(":")
            k = len(keys)
            fields = ":".join(column).split(":")
            ad = ",".join(fields[keys.index("AD") :: k]).split(",")
            cols = (
                fields[keys.index("AF") :: k],
                ad[0::2],
                ad[1::2],
                fields[keys.index("DP") :: k],
            )
            if idx is None:
                return list(cols)
            for target, col in zip(out, cols, strict=True):
                for i, v in zip(idx, col, strict=True):
                    target[i] = v
        return out

    def _annotation(self, info: list[str]):
        """(annotation value, the rest of INFO) of every row, or (None, None) when the INFO
        column does not have the annotation key first in every row or later in every row."""
        c = self.ctx
        n_eq = len(c.ann_eq)
        first = ("\t" + "\t".join(info)).count("\t" + c.ann_eq)  # values hold no tab
        if first == len(info):
            split = list(map(methodcaller("partition", ";"), info))
            return [a[n_eq:] for a, _, _ in split], [b for _, _, b in split]
        if first:
            return None, None
        split = list(map(methodcaller("partition", c.ann_mid), info))
        if not all(map(itemgetter(1), split)):
            return None, None
        csqs, rests = [], []
        for before, _, after in split:
            value, sep, tail = after.partition(";")
            csqs.append(value)
            rests.append(f"{before};{tail}" if sep else before)
        return csqs, rests


def vaf_hits(texts, c: Context) -> list[tuple[bool, float, str]] | None:
    """The FORMAT/AF entry (vcf_htslib.vaf_entry, cached) of each text, or None when one is
    above 1 (the general path says so)."""
    hits = []
    for text in texts:
        hit = c.vaf_cache.get(text)
        if hit is None:
            if len(c.vaf_cache) >= _CACHE_MAX:
                c.vaf_cache.clear()
            hit = c.vaf_cache[text] = c.vaf32(text)
        if not hit[0]:
            return None
        hits.append(hit)
    return hits


def contig_names(raws, known: dict[str, str]) -> dict[str, str] | None:
    """The normalised name of each contig spelling, or None when one normalises to nothing or
    two to one name (the loop's order rules decide those)."""
    names = {}
    for raw in raws:
        name = known.get(raw)
        if name is None:
            name = normalise_chrom(raw)
        if not name:
            return None
        names[raw] = name
    if len(set(names.values())) != len(names):
        return None
    return names


def _plain_numbers(texts: list[str]) -> bool:
    """Whether every text (all digits) is the number's own text: no leading zero."""
    return ("\t" + "\t".join(texts)).find("\t0") < 0


def _positions(chrom, pos, names, last_chrom, last_pos, done_chroms, contig_end):
    """(contigs left behind, sorted) over the kept rows as vcf_text._run's loop finds them, or
    None when a position repeats the one before it or passes its contig's end."""
    done: set[str] = set()
    sorted_ok = True
    n = len(chrom)
    if chrom[0] == chrom[-1] and len(names) == 1:
        bounds = [0, n]
    else:  # runs of one contig
        bounds = [0, *compress(range(1, n), map(ne, chrom[1:], chrom[:-1])), n]
    for start, end in zip(bounds, bounds[1:], strict=False):
        raw = chrom[start]
        run = pos[start:end]
        if max(run) > contig_end(raw):
            return None
        name = names[raw]
        first = run[0]
        if name == last_chrom:
            if first == last_pos:
                return None
            if first < last_pos:
                sorted_ok = False
        else:
            if name in done_chroms or name in done:
                sorted_ok = False
            done.add(last_chrom)
        following = run[1:]
        if following:
            if any(map(int.__eq__, following, run)):
                return None
            if not all(map(le, run, following)):
                sorted_ok = False
        last_chrom, last_pos = name, run[-1]
    return frozenset(done), sorted_ok
