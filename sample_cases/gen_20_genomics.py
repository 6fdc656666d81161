"""Genomics of the synthetic demo patient: VEP-annotated GRCh38 VCFs of two metastatic biopsies
(liver, axillary lymph node; 2024-02-20) and two plasma ctDNA draws (2024-02-20, 2024-04-02),
CNVkit called segments for the liver biopsy and a gene-level copy-number table for the node.

The story: PIK3CA H1047R and a TP53 truncating mutation are truncal (both foci, both draws);
ERBB2 is amplified (CN ~12) in both foci, CCND1 only in the liver; ESR1 D538G appears only in the
second draw (emerging endocrine resistance); DNMT3A R882H in plasma is clonal haematopoiesis.
Passenger variants (~200 per biopsy, mostly shared) keep TMB low. Nothing here is a real person.
Coordinates of the drivers are real GRCh38 positions; passengers are placed at random.
"""

from __future__ import annotations

import random
from pathlib import Path

GRCH38 = {
    "chr1": 248956422, "chr2": 242193529, "chr3": 198295559, "chr4": 190214555,
    "chr5": 181538259, "chr6": 170805979, "chr7": 159345973, "chr8": 145138636,
    "chr9": 138394717, "chr10": 133797422, "chr11": 135086622, "chr12": 133275309,
    "chr13": 114364328, "chr14": 107043718, "chr15": 101991189, "chr16": 90338345,
    "chr17": 83257441, "chr18": 80373285, "chr19": 58617616, "chr20": 64444167,
    "chr21": 46709983, "chr22": 50818468, "chrX": 156040895,
}  # fmt: skip
CSQ_FIELDS = (
    "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|HGVSc|HGVSp|"
    "Protein_position|Amino_acids|CANONICAL|MANE_SELECT"
)
# Drivers: chrom, pos, ref, alt, symbol, transcript, consequence, impact, HGVSc, HGVSp, codon, aa
DRIVERS = {
    "PIK3CA": ("chr3", 179234297, "A", "G", "ENST00000263967.4", "missense_variant", "MODERATE",
               "c.3140A>G", "p.His1047Arg", "1047", "H/R"),
    "TP53": ("chr17", 7674945, "G", "A", "ENST00000269305.9", "stop_gained", "HIGH",
             "c.586C>T", "p.Arg196Ter", "196", "R/*"),
    "ESR1": ("chr6", 152098791, "A", "G", "ENST00000206249.8", "missense_variant", "MODERATE",
             "c.1613A>G", "p.Asp538Gly", "538", "D/G"),
    "DNMT3A": ("chr2", 25234373, "C", "T", "ENST00000321117.10", "missense_variant", "MODERATE",
               "c.2645G>A", "p.Arg882His", "882", "R/H"),
}  # fmt: skip
# VAF per sample: liver, axilla, ctDNA draw 1, ctDNA draw 2 (None = not present)
DRIVER_VAF = {
    "PIK3CA": (0.38, 0.31, 0.042, 0.085),
    "TP53": (0.62, 0.55, 0.061, 0.110),
    "ESR1": (None, None, None, 0.018),
    "DNMT3A": (None, None, 0.012, 0.013),
}
PASSENGER_GENES = [
    "TTN", "MUC16", "OBSCN", "SYNE1", "RYR2", "CSMD3", "LRP1B", "USH2A", "FAT4", "DNAH5",
    "HMCN1", "PCLO", "AHNAK2", "FLG", "MUC4", "DST", "NEB", "APOB", "XIRP2", "ZFHX4",
]  # fmt: skip
PASSENGER_CONSEQUENCES = [
    ("intron_variant", "MODIFIER", 40),
    ("synonymous_variant", "LOW", 15),
    ("missense_variant", "MODERATE", 25),
    ("3_prime_UTR_variant", "MODIFIER", 8),
    ("downstream_gene_variant", "MODIFIER", 7),
    ("splice_region_variant&intron_variant", "LOW", 3),
    ("inframe_deletion", "MODERATE", 2),
]
AA = "ACDEFGHIKLMNPQRSTVWY"
BASES = "ACGT"


