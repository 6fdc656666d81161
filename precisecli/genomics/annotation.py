"""Consequence annotations already in a file: VEP ``CSQ`` and SnpEff ``ANN``.

Field order is read from the header Description (it changes with VEP options and plugins). One
entry per ALT is picked: VEP's PICK flag, then MANE Select, then the canonical transcript, then
the most severe consequence on a protein-coding transcript (PCGR's order, minus the fields this
tool cannot rank offline). SnpEff sorts its entries by impact, so its first entry for the allele
is taken. SnpEff field names are mapped to VEP's, as vcf2maf does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# vcf2maf's SnpEff → VEP rename map (mskcc/vcf2maf vcf2maf.pl).
SNPEFF_TO_VEP = {
    "Annotation": "Consequence",
    "Annotation_Impact": "IMPACT",
    "Gene_Name": "SYMBOL",
    "Gene_ID": "Gene",
    "Feature_Type": "Feature_type",
    "Feature_ID": "Feature",
    "Transcript_BioType": "BIOTYPE",
    "HGVS.c": "HGVSc",
    "HGVS.p": "HGVSp",
    "AA.pos / AA.length": "Protein_position",
    "AA.pos/AA.length": "Protein_position",
}

# Sequence Ontology terms, most severe first (Ensembl's consequence ranking, coding part).
SEVERITY = [
    "transcript_ablation",
    "splice_acceptor_variant",
    "splice_donor_variant",
    "stop_gained",
    "frameshift_variant",
    "stop_lost",
    "start_lost",
    "transcript_amplification",
    "inframe_insertion",
    "inframe_deletion",
    "missense_variant",
    "protein_altering_variant",
    "splice_region_variant",
    "incomplete_terminal_codon_variant",
    "start_retained_variant",
    "stop_retained_variant",
    "synonymous_variant",
    "coding_sequence_variant",
    "mature_miRNA_variant",
    "5_prime_UTR_variant",
    "3_prime_UTR_variant",
    "non_coding_transcript_exon_variant",
    "intron_variant",
    "NMD_transcript_variant",
    "non_coding_transcript_variant",
    "upstream_gene_variant",
    "downstream_gene_variant",
    "intergenic_variant",
]
_RANK = {term: i for i, term in enumerate(SEVERITY)}

# PCGR's TMB numerator "coding_non_silent" (sigven/pcgr pcgr/pcgr_vars.py), matched at the start.
CODING_NON_SILENT = re.compile(
    r"(stop_(lost|gained)|start_lost|frameshift_|missense_|splice_(donor|acceptor)|"
    r"protein_altering|inframe_)"
)
TRUNCATING = frozenset(
    {"stop_gained", "frameshift_variant", "splice_donor_variant", "splice_acceptor_variant"}
)

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*",
    "Sec": "U", "Pyl": "O", "Xaa": "X",
}  # fmt: skip
_THREE_RE = re.compile("|".join(THREE_TO_ONE))
_SIMPLE_RE = re.compile(r"^p\.([A-Z][a-z]{2})(\d+)([A-Z][a-z]{2})$")


@dataclass(frozen=True)
class Annotation:
    gene: str | None
    hgvsp: str | None  # one-letter short form, "p.H1047R"
    hgvsc: str | None
    consequence: str | None  # SO terms joined by '&'
    transcript: str | None
    source: str  # "VEP", "SnpEff", "hotspot-table", "gene-table", "MAF", "none"


def parse_format(description: str) -> list[str]:
    """Field names from a CSQ/ANN header Description."""
    text = description.strip().strip('"')
    if "Format:" in text:
        spec = text.split("Format:", 1)[1]
    elif ":" in text:
        spec = text.split(":", 1)[1]
    else:
        spec = text
    fields = [f.strip().strip("'\"").strip() for f in spec.split("|")]
    return [SNPEFF_TO_VEP.get(f, f) for f in fields]


def short_hgvsp(hgvsp: str | None) -> str | None:
    """'ENSP0001.1:p.His1047Arg' → 'p.H1047R'; 'p.Arg175%3D' → 'p.R175='."""
    if not hgvsp:
        return None
    text = hgvsp.split(":", 1)[1] if ":" in hgvsp else hgvsp
    m = _SIMPLE_RE.match(text)
    if m:  # p.His1047Arg — most changes; skip the general substitution
        ref, pos, alt = m.groups()
        if ref in THREE_TO_ONE and alt in THREE_TO_ONE:
            return f"p.{THREE_TO_ONE[ref]}{pos}{THREE_TO_ONE[alt]}"
    text = text.replace("%3D", "=").replace("(", "").replace(")", "")
    if not text.startswith("p."):
        return None
    return _THREE_RE.sub(lambda m: THREE_TO_ONE[m.group(0)], text)


def hgvsp_from_positions(protein_position: str, amino_acids: str) -> str | None:
    """Build p.R175H from VEP's Protein_position=175 and Amino_acids=R/H (when HGVSp is absent)."""
    if not protein_position or not amino_acids or "-" in protein_position:
        return None
    pos = protein_position.split("/")[0].strip()
    if not pos.isdigit():
        return None
    ref, _, alt = amino_acids.partition("/")
    if len(ref) != 1:
        return None
    if not alt:
        return f"p.{ref}{pos}="
    if len(alt) != 1:
        return None
    return f"p.{ref}{pos}{alt}"


