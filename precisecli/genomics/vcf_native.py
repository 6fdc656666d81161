"""The block reader's chunks read by compiled kernels (vcf_kernels, numba) for a large file.

``NativeReader.rows`` reads the same chunks as ``vcf_block.BlockReader.rows`` and gives the
same Block — same rows, counts and position state — but the per-line work (columns, forms of
the values, the annotation entry, numbers, the row text) is done on the chunk's bytes by
vcf_kernels, and Python only meets each *distinct* value once (a FILTER, a contig, a FORMAT, a
Consequence, an HGVSp, a SYMBOL, an AF text, an INFO key): the knowledge lookups, caches and
floors stay those of the block reader and of vcf_worker._RowMaker. It refuses a chunk (None:
read line by line) whenever the block reader would, and in a few more cases (any row of the
chunk, kept or not, with several annotation entries); never the other way round.

Used when numba can be loaded (``kernels()``; PRECISE_NO_NUMBA=1 turns it off) and the file is
large enough to repay loading it (``wanted``). tests/genomics/test_vcf_block.py compares it
with the line-by-line path byte for byte.
"""

from __future__ import annotations

import os
from functools import cache
from types import SimpleNamespace

import numpy as np

from precisecli.genomics import vcf_block
from precisecli.genomics.vcf_block import Block, Context, _positions, contig_names, vaf_hits

# Compressed bytes from which a file is read by the kernels: loading numba and the cached
# kernels costs ~0.6 s, which they repay from a few hundred thousand records.
MIN_BYTES = 8 << 20
# Lines per chunk (larger than the block reader's: less Python per line).
CHUNK = 4096


def wanted(cfg: dict) -> bool:
    """Whether to read this file with the kernels (cfg["native"] True/False overrides)."""
    forced = cfg.get("native")
    if forced is not None:
        return bool(forced)
    try:
        large = os.path.getsize(cfg["path"]) >= MIN_BYTES
    except OSError:
        return False
    from precisecli import jit as jit_support

    # Without a cache to load them from, the kernels would be compiled again for every import
    # (~6 s): the Python reader is faster then.
    return large and jit_support.enabled() and jit_support.cache_usable()


def promising(cfg: dict, sample: int = 256) -> bool:
    """Whether nearly all of the first records (up to ``sample``) are of the kind the kernels
    read — one ALT, FORMAT with AF, AD and DP, one annotation entry — so that loading numba
    (~0.5 s) pays: a chunk is read only when all its lines are, so a file mixing in VEP records
    with every transcript, say, is left to the Python readers.
    Only a guess about speed: which records are read by which reader never depends on it."""
    from precisecli.genomics.vcf_stream import _line_texts

    ann = cfg.get("annotation")
    tumour = cfg.get("tumor_sample")
    if not ann or not tumour:
        return False
    key = f"{ann['key']}="
    records = common = 0
    columns: list[str] | None = None
    try:
        for n_block, (text, _) in enumerate(_line_texts(cfg["path"], {})):
            for line in text.split("\n"):
                if columns is None:
                    if line.startswith("#CHROM"):
                        columns = line.split("\t")
                    continue
                records += 1
                cols = line.split("\t")
                if len(cols) == len(columns) and "," not in cols[4]:
                    fields = cols[8].split(":")
                    at = cols[7].find(key)
                    value = cols[7][at + len(key) :].split(";", 1)[0] if at >= 0 else ","
                    common += {"AF", "AD", "DP"} <= set(fields) and "," not in value
                if records >= sample:
                    return _mostly(common, records)
            if n_block >= 8:
                break
    except Exception:  # noqa: BLE001 - unreadable here: the readers will say why
        return False
    return records > 0 and _mostly(common, records)


def _mostly(common: int, records: int) -> bool:
    return common >= records - records // 64


