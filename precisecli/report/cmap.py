"""The code points a TrueType font maps to a glyph, read straight from its `cmap` table.

fontTools builds a glyph name for every one of the ~50 000 entries of the CJK fallback font
before it answers ``getBestCmap()`` (about 0.5 s per report); the glyph check only needs to
know *which* code points are covered, which the cmap's format-12 groups or format-4 segments
say directly (OpenType spec, "cmap — Character to Glyph Index Mapping Table").
"""

from __future__ import annotations

import struct
from pathlib import Path


def _table(data: bytes, tag: bytes) -> bytes:
    (num,) = struct.unpack_from(">H", data, 4)
    for i in range(num):
        t, _sum, off, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if t == tag:
            return data[off : off + length]
    raise ValueError(f"no {tag.decode()} table")


def _format12(sub: bytes) -> dict[int, int]:
    (n,) = struct.unpack_from(">I", sub, 12)
    out: dict[int, int] = {}
    for i in range(n):
        start, end, gid = struct.unpack_from(">III", sub, 16 + 12 * i)
        out.update((cp, gid + k) for k, cp in enumerate(range(start, end + 1)) if gid + k)
    return out


def _format4(sub: bytes) -> dict[int, int]:
    (segx2,) = struct.unpack_from(">H", sub, 6)
    seg = segx2 // 2
    ends = struct.unpack_from(f">{seg}H", sub, 14)
    starts = struct.unpack_from(f">{seg}H", sub, 16 + segx2)
    deltas = struct.unpack_from(f">{seg}h", sub, 16 + 2 * segx2)
    ro_at = 16 + 3 * segx2
    offsets = struct.unpack_from(f">{seg}H", sub, ro_at)
    out: dict[int, int] = {}
    for i in range(seg):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if offsets[i] == 0:
                gid = (cp + deltas[i]) & 0xFFFF
            else:
                at = ro_at + 2 * i + offsets[i] + 2 * (cp - starts[i])
                (gid,) = struct.unpack_from(">H", sub, at)
                gid = (gid + deltas[i]) & 0xFFFF if gid else 0
            if gid:
                out[cp] = gid
    return out


def code_points(path: Path) -> set[int]:
    """Every code point the font's Unicode cmap maps to a glyph other than .notdef."""
    data = path.read_bytes()
    sub = _unicode_subtable(data, path.name)
    if struct.unpack_from(">H", sub, 0)[0] != 12:
        return set(_format4(sub))
    # format 12 without building the code point -> glyph map: a group maps start..end to
    # gid..gid+n, so only its first code point can be .notdef (glyph 0)
    (n,) = struct.unpack_from(">I", sub, 12)
    out: set[int] = set()
    for start, end, gid in struct.iter_unpack(">III", sub[16 : 16 + 12 * n]):
        out.update(range(start + (gid == 0), end + 1))
    return out


def advances(path: Path) -> tuple[dict[int, int], int]:
    """Code point -> advance width (font units), and the font's units per em."""
    data = path.read_bytes()
    gids = glyph_ids(data, path.name)
    (upm,) = struct.unpack_from(">H", _table(data, b"head"), 18)
    (n_metrics,) = struct.unpack_from(">H", _table(data, b"hhea"), 34)
    hmtx = _table(data, b"hmtx")
    widths = struct.unpack_from(f">{2 * n_metrics}H", hmtx, 0)[0::2]
    return {cp: widths[min(g, n_metrics - 1)] for cp, g in gids.items()}, upm


def glyph_ids(data: bytes, name: str) -> dict[int, int]:
    """Code point -> glyph id from the font's Unicode cmap (format 12, else format 4)."""
    sub = _unicode_subtable(data, name)
    return _format12(sub) if struct.unpack_from(">H", sub, 0)[0] == 12 else _format4(sub)


def _unicode_subtable(data: bytes, name: str) -> bytes:
    """The Unicode cmap subtable: format 12 if there is one, else format 4."""
    cmap = _table(data, b"cmap")
    (num,) = struct.unpack_from(">H", cmap, 2)
    subs = {}
    for i in range(num):
        pid, eid, off = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        subs[(pid, eid)] = cmap[off:]
    for key in ((3, 10), (0, 4), (0, 6)):
        if key in subs and struct.unpack_from(">H", subs[key], 0)[0] == 12:
            return subs[key]
    for key in ((3, 1), (0, 3), (0, 1), (0, 0)):
        if key in subs and struct.unpack_from(">H", subs[key], 0)[0] == 4:
            return subs[key]
    raise ValueError(f"{name}: no Unicode cmap of format 4 or 12")
