"""Hostile clonality / ctDNA inputs (issue 15; see framework.py for the item format)."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.framework import Ctx, Item

DATA = Path(__file__).resolve().parents[1] / "data" / "clonality"


def _purity_zero(ctx: Ctx) -> list[str]:
    return ["purity", "set", ctx.case_id, "--sample-id", "S1", "--purity", "0"]


def _ploidy_negative(ctx: Ctx) -> list[str]:
    return ["purity", "set", ctx.case_id, "--sample-id", "S1", "--ploidy", "-1"]


def _purple_purity_above_one(ctx: Ctx) -> list[str]:
    text = (DATA / "SEQCII_50pc_purity_cell_line.purple.purity.tsv").read_text()
    path = ctx.tmp / "T.purple.purity.tsv"
    path.write_text(text.replace("\n0.6300\t", "\n1.5000\t"))
    return ["purity", "import", ctx.case_id, str(path), "--sample-id", "S1"]


def _cn_without_minor(ctx: Ctx) -> list[str]:
    path = ctx.tmp / "genes.tsv"
    path.write_text("gene\tcopy_number\nERBB2\t12\n")
    return ["cna", "import", ctx.case_id, str(path), "--sample-id", "S1", "--build", "GRCh38",
            "--allele-specific"]  # fmt: skip


ITEMS = [
    Item(
        id="purity-zero",
        cls="impossible",
        make=_purity_zero,
        message=r"--purity 0 is not a fraction",
    ),  # fmt: skip
    Item(
        id="ploidy-negative",
        cls="impossible",
        make=_ploidy_negative,
        message=r"ploidy -1 is not a ploidy",
    ),  # fmt: skip
    Item(
        id="purple-purity-above-one",
        cls="impossible",
        make=_purple_purity_above_one,
        message=r"T\.purple\.purity\.tsv, line 2.*purity 1\.5 is not a fraction",
    ),  # fmt: skip
    Item(
        id="cn-allele-specific-without-minor",
        cls="impossible",
        make=_cn_without_minor,
        message=r"genes\.tsv.*nMinor.*no minor copy number",
    ),  # fmt: skip
]