@cache
def kernels():
    """vcf_kernels compiled (or loaded from the cache), or None: use the Python readers."""
    from precisecli import jit as jit_support

    jit = jit_support.compiler()
    if jit is None:
        return None
    try:
        from precisecli.genomics import vcf_kernels as k

        for name in k.HELPERS:
            setattr(k, name, jit(getattr(k, name)))
        compiled = SimpleNamespace(**{name: jit(getattr(k, name)) for name in k.KERNELS})
        _warm_up(compiled)
    except Exception:  # numba present but unusable here: the Python readers do the work
        return None
    return compiled


def _warm_up(k) -> None:
    """Compile (or load) every kernel with the argument types rows() passes."""
    line = "1\t5\t.\tA\tC\t.\tPASS\tK=CSQ|b|c|d|e\tAD:AF:DP\t1,2:0.5:3"
    buf = np.frombuffer(line.encode(), np.uint8)
    word = np.frombuffer(b"K=", np.uint8)
    code, spans, pos, keys = k.scan(buf, 10, 9, word, np.frombuffer(b";K=", np.uint8), 5,
                                    np.arange(5, dtype=np.int64), 1000)  # fmt: skip
    starts = np.ascontiguousarray(spans[:, 0, 0])
    k.intern(buf, starts, np.ascontiguousarray(spans[:, 0, 1]))
    forms = np.zeros((1, 3), np.int8)
    k.tumour(buf, spans, np.zeros(1, np.int64), forms, np.array([3], np.int64))
    tables = np.frombuffer(b"x", np.uint8)
    offsets = np.zeros((7, 2), np.int64)
    k.assemble(buf, spans, np.zeros(0, np.int64), pos, pos, pos, tables, offsets,
               np.zeros((0, 7), np.int64), np.zeros(0, np.bool_))  # fmt: skip


def _layout(fmt: str, types: dict[str, str]) -> np.ndarray:
    """The form of each key's value (vcf_kernels.STRING …) as vcf_text.tumour_parts reads it;
    only called for a FORMAT whose pattern exists (every key is then one of these)."""
    from precisecli.genomics import vcf_kernels as k

    forms = []
    for key in fmt.split(":"):
        if key in ("AF", "AD", "DP", "GT"):
            forms.append({"AF": k.AF, "AD": k.AD, "DP": k.DP, "GT": k.GT}[key])
        else:
            forms.append({"Integer": k.INT_LIST, "Float": k.FLOAT_LIST}.get(types[key], k.STRING))
    return np.array(forms, np.int8)


