"""numba kernels of the native block reader (vcf_native): the byte-level work of one chunk of
VCF lines — finding the columns, testing each field's form, interning repeated values and
writing the table rows — without a Python object per field.

Plain Python here (runnable as such, slowly, for debugging); ``vcf_native.kernels()`` compiles
them with numba (HELPERS first, so that the KERNELS calling them are compiled against the
compiled helpers) and returns None when numba cannot be used. Each
kernel tests exactly what vcf_block.BlockReader.rows tests on the same chunk (the line-by-line
path's rules for its fast rows); where this module could differ it refuses the chunk instead.
All input is ASCII (the caller encodes a chunk only when ``str.isascii``).
"""

from __future__ import annotations

import numpy as np

# Span slots of one line (start, end byte offsets in the chunk).
CHROM, POS, REF, ALT, FILTER, FORMAT, TUMOUR = 0, 1, 2, 3, 4, 5, 6
CSQ, SYM, CONS, HGVSP, HGVSC, FEAT = 7, 8, 9, 10, 11, 12
N_SPANS = 13
# Value forms of a tumour-column key (vcf_text.tumour_parts).
STRING, INT_LIST, FLOAT_LIST, GT, AF, AD, DP = 0, 1, 2, 3, 4, 5, 6

_TAB, _NL, _SEMI, _EQ, _PIPE, _COMMA, _COLON = 9, 10, 59, 61, 124, 44, 58
_DOT, _MINUS, _SLASH, _BAR = 46, 45, 47, 124


def _is_base(b):
    c = b | 32  # ACGTN acgtn
    return c == 97 or c == 99 or c == 103 or c == 116 or c == 110


def _digits(buf, s, e, lo, hi):
    """Whether buf[s:e] is lo..hi ASCII digits."""
    if e - s < lo or e - s > hi:
        return False
    for j in range(s, e):
        if buf[j] < 48 or buf[j] > 57:
            return False
    return True


def _number(buf, s, e):
    v = 0
    for j in range(s, e):
        v = v * 10 + (buf[j] - 48)
    return v


def _starts(buf, s, e, word):
    n = len(word)
    if e - s < n:
        return False
    for k in range(n):
        if buf[s + k] != word[k]:
            return False
    return True


def _find(buf, s, e, word):
    """First offset of word in buf[s:e], or -1."""
    n = len(word)
    for j in range(s, e - n + 1):
        ok = True
        for k in range(n):
            if buf[j + k] != word[k]:
                ok = False
                break
        if ok:
            return j
    return -1


def _find_byte(buf, s, e, b):
    for j in range(s, e):
        if buf[j] == b:
            return j
    return -1


def _rest_ok(buf, s, e, keys, n_keys):
    """INFO entries other than the annotation (buf[s:e], ';'-separated): each holds a
    character other than '=' (so the INFO key pattern finds one key in it), and no ten digits
    follow each other. Appends each key's span to keys; returns the new count or -1."""
    run = 0
    key_start = -1
    key_end = -1
    for j in range(s, e + 1):
        b = buf[j] if j < e else _SEMI
        if 48 <= b <= 57:
            run += 1
            if run >= 10:
                return -1
        else:
            run = 0
        if b == _SEMI:
            if key_start < 0:
                return -1  # an empty entry, or one of '=' only: the key count differs
            if key_end < 0:
                key_end = j
            keys[n_keys, 0] = key_start
            keys[n_keys, 1] = key_end
            n_keys += 1
            key_start = -1
            key_end = -1
        elif key_start < 0:
            if b != _EQ:
                key_start = j
        elif key_end < 0 and b == _EQ:
            key_end = j
    return n_keys


