"""Comparison of `pdo read` output with allotropy's expected raw well values (corpus helper).

Used by ``test_allotropy_corpus.py``; also runnable as a script to print the per-file table:
``python -m tests.pdo.readers.allotropy_corpus``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "data" / "pdo" / "allotropy"
EXPECTED = CORPUS / "expected"


@dataclass(frozen=True)
class Entry:
    local: str  # path under CORPUS
    source: str  # path in allotropy
    has_expected: bool

    @property
    def path(self) -> Path:
        return CORPUS / self.local

    @property
    def vendor(self) -> str:
        return self.local.split("/", 1)[0]

    def expected(self) -> dict:
        return json.loads((EXPECTED / (self.local + ".json")).read_text())


def entries() -> list[Entry]:
    lines = (CORPUS / "MANIFEST.tsv").read_text().splitlines()[1:]
    out = []
    for line in lines:
        local, source, expected = line.split("\t")
        out.append(Entry(local, source, expected != "-"))
    return out


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


_ROW = re.compile(r"^([A-Z]{1,2})(\d+)$")


def _split(well: str) -> tuple[str, int]:
    # BMG's 1536-well exports write rows 27–32 as a–f and allotropy keeps them (e1); that is
    # row AE of the plate, the file's own meaning of the letter
    if well[:1] in "abcdef" and well[1:].isdigit():
        well = "A" + well[0].upper() + well[1:]
    m = _ROW.match(well)
    assert m, well
    return m.group(1), int(m.group(2))


def _row_key(letters: str) -> int:
    return (ord(letters) - 65) if len(letters) == 1 else 26 + ord(letters[1]) - 65


def matches(group: dict, wells: dict) -> str | None:
    """'exact' when every expected well has the same value in ``wells``; 'renumbered' when it
    does once allotropy's row letters are mapped, in order, onto the rows the file itself
    measured (allotropy renumbers the rows of a partly measured plate A, B, C …; the file's own
    letters win); None otherwise."""
    # allotropy keeps some vendors' zero-padded names (A01); the well is the same
    exp = {f"{_split(w)[0]}{_split(w)[1]}": v for w, v in group["wells"].items()}
    if all(w in wells and same(wells[w], v) for w, v in exp.items()):
        return "exact"
    exp_rows = sorted({_split(w)[0] for w in exp}, key=_row_key)
    measured = sorted({_split(w)[0] for w, v in wells.items() if v is not None}, key=_row_key)
    if len(exp_rows) != len(measured) or exp_rows == measured:
        return None
    mapping = dict(zip(exp_rows, measured, strict=True))
    for w, v in exp.items():
        row, col = _split(w)
        if not same(wells.get(f"{mapping[row]}{col}"), v):
            return None
    return "renumbered"


def compare(doc: dict, expected: dict) -> tuple[list[str], list[str]]:
    """(problems, notes) comparing one file's `pdo read` document with allotropy's groups.

    Every expected measurement group must equal one block (all its wells); every block holding
    values must equal a measurement group or one of allotropy's calculated-data groups."""
    blocks = doc["plates"]
    problems, notes = [], []
    used: set[int] = set()
    for g in expected["groups"]:
        if not g["wells"]:
            continue
        hit = None
        for i, b in enumerate(blocks):
            how = matches(g, b["wells"])
            if how:
                hit = (i, how)
                if i not in used:
                    break
        if hit is None:
            problems.append(
                f"no block equals allotropy's {g['kind']} group (plate {g['plate']!r}, "
                f"seq {g['seq']}, {g['wavelengths']}, {len(g['wells'])} wells)"
            )
        else:
            used.add(hit[0])
            if hit[1] == "renumbered":
                notes.append(f"block {hit[0]}: allotropy renumbered rows")
    for i, b in enumerate(blocks):
        if i in used or not any(v is not None for v in b["wells"].values()):
            continue
        if any(g["wells"] and matches(g, b["wells"]) for g in expected["groups"]):
            continue  # equal to a group another block already matched (e.g. a 1:1 correction)
        calc = [
            c
            for c in expected.get("calculated", [])
            if c["wells"] and any(v is not None for v in c["wells"].values())
        ]
        hit = next((c for c in calc if matches(c, b["wells"])), None)
        if hit is not None:
            notes.append(
                f"block {i} ({b['readout'][:40]!r}) = allotropy's calculated {hit['name']!r}"
            )
            continue
        problems.append(f"block {i} ({b['readout']!r}) equals no allotropy measurement")
    return problems, notes


def main() -> None:  # pragma: no cover - a diagnostic table
    from precisecli.errors import PreciseError
    from precisecli.pdo.readers import read_plate_file

    for e in entries():
        try:
            reads = read_plate_file(e.path)
        except PreciseError as exc:
            print(f"REFUSED\t{e.local}\t{exc.message[:150]} | {exc.hint}")
            continue
        except Exception as exc:  # noqa: BLE001
            print(f"CRASH\t{e.local}\t{type(exc).__name__}: {exc}")
            continue
        doc = {
            "plates": [
                {"readout": r.readout, "plate_id": r.plate_id, "wells": dict(r.wells)}
                for r in reads
            ]
        }
        if not e.has_expected:
            print(f"READ-NOEXP\t{e.local}\t{len(reads)} blocks")
            continue
        problems, notes = compare(doc, e.expected())
        status = "MISMATCH" if problems else "EQUAL"
        print(f"{status}\t{e.local}\t{'; '.join(problems[:2])} {'; '.join(notes[:3])}")


if __name__ == "__main__":
    main()
