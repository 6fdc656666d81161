"""One worked case for the export tests, built once per session in-process from the demo's own
input files (genomics, copy number, grouping, organoid plate and ranking, RECIST course) — the
demo's workup without the diameter readout and the report, which the export does not use."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "sample_cases" / "DEMO-001"


def _steps() -> list[list[str]]:
    c, g = str(CASE), str(CASE / "genomics")
    return [
        ["case", "new", "DEMO-001", "--intake", f"{c}/intake.yaml"],
        *[
            ["variants", "import", "DEMO-001", f"{g}/{vcf}", "--sample-id", sid, "--kind", kind]
            + (["--site", site] if site else [])
            + ["--collected", date, "--assay", "wes"]
            for vcf, sid, kind, site, date in (
                ("liver_biopsy.vcf", "LIVER-B1", "biopsy", "liver", "2024-02-20"),
                ("axilla_biopsy.vcf", "NODE-B1", "biopsy", "axillary lymph node", "2024-02-20"),
                ("ctdna_2024-02-20.vcf", "CTDNA-T1", "ctdna", None, "2024-02-20"),
                ("ctdna_2024-04-02.vcf", "CTDNA-T2", "ctdna", None, "2024-04-02"),
            )
        ],
        ["cna", "import", "DEMO-001", f"{g}/liver_biopsy.call.cns", "--sample-id", "LIVER-B1"],
        ["cna", "import", "DEMO-001", f"{g}/axilla_gene_cn.tsv", "--sample-id", "NODE-B1"],
        ["group", "DEMO-001"],
        ["pdo", "load", "DEMO-001", f"{c}/pdo/pdo_plate1_envision.csv", "--layout",
         f"{c}/pdo/pdo_layout.csv", "--screen", "PDO1"],
        ["pdo", "rank", "DEMO-001", "--screen", "PDO1"],
        ["response", "import", "DEMO-001", f"{c}/recist_measurements.csv"],
        ["line", "start", "DEMO-001", "--regimen", "eve-h-nabp", "--date", "2024-03-01"],
        ["line", "stop", "DEMO-001", "--date", "2024-09-27", "--reason", "progression"],
        ["response", "evaluate", "DEMO-001"],
    ]  # fmt: skip


class Env:
    """Run the CLI in-process against the session workspace (stdout captured as text)."""

    def __init__(self, root: Path):
        self.root = root

    def run(self, *args: str) -> tuple[int, str, str]:
        import contextlib
        import io

        from precisecli.cli.main import run

        out, err = io.StringIO(), io.StringIO()
        saved = os.environ.get("PRECISE_WORKSPACE")
        os.environ["PRECISE_WORKSPACE"] = str(self.root)
        from precisecli.cli import common

        try:
            common.out_console.reset()
            common.err_console.reset()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = run([str(a) for a in args])
        finally:
            common.out_console.reset()
            common.err_console.reset()
            if saved is None:
                os.environ.pop("PRECISE_WORKSPACE", None)
            else:
                os.environ["PRECISE_WORKSPACE"] = saved
        return code, out.getvalue(), err.getvalue()

    def json(self, *args: str):
        import json

        code, out, err = self.run(*args)
        assert code == 0, err
        return json.loads(out)


@pytest.fixture(scope="session")
def export_env(tmp_path_factory) -> Env:
    root = tmp_path_factory.mktemp("export-ws") / "ws"
    env = Env(root)
    for step in _steps():
        code, _, err = env.run(*step)
        assert code == 0, (step, err)
    return env


@pytest.fixture(scope="session")
def exported(export_env, tmp_path_factory) -> dict[str, Path]:
    """The case exported in both formats, without and with notes."""
    out = tmp_path_factory.mktemp("export-out")
    files = {}
    for fmt in ("fhir", "phenopacket"):
        for notes in (False, True):
            path = out / f"{fmt}{'-notes' if notes else ''}.json"
            args = ["export", "DEMO-001", "--format", fmt, "--out", str(path)]
            code, _, err = export_env.run(*args, *(["--with-notes"] if notes else []))
            assert code == 0, err
            files[f"{fmt}{'-notes' if notes else ''}"] = path
    return files


@pytest.fixture
def copied_ws(export_env, tmp_path) -> Env:
    """A private copy of the session workspace, for tests that change the case."""
    root = tmp_path / "ws"
    shutil.copytree(export_env.root, root, symlinks=True)
    return Env(root)
