"""Shared pieces of the FHIR mapping: the bundle under construction and small datatype helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from precisecli.export import codes
from precisecli.export.facts import Facts
from precisecli.export.ids import full_url, resource_id


@dataclass
class Draft:
    """Resources in the order they are added (the bundle keeps that order: deterministic)."""

    facts: Facts
    entries: list[dict[str, Any]] = field(default_factory=list)

    def id_of(self, local: str) -> str:
        return resource_id(self.facts.key, local)

    def ref(self, local: str, display: str | None = None) -> dict[str, str]:
        out = {"reference": full_url(self.id_of(local))}
        if display:
            out["display"] = display
        return out

    def add(self, local: str, resource: dict[str, Any]) -> dict[str, Any]:
        resource = {
            "resourceType": resource.pop("resourceType"),
            "id": self.id_of(local),
            **resource,
        }
        self.entries.append(resource)
        return resource

    def patient(self) -> dict[str, str]:
        return self.ref("patient")


def meta(profile_key: str) -> dict[str, Any]:
    return {"profile": [codes.profile(profile_key)]}


def local(system_key: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": codes.system(system_key), "code": code}
    if display:
        out["display"] = display
    return out


def text_concept(text: str, *codings: dict[str, str] | None) -> dict[str, Any]:
    present = [c for c in codings if c]
    return {"coding": present, "text": text} if present else {"text": text}


def genomic_categories() -> list[dict[str, Any]]:
    return [codes.concept("cat_laboratory"), codes.concept("cat_genetics")]


def component(code_key: str, **value: Any) -> dict[str, Any]:
    return {"code": codes.concept(code_key), **value}


def quantity(value: float | int, unit: str, code: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value, "unit": unit}
    if code is not None:
        out["system"] = codes.system("ucum")
        out["code"] = code
    return out


def absent(reason: str, text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"coding": [{"system": codes.system("absent"), "code": reason}]}
    if text:
        out["text"] = text
    return out
