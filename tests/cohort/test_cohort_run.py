"""`cohort run SHEET -j 2` on Snakemake: a 30-case sheet (plus one case whose variants file is
not a VCF) runs end to end; the failing case does not stop the others and is listed at the end;
each kind of case gives the same results as typing its commands one by one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from precisecli.resources import resource_dir

pytest.importorskip("snakemake")
DEMO = resource_dir("sample_cases") / "DEMO-001"
N_CASES = 30


def _inputs(folder: Path) -> None:
    folder.mkdir()
    for rel in ("intake.yaml", "recist_measurements.csv", "genomics/liver_biopsy.vcf",
                "genomics/liver_biopsy.call.cns", "genomics/axilla_biopsy.vcf",
                "genomics/axilla_gene_cn.tsv", "pdo/pdo_layout.csv",
                "pdo/pdo_plate1_envision.csv"):  # fmt: skip
        shutil.copy(DEMO / rel, folder / Path(rel).name)


def _variant(i: int) -> tuple[str, str, str, bool]:
    """(vcf, copy-number file, sample id, with organoid screen) of case i: four kinds."""
    liver = i % 2 == 0
    vcf, cn, sample = (
        ("liver_biopsy.vcf", "liver_biopsy.call.cns", "LIVER-B1")
        if liver
        else ("axilla_biopsy.vcf", "axilla_gene_cn.tsv", "NODE-B1")
    )
    return vcf, cn, sample, i % 4 < 2


def _sheet(folder: Path) -> Path:
    rows = ["case_id,input,file,sample_id,kind,site,collected,screen"]
    for i in range(1, N_CASES + 1):
        cid = f"P{i:02d}"
        vcf, cn, sample, pdo = _variant(i)
        rows += [f"{cid},intake,in/intake.yaml,,,,,",
                 f"{cid},variants,in/{vcf},{sample},biopsy,liver,2024-02-20,",
                 f"{cid},cna,in/{cn},{sample},,,,",
                 f"{cid},recist,in/recist_measurements.csv,,,,,"]  # fmt: skip
        if pdo:
            rows += [f"{cid},layout,in/pdo_layout.csv,,,,,PDO1",
                     f"{cid},pdo,in/pdo_plate1_envision.csv,,,,,PDO1"]  # fmt: skip
    rows += ["BAD,intake,in/intake.yaml,,,,,", "BAD,variants,in/axilla_gene_cn.tsv,S1,,,,"]
    (folder / "cohort.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder / "cohort.csv"


def _one_by_one(cli, folder: Path, cid: str, i: int) -> None:
    vcf, cn, sample, pdo = _variant(i)
    d = folder / "in"
    steps = [
        ["case", "new", cid, "--intake", d / "intake.yaml"],
        ["variants", "import", cid, d / vcf, "--sample-id", sample, "--kind", "biopsy",
         "--site", "liver", "--collected", "2024-02-20"],
        ["cna", "import", cid, d / cn, "--sample-id", sample],
    ]  # fmt: skip
    if pdo:
        steps.append(["pdo", "load", cid, d / "pdo_plate1_envision.csv", "--layout",
                      d / "pdo_layout.csv", "--screen", "PDO1"])  # fmt: skip
    steps.append(["response", "import", cid, d / "recist_measurements.csv"])
    steps.append(["group", cid])
    if pdo:
        steps += [["pdo", "qc", cid], ["pdo", "rank", cid, "--screen", "PDO1"]]
    steps.append(["report", cid])
    for step in steps:
        result = cli("--workspace", folder / "ws1", *step)
        assert result.exit_code == 0, (step, result.stderr)


VOLATILE = {"created", "updated", "audit", "imported", "generated", "case_sha256"}


def _stable(doc, case_id):
    if isinstance(doc, dict):
        return {k: _stable(v, case_id) for k, v in doc.items() if k not in VOLATILE}
    if isinstance(doc, list):
        return [_stable(v, case_id) for v in doc]
    return doc.replace(case_id, "CASE") if isinstance(doc, str) else doc


@pytest.mark.slow
def test_thirty_cases_end_to_end_with_two_jobs(tmp_path, cli):
    _inputs(tmp_path / "in")
    sheet = _sheet(tmp_path)
    result = cli("--workspace", tmp_path / "ws", "cohort", "run", sheet, "-j", "2")
    assert result.exit_code == 3, result.stderr
    assert "1 of 31 case(s) failed: BAD (import" in result.stderr
    assert "BAD: failed at import" in result.stdout
    for i in range(1, N_CASES + 1):
        cid = f"P{i:02d}"
        assert f"{cid}: done" in result.stdout
        assert (tmp_path / "cohort.run" / "done" / f"{cid}.report").is_file()
        assert list((tmp_path / "ws" / cid / "reports").glob("*.pdf"))
    # One case of each kind, typed command by command into another workspace.
    for i in (1, 2, 3, 4):
        cid = f"P{i:02d}"
        _one_by_one(cli, tmp_path, cid, i)
        batch = json.loads((tmp_path / "ws" / cid / "case.json").read_text())
        single = json.loads((tmp_path / "ws1" / cid / "case.json").read_text())
        assert batch["audit"]["entries"] == single["audit"]["entries"]
        for key in ("intake", "genomics", "grouping", "pdo", "treatment", "reports"):
            assert _stable(batch.get(key), cid) == _stable(single.get(key), cid), key
        summaries = [json.loads((tmp_path / w / cid / "summary.json").read_text())
                     for w in ("ws", "ws1")]  # fmt: skip
        assert _stable(summaries[0], cid) == _stable(summaries[1], cid)
    # A second run does nothing for the finished cases and lists the failing one again.
    audit = (tmp_path / "ws" / "P01" / "audit.jsonl").read_bytes()
    again = cli("--workspace", tmp_path / "ws", "cohort", "run", sheet, "-j", "2")
    assert "1 of 31 case(s) failed: BAD" in again.stderr
    assert (tmp_path / "ws" / "P01" / "audit.jsonl").read_bytes() == audit


@pytest.mark.slow  # importing Snakemake alone takes seconds
def test_bad_snakemake_args_are_refused_before_running(tmp_path, cli):
    _inputs(tmp_path / "in")
    sheet = _sheet(tmp_path)
    result = cli("--workspace", tmp_path / "ws", "cohort", "run", sheet,
                 "--snakemake-args", "--no-such-option")  # fmt: skip
    assert result.exit_code == 2
    assert "--snakemake-args" in result.stderr
    assert not (tmp_path / "ws").exists() or not any((tmp_path / "ws").iterdir())
