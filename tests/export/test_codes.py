"""The bundled code tables against independent published sources kept in tests/data/export."""

from __future__ import annotations

import re
from pathlib import Path

from precisecli.export import codes

DATA = Path(__file__).resolve().parents[1] / "data" / "export"
REPO = Path(__file__).resolve().parents[2]


def test_hgnc_ids_agree_with_the_ig_examples():
    seen = {}
    for path in [*DATA.glob("gr-3.0.0/*.fsh"), *DATA.glob("mcode-4.0.0/*.fsh")]:
        for m in re.finditer(r'HGNC\w*#(?:HGNC:)?(\d+) "([A-Z0-9-]+)"', path.read_text("utf-8")):
            seen.setdefault(m.group(2), set()).add(f"HGNC:{m.group(1)}")
    checked = 0
    for symbol, ids in seen.items():
        if codes.hgnc_id(symbol):
            assert ids == {codes.hgnc_id(symbol)}, symbol
            checked += 1
    assert checked >= 7  # FGFR2, BRCA1, BRCA2, CDH1, PALB2, PTEN, TP53


def test_hgnc_table_covers_the_knowledge_base_panel():
    panel = [
        line.split("\t")[0]
        for line in (REPO / "knowledge" / "genes_grch38.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ][1:]
    assert panel and all(re.fullmatch(r"HGNC:\d+", codes.hgnc_id(g) or "") for g in panel)
    ids = [codes.hgnc_id(g) for g in panel]
    assert len(set(ids)) == len(ids)


def test_refseq_accessions_agree_with_the_ig_examples():
    """GR 3.0.0 examples: NC_000017.11 holds ERBB2 at 39723965 (GRCh38), NC_000010.10 a GRCh37
    position on chromosome 10."""
    assert codes.refseq("GRCh38", "chr17") == "NC_000017.11"
    assert codes.refseq("GRCh37", "10") == "NC_000010.10"
    assert codes.refseq("GRCh38", "X") == "NC_000023.11"
    assert codes.refseq("GRCh38", "MT") == "NC_012920.1"
    assert codes.refseq("hg99", "1") is None


def test_every_concept_has_a_known_source():
    import yaml

    table = yaml.safe_load((codes.TABLES / "concepts.yaml").read_text("utf-8"))
    sources = set(table["sources"])
    for section in ("concepts", "sites"):
        for key, entry in table[section].items():
            assert entry["source"] in sources, key
            assert entry["system"] in table["systems"], key
    for key, entry in table["phenopacket"].items():
        if key != "resources":
            assert entry["source"] in sources, key
