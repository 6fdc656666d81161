"""Numbers at the ends of the floating-point range and RECIST rows that were silently ignored
(found by probing; see framework.py for the item format). Before: a plate read at ~1e-300
gave "Z′ 1.0, vehicle CV 0 %" (the SD underflowed) and one at ~1e300 an SSMD of 0.0 with numpy
overflow warnings on stderr, both exit 0; a target lesion first measured after baseline was
dropped from the evaluation without a word."""

from __future__ import annotations

import json

from tests.hostile import inputs as I
from tests.hostile.framework import Ctx, Item, precise

PLATE = ("pdo", "pdo_plate1_envision.csv")
LAYOUT = ("pdo", "pdo_layout.csv")


def _scaled_plate(ctx: Ctx, factor: float) -> str:
    """The demo plate as a long table (plate, well, value) with every value times factor."""
    read = precise(ctx, "pdo", "read", I.demo_file(*PLATE), "--json")
    plate = json.loads(read.stdout)["files"][0]["plates"][0]
    rows = ["plate,well,value"]
    for well, value in plate["wells"].items():
        rows.append(f"1,{well},{'' if value is None else repr(float(value) * factor)}")
    return I.write(ctx, f"plate-x{factor:g}.csv", "\n".join(rows) + "\n")


def _load_scaled(factor: float):
    def make(ctx: Ctx) -> list[str]:
        plate = _scaled_plate(ctx, factor)
        layout = I.demo_file(*LAYOUT)
        precise(ctx, "pdo", "load", ctx.case_id, _scaled_plate(ctx, 1.0), "--layout", layout,
                "--screen", "REF")  # fmt: skip
        return ["pdo", "load", ctx.case_id, plate, "--layout", layout, "--screen", "S1"]

    return make


def _same_qc_as_unscaled(ctx: Ctx) -> None:
    done = precise(ctx, "pdo", "qc", ctx.case_id, "--json")
    assert done.stderr == "", done.stderr  # no numpy warning
    plates = {p["screen"]: p for p in json.loads(done.stdout)["plates"]}
    ref, scaled = plates["REF"], plates["S1"]
    assert ref["z_prime"] is not None and 0.5 < ref["z_prime"] < 1.0
    for key in ("z_prime", "ssmd", "cv_vehicle_pct"):
        assert abs(scaled[key] - ref[key]) <= 1e-9 * max(1.0, abs(ref[key])), (key, scaled, ref)
    assert scaled["passed"] == ref["passed"]


def _late_target(ctx: Ctx) -> list[str]:
    lines = open(I.demo_file("recist_measurements.csv"), encoding="utf-8").read().splitlines()
    dates = sorted({line.split(",")[0] for line in lines[1:]})
    out = [lines[0]]
    for day in dates:  # rows stay sorted by date: T9 joins the third and later assessments
        out += [line for line in lines[1:] if line.startswith(day + ",")]
        if day in dates[2:]:
            out.append(f"{day},T9,lung,target,no,30,")
    path = I.write(ctx, "recist.csv", "\n".join(out) + "\n")
    return ["response", "import", ctx.case_id, path, "--replace"]


def _late_target_warned(ctx: Ctx) -> None:
    doc = json.loads(precise(ctx, "response", "evaluate", ctx.case_id, "--json").stdout)
    text = json.dumps(doc)
    assert "T9 not measured at this line's baseline" in text, text[:2000]


ITEMS = [
    Item(
        id="qc-values-near-1e-300",
        cls="impossible",
        make=_load_scaled(1e-300),
        exit_code=0,
        check_unchanged=False,
        verify=_same_qc_as_unscaled,
    ),
    Item(
        id="qc-values-near-1e300",
        cls="impossible",
        make=_load_scaled(1e300),
        exit_code=0,
        check_unchanged=False,
        verify=_same_qc_as_unscaled,
    ),
    Item(
        id="recist-target-first-measured-after-baseline",
        cls="impossible",
        setup="demo",
        make=_late_target,
        exit_code=0,
        check_unchanged=False,
        verify=_late_target_warned,
    ),
]
