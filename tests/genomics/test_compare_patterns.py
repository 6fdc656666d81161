"""`variants compare` time patterns and tissue categories on hand-written draws (issue 12).

Positions are real GRCh38 hotspot codon bases (knowledge/hotspots_grch38.tsv): PIK3CA H1047R
3:179234297 A>G, ERBB2 L755S 17:39723967 T>C, ESR1 D538G 6:152098791 A>G. VAFs come from AD
(alt / DP), written so that each is obvious: AD r,a with DP = r + a.
"""

from __future__ import annotations

HEADER = (
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=chr3,length=198295559>\n##contig=<ID=chr6,length=170805979>\n"
    "##contig=<ID=chr17,length=83257441>\n"
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
)
SITES = {
    "PIK3CA": ("chr3", 179234297, "A", "G"),
    "ESR1": ("chr6", 152098791, "A", "G"),
    "ERBB2": ("chr17", 39723967, "T", "C"),
}


def _vcf(path, alts: dict[str, tuple[int, int]]):
    """alts: gene → (alt reads, depth)."""
    lines = []
    for gene in ("PIK3CA", "ESR1", "ERBB2"):  # chromosome order 3, 6, 17
        if gene in alts:
            chrom, pos, ref, alt = SITES[gene]
            a, dp = alts[gene]
            lines.append(
                f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\t.\tGT:AD:DP\t0/1:{dp - a},{a}:{dp}\n"
            )
        path.write_text(HEADER + "".join(lines))
    return path


def _setup(cli, tmp_path, late_assay: str):
    imports = [
        ("B1", "biopsy", "liver", "2024-01-01", {"PIK3CA": (30, 100), "ERBB2": (20, 100)}, None),
        ("B2", "biopsy", "node", "2024-01-01", {"ERBB2": (25, 100)}, None),
        # ctDNA draw 1: PIK3CA 2 %, ERBB2 0.9 %, ESR1 1 %
        ("D1", "ctdna", None, "2024-01-02",
         {"PIK3CA": (20, 1000), "ERBB2": (9, 1000), "ESR1": (10, 1000)}, "tso500-ctdna"),
        # ctDNA draw 2: ERBB2 5 %; ESR1 reported at 0.1 % (below the 0.2 % ctDNA floor);
        # PIK3CA's position not reported at all
        ("D2", "ctdna", None, "2024-03-01", {"ERBB2": (50, 1000), "ESR1": (1, 1000)}, late_assay),
    ]  # fmt: skip
    for sid, kind, site, date, alts, assay in imports:
        argv = ["variants", "import", "C1", str(_vcf(tmp_path / f"{sid}.vcf", alts)),
                "--sample-id", sid, "--kind", kind, "--collected", date]  # fmt: skip
        if site:
            argv += ["--site", site]
        if assay:
            argv += ["--assay", assay]
        r = cli(*argv, "--replace")
        assert r.exit_code == 0, r.stderr
    doc = cli("variants", "compare", "C1", "--json").json()
    rows = {a["gene"]: a for a in doc["alterations"]}
    timeline = {t["gene"]: t for t in doc["ctdna_timeline"]}
    return rows, timeline


def test_patterns_with_a_panel_second_draw(cli, case, tmp_path):
    rows, timeline = _setup(cli, tmp_path, "tso500-ctdna")
    # 0.9 % -> 5.0 % is more than two-fold up: rising, not persistent
    assert timeline["ERBB2"]["pattern"] == "rising"
    assert [p["vaf"] for p in timeline["ERBB2"]["points"]] == [0.009, 0.05]
    # a panel draw that does not report PIK3CA's position did not assay it: not 'cleared'
    assert timeline["PIK3CA"]["pattern"] == "not assayed"
    assert timeline["PIK3CA"]["points"][1]["status"] == "not assayed"
    # the later draw reports ESR1's position below the floor: assayed, not detected → cleared
    assert timeline["ESR1"]["pattern"] == "cleared"
    assert timeline["ESR1"]["points"][1]["status"] == "not detected"
    # PIK3CA: one biopsy of two, and in plasma → shared, never 'private'
    assert rows["PIK3CA"]["category"] == "shared"
    assert rows["ERBB2"]["category"] == "truncal"
    assert rows["ESR1"]["category"] == "ctdna-only"


def test_exome_second_draw_clears(cli, case, tmp_path):
    _rows, timeline = _setup(cli, tmp_path, "wes")
    assert timeline["PIK3CA"]["pattern"] == "cleared"  # an exome covers the position
    assert timeline["PIK3CA"]["points"][1]["assayed_by"].startswith("assay wes")


def _draw(cli, tmp_path, sid, date, alt_reads, *extra):
    path = _vcf(tmp_path / f"{sid}-{alt_reads}.vcf", {"ERBB2": (alt_reads, 1000)})
    r = cli("variants", "import", "C1", str(path), "--sample-id", sid, "--kind", "ctdna",
            "--collected", date, "--assay", "wes", *extra)  # fmt: skip
    assert r.exit_code == 0, r.stderr


def test_falling_and_persistent(cli, case, tmp_path):
    for sid, date, alt_reads in (("D1", "2024-01-01", 40), ("D2", "2024-02-01", 19),
                                 ("D3", "2024-03-01", 15)):  # fmt: skip
        _draw(cli, tmp_path, sid, date, alt_reads)
    t = cli("variants", "compare", "C1", "--json").json()["ctdna_timeline"][0]
    assert t["pattern"] == "falling"  # 4.0 % -> 1.5 %: more than two-fold down
    _draw(cli, tmp_path, "D3", "2024-03-01", 25, "--replace")
    t = cli("variants", "compare", "C1", "--json").json()["ctdna_timeline"][0]
    assert t["pattern"] == "persistent"  # 4.0 % -> 2.5 %: within two-fold
