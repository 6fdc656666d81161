"""`precise variants …` and `precise cna …`: import, show and compare genomic data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, finite, info, out_console, positive, progress, store

variants_app = typer.Typer(help="Somatic variants: import, show, compare.", no_args_is_help=True)
cna_app = typer.Typer(help="Copy number: import gene-level calls.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add this domain's commands to the root app."""
    root.add_typer(variants_app, name="variants")
    root.add_typer(cna_app, name="cna")


CaseArg = Annotated[str, typer.Argument(help="Case id.")]
SampleOpt = Annotated[
    str, typer.Option("--sample-id", help="Sample id (letters, digits, '.', '_', '-').")
]
KindOpt = Annotated[
    str,
    typer.Option(
        "--kind", help="biopsy, ctdna, or normal (matched white cells, for clonal haematopoiesis)."
    ),
]
SiteOpt = Annotated[str | None, typer.Option("--site", help="Biopsy site, e.g. liver.")]
DateOpt = Annotated[
    str | None, typer.Option("--collected", metavar="DATE", help="Collection date, YYYY-MM-DD.")
]
BuildOpt = Annotated[
    str | None,
    typer.Option("--build", help="GRCh37 or GRCh38 (required when the file does not say)."),
]
ReplaceOpt = Annotated[
    bool, typer.Option("--replace", help="Replace this sample's data from an earlier import.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _site(site: str | None) -> str | None:
    """--site is free text shown in tables and reports: one printable line, bounded."""
    from precisecli.labels import check_label

    return None if site is None else check_label(site, "--site", max_chars=100)


def _check_collected(case_id: str, collected: str | None) -> None:
    """--collected may not be in the future nor before the patient's year of birth."""
    import datetime as dt

    from precisecli.clinical import birth_year, check_event_date
    from precisecli.errors import Location

    if collected is None:
        return
    try:
        when = dt.date.fromisoformat(collected)
    except ValueError:
        return  # reported by the sample options check, with the expected format
    born = birth_year(store().load(case_id))
    check_event_date(
        when, what="collection date", born=born, location=Location(field="--collected")
    )


@variants_app.command("import")
def variants_import(
    case_id: CaseArg,
    file: Annotated[Path, typer.Argument(help="VCF, VCF.gz, BCF or MAF.")],
    sample_id: SampleOpt,
    kind: KindOpt = "biopsy",
    site: SiteOpt = None,
    collected: DateOpt = None,
    tumor_sample: Annotated[
        str | None,
        typer.Option(
            "--tumor-sample", metavar="NAME", help="Tumour column of a multi-sample file."
        ),
    ] = None,
    build: BuildOpt = None,
    replace: ReplaceOpt = False,
    filter_mode: Annotated[
        str,
        typer.Option(
            "--filter",
            help="Which FILTER values to keep: pass, pass-or-missing ('.' counts as PASS), any.",
        ),
    ] = "pass-or-missing",
    min_vaf: Annotated[
        float | None,
        typer.Option(
            "--min-vaf",
            min=0,
            max=1,
            callback=finite,
            help="VAF floor as a fraction (default from the knowledge base: ctDNA 0.002).",
        ),
    ] = None,
    assay: Annotated[
        str | None, typer.Option("--assay", help="Knowledge-base assay id (TMB territory).")
    ] = None,
    territory_mb: Annotated[
        float | None,
        typer.Option(
            "--territory-mb",
            min=0.1,
            max=3200,
            callback=positive,
            help="TMB territory in Mb (0.1–3200: TMB over less than 100 kb means nothing).",
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import a sample's somatic variants (VCF/VCF.gz/BCF via cyvcf2, or MAF).

    Example: precise variants import P001 liver.vcf.gz --sample-id LIV1 --site liver
    """
    from precisecli.genomics.service import SampleOptions, import_variants

    opts = SampleOptions(sample_id, kind, _site(site), collected)
    _check_collected(case_id, collected)
    with progress("Importing variants", None, json_mode=json_out) as advance:
        result = import_variants(
            store(),
            case_id,
            file,
            opts,
            tumor_sample=tumor_sample,
            build_option=build,
            replace=replace,
            filter_mode=filter_mode,
            min_vaf=min_vaf,
            assay=assay,
            territory_mb=territory_mb,
            on_progress=advance,
        )
    if json_out:
        emit_json(result, "cli/variants-import.schema.json")
        return
    if result["status"] == "unchanged":
        info(f"{file.name} is already imported as sample {sample_id}; nothing changed")
        return
    tmb = result["tmb_per_mb"]
    if tmb is not None:
        tmb_text = f"{tmb:g}/Mb over {result['territory_mb']:g} Mb"
    else:
        tmb_text = f"not computable: {result.get('tmb_reason') or 'see variants show'}"
    skipped = result.get("symbolic_skipped") or 0
    skipped_text = (
        f", {skipped} ALT(s) skipped as no sequence change (symbolic, breakend or equal to REF)"
        if skipped
        else ""
    )
    info(
        f"{result['status']} sample {sample_id}: {result['n_variants']} variants from "
        f"{result['records']} records ({result['filtered_records']} filtered{skipped_text}), "
        f"{result['build']} ({result['build_source']}), annotation {result['annotation']}, "
        f"TMB {tmb_text}"
    )


@variants_app.command("show")
def variants_show(
    case_id: CaseArg,
    sample_id: Annotated[str | None, typer.Option("--sample-id", help="Only this sample.")] = None,
    gene: Annotated[str | None, typer.Option("--gene", help="Only this gene.")] = None,
    all_rows: Annotated[
        bool, typer.Option("--all", help="List every variant, not only oncogenic ones.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Show samples (with TMB), variants and copy-number calls of a case.

    Example: precise variants show P001 --gene PIK3CA
    """
    from precisecli.genomics.views import show_document

    with store().reading(case_id) as (record, case_dir):
        doc = show_document(case_id, record, case_dir, sample_id, gene)
    if json_out:
        emit_json(doc, "cli/variants-show.schema.json")
        return
    from rich.table import Table

    samples = Table(
        "sample", "kind", "site", "collected", "build", "variants", "TMB /Mb", "Mb",
        "purity / TF",
    )  # fmt: skip
    for s in doc["samples"]:
        samples.add_row(
            s["sample_id"],
            s["kind"],
            s["site"] or "—",
            s["collected"] or "—",
            s["build"],
            str(s["n_variants"]),
            _tmb_cell(s),
            "—" if s["territory_mb"] is None else f"{s['territory_mb']:g}",
            _purity_cell(s),
        )
    out_console.print(samples)
    shown = [v for v in doc["variants"] if all_rows or gene or v["oncogenic"] or v["chip"]]
    table = Table("sample", "gene", "change", "consequence", "VAF", "depth", "CCF", "flags")
    for v in shown:
        flags = [f for f in ("hotspot", "oncogenic", "truncating", "chip") if v[f]]
        if v.get("chip_basis"):
            flags[-1:] = [f"chip ({v['chip_basis'].split(':')[0]})"]
        if v["filtered_reason"]:
            flags.append(f"not counted: {v['filtered_reason']}")
        table.add_row(
            v["sample_id"],
            v["gene"] or "—",
            v["hgvsp"] or f"{v['chrom']}:{v['pos']} {v['ref']}>{v['alt']}",
            v["consequence"] or "—",
            "—" if v["vaf"] is None else f"{100 * v['vaf']:.1f}%",
            "—" if v["depth"] is None else str(v["depth"]),
            _ccf_cell(v),
            ", ".join(flags),
        )
    out_console.print(table)
    if len(shown) < len(doc["variants"]):
        info(f"{len(doc['variants']) - len(shown)} other variants hidden; use --all to list them")
    cn_rows = [c for c in doc["copy_number"] if all_rows or gene or c["call"] != "neutral"]
    if cn_rows:
        cn = Table("sample", "gene", "copy number", "call", "rule")
        for c in cn_rows:
            cn.add_row(c["sample_id"], c["gene"], f"{c['copy_number']:g}", c["call"], c["rule"])
        out_console.print(cn)


def _purity_cell(sample: dict) -> str:
    if sample.get("kind") == "ctdna":
        tf = sample.get("tumour_fraction")
        return "—" if tf is None else f"TF {100 * tf:.2f}% ({sample['tumour_fraction_source']})"
    if sample.get("purity") is None:
        return "—"
    ploidy = sample.get("ploidy")
    text = f"{sample['purity']:g}" + ("" if ploidy is None else f" / ploidy {ploidy:g}")
    return f"{text} ({sample['purity_source']})"


def _ccf_cell(v: dict) -> str:
    if v.get("ccf") is None:
        return "—"
    ci = v.get("ccf_ci95")
    word = {True: "clonal", False: "subclonal", None: "?"}[v.get("clonal")]
    rng = f" [{ci[0]:.2f}–{ci[1]:.2f}]" if ci else ""
    return f"{v['ccf']:.2f}{rng} m={v['multiplicity']} {word}"


def _tmb_cell(sample: dict) -> str:
    if sample["tmb_per_mb"] is not None:
        return f"{sample['tmb_per_mb']:g}"
    if sample.get("tmb_status") == "not computable":
        return f"not computable: {sample.get('tmb_reason')}"
    return "—"


@variants_app.command("compare")
def variants_compare(
    case_id: CaseArg,
    all_rows: Annotated[
        bool, typer.Option("--all", help="Include passenger variants, not only oncogenic ones.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Compare samples: truncal/shared/private across foci, tissue–ctDNA concordance, VAF over time.

    Example: precise variants compare P001 --json
    """
    from precisecli.genomics.views import compare_document

    with store().reading(case_id) as (record, case_dir):
        doc = compare_document(case_id, record, case_dir, all_rows)
    if json_out:
        emit_json(doc, "cli/variants-compare.schema.json")
        return
    from rich.table import Table

    ids = [s["sample_id"] for s in doc["samples"]]
    table = Table("gene", "alteration", "category", *ids)
    for row in doc["alterations"]:
        cells = []
        for sid in ids:
            vaf = row["vaf"].get(sid)
            cn = row["copy_number"].get(sid)
            if vaf is not None:
                cells.append(f"{100 * vaf:.1f}%")
            elif cn is not None:
                cells.append(f"CN {cn:g}")
            else:
                cells.append("·")
        table.add_row(row["gene"], row["alteration"], row["category"], *cells)
    out_console.print(table)
    c = doc["concordance"]
    if c:
        frac = "n/a" if c["fraction"] is None else f"{100 * c['fraction']:.0f}%"
        info(
            f"tissue–ctDNA concordance ({c['scope']}): {c['both']} in both, "
            f"{c['tissue_only']} tissue only, {c['ctdna_only']} ctDNA only ({frac})"
        )
    for t in doc["ctdna_timeline"]:
        points = ", ".join(
            f"{p['collected'] or p['sample_id']}: "
            + (f"{100 * p['vaf']:.2f}%" if p["vaf"] is not None else p.get("status", "—"))
            for p in t["points"]
        )
        info(f"ctDNA {t['gene']} {t['alteration']} ({t['pattern']}): {points}")
    for s in doc["samples"]:
        if s["kind"] == "ctdna":
            tf = s.get("tumour_fraction")
            tf_text = (
                f"{100 * tf:.2f}% ({s.get('tumour_fraction_source')})"
                if tf is not None
                else f"unknown ({s.get('tumour_fraction_reason')})"
            )
            info(f"tumour fraction of {s['sample_id']}: {tf_text}")
    for row in doc["alterations"]:
        for d in row.get("draws") or []:
            if d["status"] in ("not-detected", "below-detection-limit"):
                word = d["status"].replace("-", " ")
                p = "" if d["p_detect"] is None else f" (p = {d['p_detect']:.2f})"
                info(f"{d['sample_id']} {row['gene']} {row['alteration']}: {word}{p}")
    info(f"clonal haematopoiesis called from: {doc.get('ch_method')}")


@cna_app.command("import")
def cna_import(
    case_id: CaseArg,
    file: Annotated[Path, typer.Argument(help="CNVkit .cns/.cnr/.call.cns, segments or genes.")],
    sample_id: SampleOpt,
    ploidy: Annotated[
        float,
        typer.Option("--ploidy", max=10, callback=positive, help="Tumour ploidy (> 0)."),
    ] = 2.0,
    purity: Annotated[
        float | None,
        typer.Option(
            "--purity",
            max=1,
            callback=positive,
            help="Tumour purity (fraction, > 0).",
        ),
    ] = None,
    build: BuildOpt = None,
    kind: KindOpt = "biopsy",
    site: SiteOpt = None,
    collected: DateOpt = None,
    replace: ReplaceOpt = False,
    allele_specific: Annotated[
        bool,
        typer.Option(
            "--allele-specific",
            help="Require minor copy numbers (nMajor/nMinor, ASCAT, PURPLE cnv) for CCF.",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Import copy number and call genes (amplification/gain/neutral/loss/deletion).

    Example: precise cna import P001 liver.call.cns --sample-id LIV1 --purity 0.7
    """
    from precisecli.genomics.service import SampleOptions, import_cna

    _check_collected(case_id, collected)
    result = import_cna(
        store(),
        case_id,
        file,
        SampleOptions(sample_id, kind, _site(site), collected),
        ploidy=ploidy,
        purity=purity,
        build_option=build,
        replace=replace,
        allele_specific=allele_specific,
    )
    if json_out:
        emit_json(result, "cli/cna-import.schema.json")
        return
    if result["status"] == "unchanged":
        info(f"{file.name} is already imported for sample {sample_id}; nothing changed")
        return
    calls = ", ".join(f"{c['gene']} {c['call']} (CN {c['copy_number']:g})" for c in result["calls"])
    info(
        f"{result['status']} copy number for {sample_id}: {result['n_genes']} genes, "
        f"{result['format']}; calls: {calls or 'none'}"
    )
