"""`precise group` end to end: real imports, the stored result, idempotence, refusals."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from precisecli.knowledge import load_kb
from precisecli.store.schema import validate

DATA = Path(__file__).resolve().parent.parent / "data" / "grouping"
VCF = DATA / "pcgr_T001-BRCA.grch38.vcf.gz"
CNA = DATA / "pcgr_T001-BRCA.grch38.cna.tsv"
DESIGN_KEYS = {"case_id", "group", "regimen", "alternatives", "signatures", "flags", "kb"}


def _tvaf_of(chrom: str, pos: int) -> float:
    """Tumour VAF of one record, read straight from the VCF text (INFO TVAF)."""
    with gzip.open(VCF, "rt") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            f = line.split("\t")
            if f[0].removeprefix("chr") == chrom and int(f[1]) == pos:
                info = dict(kv.split("=", 1) for kv in f[7].split(";") if "=" in kv)
                return float(info["TVAF"])
    raise AssertionError("record not found")


def _case_files(workspace: Path, case_id: str) -> dict[str, bytes]:
    root = workspace / case_id
    return {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}


def _pcgr_case(cli, case_id="T001", er="0"):
    assert cli("case", "new", case_id, "--er-percent", er, "--pr-percent", "0").exit_code == 0
    res = cli(
        "variants", "import", case_id, VCF, "--sample-id", "B1", "--kind", "biopsy",
        "--site", "breast", "--build", "GRCh38",
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    res = cli("cna", "import", case_id, CNA, "--sample-id", "B1", "--build", "GRCh38")
    assert res.exit_code == 0, res.stderr


def test_pcgr_example_as_a_biopsy_is_g2_with_pik3ca_h1047r(cli, workspace):
    _pcgr_case(cli)
    res = cli("group", "T001", "--json")
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    assert DESIGN_KEYS <= set(doc)
    validate(doc, "cli/group.schema.json")
    assert doc["case_id"] == "T001"
    assert doc["group"] == {"id": "G2", "name": "PI3K/AKT/mTOR"}
    assert doc["regimen"]["id"] == "eve-h-nabp"
    assert doc["regimen"]["drugs"] == ["everolimus", "trastuzumab", "nab-paclitaxel"]
    assert doc["kb"] == load_kb().stamp()
    g2 = next(s for s in doc["signatures"] if s["group"] == "G2")
    assert g2["matched"] is True
    (pik3ca,) = [e for e in g2["evidence"] if e["gene"] == "PIK3CA"]
    assert pik3ca["alteration"] == "H1047R"
    assert pik3ca["sample_ids"] == ["B1"]
    assert abs(pik3ca["vaf"] - _tvaf_of("3", 179234297)) < 1e-6
    for e in g2["evidence"]:
        assert set(e) >= {"gene", "alteration", "sample_ids", "vaf"}
    # ERBB2 is amplified (CN 9) but amplification alone does not make G1
    g1 = next(s for s in doc["signatures"] if s["group"] == "G1")
    assert g1["matched"] is False
    erbb2 = next(a for a in doc["alterations"] if a["gene"] == "ERBB2")
    assert erbb2["kind"] == "amplification" and erbb2["copy_number"] == 9
    # one sequenced sample: flagged, not silently treated as multi-focus
    assert "single-sample" in {f["id"] for f in doc["flags"]}
    # HR-negative: the everolimus + trastuzumab + AI option does not apply
    assert "eve-h-ai" in {e["id"] for e in doc["excluded_regimens"]}


def test_result_is_stored_and_rerun_changes_nothing(cli, workspace):
    _pcgr_case(cli)
    first = cli("group", "T001", "--json")
    assert first.exit_code == 0
    record = json.loads((workspace / "T001" / "case.json").read_text())
    assert record["grouping"] == first.json()
    log = cli("case", "log", "T001", "--json").json()["entries"]
    assert log[-1]["command"] == "group" and log[-1]["kb"] == load_kb().stamp()
    before = _case_files(workspace, "T001")
    again = cli("group", "T001")
    assert again.exit_code == 0
    assert "unchanged" in again.stderr
    assert _case_files(workspace, "T001") == before  # no new audit entry, same case.json
    assert cli("case", "validate", "T001").exit_code == 0


def test_a_site_kb_is_stamped_and_a_broken_one_refused(cli, workspace, tmp_path):
    _pcgr_case(cli)
    assert cli("group", "T001").exit_code == 0
    default = load_kb().path.read_text(encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(default.replace("name: her2-refractory", "name: site-a", 1), encoding="utf-8")
    res = cli("group", "T001", "--kb", site, "--json")
    assert res.exit_code == 0, res.stderr
    assert res.json()["kb"]["name"] == "site-a"
    assert cli("case", "log", "T001", "--json").json()["entries"][-1]["kb"]["name"] == "site-a"

    broken = tmp_path / "broken.yaml"
    broken.write_text(default.replace("  min_foci: 2", "  min_foci: -1", 1), encoding="utf-8")
    before = _case_files(workspace, "T001")
    res = cli("group", "T001", "--kb", broken, "--json")
    assert res.exit_code == 3
    assert res.stdout == ""
    assert "broken.yaml" in res.stderr and "qualification.min_foci" in res.stderr
    assert _case_files(workspace, "T001") == before


def test_no_genomic_data_cannot_assign(cli, workspace):
    assert cli("case", "new", "E1", "--er-percent", "50").exit_code == 0
    before = _case_files(workspace, "E1")
    res = cli("group", "E1", "--json")
    assert res.exit_code == 3
    assert res.stdout == ""
    assert "cannot assign: no genomic data" in res.stderr
    assert "Traceback" not in res.stderr
    assert _case_files(workspace, "E1") == before


def test_hr_unknown_with_a_cell_cycle_driver_cannot_assign(cli, workspace, tmp_path):
    assert cli("case", "new", "H1", "--her2-ihc", "3+").exit_code == 0  # no ER/PR recorded
    table = tmp_path / "cn.tsv"
    table.write_text("gene\tcopy_number\nCCND1\t12\n", encoding="utf-8")
    res = cli("cna", "import", "H1", table, "--sample-id", "B1", "--build", "GRCh38")
    assert res.exit_code == 0, res.stderr
    res = cli("group", "H1")
    assert res.exit_code == 3
    assert "cannot assign: HR status (unknown)" in res.stderr and "G3" in res.stderr
