"""The offline code tables bundled with the export (tables/*.yaml|tsv, sources in SOURCES.md)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

TABLES = Path(__file__).with_name("tables")


@lru_cache(maxsize=1)
def _concepts() -> dict[str, Any]:
    import yaml

    return yaml.safe_load((TABLES / "concepts.yaml").read_text(encoding="utf-8"))


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [
        line
        for line in (TABLES / name).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def system(key: str) -> str:
    return _concepts()["systems"][key]


def profile(key: str) -> str:
    return _concepts()["profiles"][key]


def _coding(entry: dict[str, Any]) -> dict[str, str]:
    return {
        "system": system(entry["system"]),
        "code": str(entry["code"]),
        "display": entry["display"],
    }


def coding(key: str) -> dict[str, str]:
    """A FHIR Coding of a named concept (KeyError when the table has none: never guessed)."""
    return _coding(_concepts()["concepts"][key])


def concept(key: str, text: str | None = None) -> dict[str, Any]:
    """A FHIR CodeableConcept with one coding."""
    out: dict[str, Any] = {"coding": [coding(key)]}
    if text:
        out["text"] = text
    return out


def site_coding(site: str | None) -> dict[str, str] | None:
    if not site:
        return None
    entry = _concepts()["sites"].get(site.strip().lower())
    return _coding(entry) if entry else None


def histology_key(text: str | None) -> str | None:
    if not text:
        return None
    return _concepts()["histology"].get(text.strip().lower())


def recist_trend_key(category: str | None) -> str | None:
    return _concepts()["recist_trend"].get(category) if category else None


def recist_display(category: str) -> str:
    return _concepts()["recist_display"].get(category, f"{category} (RECIST 1.1)")


def phenopacket_term(key: str) -> dict[str, str]:
    entry = _concepts()["phenopacket"][key]
    return {"id": entry["id"], "label": entry["label"]}


def phenopacket_resources() -> list[dict[str, str]]:
    return list(_concepts()["phenopacket"]["resources"])


def curie(fhir_coding: dict[str, str]) -> dict[str, str]:
    """The Phenopacket OntologyClass of a FHIR coding from the tables (SNOMED CT, LOINC, SO)."""
    prefixes = {
        system("snomed"): "SNOMEDCT:",
        system("loinc"): "LOINC:",
        system("so"): "",
    }
    return {
        "id": prefixes[fhir_coding["system"]] + fhir_coding["code"],
        "label": fhir_coding["display"],
    }


@lru_cache(maxsize=1)
def _hgnc() -> dict[str, str]:
    return {row["symbol"]: row["hgnc_id"] for row in _tsv("hgnc_genes.tsv")}


def hgnc_id(symbol: str | None) -> str | None:
    return _hgnc().get(symbol) if symbol else None


@lru_cache(maxsize=1)
def _refseq() -> dict[tuple[str, str], str]:
    return {(row["build"], row["chrom"]): row["refseq"] for row in _tsv("refseq_chromosomes.tsv")}


def refseq(build: str | None, chrom: str | None) -> str | None:
    """NC_ accession of a chromosome ("chr17"/"17") in GRCh37/GRCh38, else None."""
    if not build or not chrom:
        return None
    name = chrom[3:] if chrom.lower().startswith("chr") else chrom
    name = {"M": "MT", "23": "X", "24": "Y"}.get(
        name.upper(), name.upper() if name.isalpha() else name
    )
    return _refseq().get((build, name))
