"""Extract allotropy's expected raw well values into compact JSON files (one per export).

Allotropy's expected outputs are Allotrope Simple Model (ASM) documents of up to 4 MB each; the
corpus test needs only the raw readings. This script walks every ``measurement document`` of an
ASM file and writes, per export, the measurement groups it holds:

    {"source": "<path in allotropy>", "commit": "<sha>",
     "groups": [{"plate": .., "seq": j, "kind": "fluorescence", "unit": "RFU",
                 "detection": .., "wavelengths": [..], "wells": {"A1": 512740.0, ...}}],
     "cubes": n}

``seq`` is the position of the measurement inside its well's measurement list (several read
modes / wavelengths of one well are separate measurements). ``cubes`` counts kinetic/spectral
data cubes (not endpoint values). Values are copied as allotropy wrote them; "NaN"/missing → null.

Usage (from the repository root, with a bare git dir of allotropy fetched at COMMIT):

    python tests/data/pdo/allotropy/extract_expected.py ALLOTROPY_GIT_DIR COMMIT

It rewrites ``tests/data/pdo/allotropy/expected/`` for every export listed in ``MANIFEST.tsv``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALUE_KEYS = ("luminescence", "absorbance", "fluorescence", "optical density")
SKIP = {
    "compartment temperature",
    "device control aggregate document",
    "sample document",
    "measurement identifier",
    "custom information document",
    "error aggregate document",
    "processed data aggregate document",
    "image aggregate document",
}


def _value(v):
    if isinstance(v, dict):
        v = v.get("value")
    if v is None or v == "NaN" or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    return float(v)


def _errored(m: dict, kind: str) -> bool:
    """allotropy writes a placeholder value (often -0.0) plus an error document for a well the
    file holds no number for (blank, NaN, overflow); such a well has no value. Errors of other
    features (a group's calculated columns) do not touch the reading."""
    errors = m.get("error aggregate document", {}).get("error document", [])
    return any(str(e.get("error feature", "")).strip().lower() == kind for e in errors)


def _measurements(node):
    """Every (measurement document list, parent aggregate) anywhere in the ASM tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "measurement document" and isinstance(v, list):
                yield v, node
            else:
                yield from _measurements(v)
    elif isinstance(node, list):
        for x in node:
            yield from _measurements(x)


def extract(doc: dict) -> dict:
    groups: dict[tuple, dict] = {}
    cubes = 0
    for mlist, _agg in _measurements(doc):
        for seq, m in enumerate(mlist):
            sample = m.get("sample document", {})
            well = sample.get("location identifier")
            plate = sample.get("well plate identifier", "")
            controls = m.get("device control aggregate document", {}).get(
                "device control document", [{}]
            )
            ctl = controls[0] if controls else {}
            detection = ctl.get("detection type", ctl.get("device type", ""))
            waves = []
            for wk in (
                "detector wavelength setting",
                "excitation wavelength setting",
                "emission wavelength setting",
            ):
                if wk in ctl:
                    waves.append(f"{wk.split()[0]}:{_value(ctl[wk])}")
            kind = next((k for k in m if k in VALUE_KEYS), None)
            if kind is None:
                if any("data cube" in k for k in m):
                    cubes += 1
                continue
            raw = m[kind]
            unit = raw.get("unit", "") if isinstance(raw, dict) else ""
            key = (plate, seq, kind, unit, detection, tuple(waves))
            g = groups.setdefault(
                key,
                {
                    "plate": plate,
                    "seq": seq,
                    "kind": kind,
                    "unit": unit,
                    "detection": detection,
                    "wavelengths": waves,
                    "wells": {},
                },
            )
            if well is None:
                continue
            if well in g["wells"]:
                # the same well measured again under the same settings: a new group
                n = 2
                while True:
                    k2 = (*key, n)
                    g2 = groups.setdefault(k2, {**g, "wells": {}, "repeat": n})
                    if well not in g2["wells"]:
                        g = g2
                        break
                    n += 1
            g["wells"][well] = None if _errored(m, kind) else _value(raw)
    return {"groups": list(groups.values()), "cubes": cubes, "calculated": _calculated(doc)}


def _walk(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, list):
                yield from v
            else:
                yield from _walk(v, key)
    elif isinstance(node, list):
        for x in node:
            yield from _walk(x, key)


def _calculated(doc: dict) -> list[dict]:
    """allotropy's calculated data (the reader software's own calculations: blank-corrected,
    concentrations, ratios …), per name and plate, located by following each result's data
    sources back to a measured well."""
    where: dict[str, tuple[str, str]] = {}
    for m in _walk(doc, "measurement document"):
        sample = m.get("sample document", {})
        if "measurement identifier" in m and "location identifier" in sample:
            where[m["measurement identifier"]] = (
                sample.get("well plate identifier", ""),
                sample["location identifier"],
            )
    calcs = list(_walk(doc, "calculated data document"))
    by_id = {c.get("calculated data identifier"): c for c in calcs}

    def locate(ident, depth=0):
        if ident in where:
            return where[ident]
        c = by_id.get(ident)
        if c is None or depth > 10:
            return None
        for src in c.get("data source aggregate document", {}).get("data source document", []):
            hit = locate(src.get("data source identifier"), depth + 1)
            if hit:
                return hit
        return None

    groups: dict[tuple, dict] = {}
    for c in calcs:
        hit = locate(c.get("calculated data identifier"))
        if hit is None:
            continue
        plate, well = hit
        name = c.get("calculated data name", "")
        g = groups.setdefault((name, plate), {"name": name, "plate": plate, "wells": {}})
        n = 2
        while well in g["wells"]:  # the same name computed twice for a well: a new group
            g = groups.setdefault((name, plate, n), {"name": name, "plate": plate, "wells": {}})
            n += 1
        g["wells"][well] = _value(c.get("calculated result"))
    return list(groups.values())


def main(git_dir: str, commit: str) -> None:
    out_dir = HERE / "expected"
    out_dir.mkdir(exist_ok=True)
    for line in (HERE / "MANIFEST.tsv").read_text().splitlines()[1:]:
        local, source, expected = line.split("\t")
        target = out_dir / (local + ".json")
        if expected == "-":
            target.unlink(missing_ok=True)
            continue
        blob = subprocess.run(
            ["git", "--git-dir", git_dir, "show", f"{commit}:{expected}"],
            capture_output=True,
            check=True,
        ).stdout
        doc = extract(json.loads(blob))
        doc = {"source": source, "commit": commit, **doc}
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(doc, indent=None, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