def scan(buf, n_cols, tumour_col, ann_eq, ann_mid, n_fields, sub, long_limit):
    """Split the chunk (lines joined by '\\n') into the spans of the fields the block reader
    reads, testing the forms it requires. Returns (code, spans[n, N_SPANS, 2], pos[n],
    keys[k, 2]): code 0 when every line passed, else the first failed test's
    number. sub: positions of SYMBOL, Consequence, HGVSp, HGVSc, Feature in an entry."""
    n = 1
    semis = 0
    for b in buf:
        if b == _NL:
            n += 1
        elif b == _SEMI:
            semis += 1
    spans = np.zeros((n, N_SPANS, 2), np.int64)
    pos = np.zeros(n, np.int64)
    keys = np.zeros((semis + 2 * n, 2), np.int64)
    n_keys = 0
    cols = np.zeros((n_cols, 2), np.int64)
    field = np.zeros((n_fields, 2), np.int64)
    size = len(buf)
    i = 0
    for row in range(n):
        start = i
        col = 0
        cols[0, 0] = start
        while i < size and buf[i] != _NL:
            b = buf[i]
            if b == 0 or b >= 128:
                return 1, spans, pos, keys
            if b == _TAB:
                if col + 1 >= n_cols:
                    return 2, spans, pos, keys
                cols[col, 1] = i
                col += 1
                cols[col, 0] = i + 1
            i += 1
        end = i
        i += 1  # past the line end
        if col != n_cols - 1:
            return 2, spans, pos, keys
        cols[col, 1] = end
        if end - start > long_limit:
            return 3, spans, pos, keys
        sp = spans[row]
        for slot, c in ((CHROM, 0), (POS, 1), (REF, 3), (ALT, 4), (FILTER, 6), (FORMAT, 8)):
            sp[slot, 0] = cols[c, 0]
            sp[slot, 1] = cols[c, 1]
        sp[TUMOUR, 0] = cols[tumour_col, 0]
        sp[TUMOUR, 1] = cols[tumour_col, 1]
        if not _digits(buf, cols[1, 0], cols[1, 1], 1, 18):
            return 4, spans, pos, keys
        pos[row] = _number(buf, cols[1, 0], cols[1, 1])
        for c in (3, 4):
            if cols[c, 1] == cols[c, 0]:
                return 5, spans, pos, keys
            for j in range(cols[c, 0], cols[c, 1]):
                if not _is_base(buf[j]):
                    return 5, spans, pos, keys
        n_ref = cols[3, 1] - cols[3, 0]
        if n_ref == cols[4, 1] - cols[4, 0]:  # ALT equal to REF: no change (not_a_sequence)
            same = True
            for j in range(n_ref):
                if buf[cols[3, 0] + j] != buf[cols[4, 0] + j]:
                    same = False
                    break
            if same:
                return 5, spans, pos, keys
        # INFO: the annotation first, or after the first ';KEY='
        s, e = cols[7, 0], cols[7, 1]
        if _starts(buf, s, e, ann_eq):
            value = s + len(ann_eq)
            before_end = -1
        else:
            at = _find(buf, s, e, ann_mid)
            if at < 0:
                return 6, spans, pos, keys
            value = at + len(ann_mid)
            before_end = at
        stop = _find_byte(buf, value, e, _SEMI)
        value_end = e if stop < 0 else stop
        if value_end == value or (value_end == value + 1 and buf[value] == _DOT):
            return 7, spans, pos, keys
        # the rest of INFO (before ';' after, as one text): every entry has a key
        after = stop >= 0 and stop + 1 < e
        if before_end >= 0 and stop >= 0:  # before;after — neither part may be empty
            if before_end == s or not after:
                return 8, spans, pos, keys
            n_keys = _rest_ok(buf, s, before_end, keys, n_keys)
            if n_keys >= 0:
                n_keys = _rest_ok(buf, stop + 1, e, keys, n_keys)
        elif before_end > s:
            n_keys = _rest_ok(buf, s, before_end, keys, n_keys)
        elif before_end < 0 and after:
            n_keys = _rest_ok(buf, stop + 1, e, keys, n_keys)
        if n_keys < 0:
            return 8, spans, pos, keys
        sp[CSQ, 0] = value
        sp[CSQ, 1] = value_end
        # one entry with every field: no ',', n_fields - 1 '|'
        f = 0
        field[0, 0] = value
        for j in range(value, value_end):
            b = buf[j]
            if b == _COMMA:
                return 9, spans, pos, keys
            if b == _PIPE:
                if f + 1 >= n_fields:
                    return 9, spans, pos, keys
                field[f, 1] = j
                f += 1
                field[f, 0] = j + 1
        if f != n_fields - 1:
            return 9, spans, pos, keys
        field[f, 1] = value_end
        for slot, k in ((SYM, 0), (CONS, 1), (HGVSP, 2), (HGVSC, 3), (FEAT, 4)):
            sp[slot, 0] = field[sub[k], 0]
            sp[slot, 1] = field[sub[k], 1]
        colon = _find_byte(buf, sp[HGVSC, 0], sp[HGVSC, 1], _COLON)
        if colon >= 0:
            sp[HGVSC, 0] = colon + 1
    return 0, spans, pos, keys[:n_keys]


def _hash(buf, s, e):
    h = np.uint64(14695981039346656037)
    for j in range(s, e):
        h = (h ^ np.uint64(buf[j])) * np.uint64(1099511628211)
    return h