def _passenger(rng: random.Random, index: int) -> dict:
    chrom = rng.choice(sorted(GRCH38))
    pos = rng.randint(1_000_000, GRCH38[chrom] - 1_000_000)
    consequence, impact = rng.choices(
        [(c, i) for c, i, _ in PASSENGER_CONSEQUENCES],
        weights=[w for _, _, w in PASSENGER_CONSEQUENCES],
    )[0]
    ref = rng.choice(BASES)
    if consequence == "inframe_deletion":
        ref = ref + "".join(rng.choice(BASES) for _ in range(3))
        alt = ref[0]
    else:
        alt = rng.choice([b for b in BASES if b != ref])
    gene = rng.choice(PASSENGER_GENES)
    codon = rng.randint(20, 3000)
    a1, a2 = rng.choice(AA), rng.choice(AA)
    hgvsp, protein, amino = "", "", ""
    if consequence == "missense_variant":
        while a2 == a1:
            a2 = rng.choice(AA)
        hgvsp = f"p.{_three(a1)}{codon}{_three(a2)}"
        protein, amino = str(codon), f"{a1}/{a2}"
    elif consequence == "synonymous_variant":
        hgvsp = f"p.{_three(a1)}{codon}="
        protein, amino = str(codon), a1
    elif consequence == "inframe_deletion":
        hgvsp = f"p.{_three(a1)}{codon}del"
        protein, amino = str(codon), f"{a1}/-"
    return {
        "chrom": chrom, "pos": pos, "ref": ref, "alt": alt, "gene": gene,
        "transcript": f"ENST{rng.randint(10**10, 10**11 - 1):011d}.1",
        "consequence": consequence, "impact": impact,
        "hgvsc": f"c.{codon * 3 - 1}{ref[0]}>{alt[0]}" if len(ref) == 1 else f"c.{codon * 3}_del",
        "hgvsp": hgvsp, "protein": protein, "amino": amino, "id": index,
    }  # fmt: skip


_THREE = {
    "A": "Ala", "C": "Cys", "D": "Asp", "E": "Glu", "F": "Phe", "G": "Gly", "H": "His",
    "I": "Ile", "K": "Lys", "L": "Leu", "M": "Met", "N": "Asn", "P": "Pro", "Q": "Gln",
    "R": "Arg", "S": "Ser", "T": "Thr", "V": "Val", "W": "Trp", "Y": "Tyr",
}  # fmt: skip


def _three(aa: str) -> str:
    return _THREE[aa]


def _csq(v: dict) -> str:
    ensp = v["transcript"].replace("ENST", "ENSP")
    allele = v["alt"] if len(v["ref"]) == len(v["alt"]) else (v["alt"][1:] or "-")
    hgvsp = f"{ensp}:{v['hgvsp']}" if v["hgvsp"] else ""
    return "|".join([
        allele, v["consequence"], v["impact"], v["gene"], "", "Transcript", v["transcript"],
        "protein_coding", "",
        f"{v['transcript']}:{v['hgvsc']}", hgvsp, v["protein"], v["amino"], "YES",
        "NM_000000.0" if v["gene"] in DRIVERS else "",
    ])  # fmt: skip


def _driver(gene: str) -> dict:
    chrom, pos, ref, alt, tx, cons, impact, hgvsc, hgvsp, codon, amino = DRIVERS[gene]
    return {
        "chrom": chrom, "pos": pos, "ref": ref, "alt": alt, "gene": gene, "transcript": tx,
        "consequence": cons, "impact": impact, "hgvsc": hgvsc, "hgvsp": hgvsp,
        "protein": codon, "amino": amino,
    }  # fmt: skip


