"""Text that is not valid Unicode: file names whose bytes are not UTF-8 (Python holds them as
lone surrogates, PEP 383) and lone UTF-16 surrogate escapes in JSON. Before: exit 5 (the VCF
worker failed, a case record or --json output could not be written as UTF-8). Now an input path
that is not UTF-8 is refused (exit 3, the name shown with \\xNN), JSON with a lone surrogate
escape is refused at its line, and an output under a folder whose name is not UTF-8 is written
with the name shown as \\xNN."""

from __future__ import annotations

import json
import os
import shutil

from tests.hostile import inputs as I
from tests.hostile.framework import Ctx, Item

NOT_UTF8 = os.fsdecode(b"\xff\xfe")  # the bytes ff fe, as Python decodes a file name


def _copy(ctx: Ctx, source: str, name: str) -> str:
    target = ctx.tmp / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return str(target)


def _vcf_named(name: str):
    def make(ctx: Ctx) -> list[str]:
        vcf = _copy(ctx, I.demo_file("genomics", "liver_biopsy.vcf"), name)
        return ["variants", "import", ctx.case_id, vcf, "--sample-id", "E1", "--kind", "biopsy"]

    return make


def _cna_named(ctx: Ctx) -> list[str]:
    cns = _copy(ctx, I.demo_file("genomics", "liver_biopsy.call.cns"), f"{NOT_UTF8}.call.cns")
    return ["cna", "import", ctx.case_id, cns, "--sample-id", "E1"]


def _plates_named(ctx: Ctx) -> list[str]:
    plate = _copy(ctx, I.demo_file("pdo", "pdo_plate1_envision.csv"), f"{NOT_UTF8}.csv")
    return ["pdo", "read", plate, "--json"]


def _intake_with_lone_surrogate(ctx: Ctx) -> list[str]:
    import yaml

    data = yaml.safe_load(I.intake_text())
    text = json.dumps(data, indent=2).replace('"P-DEMO-001"', '"P-\\ud800-1"')
    assert "\\ud800" in text
    return ["case", "new", "ENC-1", "--intake", I.write(ctx, "intake.json", text)]


def _list_in_a_folder_not_utf8(ctx: Ctx) -> list[str]:
    folder = ctx.tmp / f"ws-{NOT_UTF8}"
    return ["--workspace", str(folder), "case", "list", "--json"]


ITEMS = [
    Item(
        id="encoding-vcf-name-not-utf8",
        cls="impossible",
        make=_vcf_named(f"{NOT_UTF8}.vcf"),
        message=r"\\xff\\xfe\.vcf: the variant file's name is not valid UTF-8",
    ),
    Item(
        id="encoding-vcf-folder-not-utf8",
        cls="impossible",
        make=_vcf_named(f"d{NOT_UTF8}/x.vcf"),
        message=r"x\.vcf: the variant file's folder's name is not valid UTF-8",
    ),
    Item(
        id="encoding-cna-name-not-utf8",
        cls="impossible",
        make=_cna_named,
        message=r"name is not valid UTF-8",
    ),
    Item(
        id="encoding-plate-name-not-utf8",
        cls="impossible",
        setup="none",
        make=_plates_named,
        message=r"\\xff\\xfe\.csv: the plate export's name is not valid UTF-8",
    ),
    Item(
        id="encoding-json-lone-surrogate",
        cls="impossible",
        setup="none",
        make=_intake_with_lone_surrogate,
        message=r"intake\.json, line \d+: a string holds a lone UTF-16 surrogate escape",
    ),
    Item(
        id="encoding-json-output-workspace-not-utf8",
        cls="environment",
        setup="none",
        make=_list_in_a_folder_not_utf8,
        exit_code=0,
        shows=("ws-\\\\xff\\\\xfe",),  # in the JSON text: the escape's backslash, escaped
    ),
]