def _same(buf, s1, e1, s2, e2):
    if e1 - s1 != e2 - s2:
        return False
    for k in range(e1 - s1):
        if buf[s1 + k] != buf[s2 + k]:
            return False
    return True


def intern(buf, starts, ends):
    """Ids of equal texts: (ids[n], first[m]) with ids[i] the number of buf[starts[i]:ends[i]]
    among the distinct texts in order of first appearance, first[j] the row of text j. Texts
    are compared byte for byte (a hash only places them)."""
    n = len(starts)
    size = 16
    while size < 2 * n:
        size *= 2
    mask = size - 1
    slot_hash = np.zeros(size, np.uint64)
    slot_id = np.full(size, -1, np.int64)
    ids = np.empty(n, np.int64)
    first = np.empty(n, np.int64)
    m = 0
    for i in range(n):
        s, e = starts[i], ends[i]
        h = _hash(buf, s, e)
        slot = np.int64(h & np.uint64(mask))
        while True:
            found = slot_id[slot]
            if found < 0:
                slot_id[slot] = m
                slot_hash[slot] = h
                first[m] = i
                ids[i] = m
                m += 1
                break
            if slot_hash[slot] == h:
                r = first[found]
                if _same(buf, s, e, starts[r], ends[r]):
                    ids[i] = found
                    break
            slot = (slot + 1) & mask
    return ids, first[:m]


def _int_list(buf, s, e, hi, decimals):
    """'.' or -?digits{1,hi}(.digits{1,hi})? (decimals) items separated by ','."""
    item = s
    for j in range(s, e + 1):
        if j < e and buf[j] != _COMMA:
            continue
        a, b = item, j
        item = j + 1
        if b - a == 1 and buf[a] == _DOT:
            continue
        if a < b and buf[a] == _MINUS:
            a += 1
        dot = _find_byte(buf, a, b, _DOT) if decimals else -1
        if dot < 0:
            if not _digits(buf, a, b, 1, hi):
                return False
        elif not (_digits(buf, a, dot, 1, hi) and _digits(buf, dot + 1, b, 1, hi)):
            return False
    return True


def _genotype(buf, s, e):
    item = s
    for j in range(s, e + 1):
        if j < e and buf[j] != _SLASH and buf[j] != _BAR:
            continue
        a, b = item, j
        item = j + 1
        if b - a == 1 and buf[a] == _DOT:
            continue
        if not _digits(buf, a, b, 1, 7):
            return False
    return True


def tumour(buf, spans, fmt_ids, forms, n_keys):
    """The tumour column of every row in the form its FORMAT's pattern accepts (forms[f, k]:
    the form of key k of FORMAT f, n_keys[f] its key count). Returns (ok, af[n, 2] spans,
    ad_ref[n], ad_alt[n], dp[n])."""
    n = len(fmt_ids)
    af = np.zeros((n, 2), np.int64)
    ar = np.zeros(n, np.int64)
    aa = np.zeros(n, np.int64)
    dp = np.zeros(n, np.int64)
    for row in range(n):
        f = fmt_ids[row]
        k_total = n_keys[f]
        s, e = spans[row, TUMOUR, 0], spans[row, TUMOUR, 1]
        k = 0
        part = s
        for j in range(s, e + 1):
            if j < e and buf[j] != _COLON:
                continue
            if k >= k_total:
                return False, af, ar, aa, dp
            a, b = part, j
            part = j + 1
            form = forms[f, k]
            k += 1
            if form == STRING:
                continue
            if form == INT_LIST:
                if not _int_list(buf, a, b, 9, False):
                    return False, af, ar, aa, dp
            elif form == FLOAT_LIST:
                if not _int_list(buf, a, b, 15, True):
                    return False, af, ar, aa, dp
            elif form == GT:
                if not _genotype(buf, a, b):
                    return False, af, ar, aa, dp
            elif form == AF:
                dot = _find_byte(buf, a, b, _DOT)
                if dot < 0:
                    if not _digits(buf, a, b, 1, 15):
                        return False, af, ar, aa, dp
                elif not (_digits(buf, a, dot, 1, 15) and _digits(buf, dot + 1, b, 1, 15)):
                    return False, af, ar, aa, dp
                af[row, 0] = a
                af[row, 1] = b
            elif form == AD:
                comma = _find_byte(buf, a, b, _COMMA)
                if comma < 0 or not (
                    _digits(buf, a, comma, 1, 9) and _digits(buf, comma + 1, b, 1, 9)
                ):
                    return False, af, ar, aa, dp
                ar[row] = _number(buf, a, comma)
                aa[row] = _number(buf, comma + 1, b)
            else:  # DP
                if not _digits(buf, a, b, 1, 9):
                    return False, af, ar, aa, dp
                dp[row] = _number(buf, a, b)
        if k != k_total:
            return False, af, ar, aa, dp
    return True, af, ar, aa, dp


