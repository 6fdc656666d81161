"""Plate quality control: Z′, robust Z′, SSMD, vehicle CV and the edge-to-interior ratio.

Formulas (research/pdo.md §4; Breeze QC_PDF_HTML.R):
  Z′        = 1 − 3(σ_v + σ_k)/|μ_v − μ_k|           (Zhang, Chung & Oldenburg 1999)
  robust Z′ = 1 − 3(MAD_v + MAD_k)/|med_v − med_k|    (MAD scaled by 1.4826, as R's mad)
  SSMD      = (μ_v − μ_k)/√(σ_v² + σ_k²)               (Zhang 2007)
  CV        = 100·σ_v/μ_v
  edge      = median(edge vehicle wells)/median(interior vehicle wells)
σ is the sample SD (n − 1): with the 4–8 controls of an organoid plate it is the honest choice.
QC uses the raw control values (no outlier removal); normalisation uses the cleaned ones.

A plate fails when Z′ < z_prime_min or the vehicle CV > vehicle_cv_max_pct (knowledge base
``pdo.qc``). Low SSMD, few controls and an edge effect are flags. On a plate with an edge
effect the statistics are computed on interior controls (the ones normalisation then uses).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from precisecli.pdo.normalise import Plate, control_values, is_edge, normalise

MIN_CONTROLS = 3


@dataclass(frozen=True)
class QcThresholds:
    z_prime_min: float
    vehicle_cv_max_pct: float
    ssmd_min: float
    edge_ratio_tolerance: float

    @classmethod
    def from_kb(cls, kb) -> QcThresholds:
        qc = kb.data["pdo"]["qc"]
        return cls(
            z_prime_min=float(qc["z_prime_min"]["value"]),
            vehicle_cv_max_pct=float(qc["vehicle_cv_max_pct"]["value"]),
            ssmd_min=float(qc["ssmd_min"]["value"]),
            edge_ratio_tolerance=float(qc["edge_ratio_tolerance"]["value"]),
        )

    def as_dict(self) -> dict[str, float]:
        return {
            "z_prime_min": self.z_prime_min,
            "vehicle_cv_max_pct": self.vehicle_cv_max_pct,
            "ssmd_min": self.ssmd_min,
            "edge_ratio_tolerance": self.edge_ratio_tolerance,
        }


@dataclass(frozen=True)
class PlateQc:
    plate_id: str
    source: str
    z_prime: float | None
    robust_z_prime: float | None
    ssmd: float | None
    cv_vehicle_pct: float | None
    edge_ratio: float | None
    signal_to_background: float | None
    n_vehicle: int
    n_floor: int
    floor_role: str
    controls_from: str
    passed: bool
    flags: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "plate_id": self.plate_id,
            "source": self.source,
            "z_prime": self.z_prime,
            "robust_z_prime": self.robust_z_prime,
            "ssmd": self.ssmd,
            "cv_vehicle_pct": self.cv_vehicle_pct,
            "edge_ratio": self.edge_ratio,
            "signal_to_background": self.signal_to_background,
            "n_vehicle": self.n_vehicle,
            "n_floor": self.n_floor,
            "floor_role": self.floor_role,
            "controls_from": self.controls_from,
            "passed": self.passed,
            "flags": list(self.flags),
        }


def _finite(x: float) -> float | None:
    import math

    return float(x) if math.isfinite(x) else None


def edge_ratio(plate: Plate) -> float | None:
    import numpy as np

    edge = [
        w.raw
        for w in plate.wells
        if w.role == "vehicle" and w.raw is not None and is_edge(w, plate.rows, plate.cols)
    ]
    inner = [
        w.raw
        for w in plate.wells
        if w.role == "vehicle" and w.raw is not None and not is_edge(w, plate.rows, plate.cols)
    ]
    if len(edge) < 2 or len(inner) < 2:
        return None
    med_in = float(np.median(inner))
    return _finite(float(np.median(edge)) / med_in) if med_in else None


def control_statistics(vehicle, floor) -> dict[str, float | None]:
    """Z′, robust Z′, SSMD, CV and S/B from raw control values (floor may be empty)."""
    import numpy as np

    v = np.asarray(vehicle, dtype=float)
    k = np.asarray(floor, dtype=float) if len(floor) else np.zeros(0)
    # Every statistic here is a ratio, the same for the values times any factor: the values are
    # scaled by a power of two (exact, so ordinary readings give bit-identical results) to
    # their largest magnitude, so that values near 1e-300 do not underflow (a vehicle SD of 0:
    # "Z′ 1.0, CV 0 %") and values near 1e300 do not overflow (an SSMD of 0.0).
    top = max(float(np.abs(v).max(initial=0.0)), float(np.abs(k).max(initial=0.0)))
    if 0.0 < top < float("inf"):
        exponent = math.frexp(top)[1]
        v, k = np.ldexp(v, -exponent), np.ldexp(k, -exponent)
    out: dict[str, float | None] = dict.fromkeys(
        ("z_prime", "robust_z_prime", "ssmd", "cv_vehicle_pct", "signal_to_background")
    )
    if v.size >= 2:
        mv = float(v.mean())
        sv = float(v.std(ddof=1))
        out["cv_vehicle_pct"] = _finite(100.0 * sv / mv) if mv else None
        if k.size >= 2:
            mk = float(k.mean())
            sk = float(k.std(ddof=1))
            gap = abs(mv - mk)
            if gap > 0:
                out["z_prime"] = _finite(1.0 - 3.0 * (sv + sk) / gap)
            if sv > 0 or sk > 0:
                out["ssmd"] = _finite((mv - mk) / np.sqrt(sv**2 + sk**2))
            out["signal_to_background"] = _finite(mv / mk) if mk else None
            med_v, med_k = float(np.median(v)), float(np.median(k))
            mad_v = 1.4826 * float(np.median(np.abs(v - med_v)))
            mad_k = 1.4826 * float(np.median(np.abs(k - med_k)))
            if med_v != med_k:
                out["robust_z_prime"] = _finite(1.0 - 3.0 * (mad_v + mad_k) / abs(med_v - med_k))
    return out


def assess_plate(plate: Plate, thresholds: QcThresholds) -> tuple[Plate, PlateQc]:
    """QC one joined plate and normalise it accordingly (interior controls on an edge effect)."""
    ratio = edge_ratio(plate)
    edge_effect = ratio is not None and abs(ratio - 1.0) > thresholds.edge_ratio_tolerance
    normalised = normalise(plate, interior_only=edge_effect)
    interior = normalised.controls_from == "interior"
    vehicle = control_values(plate, "vehicle", interior)
    floor = control_values(plate, plate.floor_role, interior) if plate.floor_role != "none" else []
    stats = control_statistics(vehicle, floor)
    flags = set(normalised.flags)
    failed = False
    if edge_effect:
        flags.add("edge-effect")
    if stats["z_prime"] is not None and stats["z_prime"] < thresholds.z_prime_min:
        flags.add("z-prime-low")
        failed = True
    if (
        stats["cv_vehicle_pct"] is not None
        and stats["cv_vehicle_pct"] > thresholds.vehicle_cv_max_pct
    ):
        flags.add("vehicle-cv-high")
        failed = True
    if stats["ssmd"] is not None and stats["ssmd"] < thresholds.ssmd_min:
        flags.add("ssmd-low")
    if len(vehicle) < MIN_CONTROLS or (plate.floor_role != "none" and len(floor) < MIN_CONTROLS):
        flags.add("few-controls")
    if stats["z_prime"] is None:
        flags.add("z-prime-not-computable")
    qc = PlateQc(
        plate_id=plate.plate_id,
        source=plate.source,
        z_prime=stats["z_prime"],
        robust_z_prime=stats["robust_z_prime"],
        ssmd=stats["ssmd"],
        cv_vehicle_pct=stats["cv_vehicle_pct"],
        edge_ratio=ratio,
        signal_to_background=stats["signal_to_background"],
        n_vehicle=len(vehicle),
        n_floor=len(floor),
        floor_role=plate.floor_role,
        controls_from=normalised.controls_from,
        passed=not failed,
        flags=tuple(sorted(flags)),
    )
    return normalised, qc
