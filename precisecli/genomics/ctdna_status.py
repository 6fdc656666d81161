"""Per-draw status of each mutation for ``variants compare`` (DESIGN §8): ``detected``,
``not-detected`` (the draw would have seen it: p(detect) at least the knowledge-base minimum),
``below-detection-limit`` (it could not have), ``not-assayed`` (its assay does not cover the
position), with ``p_detect``; and each draw's tumour fraction with its method.

Inputs per draw: its tumour fraction (imported/set, else estimated from its variants that are
clonal in tissue — precisecli.genomics.tumour_fraction), its depth at the position (the row the
draw reports there, else the median depth of its calls) and the alteration's tissue multiplicity,
local copy number and CCF (the biopsy with the highest CCF; with no tissue estimate a
heterozygous clonal variant at CN 2 is assumed, and said).
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from precisecli.genomics import detection as det
from precisecli.genomics import tumour_fraction as tfm
from precisecli.genomics.model import Alteration
from precisecli.genomics.purity import resolved
from precisecli.genomics.record import genomics
from precisecli.genomics.table import VARIANT_COLUMNS, read_table


def _draw_depths(case_dir: Path, sample: dict[str, Any]):
    """(depth per reported position, median depth of the draw's rows or None)."""
    depths: dict[tuple[str, int], int] = {}
    table = (sample.get("variants") or {}).get("table")
    if table:
        for row in read_table(case_dir / table, VARIANT_COLUMNS):
            if row["depth"] is not None:
                depths[(str(row["chrom"]), int(row["pos"]))] = int(row["depth"])  # type: ignore[arg-type]
    median = int(statistics.median(depths.values())) if depths else None
    return depths, median


def _tissue_model(found: list[Alteration]) -> tuple[int, float, float, str]:
    """(multiplicity, total CN, CCF, what was assumed) for the expected plasma VAF."""
    tissue = [
        a
        for a in found
        if a.sample_kind == "biopsy" and a.ccf is not None and a.multiplicity and a.local_cn
    ]
    if tissue:
        best = max(tissue, key=lambda a: (a.ccf or 0, a.sample_id))
        return (
            int(best.multiplicity or 1),
            float(best.local_cn or 2),
            float(best.ccf or 1),
            f"tissue {best.sample_id}: CCF {best.ccf:g}, multiplicity {best.multiplicity}, "
            f"CN {best.local_cn:g}",
        )
    return 1, 2.0, 1.0, "no tissue CCF: assumed heterozygous clonal, CN 2"


def draw_tumour_fractions(record: dict[str, Any], draws, groups) -> dict[str, tfm.TumourFraction]:
    """Tumour fraction of each plasma draw: the stored one, else estimated from truncal variants.

    groups: alteration key → observations (Alteration) across samples."""
    samples = genomics(record)["samples"]
    out = {}
    for s in draws:
        block = resolved(samples[s.sample_id])
        if block.get("tumour_fraction") is not None:
            out[s.sample_id] = tfm.TumourFraction(
                block["tumour_fraction"], None, block["tumour_fraction_source"]
            )
            continue
        points = []
        for found in groups.values():
            here = [a for a in found if a.sample_id == s.sample_id and not a.filtered_reason]
            clonal = [a for a in found if a.sample_kind == "biopsy" and a.clonal]
            if not here or not clonal or here[0].chip or here[0].kind != "mutation":
                continue
            obs = here[0]
            if obs.vaf is None or not obs.depth:
                continue
            m, cn, _ccf, _why = _tissue_model(clonal)
            points.append(
                tfm.TruncalPoint(
                    alt=round(obs.vaf * obs.depth),
                    depth=int(obs.depth),
                    multiplicity=m,
                    total_cn=cn,
                    label=f"{obs.gene} {obs.alteration}",
                )  # fmt: skip
            )
        out[s.sample_id] = tfm.estimate(points)
    return out


def draw_statuses(
    case_dir: Path,
    record: dict[str, Any],
    draws,
    rows: list[dict[str, Any]],
    groups: dict[tuple[str, str, str], list[Alteration]],
    coverage: dict[str, tuple[str | None, set]],
    kb,
) -> dict[str, tfm.TumourFraction]:
    """Add ``draws: [{sample_id, collected, status, p_detect, ...}]`` to each mutation row."""
    samples = genomics(record)["samples"]
    settings = det.DetectionSettings.from_kb(kb)
    tfs = draw_tumour_fractions(record, draws, groups)
    depth_info = {s.sample_id: _draw_depths(case_dir, samples[s.sample_id]) for s in draws}
    for row in rows:
        if row["kind"] != "mutation" or not draws:
            continue
        found = groups[row["_key"]]
        m, cn, ccf, assumption = _tissue_model(found)
        out = []
        for s in draws:
            whole_reason, positions = coverage[s.sample_id]
            entry: dict[str, Any] = {
                "sample_id": s.sample_id,
                "collected": s.collected,
                "status": None,
                "p_detect": None,
                "expected_vaf": None,
                "depth": None,
                "reason": None,
            }
            if s.sample_id in row["ctdna"]:
                entry.update(status="detected", reason="called in this draw")
            elif not whole_reason and row["_position"] not in positions:
                entry.update(status="not-assayed", reason="the draw's assay does not report "
                             "this position")  # fmt: skip
            else:
                depths, median = depth_info[s.sample_id]
                depth = depths.get(row["_position"])
                note = "depth at this position"
                if depth is None:
                    depth, note = median, "median depth of the draw's calls"
                rules = (samples[s.sample_id].get("variants") or {}).get("rules") or {}
                d = det.detection(
                    tf=tfs[s.sample_id].value,
                    depth=depth,
                    depth_note=note,
                    multiplicity=m,
                    total_cn=cn,
                    ccf=ccf,
                    min_vaf=float(rules.get("min_vaf") or 0),
                    settings=settings,
                    assumption=assumption,
                )
                entry.update(
                    status=d.status,
                    p_detect=d.p_detect,
                    expected_vaf=d.expected_vaf,
                    depth=d.depth,
                    reason=d.reason,
                )
            out.append(entry)
        row["draws"] = out
    return tfs
