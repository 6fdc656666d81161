"""Case-level genomics operations behind the CLI: import into a case (one transaction each) and
the documents printed by ``variants show`` / ``variants compare``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.store.workspace import check_identifier

KINDS = ("biopsy", "ctdna", "normal")  # normal: matched white cells (buffy coat / PBMC), for CH
FILTER_MODES = ("pass", "pass-or-missing", "any")


@dataclass
class SampleOptions:
    sample_id: str
    kind: str
    site: str | None
    collected: str | None

    def check(self) -> None:
        check_identifier(self.sample_id, "sample id")
        if self.kind not in KINDS:
            raise InputError(f"--kind must be one of {', '.join(KINDS)}, not '{self.kind}'")
        if self.collected is not None:
            try:
                dt.date.fromisoformat(self.collected)
            except ValueError:
                raise InputError(
                    f"--collected '{self.collected}' is not a date",
                    hint="use YYYY-MM-DD, e.g. 2024-02-20",
                ) from None


_PART_WORDS = {"variants": "variants", "cna": "copy-number calls"}


def _already_imported(
    existing, part: str, digest, replace: bool, path: Path, sample_id: str
) -> bool:
    """True when this very file is already this sample's part (a no-op); refuses another file
    for the same sample and part unless --replace."""
    previous = (existing or {}).get(part)
    if not previous or replace:
        return False
    if previous["sha256"] == digest.sha256:
        return True
    raise InputError(
        f"sample {sample_id} already has {_PART_WORDS[part]} from another file",
        location=Location(file=path.name),
        hint="add --replace to replace them, or use another --sample-id",
    )


def _sample_of(record: dict, sample_id: str) -> dict | None:
    return ((record.get("genomics") or {}).get("samples") or {}).get(sample_id)


def _check_same_build(record: dict, sample_id: str, build: str, path: Path) -> None:
    own = (_sample_of(record, sample_id) or {}).get("build")
    for known in (own, _other_build(record, sample_id)):
        if known and known != build:
            raise InputError(
                f"--build {build} conflicts with this case's genomics ({known}); "
                "mixed builds in one case are refused",
                location=Location(file=path.name),
            )


def _other_build(record: dict, sample_id: str) -> str | None:
    samples = (record.get("genomics") or {}).get("samples", {})
    found = {s["build"] for sid, s in samples.items() if sid != sample_id}
    return found.pop() if found else None


def _sample_entry(record: dict, opts: SampleOptions, build: str) -> dict:
    gen = record.setdefault("genomics", {"build": build, "samples": {}})
    gen["build"] = build
    entry = gen["samples"].setdefault(opts.sample_id, {"kind": opts.kind, "build": build})
    entry.update({"kind": opts.kind, "build": build})
    entry["site"] = opts.site
    entry["collected"] = opts.collected
    return entry


def _refresh_build(record: dict) -> None:
    gen = record.get("genomics")
    if gen:
        builds = sorted({s["build"] for s in gen["samples"].values()})
        gen["build"] = builds[0] if builds else None


def import_variants(st, case_id: str, path: Path, opts: SampleOptions, **kwargs) -> dict[str, Any]:
    """``variants import``: see _import_variants. The VCF worker is started first, so that its
    start-up overlaps hashing the file, loading the knowledge base and reading the header."""
    from precisecli.genomics.importer import start_worker, stop_worker
    from precisecli.limits import require_regular_file

    require_regular_file(path, what="variant file")  # a FIFO or device: refused before reading
    worker = start_worker()
    try:
        return _import_variants(st, case_id, path, opts, worker=worker, **kwargs)
    finally:
        stop_worker(worker)


def _import_variants(
    st,
    case_id: str,
    path: Path,
    opts: SampleOptions,
    *,
    worker,
    tumor_sample: str | None,
    build_option: str | None,
    replace: bool,
    filter_mode: str,
    min_vaf: float | None,
    assay: str | None,
    territory_mb: float | None,
    on_progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    from precisecli.genomics.importer import prepare_import
    from precisecli.genomics.record import rules_for, territory, tmb_block
    from precisecli.knowledge.kb import load_kb
    from precisecli.limits import require_regular_file
    from precisecli.store.hashing import digest_file

    opts.check()
    if filter_mode not in FILTER_MODES:
        raise InputError(f"--filter must be one of {', '.join(FILTER_MODES)}")
    require_regular_file(path, what="variant file")  # a FIFO or device: refused before reading
    digest = digest_file(path)
    kb = load_kb()
    rules = rules_for(kb, opts.kind, filter_mode, min_vaf)
    where = territory(kb, assay, territory_mb, opts.kind)
    record = st.load(case_id)
    existing = ((record.get("genomics") or {}).get("samples") or {}).get(opts.sample_id)
    if _already_imported(existing, "variants", digest, replace, path, opts.sample_id):
        return {"case_id": case_id, "sample_id": opts.sample_id, "status": "unchanged"}
    args = {
        "case_id": case_id,
        "sample_id": opts.sample_id,
        "kind": opts.kind,
        "site_given": opts.site is not None,
        "collected_given": opts.collected is not None,
        "tumor_sample_given": tumor_sample is not None,
        "build": build_option,
        "replace": replace,
        "filter": filter_mode,
        "min_vaf": min_vaf,
        "assay": assay,
        "territory_mb": territory_mb,
    }
    with (
        st.scratch(case_id) as scratch,
        prepare_import(
            path,
            kind=opts.kind,
            tumor_sample=tumor_sample,
            build_option=build_option,
            case_build=_other_build(record, opts.sample_id),
            rules=rules,
            on_progress=on_progress,
            scratch_parent=scratch,
            worker=worker,
        ) as result,
    ):
        table_rel = f"variants/{opts.sample_id}.tsv"
        with st.update(
            case_id, command="variants import", args=args, inputs=[digest], kb=kb.stamp()
        ) as txn:
            # Decided again under the case lock: another import may have added it meanwhile.
            existing = _sample_of(txn.record, opts.sample_id)
            if _already_imported(existing, "variants", digest, replace, path, opts.sample_id):
                return {"case_id": case_id, "sample_id": opts.sample_id, "status": "unchanged"}
            other = _other_build(txn.record, opts.sample_id)
            if other and other != result.build:  # someone imported meanwhile
                raise InputError(
                    f"file is {result.build} but this case's genomics are {other}",
                    location=Location(file=path.name),
                )
            entry = _sample_entry(txn.record, opts, result.build)
            annotated = result.annotation != "none"
            n_rows = result.counts.get("rows", 0)
            entry["variants"] = {
                "table": table_rel,
                "file": digest.name,
                "sha256": digest.sha256,
                "format": result.file_format,
                "build_source": result.build_source,
                "tumor_sample": result.tumor_sample,
                "annotation": result.annotation,
                "assay": assay,
                "records": result.records,
                "kept_records": result.counts.get("kept_records", 0),
                "filtered_records": result.counts.get("filtered", 0),
                "duplicates": result.counts.get("duplicates", 0),
                "vaf_unknown": result.counts.get("vaf_unknown", 0),
                "symbolic_skipped": result.counts.get("symbolic_skipped", 0),
                "n_variants": n_rows,
                "vaf_sources": result.vaf_sources,
                "annotation_sources": result.annotation_sources,
                "sorted": result.sorted,
                "parser_warnings": result.parser_warnings,
                "rules": {
                    "filter": rules.filter_mode,
                    "min_vaf": rules.min_vaf,
                    "min_depth": rules.min_depth,
                    "ch_genes": list(rules.ch_genes) if opts.kind == "ctdna" else [],
                },
                "tmb": tmb_block(
                    result.counts.get("tmb_eligible", 0),
                    where,
                    rules,
                    annotated,
                    no_vaf=n_rows > 0 and result.vaf_sources.get("none", 0) == n_rows,
                ),
            }
            # Renamed into the case at commit (same filesystem), not copied: tables of
            # millions of rows are hundreds of MB.
            txn.write_file(table_rel, result.table, move=True)
            status = "replaced" if existing and existing.get("variants") else "imported"
    return {
        "case_id": case_id,
        "sample_id": opts.sample_id,
        "status": status,
        "build": result.build,
        "build_source": result.build_source,
        "tumor_sample": result.tumor_sample,
        "annotation": result.annotation,
        "records": result.records,
        "n_variants": n_rows,
        "filtered_records": result.counts.get("filtered", 0),
        "duplicates": result.counts.get("duplicates", 0),
        "vaf_sources": result.vaf_sources,
        "tmb_per_mb": entry["variants"]["tmb"]["per_mb"],
        "territory_mb": where.mb,
        "territory_source": where.source,
        "tmb_status": entry["variants"]["tmb"]["status"],
        "tmb_reason": entry["variants"]["tmb"]["reason"],
        "vaf_unknown": result.counts.get("vaf_unknown", 0),
        "symbolic_skipped": result.counts.get("symbolic_skipped", 0),
    }


def import_cna(
    st,
    case_id: str,
    path: Path,
    opts: SampleOptions,
    *,
    ploidy: float,
    purity: float | None,
    build_option: str | None,
    replace: bool,
    allele_specific: bool = False,
) -> dict[str, Any]:
    import tempfile

    from precisecli.genomics import cna
    from precisecli.genomics.build import normalise_build
    from precisecli.genomics.cnvkit_call import CnvkitThresholds
    from precisecli.knowledge.kb import load_kb
    from precisecli.store.hashing import digest_file

    opts.check()
    if not 0.5 <= ploidy <= 8:
        raise InputError("--ploidy must be between 0.5 and 8", hint="e.g. --ploidy 2")
    if purity is not None and not 0 < purity <= 1:
        raise InputError("--purity must be a fraction in (0, 1]", hint="e.g. --purity 0.6")
    from precisecli.limits import require_regular_file

    require_regular_file(path, what="copy-number file")
    digest = digest_file(path)
    kb = load_kb()
    thresholds = cna.CnThresholds.from_kb(kb)
    cnvkit_th = CnvkitThresholds.from_kb(kb)
    record = st.load(case_id)
    existing = ((record.get("genomics") or {}).get("samples") or {}).get(opts.sample_id)
    previous = (existing or {}).get("cna")
    if previous and previous["sha256"] == digest.sha256 and not replace:
        if (previous.get("purity"), previous.get("ploidy")) == (purity, ploidy):
            return {"case_id": case_id, "sample_id": opts.sample_id, "status": "unchanged"}
        raise InputError(
            f"sample {opts.sample_id} already has these copy-number calls, made with purity "
            f"{previous.get('purity')} and ploidy {previous.get('ploidy'):g}",
            location=Location(file=path.name),
            hint="add --replace to call them again with the new --purity/--ploidy",
        )
    _already_imported(existing, "cna", digest, replace, path, opts.sample_id)
    other = _other_build(record, opts.sample_id)
    own = existing.get("build") if existing else None
    cn_input = cna.read_cna(path, ploidy, purity, cnvkit_th)
    if allele_specific and (
        not cn_input.segments or any(seg.minor is None for seg in cn_input.segments)
    ):
        raise InputError(
            f"--allele-specific: the file has no minor copy number ({cn_input.format})",
            location=Location(file=path.name, line=1, field="nMinor"),
            hint="use allele-specific segments (Chromosome Start End nMajor nMinor, ASCAT "
            "segments, PURPLE *.purple.cnv.somatic.tsv) or drop --allele-specific",
        )
    wanted = normalise_build(build_option) if build_option else None
    if cn_input.segments:
        found = cna.detect_build(cn_input.segments, path.name)
    else:
        found = None
    if wanted and found and wanted != found:
        raise InputError(
            f"--build {wanted} conflicts with the file: its segments reach past the ends of "
            f"the {wanted} chromosomes, so it is {found}",
            location=Location(file=path.name),
            hint="drop --build or import the file made on the right build",
        )
    if wanted or found:
        build = wanted or found
        build_source = "--build option" if wanted else "segment ends (chromosome lengths)"
    elif own or other:
        build = own or other
        build_source = "this case's build (the file does not say; its positions fit it)"
    else:
        raise InputError(
            "genome build unknown: the copy-number file does not state it and its positions "
            "fit both GRCh37 and GRCh38",
            location=Location(file=path.name),
            hint="give it with --build GRCh37 or --build GRCh38",
        )
    for known in (own, other):
        if known and known != build:
            raise InputError(
                f"the file is {build} ({build_source}) but this case's genomics are {known}; "
                "mixed builds in one case are refused",
                location=Location(file=path.name),
                hint=f"use a {known} file (lift it over first), or a separate case",
            )
    if cn_input.segments:
        cna.check_build(cn_input.segments, build, path.name)
    rows = cna.gene_calls(cn_input, build, ploidy, purity, thresholds, cnvkit_th, path.name)
    args = {
        "case_id": case_id,
        "sample_id": opts.sample_id,
        "kind": opts.kind,
        "ploidy": ploidy,
        "purity": purity,
        "build": build_option,
        "replace": replace,
        "allele_specific": allele_specific,
    }
    from precisecli.genomics.cna_allelic import SEGMENT_COLUMNS, segment_rows

    seg_rows = segment_rows(cn_input)
    uncalled = "threshold rule" in cn_input.format
    with tempfile.TemporaryDirectory(prefix="precise-cna-") as scratch:
        table = Path(scratch) / "cna.tsv"
        cna.write_table(rows, table)
        table_rel = f"cna/{opts.sample_id}.tsv"
        seg_rel = f"segments/{opts.sample_id}.tsv"
        if seg_rows is not None:
            from precisecli.genomics.table import format_row

            seg_table = Path(scratch) / "segments.tsv"
            with open(seg_table, "w", encoding="utf-8", newline="") as out:
                out.write("\t".join(SEGMENT_COLUMNS) + "\n")
                for r in seg_rows:
                    out.write(format_row(r, SEGMENT_COLUMNS))
        with st.update(
            case_id, command="cna import", args=args, inputs=[digest], kb=kb.stamp()
        ) as txn:
            # Decided again under the case lock: another import may have changed it meanwhile.
            existing = _sample_of(txn.record, opts.sample_id)
            if _already_imported(existing, "cna", digest, replace, path, opts.sample_id):
                return {"case_id": case_id, "sample_id": opts.sample_id, "status": "unchanged"}
            _check_same_build(txn.record, opts.sample_id, build, path)
            if existing and existing.get("variants"):
                opts = SampleOptions(
                    opts.sample_id,
                    existing["kind"],
                    opts.site or existing.get("site"),
                    opts.collected or existing.get("collected"),
                )
            entry = _sample_entry(txn.record, opts, build)
            entry["cna"] = {
                "table": table_rel,
                "file": digest.name,
                "sha256": digest.sha256,
                "format": cn_input.format,
                "build_source": build_source,
                "ploidy": ploidy,
                "purity": purity,
                "n_genes": len(rows),
                "skipped_segments": cn_input.skipped_segments,
                "thresholds": {
                    "amplification_min_cn": thresholds.amp_min_cn,
                    "amplification_min_ploidy_ratio": thresholds.amp_min_ploidy_ratio,
                    "gain_min_cn_over_ploidy": thresholds.gain_over_ploidy,
                    "loss_max_cn": thresholds.loss_max_cn,
                    "deletion_max_cn": thresholds.deletion_max_cn,
                },
                "cnvkit_thresholds": list(cnvkit_th.values) if uncalled else None,
                "segments_table": seg_rel if seg_rows is not None else None,
                "allele_specific": bool(seg_rows)
                and all(r["minor_cn"] is not None for r in seg_rows),
            }
            txn.write_file(table_rel, table)
            if seg_rows is not None:
                txn.write_file(seg_rel, seg_table)
            elif ((existing or {}).get("cna") or {}).get("segments_table"):
                txn.remove(existing["cna"]["segments_table"])
            _refresh_build(txn.record)
    calls = [r for r in rows if r["call"] != "neutral"]
    return {
        "case_id": case_id,
        "sample_id": opts.sample_id,
        "status": "replaced" if previous else "imported",
        "format": cn_input.format,
        "build": build,
        "build_source": build_source,
        "n_genes": len(rows),
        "skipped_segments": cn_input.skipped_segments,
        "calls": [
            {
                "gene": r["gene"],
                "copy_number": r["copy_number"],
                "call": r["call"],
                "rule": r["rule"],
            }
            for r in calls
        ],
    }
