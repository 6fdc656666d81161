"""Hostile integrity items: tampered, torn, planted or inconsistent case data. Each is refused
with exit 3 and one line saying what to do; the case is left as it was (evidence kept)."""

from __future__ import annotations

import json
import os
import shutil

from tests.hostile.framework import DEMO, Ctx, Item, precise

VCF = DEMO / "genomics" / "liver_biopsy.vcf"


def _with_sample(ctx: Ctx) -> None:
    precise(ctx, "variants", "import", ctx.case_id, VCF, "--sample-id", "S1", "--build", "GRCh38")


def _case(ctx: Ctx):
    return ctx.workspace / ctx.case_id


def _import_s2(ctx: Ctx) -> list[str]:
    return ["variants", "import", ctx.case_id, str(VCF), "--sample-id", "S2", "--build", "GRCh38"]


def _then(setup, argv):
    def make(ctx: Ctx) -> list[str]:
        setup(ctx)
        return argv(ctx)

    return make


def _validate(ctx: Ctx) -> list[str]:
    return ["case", "validate", ctx.case_id]


def _verify(ctx: Ctx) -> list[str]:
    return ["case", "log", ctx.case_id, "--verify"]


def _show(ctx: Ctx) -> list[str]:
    return ["case", "show", ctx.case_id]


def _report(ctx: Ctx) -> list[str]:
    return ["report", ctx.case_id, "--html"]


def _group(ctx: Ctx) -> list[str]:
    return ["group", ctx.case_id]


# --- tampering (prepare hooks) -------------------------------------------------------------------
def _other_case_id(ctx: Ctx) -> None:
    path = _case(ctx) / "case.json"
    record = json.loads(path.read_text())
    record["case_id"] = "SOMEONE-ELSE"
    path.write_text(json.dumps(record, indent=2))


def _torn_tail(ctx: Ctx) -> None:
    log = _case(ctx) / "audit.jsonl"
    log.write_bytes(log.read_bytes()[:-30])


def _edited_tail(ctx: Ctx) -> None:
    log = _case(ctx) / "audit.jsonl"
    lines = log.read_text().splitlines(keepends=True)
    entry = json.loads(lines[-1])
    entry["args"]["sample_id"] = "S9"
    lines[-1] = json.dumps(entry) + "\n"
    log.write_text("".join(lines))


def _plant(writes, removals=()):
    def prepare(ctx: Ctx) -> None:
        txn = _case(ctx) / ".txn"
        txn.mkdir()
        (txn / ".tmp-planted").write_text("planted")
        plan = {"writes": writes, "removals": list(removals)}
        (txn / "manifest.json").write_text(json.dumps(plan))

    return prepare


def _corrupt_manifest(ctx: Ctx) -> None:
    (_case(ctx) / ".txn").mkdir()
    (_case(ctx) / ".txn" / "manifest.json").write_text('{"writes": [[')


def _symlinked_variants(ctx: Ctx) -> None:
    real = _case(ctx) / "variants"
    outside = ctx.tmp / "outside-variants"
    shutil.copytree(real, outside)
    shutil.rmtree(real)
    real.symlink_to(outside)


def _symlinked_case_json(ctx: Ctx) -> None:
    path = _case(ctx) / "case.json"
    outside = ctx.tmp / "case.json"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)


def _fifo_in_case(ctx: Ctx) -> None:
    os.mkfifo(_case(ctx) / "variants" / "pipe")


def _bad_table_value(ctx: Ctx) -> None:
    table = _case(ctx) / "variants" / "S1.tsv"
    lines = table.read_text().splitlines(keepends=True)
    fields = lines[1].split("\t")
    fields[1] = "12x"
    lines[1] = "\t".join(fields)
    table.write_text("".join(lines))


def _bad_table_header(ctx: Ctx) -> None:
    table = _case(ctx) / "variants" / "S1.tsv"
    text = table.read_text()
    table.write_text("chromosome" + text[len("chrom") :])


def _orphan_table(ctx: Ctx) -> None:
    (_case(ctx) / "variants" / "GHOST.tsv").write_text("chrom\n")


def _missing_table(ctx: Ctx) -> None:
    (_case(ctx) / "variants" / "S1.tsv").unlink()


def _rewritten_history(ctx: Ctx) -> None:
    """Consistent rewrite without the key: every hash and the head recomputed."""
    from precisecli.store import audit

    case = _case(ctx)
    entries = [json.loads(x) for x in (case / "audit.jsonl").read_text().splitlines()]
    entries[-1]["args"]["sample_id"] = "S9"
    prev = audit.GENESIS
    for e in entries:
        e.pop("mac", None)
        e["prev"] = prev
        e["hash"] = audit.entry_hash(e)
        prev = e["hash"]
    (case / "audit.jsonl").write_text("".join(audit.serialise(e) for e in entries))
    record = json.loads((case / "case.json").read_text())
    record["audit"]["head"] = prev
    (case / "case.json").write_text(json.dumps(record, indent=2))


