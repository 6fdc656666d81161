"""Real-world corpus: CNVkit's test segment files, called by precise and by CNVkit itself.

The expected files ``corpus/cnvkit_<name>.call.cns`` (and ``.purity0.6.call.cns``,
``amplicon.call.cnr``) were written by ``cnvkit.py call`` 0.9.14 (commands in SOURCES.md). Every
segment's integer copy number from precise's call of the uncalled file must equal CNVkit's
``cn``; and the gene-level table precise stores for the uncalled file must equal the one it
stores for CNVkit's called file (which it takes as called, from the ``cn`` column).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from precisecli.genomics.cnvkit_call import CnvkitThresholds, call_log2
from precisecli.genomics.vcf_worker import normalise_chrom
from precisecli.knowledge.kb import load_kb

CORPUS = Path(__file__).resolve().parent.parent / "data" / "genomics" / "corpus"
STEMS = ["amplicon", "cl_seq", "nv3", "tr95t", "f-on-m", "p2-9_2"]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize(
    ("source", "expected", "purity"),
    [(f"cnvkit_{s}.cns", f"cnvkit_{s}.call.cns", None) for s in STEMS]
    + [(f"cnvkit_{s}.cns", f"cnvkit_{s}.purity0.6.call.cns", 0.6) for s in STEMS]
    + [("cnvkit_amplicon.cnr", "cnvkit_amplicon.call.cnr", None)],
)
def test_segment_cn_equals_cnvkit_call(source, expected, purity):
    th = CnvkitThresholds.from_kb(load_kb())
    assert th.values == (-1.1, -0.25, 0.2, 0.7)  # CNVkit's defaults, from the knowledge base
    given = {(r["chromosome"], r["start"], r["end"]): r for r in _rows(CORPUS / source)}
    reference = _rows(CORPUS / expected)
    assert len(reference) >= len(given)
    for ref in reference:
        seg = given[(ref["chromosome"], ref["start"], ref["end"])]
        cn, _log2, rule = call_log2(
            normalise_chrom(seg["chromosome"]), float(seg["log2"]), 2, purity, th
        )
        assert cn == int(ref["cn"]), (ref["chromosome"], ref["start"], seg["log2"], rule)


def _genes(cli, sample: str) -> dict[str, tuple[float, str]]:
    doc = cli("variants", "show", "C1", "--sample-id", sample, "--all", "--json").json()
    return {c["gene"]: (c["copy_number"], c["call"]) for c in doc["copy_number"]}


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("purity", [None, 0.6])
def test_gene_calls_equal_those_from_cnvkit_called_file(cli, case, stem, purity):
    called = f"cnvkit_{stem}.call.cns" if purity is None else f"cnvkit_{stem}.purity0.6.call.cns"
    opts = ["--build", "GRCh37"]
    r = cli("cna", "import", "C1", CORPUS / f"cnvkit_{stem}.cns", "--sample-id", "U", *opts,
            *(["--purity", str(purity)] if purity else []), "--json")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "threshold rule" in r.json()["format"]
    r = cli("cna", "import", "C1", CORPUS / called, "--sample-id", "C", *opts, "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["format"] == "CNVkit .call.cns (cn column)"
    ours, theirs = _genes(cli, "U"), _genes(cli, "C")
    assert ours and ours == theirs


def test_rule_recorded_per_gene(cli, case):
    """tr95t.cns line 18: chr3 (PIK3CA region) … the rule names CNVkit's thresholds."""
    r = cli("cna", "import", "C1", CORPUS / "cnvkit_tr95t.cns", "--sample-id", "U", "--json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["build"] == "GRCh37"  # chr1 segment ends at 249,240,121 > GRCh38 chr1
    doc = cli("variants", "show", "C1", "--all", "--json").json()
    assert all("CNVkit threshold call" in c["rule"] for c in doc["copy_number"])
    assert all("-1.1,-0.25,0.2,0.7" in c["rule"] for c in doc["copy_number"])


def test_grch37_cnvkit_file_refused_in_a_grch38_case(cli, case):
    """Issue 12: a GRCh37 CNVkit file without --build was taken as the case's GRCh38. tr95t.cns
    line 7 ends chr1 at 249,240,121, past GRCh38's chr1 (248,956,422): it is GRCh37."""
    vcf = Path(__file__).resolve().parent.parent / "data" / "genomics"
    r = cli("variants", "import", "C1", str(vcf / "pVACtools_input_somatic.vcf.gz"),
            "--sample-id", "V38")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = cli("cna", "import", "C1", CORPUS / "cnvkit_tr95t.cns", "--sample-id", "V38")
    assert r.exit_code == 3
    assert "GRCh37 (segment ends" in r.stderr and "GRCh38" in r.stderr
