"""Genome build of an input: ``##reference`` (and VEP's assembly), then contig lengths, else the
user must say (--build). Conflicting evidence, or a build other than the case's, is refused."""

from __future__ import annotations

import re

from precisecli.errors import InputError, Location

BUILDS = ("GRCh37", "GRCh38")

# Chromosome lengths per build (UCSC hg19/hg38 chrom.sizes; the same values are in the ##contig
# lines of tests/data/genomics/vcf2maf_test_mutect.vcf (GRCh37) and
# pVACtools_input_somatic.vcf.gz (GRCh38)). MT is 16569 in both builds (hg19's chrM is 16571,
# the bound used for GRCh37), so it is left out of build detection.
# Unplaced, alternate and decoy contigs a real file may carry beside the primary chromosomes.
SECONDARY_CONTIG = re.compile(
    r"^(?:chr)?(?:Un_.*|.*_random|.*_alt|.*_fix|GL\d+.*|KI\d+.*|JH\d+.*|hs37d5|EBV|NC_\d+.*)$",
    re.IGNORECASE,
)

CHROM_SIZES = {
    "GRCh37": {
        "1": 249250621, "2": 243199373, "3": 198022430, "4": 191154276, "5": 180915260,
        "6": 171115067, "7": 159138663, "8": 146364022, "9": 141213431, "10": 135534747,
        "11": 135006516, "12": 133851895, "13": 115169878, "14": 107349540, "15": 102531392,
        "16": 90354753, "17": 81195210, "18": 78077248, "19": 59128983, "20": 63025520,
        "21": 48129895, "22": 51304566, "X": 155270560, "Y": 59373566, "MT": 16571,
    },
    "GRCh38": {
        "1": 248956422, "2": 242193529, "3": 198295559, "4": 190214555, "5": 181538259,
        "6": 170805979, "7": 159345973, "8": 145138636, "9": 138394717, "10": 133797422,
        "11": 135086622, "12": 133275309, "13": 114364328, "14": 107043718, "15": 101991189,
        "16": 90338345, "17": 83257441, "18": 80373285, "19": 58617616, "20": 64444167,
        "21": 46709983, "22": 50818468, "X": 156040895, "Y": 57227415, "MT": 16569,
    },
}  # fmt: skip
CONTIG_LENGTHS = {
    build: {c: n for c, n in sizes.items() if c != "MT"} for build, sizes in CHROM_SIZES.items()
}
_REF_PATTERNS = {
    "GRCh38": re.compile(r"grch38|hg38|hs38|b38", re.IGNORECASE),
    "GRCh37": re.compile(r"grch37|hg19|hs37|b37|human_g1k_v37", re.IGNORECASE),
}


def normalise_build(value: str) -> str:
    low = value.strip().lower()
    if low in ("grch37", "hg19", "b37", "37"):
        return "GRCh37"
    if low in ("grch38", "hg38", "b38", "38"):
        return "GRCh38"
    raise InputError(
        f"unknown genome build '{value}'", hint="supported builds: GRCh37 (hg19), GRCh38 (hg38)"
    )


def from_text(text: str) -> str | None:
    hits = {b for b, pattern in _REF_PATTERNS.items() if pattern.search(text)}
    return hits.pop() if len(hits) == 1 else None


def from_contigs(contigs: dict[str, int | None]) -> str | None:
    found = set()
    for name, length in contigs.items():
        bare = name[3:] if name.lower().startswith("chr") else name
        for build, table in CONTIG_LENGTHS.items():
            if length is not None and table.get(bare) == length:
                found.add(build)
    return found.pop() if len(found) == 1 else ("conflict" if found else None)


def detect(
    file: str,
    reference_lines: list[str],
    contigs: dict[str, int | None],
    option: str | None,
    case_build: str | None,
) -> tuple[str, str]:
    """Return (build, how it was determined)."""
    evidence: dict[str, str] = {}
    for line in reference_lines:
        build = from_text(line)
        if build:
            evidence.setdefault(build, "##reference/assembly header")
    by_contigs = from_contigs(contigs)
    if by_contigs == "conflict":
        raise InputError(
            "contig lengths match both GRCh37 and GRCh38",
            location=Location(file=file),
            hint="the header mixes builds; fix the ##contig lines",
        )
    if by_contigs:
        evidence.setdefault(by_contigs, "##contig lengths")
    if len(evidence) > 1:
        raise InputError(
            "the header names both GRCh37 and GRCh38",
            location=Location(file=file),
            hint="check ##reference and ##contig lines",
        )
    wanted = normalise_build(option) if option else None
    found = next(iter(evidence), None)
    if wanted and found and wanted != found:
        raise InputError(
            f"--build {wanted} conflicts with the file, which is {found} (from {evidence[found]})",
            location=Location(file=file),
            hint="drop --build or import the file made on the right build",
        )
    build = found or wanted
    how = evidence[found] if found else "--build option"
    if build is None:
        raise InputError(
            "genome build cannot be read from the file (no ##reference, no contig lengths)",
            location=Location(file=file),
            hint="give it with --build GRCh37 or --build GRCh38",
        )
    if case_build and build != case_build:
        raise InputError(
            f"file is {build} but this case's genomics are {case_build}; "
            "mixed builds in one case are refused",
            location=Location(file=file),
            hint=f"use a {case_build} file (lift it over first), or a separate case",
        )
    return build, how


def check_position(build: str, chrom: str, pos: int, where: Location) -> None:
    """Refuse a position beyond the end of its contig on this build (UCSC chrom.sizes)."""
    length = CHROM_SIZES.get(build, {}).get(chrom)
    if length is not None and pos > length:
        raise InputError(
            f"position {pos} is beyond the end of chromosome {chrom} ({length} on {build})",
            location=where,
            hint="the file is on another build, or the position is corrupt",
        )