def _put(out, at, src, s, e):
    for j in range(s, e):
        out[at] = src[j]
        at += 1
    return at


def _put_int(out, at, v):
    if v == 0:
        out[at] = 48
        return at + 1
    digits = 0
    w = v
    while w > 0:
        digits += 1
        w //= 10
    end = at + digits
    while v > 0:
        end -= 1
        out[end] = 48 + v % 10
        v //= 10
    return at + digits


def assemble(buf, spans, rows, pos, dp, aa, tables, offsets, ids, tmb):
    """The table rows of the chosen rows, in order. tables/offsets: the texts of every table
    (one byte array, offsets[t][j] .. offsets[t][j + 1] the text j of table t); ids[i, t]: the
    text of table t for row i. Tables: 0 chrom, 1 HGVSp, 2 tool, 3 VAF, 4 filter, 5 flags,
    6 reason (with the line end)."""
    size = 0
    for i in range(len(rows)):
        r = rows[i]
        for slot in (REF, ALT, SYM, HGVSC, CONS, FEAT):
            size += spans[r, slot, 1] - spans[r, slot, 0]
        for t in range(7):
            size += offsets[t, ids[i, t] + 1] - offsets[t, ids[i, t]]
        size += 19 * 3 + 1 + 9 + 17 + 1  # numbers, "FORMAT/AF", tabs, TMB
    out = np.empty(size, np.uint8)
    at = 0
    for i in range(len(rows)):
        r = rows[i]
        for step in range(18):
            if step == 0:
                at = _put(out, at, tables, offsets[0, ids[i, 0]], offsets[0, ids[i, 0] + 1])
            elif step == 1:
                at = _put_int(out, at, pos[r])
            elif step == 2:
                at = _put(out, at, buf, spans[r, REF, 0], spans[r, REF, 1])
            elif step == 3:
                at = _put(out, at, buf, spans[r, ALT, 0], spans[r, ALT, 1])
            elif step == 4:
                at = _put(out, at, buf, spans[r, SYM, 0], spans[r, SYM, 1])
            elif step == 5:
                at = _put(out, at, tables, offsets[1, ids[i, 1]], offsets[1, ids[i, 1] + 1])
            elif step == 6:
                at = _put(out, at, buf, spans[r, HGVSC, 0], spans[r, HGVSC, 1])
            elif step == 7:
                at = _put(out, at, buf, spans[r, CONS, 0], spans[r, CONS, 1])
            elif step == 8:
                at = _put(out, at, buf, spans[r, FEAT, 0], spans[r, FEAT, 1])
            elif step == 9:
                at = _put(out, at, tables, offsets[2, ids[i, 2]], offsets[2, ids[i, 2] + 1])
            elif step == 10:
                at = _put(out, at, tables, offsets[3, ids[i, 3]], offsets[3, ids[i, 3] + 1])
            elif step == 11:
                at = _put_int(out, at, dp[r])
            elif step == 12:
                at = _put_int(out, at, aa[r])
            elif step == 13:
                for ch in (70, 79, 82, 77, 65, 84, 47, 65, 70):  # FORMAT/AF
                    out[at] = ch
                    at += 1
            elif step == 14:
                at = _put(out, at, tables, offsets[4, ids[i, 4]], offsets[4, ids[i, 4] + 1])
            elif step == 15:
                at = _put(out, at, tables, offsets[5, ids[i, 5]], offsets[5, ids[i, 5] + 1])
            elif step == 16:
                out[at] = 49 if tmb[i] else 48
                at += 1
            else:
                at = _put(out, at, tables, offsets[6, ids[i, 6]], offsets[6, ids[i, 6] + 1])
                break
            out[at] = _TAB
            at += 1
    return out[:at]


# Compiled in this order by vcf_native.kernels (a helper before the functions calling it).
HELPERS = (
    "_is_base", "_digits", "_number", "_starts", "_find", "_find_byte", "_rest_ok", "_hash",
    "_same", "_int_list", "_genotype", "_put", "_put_int",
)  # fmt: skip
KERNELS = ("scan", "intern", "tumour", "assemble")
