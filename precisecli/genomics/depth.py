"""Depth, alt-read count and VAF of the tumour sample, per caller convention.

No tool reads these uniformly (research/genomics.md §2.3; vcf2maf's FixAlleleDepths is the model).
Each adapter says where the numbers came from (``vaf_source``); when nothing usable is present
the VAF is None and the source 'none', never a silent 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Depth:
    vaf: float | None
    depth: int | None
    alt_depth: int | None
    source: str


class BadValue(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _num(value) -> float | None:
    """A cyvcf2 array element → float, with htslib's missing/end-of-vector sentinels → None."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)):
        text = value.decode() if isinstance(value, bytes) else value
        if text in ("", "."):
            return None
        try:
            return float(text.rstrip("%"))
        except ValueError:
            return None
    number = float(value)
    if math.isnan(number) or number <= -2147483647:
        return None
    return number


def _values(rec, key: str) -> list[float | None] | None:
    """The tumour sample's values of a FORMAT key (the reader loads only that sample)."""
    try:
        arr = rec.format(key)
    except KeyError:
        return None
    if arr is None:
        return None
    if arr.dtype.kind in "USO":
        # String-typed keys (e.g. Strelka's undeclared TIR/TAR) come back 1-D, one string per
        # sample: '57,58'.
        text = arr.reshape(-1)[0] if arr.size else ""
        text = text.decode() if isinstance(text, bytes) else str(text)
        return [_num(p) for p in text.split(",")]
    return [_num(v) for v in arr[0]]


def _first(values: list[float | None] | None, index: int = 0) -> float | None:
    if not values or index >= len(values):
        return None
    return values[index]


def _int(value: float | None) -> int | None:
    return None if value is None else int(round(value))


_MUTECT2 = frozenset({"AF", "AD", "DP"})


def _mutect2(rec) -> Depth | None:
    """Fast path for the most common layout (Mutect2: AF Number=A, AD Number=R, DP; one ALT)."""
    af, ad, dp = rec.format("AF"), rec.format("AD"), rec.format("DP")
    if af is None or ad is None or dp is None or ad.dtype.kind != "i" or ad.shape[1] != 2:
        return None
    vaf, (ref_n, alt_n), depth = af.item(0), ad[0].tolist(), dp.item(0)
    if vaf != vaf or ref_n < 0 or alt_n < 0 or depth < 0:  # nan / missing sentinels
        return None
    if not 0.0 <= vaf <= 1.0:
        raise BadValue("AF", f"VAF {vaf:g} from FORMAT/AF is outside 0-1")
    return Depth(vaf=round(vaf, 6), depth=depth, alt_depth=alt_n, source="FORMAT/AF")


def tumour_depth(rec, keys: frozenset[str], alt_index: int, n_alts: int, ref: str, alt: str):
    """Return Depth for one ALT of a cyvcf2 Variant whose reader holds only the tumour sample."""
    if n_alts == 1 and keys >= _MUTECT2:
        fast = _mutect2(rec)
        if fast is not None:
            return fast
    vaf: float | None = None
    source = "none"
    ref_count: float | None = None
    alt_count: float | None = None
    depth = _first(_values(rec, "DP")) if "DP" in keys else None

    if "AD" in keys:
        ad = _values(rec, "AD") or []
        if len(ad) == n_alts + 1 and ad[0] is not None:
            ref_count, alt_count = ad[0], ad[alt_index + 1]
        elif len(ad) == n_alts:  # VarScan-style AD holds the ALT count only
            alt_count = ad[alt_index]
            if "RD" in keys:
                ref_count = _first(_values(rec, "RD"))
        elif len(ad) == n_alts + 1:  # AD=.,21 (vcf2maf test_b38.vcf): ref unknown
            alt_count = ad[alt_index + 1]

    if "AF" in keys:
        af = _values(rec, "AF") or []
        # RADIA's AF includes REF (Number=.), Mutect2's is per ALT (Number=A).
        vaf = af[alt_index + 1] if len(af) == n_alts + 1 else _first(af, alt_index)
        source = "FORMAT/AF" if vaf is not None else source
    if vaf is None and "FA" in keys:
        vaf = _first(_values(rec, "FA"), alt_index)
        source = "FORMAT/FA" if vaf is not None else source
    if vaf is None and "FREQ" in keys:
        freq = _first(_values(rec, "FREQ"))
        if freq is not None:
            vaf, source = freq / 100.0, "FORMAT/FREQ"
    if vaf is None and alt_count is not None and ref_count is not None:
        total = alt_count + ref_count
        if total > 0:
            vaf, source = alt_count / total, "FORMAT/AD"
    if vaf is None and len(ref) == 1 and len(alt) == 1 and f"{alt.upper()}U" in keys:
        # Strelka SNV: tier-1 counts of each base (first value of {BASE}U).
        a = _first(_values(rec, f"{alt.upper()}U"))
        r = _first(_values(rec, f"{ref.upper()}U"))
        if a is not None and r is not None and a + r > 0:
            vaf, source, alt_count, ref_count = a / (a + r), "Strelka {ALT}U/{REF}U tier1", a, r
    if vaf is None and "TIR" in keys and "TAR" in keys:
        a, r = _first(_values(rec, "TIR")), _first(_values(rec, "TAR"))
        if a is not None and r is not None and a + r > 0:
            vaf, source, alt_count, ref_count = a / (a + r), "Strelka TIR/TAR tier1", a, r
    if vaf is None and alt_count is not None and depth:
        vaf, source = alt_count / depth, "FORMAT/AD(alt)/DP"
    if vaf is None and "DP4" in keys:
        dp4 = _values(rec, "DP4") or []
        if len(dp4) == 4 and None not in dp4 and sum(dp4) > 0:
            alt_count = dp4[2] + dp4[3]
            ref_count = dp4[0] + dp4[1]
            vaf, source = alt_count / (alt_count + ref_count), "FORMAT/DP4"
    if vaf is None:
        tvaf = rec.INFO.get("TVAF")
        if tvaf is not None:
            vaf = float(tvaf[alt_index] if isinstance(tvaf, tuple) else tvaf)
            source = "INFO/TVAF"
            tdp = rec.INFO.get("TDP")
            if depth is None and tdp is not None:
                depth = float(tdp[0] if isinstance(tdp, tuple) else tdp)
    if alt_count is None and "ADT" in keys:  # PCGR example: ADT=ref,alt as a String
        adt = _values(rec, "ADT") or []
        if len(adt) == n_alts + 1:
            alt_count = adt[alt_index + 1]
            ref_count = adt[0]
            if vaf is None and alt_count is not None and ref_count and alt_count + ref_count > 0:
                vaf, source = alt_count / (alt_count + ref_count), "FORMAT/ADT"
    if depth is None and "DPT" in keys:
        depth = _first(_values(rec, "DPT"))
    if depth is None and ref_count is not None and alt_count is not None:
        depth = ref_count + alt_count
    if vaf is not None and not (0.0 <= vaf <= 1.0):
        raise BadValue(source.split(" ")[0], f"VAF {vaf:g} from {source} is outside 0-1")
    return Depth(
        vaf=None if vaf is None else round(vaf, 6),
        depth=_int(depth),
        alt_depth=_int(alt_count),
        source=source,
    )
