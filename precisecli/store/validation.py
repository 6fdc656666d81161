"""`case validate`: every stored document and table of a case checked against its schema.

case.json (schema, its own case id), the folder (plain files only, no journal left over), the
audit chain (with the site key when configured), each JSON document a command stored (report
models, plate QC) against its JSON Schema, and each table (variants, copy number, wells, fits,
synergy, diameters) against its columns and column types; every table the record names must
exist, and no table may lie in the case without the record naming its sample or screen.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precisecli.errors import IntegrityError, Location, PreciseError, ValidationError
from precisecli.store.documents import loads_json
from precisecli.store.integrity import check_inside, read_regular
from precisecli.store.schema import schema_errors

MAX_TABLE_BYTES = 4 << 30
HINT = "the file was changed outside precise; restore it from backup, or re-import with --replace"


def _int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _float(text: str) -> bool:
    try:
        return not math.isinf(float(text))
    except ValueError:
        return False


def _opt(check: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda text: text == "" or check(text)


def _floats(text: str) -> bool:
    return text == "" or all(_float(x) for x in text.split(";"))


def _bool01(text: str) -> bool:
    return text in ("", "0", "1")


def _truefalse(text: str) -> bool:
    return text in ("", "true", "false", "True", "False")


# Column types of the stored tables. Columns not listed are free text. The column lists
# themselves are owned by the domains (genomics.table, pdo.screens) and imported from there.
_TYPES: dict[str, Callable[[str], bool]] = {
    "pos": _int,
    "depth": _opt(_int),
    "alt_depth": _opt(_int),
    "vaf": _opt(_float),
    "hotspot": _bool01,
    "truncating": _bool01,
    "oncogenic": _bool01,
    "chip": _bool01,
    "tmb_eligible": _bool01,
    "start": _opt(_int),
    "end": _opt(_int),
    "copy_number": _opt(_float),
    "log2": _opt(_float),
    "minor_cn": _opt(_float),
    "row": _int,
    "col": _int,
    "concs_um": _floats,
    "raw": _opt(_float),
    "viability_pct": _opt(_float),
    "inhibition_pct": _opt(_float),
    "day0": _float,
    "day_t": _float,
    "n_day0": _opt(_int),
    "n_day_t": _opt(_int),
    "d0_um": _opt(_float),
    "dt_um": _opt(_float),
    "regression_pct": _opt(_float),
    "converged": _truefalse,
    "n_points": _opt(_int),
    "n_wells": _opt(_int),
}


@dataclass(frozen=True)
class Stored:
    rel: str
    kind: str  # "table" | "document"
    spec: Any  # column list, or a schema name


def _tables(record: dict[str, Any]) -> Iterator[Stored]:
    from precisecli.genomics.table import CNA_COLUMNS, VARIANT_COLUMNS
    from precisecli.pdo.screen_rank import FIT_COLUMNS
    from precisecli.pdo.screens import DIAMETER_COLUMNS, WELL_COLUMNS

    for sample in ((record.get("genomics") or {}).get("samples") or {}).values():
        if sample.get("variants"):
            yield Stored(sample["variants"]["table"], "table", list(VARIANT_COLUMNS))
        if sample.get("cna"):
            yield Stored(sample["cna"]["table"], "table", list(CNA_COLUMNS))
            if sample["cna"].get("segments_table"):
                from precisecli.genomics.cna_allelic import SEGMENT_COLUMNS

                yield Stored(sample["cna"]["segments_table"], "table", list(SEGMENT_COLUMNS))
    for screen in (record.get("pdo") or {}).get("screens") or []:
        base = f"pdo/{screen['screen_id']}"
        if "viability" in screen.get("readouts", []):
            yield Stored(f"{base}/wells.tsv", "table", list(WELL_COLUMNS))
            yield Stored(f"{base}/qc.json", "document", "cli/pdo-qc.schema.json")
        if "diameter" in screen.get("readouts", []):
            yield Stored(f"{base}/diameters.tsv", "table", list(DIAMETER_COLUMNS))
            if "n_organoids_tracked" in (screen.get("diameter") or {}):
                from precisecli.pdo.heterogeneity import ORGANOID_COLUMNS

                yield Stored(f"{base}/organoids.tsv", "table", list(ORGANOID_COLUMNS))
        if screen.get("ranking"):
            yield Stored(f"{base}/fits.tsv", "table", list(FIT_COLUMNS))


def stored_files(case_dir: Path, record: dict[str, Any]) -> list[Stored]:
    """Every document and table of the case that has a schema."""
    found = list(_tables(record))
    if (case_dir / "summary.json").is_file():
        found.append(Stored("summary.json", "document", "case-summary.schema.json"))
    reports = case_dir / "reports"
    if reports.is_dir():
        for path in sorted(reports.glob("*.json")):
            found.append(Stored(f"reports/{path.name}", "document", "report.schema.json"))
    return found


def check_table(case_dir: Path, rel: str, columns: list[str]) -> None:
    source = f"{case_dir.name}/{rel}"
    raw = read_regular(check_inside(case_dir, rel), source, limit=MAX_TABLE_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntegrityError("not UTF-8 text", location=Location(file=source), hint=HINT) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header != columns:
        raise IntegrityError(
            "the columns are not those precise writes",
            location=Location(file=source, line=1),
            hint=HINT,
        )
    checks = [(i, c, _TYPES[c]) for i, c in enumerate(columns) if c in _TYPES]
    for number, row in enumerate(reader, start=2):
        if len(row) != len(columns):
            raise IntegrityError(
                f"{len(row)} fields where {len(columns)} were expected",
                location=Location(file=source, line=number),
                hint=HINT,
            )
        for i, col, ok in checks:
            if not ok(row[i]):
                raise IntegrityError(
                    "value of the wrong type",
                    location=Location(file=source, line=number, field=col),
                    hint=HINT,
                )


def check_document(case_dir: Path, rel: str, schema: str) -> None:
    source = f"{case_dir.name}/{rel}"
    raw = read_regular(check_inside(case_dir, rel), source)
    data = loads_json(raw.decode("utf-8", errors="replace"), source)
    errors = schema_errors(data, schema)
    if errors:
        path, message = errors[0]
        raise IntegrityError(
            message,
            location=Location(file=source, field=".".join(map(str, path)) or None),
            hint="the file was changed outside precise; restore it from backup or rerun the "
            "command that wrote it",
        )


def _orphans(case_dir: Path, record: dict[str, Any], named: set[str]) -> Iterator[str]:
    """Tables in variants/, cna/ or pdo/<screen>/ that the record does not name."""
    for folder in ("variants", "cna"):
        for path in sorted((case_dir / folder).glob("*")) if (case_dir / folder).is_dir() else []:
            rel = f"{folder}/{path.name}"
            if rel not in named:
                yield rel
    screens = {s["screen_id"] for s in (record.get("pdo") or {}).get("screens") or []}
    pdo = case_dir / "pdo"
    for path in sorted(pdo.iterdir()) if pdo.is_dir() else []:
        if path.name not in screens:
            yield f"pdo/{path.name}"


def check_files(case_dir: Path, record: dict[str, Any]) -> tuple[int, int]:
    """Raise IntegrityError for the first bad stored file; return (documents, tables) checked."""
    files = stored_files(case_dir, record)
    named = {f.rel for f in files}
    for rel in _orphans(case_dir, record, named):
        raise IntegrityError(
            "a file the case record does not know (a change made outside precise, or a "
            "damaged record)",
            location=Location(file=f"{case_dir.name}/{rel}"),
            hint="remove it, or restore the case from backup",
        )
    counts = {"document": 0, "table": 0}
    for f in files:
        if not (case_dir / f.rel).is_file():
            raise IntegrityError(
                "missing: the case record names it but it is not in the case",
                location=Location(file=f"{case_dir.name}/{f.rel}"),
                hint="restore it from backup, or re-import with --replace",
            )
        if f.kind == "table":
            check_table(case_dir, f.rel, f.spec)
        else:
            check_document(case_dir, f.rel, f.spec)
        counts[f.kind] += 1
    return counts["document"], counts["table"]


def damage(store, case_id: str) -> PreciseError | None:
    """The first integrity problem of a case, or None (used to explain an unexpected failure
    of a command on that case as damaged data rather than as a bug)."""
    try:
        with store.reading(case_id) as (record, case_dir):
            check_files(case_dir, record)
        result = store.verify_audit(case_id)
    except ValidationError as exc:
        return exc
    except Exception:
        return None
    if not result.ok:
        return IntegrityError(
            f"audit log: {result.problem}", hint="the audit trail was altered outside precise"
        )
    return None
