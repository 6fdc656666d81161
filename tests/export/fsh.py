"""A small reader for the FSH example instances of the IGs (enough for the conformance test:
aliases, InstanceOf, meta.profile, code, category, value[x], components, extensions)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# CodeSystems the IGs define themselves (FSH refers to them by name).
LOCAL_SYSTEMS = {
    "TbdCodesCS": "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs",
    "MolecularBiomarkerOntologyCS": "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/molecular-biomarker-ontology-cs",
}
_CODE = re.compile(r'^(?P<system>[^#\s"]*)#(?P<code>[^\s"]+)')


@dataclass
class Instance:
    name: str
    of: str
    rules: list[tuple[str, str]] = field(default_factory=list)


def aliases(*paths: Path) -> dict[str, str]:
    out = dict(LOCAL_SYSTEMS)
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^Alias:\s*(\S+)\s*=\s*(\S+)", line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


def instances(path: Path) -> dict[str, Instance]:
    out: dict[str, Instance] = {}
    current: Instance | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" //")[0].rstrip() if not raw.lstrip().startswith("//") else ""
        if line.startswith("Instance:"):
            current = Instance(line.split(":", 1)[1].strip(), "")
            out[current.name] = current
        elif current is not None and line.startswith("InstanceOf:"):
            current.of = line.split(":", 1)[1].strip()
        elif current is not None and line.startswith("* ") and " = " in line:
            path_, value = line[2:].split(" = ", 1)
            current.rules.append((path_.strip(), value.strip()))
        elif line and not line.startswith((" ", "*", "Description", "Title", "Usage")):
            current = None if line.startswith(("Profile:", "ValueSet:", "CodeSystem:")) else current
    return out


def coding(value: str, alias: dict[str, str]) -> tuple[str, str] | None:
    m = _CODE.match(value)
    if not m:
        return None
    system = m.group("system")
    return alias.get(system, system), m.group("code")


def slice_codes(alias: dict[str, str], *profile_files: Path) -> dict[str, tuple[str, str]]:
    """component slice name → (system, code) fixed by the profiles."""
    out = {}
    for path in profile_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\* component\[([\w-]+)\]\.code = (\S+)", line)
            if m:
                out[m.group(1)] = coding(m.group(2), alias)
    return out


@dataclass
class Shape:
    """What an example instance carries: the elements the test compares."""

    profile: str | None = None
    code: set = field(default_factory=set)
    category: set = field(default_factory=set)
    value_type: str | None = None
    value_coding: tuple[str, str] | None = None
    components: dict = field(default_factory=dict)  # (system, code) -> value type
    extensions: dict = field(default_factory=dict)  # extension name -> (system, code) | None
    elements: set = field(default_factory=set)  # top-level element names present


def shape(inst: Instance, alias: dict[str, str], slices: dict[str, tuple[str, str]]) -> Shape:
    s = Shape()
    by_index: dict[str, dict] = {}
    soft = -1  # FSH soft indexing: component[+] opens the next one, component[=] repeats it
    for path, value in inst.rules:
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        s.elements.add(top)
        if path == "meta.profile":
            s.profile = value.strip('"')
        elif re.fullmatch(r"code(\.coding(\[\+\]|\[\d+\])?)?", path):
            if coding(value, alias):
                s.code.add(coding(value, alias))
        elif path.startswith("category"):
            if coding(value, alias):
                s.category.add(coding(value, alias))
        elif path.startswith("value"):
            s.value_type = re.match(r"value[A-Z]\w*", path).group(0)
            if s.value_type == "valueCodeableConcept":
                s.value_coding = coding(value, alias)
        elif path.startswith("component["):
            m = re.match(r"component\[([^\]]+)\]\.?(.*)", path)
            key, rest = m.group(1), m.group(2)
            if key == "+":
                soft += 1
            if key in ("+", "="):
                key = str(soft)
            elif key.isdigit():
                soft = int(key)
            item = by_index.setdefault(key, {})
            if rest.startswith("code"):
                item["code"] = coding(value, alias)
            elif rest.startswith("value"):
                item["value"] = re.match(r"value[A-Z]\w*", rest).group(0)
        elif path.startswith("extension["):
            m = re.match(r"extension\[([^\]]+)\]", path)
            s.extensions[m.group(1)] = coding(value, alias)
    for key, item in by_index.items():
        code = item.get("code") or slices.get(key)
        if code:
            s.components[code] = item.get("value")
    return s


def fixed_codes(alias: dict[str, str], *profile_files: Path) -> dict[str, tuple[str, str]]:
    """Profile name → the Observation.code the profile fixes (`* code = ...`)."""
    out, current = {}, None
    for path in profile_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("Profile:"):
                current = line.split(":", 1)[1].strip()
            elif current and line.startswith("* code = "):
                out[current] = coding(line[len("* code = ") :].split(" //")[0], alias)
    return out
