"""Purity and ploidy of a tissue sample, tumour fraction of a plasma draw: checked, stored in the
case (``genomics.samples.<ID>.purity``) with where each value came from, and resolved for the
readers (CCF, detection limits, ``variants show``).

Stored block: ``{purity, purity_source, purity_range, ploidy, ploidy_source, tumour_fraction,
tumour_fraction_source, file, sha256}``. A biopsy's purity from ``cna import --purity`` is used
when no purity block exists (source "cna import --purity").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location

MAX_PLOIDY = 10.0


def check_fraction(value: float, what: str, *, file: str | None = None, line: int | None = None,
                   allow_zero: bool = False) -> float:  # fmt: skip
    """Purity / tumour fraction: in (0, 1] ((0, 1] or [0, 1] for a tumour fraction)."""
    bad = not math.isfinite(value) or value > 1 or value < 0 or (value == 0 and not allow_zero)
    if bad:
        rule = "between 0 and 1" if allow_zero else "above 0 and at most 1"
        raise InputError(
            f"{what} {value:g} is not a fraction {rule}",
            location=Location(file=file, line=line, field=what),
            hint="give it as a fraction, e.g. 0.6 for 60 %",
        )
    return value


def check_ploidy(value: float, *, file: str | None = None, line: int | None = None) -> float:
    if not math.isfinite(value) or value <= 0 or value > MAX_PLOIDY:
        raise InputError(
            f"ploidy {value:g} is not a ploidy (above 0, at most {MAX_PLOIDY:g})",
            location=Location(file=file, line=line, field="ploidy"),
            hint="ploidy is the average copy number of the tumour genome, e.g. 2 or 3.4",
        )
    return value


def block_from_reading(reading, kind: str, file_name: str, sha256: str) -> dict[str, Any]:
    """The stored purity block of a caller output (values checked, with file/line)."""
    where = f"{reading.tool} ({file_name})"
    block: dict[str, Any] = empty_block()
    block.update({"file": file_name, "sha256": sha256})
    value = reading.tumour_fraction if reading.tumour_fraction is not None else reading.purity
    line = reading.line.get("tumour_fraction") or reading.line.get("purity")
    is_tf = kind == "ctdna" or reading.tumour_fraction is not None
    name = "tumour_fraction" if reading.tumour_fraction is not None else "purity"
    check_fraction(value, name, file=file_name, line=line, allow_zero=is_tf)
    if kind == "ctdna":
        block["tumour_fraction"] = value
        block["tumour_fraction_source"] = where
    else:
        block["purity"] = value
        block["purity_source"] = where
        rng = reading.ranges.get("purity")
        block["purity_range"] = list(rng) if rng else None
    if reading.ploidy is not None:
        block["ploidy"] = check_ploidy(reading.ploidy, file=file_name)
        block["ploidy_source"] = where
    return block


def _check_reading(reading, file_name: str) -> None:
    if reading.tumour_fraction is not None:
        check_fraction(reading.tumour_fraction, "tumour_fraction", file=file_name,
                       line=reading.line.get("tumour_fraction"), allow_zero=True)  # fmt: skip
    if reading.purity is not None:
        check_fraction(reading.purity, "purity", file=file_name, line=reading.line.get("purity"))
    if reading.ploidy is not None:
        check_ploidy(reading.ploidy, file=file_name)


def empty_block() -> dict[str, Any]:
    return {
        "purity": None,
        "purity_source": None,
        "purity_range": None,
        "ploidy": None,
        "ploidy_source": None,
        "tumour_fraction": None,
        "tumour_fraction_source": None,
        "file": None,
        "sha256": None,
    }


def resolved(sample: dict[str, Any]) -> dict[str, Any]:
    """purity / ploidy / tumour_fraction of a stored sample, each with its *_source (None: not
    known)."""
    block = dict(sample.get("purity") or empty_block())
    cna = sample.get("cna") or {}
    if block.get("purity") is None and cna.get("purity") is not None and sample["kind"] != "ctdna":
        block["purity"] = cna["purity"]
        block["purity_source"] = "cna import --purity"
    if block.get("ploidy") is None and cna.get("ploidy") is not None:
        block["ploidy"] = cna["ploidy"]
        block["ploidy_source"] = "cna import --ploidy"
    return {
        k: block.get(k)
        for k in (
            "purity",
            "purity_source",
            "purity_range",
            "ploidy",
            "ploidy_source",
            "tumour_fraction",
            "tumour_fraction_source",
        )
    }


def set_purity(
    st,
    case_id: str,
    sample_id: str,
    *,
    purity: float | None,
    ploidy: float | None,
    tumour_fraction: float | None,
    path: Path | None,
) -> dict[str, Any]:
    """``purity set`` (values given) or ``purity import`` (a caller's output file)."""
    from precisecli.store.hashing import digest_file

    reading, digest = None, None
    if path is not None:
        from precisecli.genomics.purity_readers import read_purity_file
        from precisecli.limits import require_regular_file

        require_regular_file(path, what="purity file")
        digest = digest_file(path)
        reading = read_purity_file(path)
        _check_reading(reading, path.name)  # before the case is opened, whatever its kind
    else:
        if purity is None and ploidy is None and tumour_fraction is None:
            raise InputError(
                "nothing to set", hint="give --purity, --ploidy and/or --tumour-fraction"
            )
        if purity is not None:
            check_fraction(purity, "--purity")
        if tumour_fraction is not None:
            check_fraction(tumour_fraction, "--tumour-fraction", allow_zero=True)
        if ploidy is not None:
            check_ploidy(ploidy, file=None)
    args = {
        "case_id": case_id,
        "sample_id": sample_id,
        "purity": purity,
        "ploidy": ploidy,
        "tumour_fraction": tumour_fraction,
    }
    command = "purity import" if path is not None else "purity set"
    with st.update(case_id, command=command, args=args, inputs=[digest] if digest else []) as txn:
        samples = ((txn.record.get("genomics") or {}).get("samples")) or {}
        sample = samples.get(sample_id)
        if sample is None:
            raise InputError(
                f"case {case_id} has no sample {sample_id}",
                hint="import the sample's variants or copy number first; samples: "
                + (", ".join(sorted(samples)) or "(none)"),
            )
        kind = sample["kind"]
        if kind == "normal":
            raise InputError(
                f"sample {sample_id} is a matched normal (white cells): it has no tumour purity",
                location=Location(field="--sample-id"),
            )
        if reading is not None:
            assert digest is not None
            block = block_from_reading(reading, kind, digest.name, digest.sha256)
        else:
            block = dict(sample.get("purity") or empty_block())
            if purity is not None:
                if kind == "ctdna":
                    raise InputError(
                        f"sample {sample_id} is a plasma draw: give --tumour-fraction, not "
                        "--purity",
                        location=Location(field="--purity"),
                    )
                block["purity"], block["purity_source"] = purity, "--purity option"
                block["purity_range"] = None
            if tumour_fraction is not None:
                if kind != "ctdna":
                    raise InputError(
                        f"sample {sample_id} is a biopsy: give --purity, not --tumour-fraction",
                        location=Location(field="--tumour-fraction"),
                    )
                block["tumour_fraction"] = tumour_fraction
                block["tumour_fraction_source"] = "--tumour-fraction option"
            if ploidy is not None:
                block["ploidy"], block["ploidy_source"] = ploidy, "--ploidy option"
        if sample.get("purity") != block:
            from precisecli.store import staleness

            # clonal calls (the grouping's third leg) and the report depend on it
            staleness.mark(
                txn.record,
                ["grouping", "report"],
                f"`{command}` changed the purity of {sample_id}",
                has_reports=staleness.has_reports(txn.case_dir),
            )
        sample["purity"] = block
        out = resolved(sample)
    return {"case_id": case_id, "sample_id": sample_id, "kind": kind, **out}
