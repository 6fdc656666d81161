#!/usr/bin/env python3
"""Build the bundled hotspot-codon and gene-coordinate tables for both genome builds.

Run once, offline, when the inputs change (never at run time):

    .venv/bin/python scripts/build_hotspots.py

Inputs (copied into scripts/data/, origins in scripts/data/SOURCES.md):
  hotspots_extract.tsv               codon-level cancerhotspots.org v2 rows, GRCh37
  gene_coordinates.tsv               GENCODE gene spans, GRCh37 and GRCh38
  ensembl_GRCh37_to_GRCh38.chain.gz  Ensembl assembly-mapping chain (no UCSC licence strings)

Outputs (knowledge/):
  hotspots_grch37.tsv, hotspots_grch38.tsv   one row per hotspot codon with the genomic position
                                             of each of its three bases (transcript order)
  genes_grch37.tsv, genes_grch38.tsv         gene, chrom, start, end (1-based inclusive), strand

The source gives, per codon, the genomic positions where mutations were seen (with counts) and
the transcript-strand codon changes (with counts); the codon's own first base is not given. It is
recovered by choosing the frame that places every well-supported position on a codon base whose
observed change counts agree with that position's count (see ``_codon_start``). Codons whose frame
cannot be fixed unambiguously are left out and listed on stderr.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
OUT = HERE.parent / "knowledge"
CHAIN = DATA / "ensembl_GRCh37_to_GRCh38.chain.gz"

PROTEIN_RE = re.compile(r"^p\.([A-Z])(\d+)([A-Z*])$")
CODON_CHANGE_RE = re.compile(r"^([acgtACGT]{3})/([acgtACGT]{3}):(\d+)$")
POSITION_RE = re.compile(r"^(\w+):(\d+)_(\d+)$")


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _genes(build: str) -> dict[str, dict[str, str]]:
    return {r["gene"]: r for r in _read_tsv(DATA / "gene_coordinates.tsv") if r["build"] == build}


def _codon_start(
    positions: dict[int, int], index_counts: dict[int, int], strand: str
) -> int | None:
    """Genomic position of codon base 1 (transcript order), or None when ambiguous.

    For a candidate frame each listed position maps to a codon index 0..2; positions outside the
    frame or on an index with no observed single-base change lose their count, and agreement
    between a position's count and its index's change count is rewarded. The best frame must win
    clearly (ties are refused rather than guessed).
    """
    lo, hi = min(positions), max(positions)
    scores: list[tuple[int, int]] = []
    candidates = range(lo - 2, hi + 1) if strand == "+" else range(lo, hi + 3)
    for start in candidates:
        score = 0
        for pos, count in positions.items():
            index = pos - start if strand == "+" else start - pos
            if 0 <= index <= 2 and index_counts.get(index, 0) > 0:
                score += 2 * min(count, index_counts[index]) - abs(count - index_counts[index])
            else:
                score -= count
        scores.append((score, start))
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        return None
    return scores[0][1]


def build_grch37() -> tuple[list[dict[str, object]], list[str]]:
    genes = _genes("GRCh37")
    codons: dict[tuple[str, int], dict[str, object]] = {}
    changes: dict[tuple[str, int], set[str]] = defaultdict(set)
    problems: list[str] = []
    for row in _read_tsv(DATA / "hotspots_extract.tsv"):
        if row["genome_build"] != "GRCh37" or row["genomic_positions_raw"] == ".":
            continue  # allele-level example rows: used only as checks below
        match = PROTEIN_RE.match(row["protein_change"])
        if not match:
            continue  # splice-site pseudo-codons have no protein position
        ref_aa, codon, alt_aa = match.group(1), int(match.group(2)), match.group(3)
        key = (row["gene"], codon)
        changes[key].add(f"{ref_aa}{codon}{alt_aa}")
        if key in codons:
            continue
        gene = genes[row["gene"]]
        positions: dict[int, int] = {}
        chrom = None
        for part in row["genomic_positions_raw"].split("|"):
            m = POSITION_RE.match(part)
            if m:
                chrom = m.group(1)
                positions[int(m.group(2))] = int(m.group(3))
        index_counts: dict[int, int] = defaultdict(int)
        ref_codon = None
        for part in row["codon_change"].split("|"):
            m = CODON_CHANGE_RE.match(part)
            if not m:
                continue  # multi-codon changes do not locate a single base
            before, count = m.group(1), int(m.group(3))
            upper = [i for i, base in enumerate(before) if base.isupper()]
            ref_codon = ref_codon or before.upper()
            if len(upper) == 1:
                index_counts[upper[0]] += count
        if not positions or ref_codon is None or chrom != gene["chrom"]:
            problems.append(f"{row['gene']} codon {codon}: no usable positions")
            continue
        start = _codon_start(positions, index_counts, gene["strand"])
        if start is None:
            problems.append(f"{row['gene']} codon {codon}: frame ambiguous")
            continue
        step = 1 if gene["strand"] == "+" else -1
        codons[key] = {
            "gene": row["gene"],
            "codon": codon,
            "ref_aa": ref_aa,
            "ref_codon": ref_codon,
            "strand": gene["strand"],
            "chrom": chrom,
            "pos1": start,
            "pos2": start + step,
            "pos3": start + 2 * step,
            "samples": int(row["codon_mutation_count"]),
        }
    rows = []
    for key in sorted(codons, key=lambda k: (k[0], k[1])):
        rec = dict(codons[key])
        rec["protein_changes"] = ",".join(sorted(changes[key]))
        rows.append(rec)
    return rows, problems


def lift_rows(rows: list[dict[str, object]]) -> tuple[list[dict[str, object]], list[str]]:
    from pyliftover import LiftOver

    lifter = LiftOver(str(CHAIN))
    lifted, problems = [], []
    for row in rows:
        out = dict(row)
        ok = True
        for key in ("pos1", "pos2", "pos3"):
            hits = lifter.convert_coordinate(str(row["chrom"]), int(row[key]) - 1)  # 0-based in
            if not hits or len(hits) != 1 or hits[0][0].removeprefix("chr") != row["chrom"]:
                ok = False
                break
            out[key] = hits[0][1] + 1
        step = int(out["pos2"]) - int(out["pos1"])
        if ok and (abs(step) != 1 or int(out["pos3"]) - int(out["pos2"]) != step):
            ok = False  # the codon must stay three adjacent bases after lifting
        if ok and (step == 1) != (row["strand"] == "+"):
            ok = False
        if not ok:
            problems.append(f"{row['gene']} codon {row['codon']}: does not lift cleanly")
            continue
        lifted.append(out)
    return lifted, problems


HOTSPOT_COLUMNS = [
    "gene",
    "codon",
    "ref_aa",
    "ref_codon",
    "strand",
    "chrom",
    "pos1",
    "pos2",
    "pos3",
    "samples",
    "protein_changes",
]


def _write(path: Path, columns: list[str], rows: list[dict[str, object]], comment: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for line in comment.strip().splitlines():
            handle.write(f"# {line}\n")
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            handle.write("\t".join(str(row[c]) for c in columns) + "\n")


def _check(rows37: list[dict[str, object]], rows38: list[dict[str, object]]) -> None:
    """The allele-level rows of the extract (read from real MAF/VCF files) must fall on the
    right codon base in both builds."""
    by_build = {"GRCh37": rows37, "GRCh38": rows38}
    for row in _read_tsv(DATA / "hotspots_extract.tsv"):
        if row["genomic_positions_raw"] != "." or row["pos"] == ".":
            continue
        match = PROTEIN_RE.match(row["protein_change"])
        codon = int(match.group(2))
        hit = [
            r
            for r in by_build[row["genome_build"]]
            if (r["gene"], r["codon"])
            == (
                row["gene"],
                codon,
            )
        ]
        if not hit:
            continue  # the codon is not a cancerhotspots codon (e.g. PTEN C136)
        pos = int(row["pos"])
        if pos not in (hit[0]["pos1"], hit[0]["pos2"], hit[0]["pos3"]):
            raise SystemExit(f"check failed: {row['gene']} {row['protein_change']} {pos}")
        print(f"check ok: {row['genome_build']} {row['gene']} {row['protein_change']} at {pos}")


def main() -> int:
    rows37, problems = build_grch37()
    rows38, lift_problems = lift_rows(rows37)
    _check(rows37, rows38)
    source = (
        "Hotspot codons: cancerhotspots.org v2 (Chang et al., Cancer Discov 2018), ODbL v1.0,\n"
        "via sigven/cancerHotspots data-raw/hotspots_v2.xlsx (see scripts/data/SOURCES.md).\n"
        "pos1..pos3: genomic position of codon bases 1..3 in transcript order (1-based).\n"
        "Written by scripts/build_hotspots.py; do not edit by hand."
    )
    _write(OUT / "hotspots_grch37.tsv", HOTSPOT_COLUMNS, rows37, "GRCh37\n" + source)
    _write(
        OUT / "hotspots_grch38.tsv",
        HOTSPOT_COLUMNS,
        rows38,
        "GRCh38, lifted from GRCh37 with the Ensembl chain GRCh37_to_GRCh38 (pyliftover)\n"
        + source,
    )
    for build in ("GRCh37", "GRCh38"):
        genes = sorted(_genes(build).values(), key=lambda g: g["gene"])
        _write(
            OUT / f"genes_{build.lower()}.tsv",
            ["gene", "chrom", "start", "end", "strand"],
            genes,
            f"{build} gene spans (GENCODE {'19' if build == 'GRCh37' else '37'} gene records, "
            "1-based inclusive)\nvia HimesGroup/snpsettest (see scripts/data/SOURCES.md).\n"
            "Written by scripts/build_hotspots.py; do not edit by hand.",
        )
    for problem in problems + lift_problems:
        print(f"skipped: {problem}", file=sys.stderr)
    print(f"hotspot codons: GRCh37 {len(rows37)}, GRCh38 {len(rows38)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
