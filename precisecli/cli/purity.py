"""`precise purity set|import`: purity/ploidy of a biopsy, tumour fraction of a plasma draw."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from precisecli.cli.common import emit_json, finite, info, store

purity_app = typer.Typer(
    help="Tumour purity / ploidy (biopsies) and tumour fraction (ctDNA draws).",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    root.add_typer(purity_app, name="purity")


CaseArg = Annotated[str, typer.Argument(help="Case id.")]
SampleOpt = Annotated[str, typer.Option("--sample-id", help="Sample id (imported already).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _print(result: dict, json_out: bool) -> None:
    if json_out:
        emit_json(result, "cli/purity.schema.json")
        return
    parts = []
    for key, label in (("purity", "purity"), ("ploidy", "ploidy"),
                       ("tumour_fraction", "tumour fraction")):  # fmt: skip
        if result.get(key) is not None:
            parts.append(f"{label} {result[key]:g} ({result[f'{key}_source']})")
    info(f"sample {result['sample_id']}: " + ("; ".join(parts) or "nothing known"))


@purity_app.command("set")
def purity_set(
    case_id: CaseArg,
    sample_id: SampleOpt,
    purity: Annotated[
        float | None,
        typer.Option("--purity", callback=finite, help="Tumour purity of a biopsy, (0, 1]."),
    ] = None,
    ploidy: Annotated[
        float | None, typer.Option("--ploidy", callback=finite, help="Tumour ploidy, (0, 10].")
    ] = None,
    tumour_fraction: Annotated[
        float | None,
        typer.Option(
            "--tumour-fraction", callback=finite, help="Tumour fraction of a ctDNA draw, [0, 1]."
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Record a sample's purity/ploidy or a draw's tumour fraction (source: the option).

    Values out of range are refused (exit 3) naming the option; the case is unchanged.

    Example: precise purity set P001 --sample-id LIV1 --purity 0.6 --ploidy 2
    """
    from precisecli.genomics.purity import set_purity

    result = set_purity(
        store(), case_id, sample_id, purity=purity, ploidy=ploidy,
        tumour_fraction=tumour_fraction, path=None,
    )  # fmt: skip
    _print(result, json_out)


@purity_app.command("import")
def purity_import(
    case_id: CaseArg,
    file: Annotated[
        Path,
        typer.Argument(
            help="PURPLE *.purple.purity.tsv, FACETS, ASCAT, Sequenza *_confints_CP.txt / "
            "*_alternative_solutions.txt, or ichorCNA *.params.txt."
        ),
    ],
    sample_id: SampleOpt,
    json_out: JsonOpt = False,
) -> None:
    """Import purity/ploidy (or a draw's tumour fraction) from a caller's output.

    Example: precise purity import P001 LIV1.purple.purity.tsv --sample-id LIV1
    """
    from precisecli.genomics.purity import set_purity

    result = set_purity(
        store(), case_id, sample_id, purity=None, ploidy=None, tumour_fraction=None, path=file
    )
    _print(result, json_out)
