"""Hostile genomics inputs (owned by the genomics work; see framework.py for the item format)."""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

from tests.hostile.framework import Ctx, Item

GDATA = Path(__file__).resolve().parents[1] / "data" / "genomics"
MAF_HEADER = (
    "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\t"
    "Variant_Classification\tTumor_Sample_Barcode\tNCBI_Build\tt_depth\tt_ref_count\t"
    "t_alt_count\n"
)
VCF_HEADER = (
    "##fileformat=VCFv4.2\n##contig=<ID=chr3,length=198295559>\n"
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
)


def _cna(ctx: Ctx, name: str, text: str, *extra: str) -> list[str]:
    path = ctx.tmp / name
    path.write_text(text)
    return ["cna", "import", ctx.case_id, str(path), "--sample-id", "S1", *extra]


def _cna_markup_gene(ctx: Ctx) -> list[str]:
    return _cna(ctx, "gene_cn.tsv", "gene\tcopy_number\n[/]\t3\nERBB2\t12\n", "--build", "GRCh38")


def _maf_alt_over_depth(ctx: Ctx) -> list[str]:
    path = ctx.tmp / "counts.maf"
    path.write_text(
        MAF_HEADER
        + "PIK3CA\t3\t179234297\tA\tG\tMissense_Mutation\tT1\tGRCh38\t40\t10\t30\n"
        + "TP53\t17\t7675088\tC\tT\tMissense_Mutation\tT1\tGRCh38\t20\t5\t25\n"
    )
    return ["variants", "import", ctx.case_id, str(path), "--sample-id", "S1"]


def _cn_negative(ctx: Ctx) -> list[str]:
    return _cna(ctx, "neg.tsv", "gene\tcopy_number\nERBB2\t12\nPTEN\t-1\n", "--build", "GRCh38")


def _cn_absurd(ctx: Ctx) -> list[str]:
    return _cna(ctx, "big.tsv", "gene\tcopy_number\nERBB2\t25000\n", "--build", "GRCh38")


def _cn_conflict(ctx: Ctx) -> list[str]:
    text = "gene\tcopy_number\nERBB2\t14\nCDKN2A\t2\nERBB2\t0\n"
    return _cna(ctx, "conflict.tsv", text, "--build", "GRCh38")


def _cn_unknown_contig(ctx: Ctx) -> list[str]:
    text = (
        "chromosome\tstart\tend\tgene\tlog2\tprobes\n"
        "chr17\t39600000\t39800000\tERBB2\t2.1\t40\n"
        "chrQ\t1000\t50000\t-\t-1.5\t12\n"
    )
    return _cna(ctx, "seg.cns", text, "--build", "GRCh38")


def _vcf_pos_past_end(ctx: Ctx) -> list[str]:
    path = ctx.tmp / "past_end.vcf"
    path.write_text(
        VCF_HEADER
        + "chr3\t179234297\t.\tA\tG\t.\tPASS\t.\tAD:DP\t60,40:100\n"
        + "chr3\t198295600\t.\tA\tG\t.\tPASS\t.\tAD:DP\t60,40:100\n"  # chr3 is 198,295,559 long
    )
    return ["variants", "import", ctx.case_id, str(path), "--sample-id", "S1"]


def _fifo(command: str):
    def make(ctx: Ctx) -> list[str]:
        path = ctx.tmp / "pipe.vcf"
        os.mkfifo(path)
        return [command, "import", ctx.case_id, str(path), "--sample-id", "S1", "--build",
                "GRCh38"]  # fmt: skip

    return make


def _dev_zero(command: str):
    def make(ctx: Ctx) -> list[str]:
        return [command, "import", ctx.case_id, "/dev/zero", "--sample-id", "S1", "--build",
                "GRCh38"]  # fmt: skip

    return make


def _header_bomb(first: bytes, line: bytes, name: str):
    """A ~1.1 MB gzip holding 1 GiB of header lines (100 kB each): one member of 16 MiB of
    lines, repeated 64 times (a multi-member gzip is a valid gzip stream)."""

    def make(ctx: Ctx) -> list[str]:
        block = line * ((16 << 20) // len(line))
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        member = comp.compress(block) + comp.flush()
        path = ctx.tmp / name
        with open(path, "wb") as out:  # 1 GiB inside about 1.1 MB
            out.write(gzip.compress(first))
            for _ in range(64):
                out.write(member)
        command = "cna" if name.endswith(".cns.gz") else "variants"
        return [command, "import", ctx.case_id, str(path), "--sample-id", "S1", "--build",
                "GRCh38"]  # fmt: skip

    return make


ITEMS: list[Item] = [
    # A gene named "[/]" must not crash the renderer after the change is committed: either it is
    # refused as not a gene symbol (exit 3, case unchanged) or imported and shown as written.
    Item(id="markup-gene-name-in-cn-file", cls="markup", make=_cna_markup_gene, message=r"gene"),
    Item(
        id="maf-alt-count-above-depth",
        cls="impossible",
        make=_maf_alt_over_depth,
        message=r"counts\.maf, line 3.*t_alt_count.*25.*t_depth 20",
    ),
    Item(id="cn-negative", cls="impossible", make=_cn_negative, message=r"line 3.*negative"),
    Item(id="cn-absurd", cls="impossible", make=_cn_absurd, message=r"line 2.*above 1000"),
    Item(
        id="cn-gene-amplified-and-deleted",
        cls="impossible",
        make=_cn_conflict,
        message=r"line 4.*conflicting calls for gene ERBB2",
    ),
    Item(
        id="cn-segment-unknown-contig",
        cls="impossible",
        make=_cn_unknown_contig,
        message=r"seg\.cns, line 3.*unknown chromosome",
    ),
    Item(
        id="vcf-pos-beyond-contig-end",
        cls="impossible",
        make=_vcf_pos_past_end,
        message=r"line 7.*POS 198295600 is beyond the end of contig chr3",
    ),
    Item(
        id="variants-import-fifo",
        cls="resources",
        make=_fifo("variants"),
        message="FIFO",
        max_seconds=5,
    ),  # fmt: skip
    Item(id="cna-import-fifo", cls="resources", make=_fifo("cna"), message="FIFO", max_seconds=5),
    Item(
        id="variants-import-dev-zero",
        cls="resources",
        make=_dev_zero("variants"),
        message="device",
        max_seconds=5,
    ),  # fmt: skip
    Item(
        id="cna-import-dev-zero",
        cls="resources",
        make=_dev_zero("cna"),
        message="device",
        max_seconds=5,
    ),  # fmt: skip
    Item(
        id="vcf-gzip-header-bomb",
        cls="resources",
        make=_header_bomb(
            b"##fileformat=VCFv4.2\n", b"##comment=" + b"x" * 100_000 + b"\n", "bomb.vcf.gz"
        ),  # fmt: skip
        message="header.*over the limit",
        max_seconds=10,
        max_rss_mb=300,
    ),
    Item(
        id="maf-gzip-header-bomb",
        cls="resources",
        make=_header_bomb(b"#version 2.4\n", b"#" + b"x" * 100_000 + b"\n", "bomb.maf.gz"),
        message="header.*over the limit",
        max_seconds=10,
        max_rss_mb=300,
    ),
    Item(
        id="cn-gzip-header-bomb",
        cls="resources",
        make=_header_bomb(b"#cnvkit\n", b"#" + b"x" * 100_000 + b"\n", "bomb.cns.gz"),
        message="header.*over the limit",
        max_seconds=10,
        max_rss_mb=300,
    ),
]