class NativeReader(vcf_block.BlockReader):
    chunk = CHUNK

    def __init__(self, ctx: Context, parts_of, compiled):
        super().__init__(ctx, parts_of)
        self.k = compiled
        self._ann_eq = np.frombuffer(ctx.ann_eq.encode(), np.uint8)
        self._ann_mid = np.frombuffer(ctx.ann_mid.encode(), np.uint8)
        n_fields, i_sym, i_cons, i_hgvsp, i_hgvsc, i_feat = ctx.simple
        self._n_fields = n_fields
        self._sub = np.array([i_sym, i_cons, i_hgvsp, i_hgvsc, i_feat], np.int64)
        self._layouts: dict[tuple[str, str], np.ndarray] = {}

    def _distinct(self, data: bytes, buf, starts, ends) -> tuple[np.ndarray, list[str]]:
        """(id of each text, the distinct texts) of the spans."""
        ids, first = self.k.intern(
            buf, np.ascontiguousarray(starts, np.int64), np.ascontiguousarray(ends, np.int64)
        )
        return ids, [
            data[s:e].decode("ascii") for s, e in zip(starts[first], ends[first], strict=True)
        ]

    def rows(self, chunk: list[str], state: tuple) -> Block | None:
        c = self.ctx
        k = self.k
        last_chrom, last_pos, done_chroms, checked, plain = state
        if checked and not plain:
            return None
        text = "\n".join(chunk)
        if not text.isascii():
            return None
        data = text.encode("ascii")
        buf = np.frombuffer(data, np.uint8)
        code, spans, pos, keys = k.scan(
            buf, c.n_cols, c.tumour_col, self._ann_eq, self._ann_mid, self._n_fields, self._sub,
            vcf_block._LONG,
        )  # fmt: skip
        if code:
            return None
        n = len(pos)
        # --- distinct values: known to htslib, to the check ---------------------------------
        filter_ids, filter_texts = self._distinct(data, buf, spans[:, 4, 0], spans[:, 4, 1])
        filters = self._known_filters(filter_texts)
        if filters is None:
            return None
        chrom_ids, chrom_texts = self._distinct(data, buf, spans[:, 0, 0], spans[:, 0, 1])
        if not self._known_contigs(set(chrom_texts), checked):
            return None
        if len(keys):
            _, key_texts = self._distinct(data, buf, keys[:, 0], keys[:, 1])
            if not c.info_ok.issuperset(key_texts):
                return None
        fmt_ids, fmt_texts = self._distinct(data, buf, spans[:, 5, 0], spans[:, 5, 1])
        layouts = []
        for f in fmt_texts:
            pattern = self._format_pattern(f, checked)
            if pattern is None:
                return None
            key = (f, pattern.pattern)
            layout = self._layouts.get(key)
            if layout is None:
                if len(self._layouts) >= 4096:
                    self._layouts.clear()
                layout = self._layouts[key] = _layout(f, c.format_types)
            layouts.append(layout)
        widest = max(len(lay) for lay in layouts)
        forms = np.zeros((len(layouts), widest), np.int8)
        for i, lay in enumerate(layouts):
            forms[i, : len(lay)] = lay
        n_keys = np.array([len(lay) for lay in layouts], np.int64)
        ok, af, ar, aa, dp = k.tumour(buf, spans, fmt_ids, forms, n_keys)
        if not ok:
            return None
        # --- the rows the FILTER keeps ------------------------------------------------------
        keep = np.array([hit[0] for hit in filters], np.bool_)[filter_ids]
        rows = np.flatnonzero(keep)
        n_kept = len(rows)
        if n_kept == 0:
            return Block("", n, 0, 0, None, None, None, frozenset(), True)
        dp_k = dp[rows]
        if dp_k.min() <= 0 or (ar[rows] + aa[rows] > dp_k).any():
            return None
        af_ids, af_texts = self._distinct(data, buf, af[rows, 0], af[rows, 1])
        vafs = vaf_hits(af_texts, c)
        if vafs is None:
            return None
        # --- positions ----------------------------------------------------------------------
        kept_chrom = chrom_ids[rows]
        names = contig_names(
            [chrom_texts[cid] for cid in np.unique(kept_chrom).tolist()], c.chrom_names
        )
        if names is None:
            return None
        chrom_list = list(map(chrom_texts.__getitem__, kept_chrom.tolist()))
        pos_list = pos[rows].tolist()
        position = _positions(
            chrom_list, pos_list, names, last_chrom, last_pos, done_chroms, c.contig_end
        )
        if position is None:
            return None
        done, sorted_ok = position
        # --- annotation values, flags, floors ----------------------------------------------
        maker = c.maker
        cons_ids, cons_texts = self._distinct(data, buf, spans[rows, 9, 0], spans[rows, 9, 1])
        cons_info = [maker.cons_cache.get(v) or maker.consequence_info(v) for v in cons_texts]
        h_ids, h_texts = self._distinct(data, buf, spans[rows, 10, 0], spans[rows, 10, 1])
        hgvsp = [
            (maker.hgvsp_cache.get(raw) or maker.short_hgvsp(raw)) if raw else None
            for raw in h_texts
        ]
        unresolved = np.array([h is None for h in hgvsp], np.bool_)[h_ids]
        coding = np.array([info[0] for info in cons_info], np.bool_)[cons_ids]
        if (unresolved & coding).any():
            return None
        flag_of: dict[str, int] = {}
        for info in cons_info:
            flag_of.setdefault(info[2], len(flag_of))
        flag_table = list(flag_of)
        flag_ids = np.array([flag_of[info[2]] for info in cons_info], np.int64)[cons_ids]
        eligible = np.array([info[1] for info in cons_info], np.bool_)[cons_ids]
        sym_ids, sym_texts = self._distinct(data, buf, spans[rows, 8, 0], spans[rows, 8, 1])
        rule_genes = maker.rule_genes
        named = np.array([g in rule_genes or " " in g for g in sym_texts], np.bool_)
        if named.any():
            for i in np.flatnonzero(named[sym_ids]).tolist():
                cons_text = cons_texts[cons_ids[i]]
                flag_part, chip, non_silent = maker.flag_text(
                    sym_texts[sym_ids[i]], hgvsp[h_ids[i]], cons_text or None, bool(eligible[i])
                )
                if flag_part not in flag_of:
                    flag_of[flag_part] = len(flag_table)
                    flag_table.append(flag_part)
                flag_ids[i] = flag_of[flag_part]
                eligible[i] = non_silent and not chip
        rounded = np.array([hit[1] for hit in vafs], np.float64)[af_ids]
        low = rounded < c.min_vaf
        if c.min_depth is not None:
            shallow = dp_k < c.min_depth
        else:
            shallow = np.zeros(n_kept, np.bool_)
        reason = np.where(low, 2, np.where(shallow, 1, 0))
        tmb = eligible & (reason == 0)
        # --- the rows ------------------------------------------------------------------------
        kept_names = sorted(set(kept_chrom.tolist()))
        name_id = np.zeros(len(chrom_texts), np.int64)
        for j, cid in enumerate(kept_names):
            name_id[cid] = j
        tables = [
            [names[chrom_texts[cid]] for cid in kept_names],
            [h or "" for h in hgvsp],
            [c.tool],
            [hit[2] for hit in vafs],
            [hit[1] for hit in filters],
            flag_table,
            ["\n", maker.below_depth + "\n", maker.below_vaf + "\n"],
        ]
        ids = np.empty((n_kept, 7), np.int64)
        ids[:, 0] = name_id[kept_chrom]
        ids[:, 1] = h_ids
        ids[:, 2] = 0
        ids[:, 3] = af_ids
        ids[:, 4] = filter_ids[rows]
        ids[:, 5] = flag_ids
        ids[:, 6] = reason
        table_bytes, offsets = _tables(tables)
        out = k.assemble(buf, spans, rows, pos, dp, aa, table_bytes, offsets, ids, tmb)
        for raw, name in names.items():
            c.chrom_names[raw] = name
        last_row = int(rows[-1])
        first = (names[chrom_list[0]], pos_list[0])
        last = (names[chrom_list[-1]], pos_list[-1])
        alleles = (
            data[spans[last_row, 2, 0] : spans[last_row, 2, 1]].decode("ascii"),
            data[spans[last_row, 3, 0] : spans[last_row, 3, 1]].decode("ascii"),
        )
        return Block(
            out.tobytes().decode("utf-8"),
            n - n_kept,
            n_kept,
            int(tmb.sum()),
            first,
            last,
            alleles,
            done,
            sorted_ok,
        )


def _tables(tables: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """All table texts in one byte array, with offsets[t, j] .. offsets[t, j + 1] text j of t."""
    widest = max(len(t) for t in tables)
    offsets = np.zeros((len(tables), widest + 1), np.int64)
    parts: list[bytes] = []
    at = 0
    for t, texts in enumerate(tables):
        offsets[t, 0] = at
        for j, value in enumerate(texts):
            raw = value.encode("utf-8")
            parts.append(raw)
            at += len(raw)
            offsets[t, j + 1] = at
    data = b"".join(parts) or b"\0"
    return np.frombuffer(data, np.uint8), offsets
