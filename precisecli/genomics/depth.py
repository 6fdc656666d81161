"""Depth, alt-read count and VAF of the tumour sample, per caller convention.

Read counts follow vcf2maf's ``FixAlleleDepths`` (mskcc/vcf2maf vcf2maf.pl), the de-facto
reference for turning caller FORMAT fields into t_depth / t_ref_count / t_alt_count: the first
of AD (with VarScan's RD), BCOUNT (SomaticSniper), AU/CU/GU/TU tier 1 (Strelka SNVs), TAR/TIR
tier 1 (Strelka indels), FAZ…RTZ (CaVEMan), RO/AO (FreeBayes, Ion Torrent), RR/RV, DP4,
PP/NP/PR/NR (cgpPindel), FA×DP (MuTect), DV (bcftools) that the record has gives one count per
allele; the total depth is FORMAT/DP, replaced by the sum of all allele counts when DP is
missing or smaller than the counts. The VAF is the caller's own per-ALT fraction when it gives
one per ALT (FORMAT/AF), else ``alt count / total depth`` — the total over all alleles, so
the second ALT of AD 0,12,8 (DP 20) is 8/20 = 0.40, as in vcf2maf's MAF. With a total depth of
0 there is no VAF. VarScan's FREQ and MuTect's FA count only the caller's quality-filtered
reads and disagree with the counts, so (as in vcf2maf) they are used only when a record has no
counts; INFO/TVAF (PCGR) likewise. Each row says where its numbers came from (``vaf_source``);
when nothing usable is present the VAF is None and the source 'none', never a silent 0.
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
_BASES = {"A": 0, "C": 1, "G": 2, "T": 3}
_CAVEMAN = ("FAZ", "FCZ", "FGZ", "FTZ", "RAZ", "RCZ", "RGZ", "RTZ")


def _mutect2(rec) -> Depth | None:
    """Shortcut for the most common layout (Mutect2: AF Number=A, AD Number=R, DP; one ALT)."""
    af, ad, dp = rec.format("AF"), rec.format("AD"), rec.format("DP")
    if (
        af is None
        or ad is None
        or dp is None
        or ad.dtype.kind != "i"
        or ad.shape[1] != 2
        or af.shape[1] != 1  # RADIA writes AF for REF and ALT
    ):
        return None
    vaf, (ref_n, alt_n), depth = af.item(0), ad[0].tolist(), dp.item(0)
    if vaf != vaf or ref_n < 0 or alt_n < 0 or depth <= 0 or ref_n + alt_n > depth:
        return None  # nan / missing sentinels / no depth / DP below the counts: general rules
    if not 0.0 <= vaf <= 1.0:
        raise BadValue("AF", f"VAF {vaf:g} from FORMAT/AF is outside 0-1")
    return Depth(vaf=round(vaf, 6), depth=depth, alt_depth=alt_n, source="FORMAT/AF")


def allele_counts(rec, keys: frozenset[str], alt_index: int, alleles: list[str]):
    """(count per allele — REF first — or None when no field gives counts, total depth, the
    field the counts came from), by vcf2maf's FixAlleleDepths for the allele ``alt_index``."""
    n = len(alleles)
    var = alt_index + 1
    dp = _first(_values(rec, "DP")) if "DP" in keys else None
    depths: list[float | None] | None = None
    source = "none"
    if "AD" in keys:
        ad = _values(rec, "AD") or []
        if all(v is None for v in ad):
            ad = []  # AD '.': vcf2maf then uses no other field
        if ad:
            source = "FORMAT/AD"
            if len(ad) == 1 and "RD" in keys:  # VarScan: AD holds the ALT count, RD the REF's
                depths = [None] * n
                depths[0], depths[var] = _first(_values(rec, "RD")), ad[0]
                source = "FORMAT/AD+RD"
            elif len(ad) == 1:  # one value: the variant allele's (vcf2maf; VarScan's AD)
                depths = [None] * n
                depths[var] = ad[0]
            elif len(ad) != n:
                depths = [None] * n
            else:
                depths = list(ad)
    elif "BCOUNT" in keys:  # SomaticSniper: A,C,G,T counts
        bc = _values(rec, "BCOUNT") or []
        depths = [
            bc[_BASES[a.upper()]] if a.upper() in _BASES and len(bc) == 4 else None for a in alleles
        ]
        source = "FORMAT/BCOUNT"
    elif all(f"{b}U" in keys for b in "ACGT"):  # Strelka SNVs: tier-1 count per base
        tier1 = {b: _first(_values(rec, f"{b}U")) for b in "ACGT"}
        depths = [tier1.get(a.upper()) for a in alleles]
        source = "Strelka {BASE}U tier1"
    elif "TIR" in keys and "TAR" in keys:  # Strelka indels
        depths = [None] * n
        depths[0], depths[var] = _first(_values(rec, "TAR")), _first(_values(rec, "TIR"))
        source = "Strelka TAR/TIR tier1"
    elif all(k in keys for k in _CAVEMAN):  # CaVEMan: forward + reverse count per base
        per = {}
        for b in "ACGT":
            f, r = _first(_values(rec, f"F{b}Z")), _first(_values(rec, f"R{b}Z"))
            per[b] = None if f is None or r is None else f + r
        depths = [per.get(a.upper()) for a in alleles]
        source = "CaVEMan F?Z+R?Z"
    elif "AO" in keys and "RO" in keys:  # FreeBayes, Ion Torrent
        depths = [_first(_values(rec, "RO")), *(_values(rec, "AO") or [])]
        source = "FORMAT/RO,AO"
    elif "RR" in keys and "RV" in keys:
        depths = [None] * n
        depths[0], depths[var] = _first(_values(rec, "RR")), _first(_values(rec, "RV"))
        source = "FORMAT/RR,RV"
    elif "DP4" in keys and len(_values(rec, "DP4") or []) == 4:
        dp4 = _values(rec, "DP4") or []
        depths = [None] * n
        if None not in dp4:
            depths[0], depths[var] = dp4[0] + dp4[1], dp4[2] + dp4[3]
        source = "FORMAT/DP4"
    elif all(k in keys for k in ("PP", "NP", "PR", "NR")):  # cgpPindel
        pp, np_, pr, nr = (_first(_values(rec, k)) for k in ("PP", "NP", "PR", "NR"))
        depths = [None] * n
        depths[var] = None if pp is None or np_ is None else pp + np_
        dp = None if pr is None or nr is None else pr + nr
        source = "FORMAT/PP+NP"
    elif "FA" in keys and dp is not None:  # MuTect: ALT fraction × depth
        fa = _first(_values(rec, "FA"), alt_index)
        depths = [None] * n
        depths[var] = None if fa is None else float(round(fa * dp))
        source = "FORMAT/FA*DP"
    elif "DV" in keys and "DP" in keys:  # bcftools mpileup
        depths = [None] * n
        depths[var] = _first(_values(rec, "DV"))
        source = "FORMAT/DV"
    if dp is not None and dp < 0:
        raise BadValue("DP", f"read depth {dp:g} is negative")
    if depths is not None:
        depths = (depths + [None] * n)[:n]
        if any(v is not None and v < 0 for v in depths):
            field = source.removeprefix("FORMAT/").split("+")[0].split(",")[0].split(" ")[0]
            raise BadValue(field, f"a read count from {source} is negative")
        total = sum(v for v in depths if v)
        ref_n, alt_n = depths[0], depths[var]
        if dp is not None and (
            (ref_n and ref_n > dp)
            or (alt_n and alt_n > dp)
            or (ref_n and alt_n and ref_n + alt_n > dp)
        ):
            dp = total  # DP below the allele counts: vcf2maf takes the sum
        if dp is None:
            dp = total
    return depths, dp, source


