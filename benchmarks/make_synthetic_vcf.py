#!/usr/bin/env python3
"""Write a synthetic Mutect2-style somatic VCF.gz (tumour/normal, VEP CSQ, AD/AF/DP) for benchmarks.

Usage: python benchmarks/make_synthetic_vcf.py OUT.vcf.gz [N_RECORDS=1000000] [SEED=1]
Records are sorted GRCh38 positions; ~90 % PASS, the rest failing a Mutect2 filter; one VEP
consequence per record. Deterministic for a given seed. Not patient data.
"""

from __future__ import annotations

import gzip
import random
import sys
from pathlib import Path

CONTIGS = {"chr1": 248956422, "chr2": 242193529, "chr3": 198295559, "chr17": 83257441}
CSQ_FORMAT = "Allele|Consequence|IMPACT|SYMBOL|Feature|BIOTYPE|HGVSc|HGVSp|CANONICAL"
CONSEQUENCES = ["intron_variant", "missense_variant", "synonymous_variant", "3_prime_UTR_variant"]


def write(path: Path, n: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    header = [
        "##fileformat=VCFv4.2",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
        f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
        f'VEP. Format: {CSQ_FORMAT}">',
        "##reference=GRCh38",
        "##tumor_sample=TUMOR",
        *[f"##contig=<ID={c},length={n_}>" for c, n_ in CONTIGS.items()],
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR",
    ]
    per_contig = n // len(CONTIGS)
    with gzip.open(path, "wt", compresslevel=1, encoding="ascii") as out:
        out.write("\n".join(header) + "\n")
        written = 0
        for i, (chrom, length) in enumerate(CONTIGS.items()):
            count = per_contig if i < len(CONTIGS) - 1 else n - written
            step = (length - 2_000_000) // max(count, 1)
            pos = 1_000_000
            lines = []
            for _ in range(count):
                pos += rng.randint(1, max(1, step))
                ref, alt = rng.sample("ACGT", 2)
                depth = rng.randint(40, 400)
                alt_reads = rng.randint(2, depth // 2)
                filt = "PASS" if rng.random() < 0.9 else "weak_evidence"
                cons = rng.choice(CONSEQUENCES)
                hgvsp = f"ENSP0001.1:p.Ala{rng.randint(1, 999)}Val" if cons[0] == "m" else ""
                csq = (
                    f"{alt}|{cons}|MODERATE|GENE{rng.randint(1, 500)}|ENST0001.1|protein_coding|"
                    f"ENST0001.1:c.{rng.randint(1, 3000)}{ref}>{alt}|{hgvsp}|YES"
                )
                nd = depth // 2
                lines.append(
                    f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\t{filt}\tCSQ={csq}\tGT:AD:AF:DP\t"
                    f"0/0:{nd},0:0.000:{nd}\t0/1:{depth - alt_reads},{alt_reads}:"
                    f"{alt_reads / depth:.3f}:{depth}\n"
                )
                if len(lines) == 10000:
                    out.write("".join(lines))
                    lines = []
            out.write("".join(lines))
            written += count
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1])
    n_records = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    write(target, n_records, int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    print(f"wrote {n_records:,} records to {target}")