def vep_allele(ref: str, alt: str, all_alts: list[str]) -> str:
    """The allele string VEP writes: the shared first base is trimmed (from every allele) when all
    alleles start with it and any allele length differs; an empty allele is '-'."""
    alleles = [ref, *all_alts]
    if any(len(a) != len(ref) for a in alleles) and len({a[0] for a in alleles}) == 1:
        return alt[1:] or "-"
    return alt


def most_severe(consequence: str) -> int:
    return min((_RANK.get(t, len(SEVERITY)) for t in consequence.split("&")), default=99)


class Annotator:
    """Picks one annotation per ALT from a CSQ or ANN value, given the header field order."""

    def __init__(self, key: str, fields: list[str], tool: str):
        self.key = key
        self.fields = fields
        self.tool = tool
        self.index = {f: i for i, f in enumerate(fields)}
        wanted = ("SYMBOL", "Consequence", "HGVSp", "HGVSc", "Feature")
        self._fast = (
            tuple(self.index[f] for f in wanted) if all(f in self.index for f in wanted) else None
        )

    def simple_fields(self) -> tuple[int, int, int, int, int, int] | None:
        """(field count, SYMBOL, Consequence, HGVSp, HGVSc, Feature positions) when a value with
        one entry for a one-ALT record can be read by position (as ``pick`` does), else None."""
        if self._fast is None or "ALLELE_NUM" in self.index:
            return None
        return (len(self.fields), *self._fast)

    def _get(self, parts: list[str], name: str) -> str:
        i = self.index.get(name)
        return parts[i] if i is not None and i < len(parts) else ""

    def pick(self, value: str, ref: str, alt: str, alt_index: int, all_alts: list[str]):
        if "," not in value and len(all_alts) == 1 and "ALLELE_NUM" not in self.index:
            return self._build(value.split("|"))  # one entry, one ALT: the common case
        entries = [e.split("|") for e in value.split(",")]
        if len(all_alts) > 1 or "ALLELE_NUM" in self.index:
            wanted_num = str(alt_index + 1)
            if "ALLELE_NUM" in self.index:
                entries = [e for e in entries if self._get(e, "ALLELE_NUM") == wanted_num]
            else:
                allele = alt if self.tool == "SnpEff" else vep_allele(ref, alt, all_alts)
                entries = [e for e in entries if self._get(e, "Allele").split("-")[0] == allele]
        if not entries:
            return None
        if self.tool == "SnpEff":
            chosen = entries[0]
        else:
            chosen = min(entries, key=self._rank_key)
        return self._build(chosen)

    def _build(self, chosen: list[str]) -> Annotation:
        if self._fast and len(chosen) == len(self.fields):
            sym, cons, hgvsp_raw, hgvsc, feature = (chosen[i] for i in self._fast)
            hgvsp = short_hgvsp(hgvsp_raw) if hgvsp_raw else None
            if hgvsp is not None or not cons or CODING_NON_SILENT.match(cons) is None:
                return Annotation(
                    sym or None,
                    hgvsp,
                    (hgvsc.split(":", 1)[1] if ":" in hgvsc else hgvsc) or None,
                    cons or None,
                    feature or None,
                    self.tool,
                )
        from precisecli.genomics.protein import resolve  # shared with the MAF reader

        consequence = self._get(chosen, "Consequence") or None
        hgvsp = short_hgvsp(self._get(chosen, "HGVSp"))
        if hgvsp is None and consequence and CODING_NON_SILENT.match(consequence) is not None:
            hgvsp = resolve(
                (), self._get(chosen, "Protein_position"), self._get(chosen, "Amino_acids")
            )[0]
        hgvsc = self._get(chosen, "HGVSc")
        return Annotation(
            gene=self._get(chosen, "SYMBOL") or None,
            hgvsp=hgvsp,
            hgvsc=(hgvsc.split(":", 1)[1] if ":" in hgvsc else hgvsc) or None,
            consequence=consequence,
            transcript=self._get(chosen, "Feature") or None,
            source=self.tool,
        )

    def _rank_key(self, parts: list[str]) -> tuple:
        return (
            self._get(parts, "PICK") != "1",
            not self._get(parts, "MANE_SELECT"),
            self._get(parts, "CANONICAL") != "YES",
            self._get(parts, "BIOTYPE") != "protein_coding",
            most_severe(self._get(parts, "Consequence")),
        )


@cache
def is_coding_non_silent(consequence: str | None) -> bool:
    if not consequence:
        return False
    return any(CODING_NON_SILENT.match(term) for term in consequence.split("&"))


@cache
def is_truncating(consequence: str | None) -> bool:
    return bool(consequence) and any(t in TRUNCATING for t in consequence.split("&"))


_CODON_RE = re.compile(r"^p\.([A-Z*])(\d+)")


def protein_codon(hgvsp: str | None) -> int | None:
    if not hgvsp:
        return None
    m = _CODON_RE.match(hgvsp)
    return int(m.group(2)) if m else None