def _caller_af(rec, keys, alt_index: int, n_alts: int) -> float | None:
    """The caller's own per-ALT allele fraction (FORMAT/AF: Mutect2, VarDict, RADIA...)."""
    if "AF" not in keys:
        return None
    af = _values(rec, "AF") or []
    # RADIA's AF includes REF (Number=.), Mutect2's is per ALT (Number=A).
    return af[alt_index + 1] if len(af) == n_alts + 1 else _first(af, alt_index)


def _fallback_fraction(rec, keys, alt_index: int, n_alts: int) -> tuple[float | None, str]:
    """A fraction for a record without allele counts: VarScan FREQ, PCGR's INFO/TVAF."""
    if "FREQ" in keys and n_alts == 1:
        freq = _first(_values(rec, "FREQ"))
        if freq is not None:
            return freq / 100.0, "FORMAT/FREQ"
    tvaf = rec.INFO.get("TVAF")
    if tvaf is not None:
        value = tvaf[alt_index] if isinstance(tvaf, tuple) else tvaf
        return float(value), "INFO/TVAF"
    return None, "none"


def tumour_depth(rec, keys: frozenset[str], alt_index: int, n_alts: int, ref: str, alt: str):
    """Return Depth for one ALT of a cyvcf2 Variant whose reader holds only the tumour sample."""
    if n_alts == 1 and keys >= _MUTECT2:
        fast = _mutect2(rec)
        if fast is not None:
            return fast
    alleles = [ref, *rec.ALT] if n_alts > 1 else [ref, alt]
    depths, depth, count_source = allele_counts(rec, keys, alt_index, alleles)
    alt_count = depths[alt_index + 1] if depths is not None else None
    if depths is None and "ADT" in keys:  # PCGR example: ADT=ref,alt as a String, DPT
        adt = _values(rec, "ADT") or []
        if len(adt) == n_alts + 1:
            alt_count, count_source = adt[alt_index + 1], "FORMAT/ADT"
            depth = _first(_values(rec, "DPT")) if "DPT" in keys else None
            if depth is None and None not in adt:
                depth = sum(adt)  # type: ignore[arg-type]
    if depth is None and "DPT" in keys:
        depth = _first(_values(rec, "DPT"))
    if depth is None and rec.INFO.get("TDP") is not None:
        tdp = rec.INFO.get("TDP")
        depth = float(tdp[0] if isinstance(tdp, tuple) else tdp)
    vaf = _caller_af(rec, keys, alt_index, n_alts)
    source = "FORMAT/AF" if vaf is not None else "none"
    if vaf is None and alt_count is not None and depth:
        vaf, source = alt_count / depth, count_source
    if vaf is None:
        vaf, source = _fallback_fraction(rec, keys, alt_index, n_alts)
    if depth is not None and depth <= 0:
        vaf, source = None, "none"  # no reads: no fraction, whatever the caller wrote
    if vaf is not None and not (0.0 <= vaf <= 1.0):
        raise BadValue(source.split(" ")[0], f"VAF {vaf:g} from {source} is outside 0-1")
    return Depth(
        vaf=None if vaf is None else round(vaf, 6),
        depth=_int(depth),
        alt_depth=_int(alt_count),
        source=source,
    )
