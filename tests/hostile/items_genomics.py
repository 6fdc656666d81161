"""Hostile genomics inputs (owned by the genomics work; see framework.py for the item format)."""

from __future__ import annotations

from tests.hostile.framework import Ctx, Item


def _cna_markup_gene(ctx: Ctx) -> list[str]:
    path = ctx.tmp / "gene_cn.tsv"
    path.write_text("gene\tcopy_number\n[/]\t3\nERBB2\t12\n")
    return ["cna", "import", ctx.case_id, str(path), "--sample-id", "S1", "--build", "GRCh38"]


ITEMS: list[Item] = [
    # A gene named "[/]" must not crash the renderer after the change is committed: either it is
    # refused as not a gene symbol (exit 3, case unchanged) or imported and shown as written.
    Item(id="markup-gene-name-in-cn-file", cls="markup", make=_cna_markup_gene, message=r"gene"),
]