def _keyed_case(ctx: Ctx) -> None:
    key = ctx.tmp / "site.key"
    key.write_bytes(os.urandom(32))
    env = {"PRECISE_AUDIT_KEY_FILE": str(key)}
    os.environ.update(env)
    try:
        precise(ctx, "case", "new", "KEYED")
        precise(ctx, "variants", "import", "KEYED", VCF, "--sample-id", "S1", "--build", "GRCh38")
    finally:
        os.environ.pop("PRECISE_AUDIT_KEY_FILE")


def _rewrite_keyed(ctx: Ctx) -> None:
    _rewritten_history(Ctx(tmp=ctx.tmp, workspace=ctx.workspace, case_id="KEYED"))


def _keyed_verify(ctx: Ctx) -> list[str]:
    _keyed_case(ctx)
    return ["case", "log", "KEYED", "--verify"]


def _key_env() -> dict[str, str]:
    return {"PRECISE_AUDIT_KEY_FILE": "{tmp}/site.key"}


ITEMS: list[Item] = [
    Item(
        id="case-json-names-another-case-report",
        cls="integrity",
        make=_report,
        prepare=_other_case_id,
        message=r"names another case",
    ),
    Item(
        id="case-json-names-another-case-show",
        cls="integrity",
        make=_show,
        prepare=_other_case_id,
        message=r"case_id",
    ),
    Item(
        id="torn-audit-tail-writer-refuses",
        cls="integrity",
        make=_then(_with_sample, _import_s2),
        prepare=_torn_tail,
        message=r"audit log is broken.*torn.*restore",
    ),
    Item(
        id="edited-audit-tail-writer-refuses",
        cls="integrity",
        make=_then(_with_sample, _import_s2),
        prepare=_edited_tail,
        message=r"audit log is broken",
    ),
    Item(
        id="torn-audit-tail-validate",
        cls="integrity",
        make=_validate,
        prepare=_torn_tail,
        message=r"audit log",
    ),
    Item(
        id="planted-manifest-parent-path",
        cls="integrity",
        make=_import_s2,
        prepare=_plant([[".tmp-planted", "../../escaped.txt"]]),
        message=r"journal.*outside the case",
    ),
    Item(
        id="planted-manifest-absolute-path",
        cls="integrity",
        make=_show,
        prepare=_plant([[".tmp-planted", "/tmp/precise-escaped.txt"]]),
        message=r"journal",
    ),
    Item(
        id="planted-manifest-removal-outside",
        cls="integrity",
        make=_import_s2,
        prepare=_plant([], removals=["../HOSTILE-1/../../x"]),
        message=r"journal",
    ),
    Item(
        id="planted-manifest-temp-outside-journal",
        cls="integrity",
        make=_import_s2,
        prepare=_plant([["../../../etc/hostname", "intake.txt"]]),
        message=r"journal",
    ),
    Item(
        id="corrupt-manifest",
        cls="integrity",
        make=_import_s2,
        prepare=_corrupt_manifest,
        message=r"journal.*not valid JSON",
    ),
    Item(
        id="symlinked-case-subfolder",
        cls="integrity",
        make=_then(_with_sample, _import_s2),
        prepare=_symlinked_variants,
        message=r"symbolic link",
    ),
    Item(
        id="symlinked-case-json",
        cls="integrity",
        make=_show,
        prepare=_symlinked_case_json,
        message=r"symbolic link",
    ),
    Item(
        id="fifo-inside-case",
        cls="integrity",
        make=_then(_with_sample, _validate),
        prepare=_fifo_in_case,
        message=r"special file",
    ),
    Item(
        id="corrupt-table-validate",
        cls="integrity",
        make=_then(_with_sample, _validate),
        prepare=_bad_table_value,
        message=r"S1\.tsv, line 2, field 'pos'",
    ),
    Item(
        id="corrupt-table-writer",
        cls="integrity",
        make=_then(_with_sample, _group),
        prepare=_bad_table_value,
        message=r"S1\.tsv",
    ),
    Item(
        id="table-header-changed",
        cls="integrity",
        make=_then(_with_sample, _validate),
        prepare=_bad_table_header,
        message=r"columns",
    ),
    Item(
        id="orphan-table",
        cls="integrity",
        make=_then(_with_sample, _validate),
        prepare=_orphan_table,
        message=r"GHOST\.tsv",
    ),
    Item(
        id="missing-table",
        cls="integrity",
        make=_then(_with_sample, _validate),
        prepare=_missing_table,
        message=r"missing",
    ),
    Item(
        id="rewritten-history-with-site-key",
        cls="integrity",
        make=_keyed_verify,
        prepare=_rewrite_keyed,
        env=_key_env(),
        message=r"MAC",
    ),
]