def _vcf(path: Path, sample: str, calls: list[tuple[dict, float, int]], paired: bool) -> Path:
    lines = [
        "##fileformat=VCFv4.2",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt '
        'alleles in the order listed">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles '
        'in the tumor">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
        f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
        f'VEP. Format: {CSQ_FIELDS}">',
        '##VEP="v110" assembly="GRCh38.p14"',
        "##reference=file:///ref/GRCh38/Homo_sapiens_assembly38.fasta",
        "##source=Mutect2 (synthetic demo data)",
        f"##tumor_sample={sample}",
    ]
    if paired:
        lines.append("##normal_sample=NORMAL")
    lines += [f"##contig=<ID={c},length={n}>" for c, n in GRCH38.items()]
    columns = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", sample]
    if paired:
        columns.append("NORMAL")
    lines.append("\t".join(columns))
    order = {c: i for i, c in enumerate(GRCH38)}
    for v, vaf, depth in sorted(calls, key=lambda c: (order[c[0]["chrom"]], c[0]["pos"])):
        alt_reads = max(1, round(vaf * depth))
        filt = "PASS" if alt_reads >= 3 or not paired else "weak_evidence"
        tumour = f"0/1:{depth - alt_reads},{alt_reads}:{alt_reads / depth:.4f}:{depth}"
        fields = [v["chrom"], str(v["pos"]), ".", v["ref"], v["alt"], ".", filt,
                  f"CSQ={_csq(v)}", "GT:AD:AF:DP", tumour]  # fmt: skip
        if paired:
            normal_depth = depth // 2
            fields.append(f"0/0:{normal_depth},0:0.0000:{normal_depth}")
        lines.append("\t".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cns(path: Path, rng: random.Random) -> Path:
    """CNVkit-style called segments (chromosome start end gene log2 cn depth probes weight);
    0-based starts as CNVkit writes them."""
    import math

    focal = {
        "chr17": [(39_500_000, 39_950_000, "ERBB2,GRB7,STARD3", 12)],
        "chr11": [(69_500_000, 69_800_000, "CCND1", 8)],
    }
    rows = ["chromosome\tstart\tend\tgene\tlog2\tcn\tdepth\tprobes\tweight"]
    for chrom, length in GRCH38.items():
        cuts = [(10_000, length - 10_000, "-", 2)]
        if chrom in focal:
            s, e, genes, cn = focal[chrom][0]
            cuts = [(10_000, s, "-", 2), (s, e, genes, cn), (e, length - 10_000, "-", 2)]
        if chrom == "chr8":  # a broad single-copy gain of 8q, common in breast cancer
            mid = 47_000_000
            cuts = [(10_000, mid, "-", 2), (mid, length - 10_000, "MYC", 3)]
        for start, end, genes, cn in cuts:
            log2 = math.log2(cn / 2) + rng.uniform(-0.03, 0.03)
            probes = rng.randint(20, 400)
            rows.append(
                f"{chrom}\t{start}\t{end}\t{genes}\t{log2:.5f}\t{cn}\t"
                f"{2**log2:.4f}\t{probes}\t{probes * 0.8:.2f}"
            )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def generate(case_dir: Path, rng: random.Random) -> list[Path]:
    out = case_dir / "genomics"
    out.mkdir(exist_ok=True)
    shared = [_passenger(rng, i) for i in range(130)]
    liver_only = [_passenger(rng, 1000 + i) for i in range(70)]
    axilla_only = [_passenger(rng, 2000 + i) for i in range(60)]
    samples = {
        "liver": (0, shared + liver_only, 250),
        "axilla": (1, shared + axilla_only, 220),
    }
    written = []
    for name, (col, passengers, mean_depth) in samples.items():
        calls = []
        for gene, vafs in DRIVER_VAF.items():
            if vafs[col] is not None:
                calls.append((_driver(gene), vafs[col], rng.randint(180, 420)))
        for v in passengers:
            calls.append((v, rng.uniform(0.05, 0.4), max(40, int(rng.gauss(mean_depth, 50)))))
        written.append(_vcf(out / f"{name}_biopsy.vcf", name.upper(), calls, paired=True))
    # Plasma: drivers, CH, and the truncal passengers that shed enough DNA to be seen.
    for draw, col, scale in (("2024-02-20", 2, 1.0), ("2024-04-02", 3, 2.0)):
        calls = []
        for gene, vafs in DRIVER_VAF.items():
            if vafs[col] is not None:
                calls.append((_driver(gene), vafs[col], rng.randint(2500, 6000)))
        for v in shared[:40]:
            vaf = rng.uniform(0.001, 0.03) * scale  # some fall under the 0.2 % ctDNA floor
            calls.append((v, vaf, rng.randint(2000, 6000)))
        sample = f"PLASMA_{draw.replace('-', '')}"
        written.append(_vcf(out / f"ctdna_{draw}.vcf", sample, calls, paired=False))
    written.append(_cns(out / "liver_biopsy.call.cns", rng))
    node = out / "axilla_gene_cn.tsv"
    node.write_text(
        "gene\tcopy_number\nERBB2\t11\nGRB7\t11\nCCND1\t2\nCDK4\t2\nMYC\t3\nPTEN\t2\nCDKN2A\t2\n",
        encoding="utf-8",
    )
    written.append(node)
    return written
