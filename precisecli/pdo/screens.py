"""A case's organoid screens: load (join + QC + normalise), QC, and rank — the case-level steps.

Files of a screen (DESIGN.md §3), all written through the case transaction:
  pdo/<SCREEN>/wells.tsv       one row per measured well: layout, raw value, viability, exclusion
  pdo/<SCREEN>/diameters.tsv   one row per well with diameters: D0, Dt, regression %
  pdo/<SCREEN>/qc.json         plate QC (schemas/pdo-qc-file.schema.json)
  pdo/<SCREEN>/fits.tsv        one row per regimen curve (after `pdo rank`, screen_rank.py)
  pdo/<SCREEN>/synergy.tsv     Bliss/HSA per combination dose (after `pdo rank`, when possible)
  pdo/<SCREEN>/plots/*.svg     plate heat maps, dose-response curves, ranking bar chart
The case record holds ``record["pdo"]["screens"]``: one entry per screen with its inputs, plate
QC and, after ranking, the `pdo rank --json` document under ``ranking``.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location, UsageError
from precisecli.pdo.normalise import Plate, Well, floor_role, join_plate
from precisecli.pdo.readers.grid import well_sort_key

WELL_COLUMNS = (
    "plate_id",
    "well",
    "row",
    "col",
    "role",
    "regimen",
    "drugs",
    "concs_um",
    "raw",
    "viability_pct",
    "inhibition_pct",
    "excluded",
)
DIAMETER_COLUMNS = (
    "plate_id",
    "well",
    "role",
    "regimen",
    "drugs",
    "concs_um",
    "day0",
    "day_t",
    "n_day0",
    "n_day_t",
    "d0_um",
    "dt_um",
    "regression_pct",
)
SCREEN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
READOUTS = ("viability", "diameter")


def check_screen_id(screen_id: str) -> str:
    if not SCREEN_ID.match(screen_id) or ".." in screen_id:
        raise UsageError(
            f"invalid screen id {screen_id!r}",
            hint="letters, digits, '.', '_', '-'; up to 64 characters",
        )
    return screen_id


def kb_drug_order(kb) -> dict[str, list[str]]:
    return {rid: list(reg["drugs"]) for rid, reg in kb.data["regimens"].items()}


# --- TSV ------------------------------------------------------------------------------------
def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (tuple, list)):
        return ";".join(_fmt(x) for x in v)
    return str(v).replace("\t", " ").replace("\n", " ")


def to_tsv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_fmt(r.get(c)) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def read_tsv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line]


def _floats(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in text.split(";")) if text else ()


def _opt(text: str) -> float | None:
    return float(text) if text else None


def well_row(w: Well) -> dict[str, Any]:
    return {
        "plate_id": w.plate_id,
        "well": w.well,
        "row": w.row,
        "col": w.col,
        "role": w.role,
        "regimen": w.regimen,
        "drugs": "+".join(w.drugs),
        "concs_um": w.concs_um,
        "raw": w.raw,
        "viability_pct": w.viability_pct,
        "inhibition_pct": w.inhibition_pct,
        "excluded": w.excluded,
    }


def wells_from_tsv(path: Path) -> list[Well]:
    out = []
    for r in read_tsv(path):
        out.append(
            Well(
                plate_id=r["plate_id"],
                well=r["well"],
                row=int(r["row"]),
                col=int(r["col"]),
                role=r["role"],
                regimen=r["regimen"] or None,
                drugs=tuple(r["drugs"].split("+")) if r["drugs"] else (),
                concs_um=_floats(r["concs_um"]),
                raw=_opt(r["raw"]),
                viability_pct=_opt(r["viability_pct"]),
                excluded=r["excluded"],
            )
        )
    return out


def regressions_from_tsv(path: Path):
    from precisecli.pdo.regression import WellRegression

    return [
        WellRegression(
            plate_id=r["plate_id"],
            well=r["well"],
            role=r["role"],
            regimen=r["regimen"] or None,
            drugs=tuple(r["drugs"].split("+")) if r["drugs"] else (),
            concs_um=_floats(r["concs_um"]),
            day0=float(r["day0"]),
            day_t=float(r["day_t"]),
            n_day0=int(r["n_day0"]),
            n_day_t=int(r["n_day_t"]),
            d0_um=float(r["d0_um"]),
            dt_um=float(r["dt_um"]),
            regression_pct=float(r["regression_pct"]),
        )
        for r in read_tsv(path)
    ]


# --- plates ---------------------------------------------------------------------------------
def select_reads(reads, read_label: str | None):
    """One read per plate: several readout blocks of one plate need --read-label to choose."""
    by_plate: dict[str, list] = {}
    for r in reads:
        by_plate.setdefault(r.plate_id, []).append(r)
    chosen = []
    for plate_id, group in by_plate.items():
        sources = sorted({r.source for r in group})
        if len(sources) > 1:
            raise InputError(
                f"plate id {plate_id!r} appears in {' and '.join(sources)}",
                location=Location(file=sources[1]),
                hint="load the files as separate screens, or give the plates distinct ids",
            )
        if read_label is not None:
            group = [r for r in group if r.readout == read_label]
            if not group:
                labels = sorted({r.readout for r in by_plate[plate_id]})
                raise InputError(
                    f"plate {plate_id!r} has no readout labelled {read_label!r}",
                    location=Location(file=sources[0]),
                    hint=f"labels in the file: {', '.join(labels)}",
                )
        if len(group) > 1:
            labels = sorted({f"{r.readout} (block {r.block})" for r in group})
            raise InputError(
                f"plate {plate_id!r} has {len(group)} readout blocks",
                location=Location(file=sources[0]),
                hint=f"choose one with --read-label; blocks: {'; '.join(labels)}",
            )
        chosen.append(group[0])
    return chosen


def assess(plates: list[Plate], thresholds) -> tuple[list[Plate], list]:
    from precisecli.pdo.qc import assess_plate

    done = [assess_plate(p, thresholds) for p in plates]
    return [d[0] for d in done], [d[1] for d in done]


def plates_from_wells(wells: list[Well], plate_meta: list[dict[str, Any]]) -> list[Plate]:
    """Rebuild raw plates from wells.tsv (for re-running QC with the current thresholds)."""
    out = []
    for meta in plate_meta:
        ws = tuple(
            replace(
                w, viability_pct=None, excluded=w.excluded if w.excluded != "edge-effect" else ""
            )
            for w in wells
            if w.plate_id == meta["plate_id"]
        )
        out.append(
            Plate(
                plate_id=meta["plate_id"],
                rows=meta["rows"],
                cols=meta["cols"],
                source=meta["source"],
                readout=meta["readout"],
                wells=ws,
                floor_role=floor_role(ws),
            )
        )
    return out


def plate_meta(plate: Plate, qc) -> dict[str, Any]:
    return {
        "plate_id": plate.plate_id,
        "source": plate.source,
        "readout": plate.readout,
        "rows": plate.rows,
        "cols": plate.cols,
        "qc": qc.as_dict(),
    }


# --- load -----------------------------------------------------------------------------------
def load_viability(files, layout_path, kb, *, fmt="auto", read_label=None, conc_unit=None):
    """Read, join, QC and normalise plate exports. Returns (plates, qcs, layout)."""
    from precisecli.pdo.layouts import read_layout, require_treated_wells
    from precisecli.pdo.qc import QcThresholds
    from precisecli.pdo.readers import read_plate_files

    reads = read_plate_files([Path(f) for f in files], fmt)
    if not reads:
        raise InputError(
            "no plates found",
            location=Location(file=Path(files[0]).name),
            hint="check the file with `precise pdo read FILE`",
        )
    layout = read_layout(Path(layout_path), kb, conc_unit=conc_unit)
    require_treated_wells(layout)
    order = kb_drug_order(kb)
    plates = [join_plate(r, layout, order) for r in select_reads(reads, read_label)]
    plates.sort(key=lambda p: p.plate_id)
    normalised, qcs = assess(plates, QcThresholds.from_kb(kb))
    return normalised, qcs, layout


def load_diameters(files, layout_path, kb, *, conc_unit=None):
    from precisecli.pdo.diameters import read_diameter_table
    from precisecli.pdo.layouts import read_layout, require_treated_wells
    from precisecli.pdo.regression import well_regressions

    layout = read_layout(Path(layout_path), kb, conc_unit=conc_unit)
    require_treated_wells(layout)
    out = []
    for f in files:
        records = read_diameter_table(Path(f))
        out += well_regressions(records, layout, Path(f).name, kb_drug_order(kb))
    seen = set()
    for r in out:
        if (r.plate_id, r.well) in seen:
            raise InputError(
                f"well {r.well} of plate {r.plate_id!r} is in more than one diameter table",
                location=Location(well=r.well),
            )
        seen.add((r.plate_id, r.well))
    out.sort(key=lambda r: (r.plate_id, well_sort_key(r.well)))
    return out


def _organoids(files) -> list[dict[str, Any]]:
    """Per-organoid regression rows of the diameter tables (precisecli.pdo.heterogeneity)."""
    from precisecli.pdo.diameters import read_diameter_table
    from precisecli.pdo.heterogeneity import organoid_rows

    rows = [o for f in files for o in organoid_rows(read_diameter_table(Path(f)))]
    return sorted(rows, key=lambda o: (o["plate_id"], well_sort_key(o["well"]), o["organoid_id"]))


def find_screen(record: dict[str, Any], screen_id: str | None) -> dict[str, Any]:
    screens = (record.get("pdo") or {}).get("screens") or []
    if not screens:
        raise InputError(
            "the case has no organoid screens", hint="load one with `precise pdo load`"
        )
    if screen_id is None:
        if len(screens) > 1:
            raise UsageError(
                "the case has several screens",
                hint="choose one with --screen: " + ", ".join(s["screen_id"] for s in screens),
            )
        return screens[0]
    for s in screens:
        if s["screen_id"] == screen_id:
            return s
    raise InputError(
        f"no screen {screen_id!r} in the case",
        hint="screens: " + ", ".join(s["screen_id"] for s in screens),
    )


def qc_document(case_id: str, screens: list[dict[str, Any]]) -> dict[str, Any]:
    plates = []
    for s in screens:
        for p in s.get("plates", []):
            q = p["qc"]
            plates.append(
                {
                    "screen": s["screen_id"],
                    "plate_id": p["plate_id"],
                    "source": p["source"],
                    "z_prime": q["z_prime"],
                    "robust_z_prime": q["robust_z_prime"],
                    "ssmd": q["ssmd"],
                    "cv_vehicle_pct": q["cv_vehicle_pct"],
                    "edge_ratio": q["edge_ratio"],
                    "signal_to_background": q["signal_to_background"],
                    "n_vehicle": q["n_vehicle"],
                    "n_floor": q["n_floor"],
                    "floor_role": q["floor_role"],
                    "controls_from": q["controls_from"],
                    "passed": q["passed"],
                    "flags": q["flags"],
                }
            )
    return {"case_id": case_id, "plates": plates}


# --- rank -----------------------------------------------------------------------------------
def curves_for(wells: list[Well]):
    """One curve per regimen from the usable treatment wells (dose = first drug's µM)."""
    from precisecli.pdo.curves import Curve

    groups: dict[str, list[Well]] = {}
    for w in wells:
        if w.role != "treatment" or w.excluded or w.viability_pct is None or not w.dose_um:
            continue
        if not (math.isfinite(w.viability_pct) and math.isfinite(w.dose_um)):
            continue
        groups.setdefault(w.regimen, []).append(w)
    curves = []
    for regimen in sorted(groups):
        ws = sorted(groups[regimen], key=lambda w: (w.dose_um, w.plate_id, w.row, w.col))
        curves.append(
            Curve(
                key=regimen,
                doses_um=tuple(w.dose_um for w in ws),
                viability=tuple(w.viability_pct / 100.0 for w in ws),
            )
        )
    return curves


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


# --- case transactions ----------------------------------------------------------------------
def _screens(record: dict[str, Any]) -> list[dict[str, Any]]:
    pdo = record.setdefault("pdo", {})
    return pdo.setdefault("screens", [])


def _digest_dicts(digests) -> list[dict[str, Any]]:
    return [{"file": d.name, "sha256": d.sha256} for d in digests]


def load_into_case(
    store,
    case_id: str,
    files: list[Path],
    layout_path: Path,
    screen_id: str,
    kb,
    *,
    readout: str = "viability",
    fmt: str = "auto",
    read_label: str | None = None,
    conc_unit: str | None = None,
    replace: bool = False,
    kb_file: Path | None = None,
) -> tuple[dict[str, Any], bool]:
    """Import one readout of a screen into a case. Returns (screen entry, changed)."""
    from precisecli.limits import require_regular_file
    from precisecli.pdo import plots
    from precisecli.pdo.layouts import layout_includes
    from precisecli.pdo.qc import QcThresholds
    from precisecli.store.hashing import digest_file

    # refuse FIFOs and devices before anything opens them (hashing would block on a FIFO)
    for f in files:
        require_regular_file(Path(f), what="plate export" if readout == "viability" else "table")
    require_regular_file(Path(layout_path), what="layout file")
    digests = [digest_file(Path(f)) for f in files]
    layout_digest = digest_file(Path(layout_path))
    inputs = {"files": _digest_dicts(digests), "layout": _digest_dicts([layout_digest])[0]}
    # files the layout includes are inputs too: changing one is a new load
    include_digests = [digest_file(p) for p in layout_includes(Path(layout_path))]
    if include_digests:
        inputs["layout_includes"] = _digest_dicts(include_digests)
    # Parse and check everything before the case is opened for writing.
    if readout == "viability":
        plates, qcs, _ = load_viability(
            files, layout_path, kb, fmt=fmt, read_label=read_label, conc_unit=conc_unit
        )
    else:
        regressions = load_diameters(files, layout_path, kb, conc_unit=conc_unit)
        organoids = _organoids(files)
    args = {
        "case_id": case_id,
        "screen": screen_id,
        "readout": readout,
        "format": fmt,
        "read_label": read_label,
        "replace": replace,
        "kb": kb_file.name if kb_file else None,
    }
    with store.update(
        case_id,
        command="pdo load",
        args=args,
        inputs=[*digests, layout_digest, *include_digests],
        kb=kb.stamp(),
    ) as txn:
        screens = _screens(txn.record)
        entry = next((s for s in screens if s["screen_id"] == screen_id), None)
        if entry is not None and readout in entry["readouts"]:
            if entry["inputs"][readout] == inputs:
                return entry, False
            if not replace:
                raise InputError(
                    f"screen {screen_id} already has {readout} data from other files",
                    hint="use --replace to replace it, or choose another --screen",
                )
        if entry is None:
            entry = {"screen_id": screen_id, "readout": readout, "readouts": [], "inputs": {}}
            screens.append(entry)
            screens.sort(key=lambda s: s["screen_id"])
        entry["readouts"] = sorted(set(entry["readouts"]) | {readout})
        entry["inputs"][readout] = inputs
        entry.pop("ranking", None)  # new data: any ranking is stale
        base = f"pdo/{screen_id}"
        if readout == "viability":
            thresholds = QcThresholds.from_kb(kb)
            entry["plates"] = [plate_meta(p, q) for p, q in zip(plates, qcs, strict=True)]
            entry["qc_thresholds"] = thresholds.as_dict()
            entry["n_wells"] = sum(len(p.wells) for p in plates)
            rows = [well_row(w) for p in plates for w in p.wells]
            txn.write_text(f"{base}/wells.tsv", to_tsv(WELL_COLUMNS, rows))
            txn.write_json(
                f"{base}/qc.json",
                qc_document(case_id, [entry]),
                schema="cli/pdo-qc.schema.json",
            )
            for p in plates:
                txn.write_bytes(
                    f"{base}/plots/plate_{_safe(p.plate_id)}.svg",
                    plots.plate_heatmap_svg(p, f"{screen_id} plate {p.plate_id}"),
                )
        else:
            entry["diameter"] = {
                "n_wells": len(regressions),
                "days": sorted({r.day0 for r in regressions} | {r.day_t for r in regressions}),
            }
            rows = [r.as_dict() for r in regressions]
            txn.write_text(f"{base}/diameters.tsv", to_tsv(DIAMETER_COLUMNS, rows))
            from precisecli.pdo.heterogeneity import ORGANOID_COLUMNS

            entry["diameter"]["n_organoids_tracked"] = len(organoids)
            txn.write_text(f"{base}/organoids.tsv", to_tsv(ORGANOID_COLUMNS, organoids))
        entry["kb"] = kb.stamp()
    return entry, True


def load_document(case_id: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "screen": entry["screen_id"],
        "readouts": entry["readouts"],
        "inputs": entry["inputs"],
        "plates": qc_document(case_id, [entry])["plates"],
        "diameter": entry.get("diameter"),
    }


def qc_case(
    store, case_id: str, screen_id: str | None, kb, *, kb_file=None
) -> list[dict[str, Any]]:
    """Recompute plate QC with the knowledge base's thresholds; store qc.json and heat maps."""
    from precisecli.pdo import plots
    from precisecli.pdo.qc import QcThresholds

    thresholds = QcThresholds.from_kb(kb)
    args = {"case_id": case_id, "screen": screen_id, "kb": kb_file.name if kb_file else None}
    with store.update(case_id, command="pdo qc", args=args, kb=kb.stamp()) as txn:
        screens = _screens(txn.record)
        chosen = [find_screen(txn.record, screen_id)] if screen_id else list(screens)
        if not chosen:
            raise InputError(
                "the case has no organoid screens", hint="load one with `precise pdo load`"
            )
        for entry in chosen:
            if "viability" not in entry["readouts"]:
                continue
            base = f"pdo/{entry['screen_id']}"
            wells = wells_from_tsv(txn.path(f"{base}/wells.tsv"))
            raw = plates_from_wells(wells, entry["plates"])
            plates, qcs = assess(raw, thresholds)
            new_meta = [plate_meta(p, q) for p, q in zip(plates, qcs, strict=True)]
            if new_meta != entry["plates"]:
                entry.pop("ranking", None)  # QC decides which plates are ranked
            entry["plates"] = new_meta
            entry["qc_thresholds"] = thresholds.as_dict()
            rows = [well_row(w) for p in plates for w in p.wells]
            txn.write_text(f"{base}/wells.tsv", to_tsv(WELL_COLUMNS, rows))
            txn.write_json(
                f"{base}/qc.json", qc_document(case_id, [entry]), schema="cli/pdo-qc.schema.json"
            )
            for p in plates:  # drawn at load; redrawn only when the plate's data changed
                rel = f"{base}/plots/plate_{_safe(p.plate_id)}.svg"
                title = f"{entry['screen_id']} plate {p.plate_id}"
                if not plots.heatmap_is_current(txn.path(rel), p, title):
                    txn.write_bytes(rel, plots.plate_heatmap_svg(p, title))
        result = [dict(e) for e in chosen]
    return result


# --- rank (in precisecli.pdo.screen_rank; these names stay importable from here) -------------
def rank_case_screen(*args, **kwargs):
    from precisecli.pdo.screen_rank import rank_case_screen as run

    return run(*args, **kwargs)


def rank_into_case(*args, **kwargs):
    from precisecli.pdo.screen_rank import rank_into_case as run

    return run(*args, **kwargs)
