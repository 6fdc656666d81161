"""Read tumour purity / ploidy (tissue) or tumour fraction (plasma) from the outputs of the usual
callers; the format is recognised from the content, not the file name.

* PURPLE ``*.purple.purity.tsv``: header row with ``purity`` and ``ploidy`` (first data row;
  ``minPurity``/``maxPurity`` and ``minPloidy``/``maxPloidy`` give the range PURPLE reports).
* FACETS: ``##purity=`` / ``##ploidy=`` header lines of cnv_facets' VCF, or facets-suite's
  ``# Purity = 0.42`` / ``# Ploidy = 3.1`` lines (``*.out``).
* ASCAT: ascatNgs ``*.samplestatistics.txt`` (``rho 0.62`` purity, ``Ploidy 2.95``), or a table
  with ``purity`` and ``ploidy`` columns (ASCAT's summary, ``ascat.output$purity/ploidy``).
* Sequenza ``*_confints_CP.txt`` (``cellularity ploidy.estimate ...``: the middle of its three
  rows is the point estimate, the first and last the interval) and
  ``*_alternative_solutions.txt`` (``cellularity ploidy SLPP``; the first row is the solution).
* ichorCNA ``*.params.txt``: ``Tumor Fraction:`` and ``Ploidy:`` lines (plasma tumour fraction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.genomics.textinput import text_lines


@dataclass(frozen=True)
class PurityReading:
    tool: str  # PURPLE | FACETS | ASCAT | Sequenza | ichorCNA
    purity: float | None = None  # tissue purity / cellularity
    ploidy: float | None = None
    tumour_fraction: float | None = None  # plasma (ichorCNA)
    ranges: dict[str, list[float]] = field(default_factory=dict)  # e.g. purity: [min, max]
    line: dict[str, int] = field(default_factory=dict)  # where each value was read


def _num(text: str, name: str, line: int, field_name: str) -> float:
    from precisecli.genomics.cna import _number

    return _number(
        text.strip().strip('"'),
        name,
        line,
        field_name,
        hint="the file is not a finished run of the tool, or was edited",
    )


def _unquote(cells: list[str]) -> list[str]:
    return [c.strip().strip('"') for c in cells]


def read_purity_file(path: Path) -> PurityReading:
    name = path.name
    lines = [(i, line.rstrip("\r")) for i, line in text_lines(path, what="purity file")]
    if not any(text.strip() for _, text in lines):
        raise InputError("the file is empty", location=Location(file=name, line=1))
    text_by_key = {}
    for i, text in lines:
        m = re.match(r"^\s*(Tumor Fraction|Ploidy)\s*:\s*(\S+)\s*$", text)
        if m and m.group(1) not in text_by_key:
            text_by_key[m.group(1)] = (i, m.group(2))
    if "Tumor Fraction" in text_by_key:  # ichorCNA params.txt
        i, value = text_by_key["Tumor Fraction"]
        tf = _num(value, name, i, "Tumor Fraction")
        ploidy = None
        if "Ploidy" in text_by_key:
            j, pv = text_by_key["Ploidy"]
            ploidy = _num(pv, name, j, "Ploidy")
        return PurityReading(
            "ichorCNA", tumour_fraction=tf, ploidy=ploidy, line={"tumour_fraction": i}
        )
    facets: dict[str, tuple[int, str]] = {}
    for i, text in lines:
        m = re.match(r"^##(purity|ploidy)=(\S+)\s*$", text) or re.match(
            r"^#\s*(Purity|Ploidy)\s*=\s*(\S+)\s*$", text
        )
        if m:
            facets.setdefault(m.group(1).lower(), (i, m.group(2)))
    if "purity" in facets:
        i, value = facets["purity"]
        purity = None if value.upper() == "NA" else _num(value, name, i, "purity")
        ploidy = None
        if "ploidy" in facets and facets["ploidy"][1].upper() != "NA":
            ploidy = _num(facets["ploidy"][1], name, facets["ploidy"][0], "ploidy")
        if purity is None:
            raise InputError(
                "FACETS reports purity NA (no fit: a flat or diploid-normal profile)",
                location=Location(file=name, line=i, field="purity"),
                hint="give the purity with --purity from another estimate, or leave it unknown",
            )
        return PurityReading("FACETS", purity=purity, ploidy=ploidy, line={"purity": i})
    body = [(i, t) for i, t in lines if t.strip() and not t.startswith("#")]
    kv: dict[str, tuple[int, str]] = {}
    for i, t in body:
        parts = t.split()
        if len(parts) == 2:
            kv.setdefault(parts[0], (i, parts[1]))
    if "rho" in kv and "Ploidy" in kv:  # ascatNgs samplestatistics
        i, rho = kv["rho"]
        j, ploidy = kv["Ploidy"]
        return PurityReading(
            "ASCAT",
            purity=_num(rho, name, i, "rho"),
            ploidy=_num(ploidy, name, j, "Ploidy"),
            line={"purity": i},
        )
    if not body:
        raise InputError("no purity values found", location=Location(file=name))
    header_line, header_text = body[0]
    header = _unquote(header_text.split("\t"))
    rows = [(i, _unquote(t.split("\t"))) for i, t in body[1:]]
    low = [h.lower() for h in header]

    def cell(row: tuple[int, list[str]], column: str) -> float:
        i, cells = row
        if len(cells) != len(header):
            raise InputError(
                f"row has {len(cells)} columns, the header has {len(header)}",
                location=Location(file=name, line=i),
                hint="the file is truncated or not tab-separated",
            )
        return _num(cells[low.index(column.lower())], name, i, column)

    if not rows:
        raise InputError("the table has a header but no rows", location=Location(file=name))
    if "purity" in low and "normfactor" in low and "ploidy" in low:  # PURPLE
        row = rows[0]
        ranges = {}
        if {"minpurity", "maxpurity"} <= set(low):
            ranges["purity"] = [cell(row, "minPurity"), cell(row, "maxPurity")]
        if {"minploidy", "maxploidy"} <= set(low):
            ranges["ploidy"] = [cell(row, "minPloidy"), cell(row, "maxPloidy")]
        return PurityReading(
            "PURPLE",
            purity=cell(row, "purity"),
            ploidy=cell(row, "ploidy"),
            ranges=ranges,
            line={"purity": row[0]},
        )
    if "cellularity" in low and "ploidy.estimate" in low:  # Sequenza confints_CP
        if len(rows) != 3:
            raise InputError(
                f"Sequenza confints_CP has {len(rows)} rows, expected 3 (lower, estimate, upper)",
                location=Location(file=name, line=header_line),
            )
        lo, mid, hi = rows
        return PurityReading(
            "Sequenza",
            purity=cell(mid, "cellularity"),
            ploidy=cell(mid, "ploidy.estimate"),
            ranges={
                "purity": [cell(lo, "cellularity"), cell(hi, "cellularity")],
                "ploidy": [cell(lo, "ploidy.estimate"), cell(hi, "ploidy.estimate")],
            },
            line={"purity": mid[0]},
        )
    if "cellularity" in low and "ploidy" in low and "slpp" in low:  # Sequenza alternatives
        row = rows[0]
        return PurityReading(
            "Sequenza",
            purity=cell(row, "cellularity"),
            ploidy=cell(row, "ploidy"),
            line={"purity": row[0]},
        )
    if "purity" in low and "ploidy" in low:  # ASCAT summary / purity-ploidy table
        if len(rows) != 1:
            raise InputError(
                f"the table lists {len(rows)} samples; give a file for one sample",
                location=Location(file=name, line=header_line),
                hint="keep the header and the row of this sample",
            )
        row = rows[0]
        return PurityReading(
            "ASCAT", purity=cell(row, "purity"), ploidy=cell(row, "ploidy"), line={"purity": row[0]}
        )
    raise InputError(
        "unrecognised purity file",
        location=Location(file=name, line=header_line),
        hint="expected PURPLE *.purple.purity.tsv, FACETS (cnv_facets VCF / facets-suite .out), "
        "ASCAT (samplestatistics or purity/ploidy table), Sequenza *_confints_CP.txt / "
        "*_alternative_solutions.txt, or ichorCNA *.params.txt",
    )
