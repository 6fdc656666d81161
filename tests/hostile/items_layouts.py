"""Hostile wellmap layouts found by probing (see framework.py for the item format): an included
file that is a device, include loops, a 5 000 000-character drug name, TOML arrays and booleans
as drug names, and a layout of controls only. Before: /dev/zero was read by wellmap until the
machine's memory ran out; the long name was copied into every well (1.5 GB, 420 MB written,
exit 0); an array became the drug "['a', 'b']"; the controls-only screen was stored."""

from __future__ import annotations

from tests.hostile.framework import Ctx, Item
from tests.hostile.items_plates import LAYOUT_BODY, _load, _plate_csv


def _with(header: str = "", body: str = LAYOUT_BODY, extra: str = ""):
    def make(ctx: Ctx) -> list[str]:
        plate = _plate_csv(ctx.tmp / "plate.csv")
        layout = ctx.tmp / "layout.toml"
        layout.write_text(header + body + extra)
        return _load(ctx, plate, layout)

    return make


def _loop(ctx: Ctx) -> list[str]:
    plate = _plate_csv(ctx.tmp / "plate.csv")
    (ctx.tmp / "b.toml").write_text('[meta]\ninclude = "layout.toml"\n[col.1]\nrole = "vehicle"\n')
    layout = ctx.tmp / "layout.toml"
    layout.write_text('[meta]\ninclude = "b.toml"\n' + LAYOUT_BODY)
    return _load(ctx, plate, layout)


def _long_drug(ctx: Ctx) -> list[str]:
    body = LAYOUT_BODY.replace('drug = "lapatinib"', 'drug = "' + "x" * 5_000_000 + '"')
    return _with(body=body)(ctx)


CONTROLS_ONLY = "".join(
    f'[well.{r}1]\nrole = "vehicle"\n[well.{r}12]\nrole = "kill"\n' for r in "ABCDEFGH"
)

ITEMS = [
    Item(
        id="layout-include-dev-zero",
        cls="resources",
        make=_with(header='[meta]\ninclude = "/dev/zero"\n'),
        message=r"zero: file included by the layout is a device",
    ),
    Item(
        id="layout-include-fifo-missing",
        cls="resources",
        make=_with(header='[meta]\nconcat = ["no-such-file.toml"]\n'),
        message=r"no-such-file\.toml: file not found",
    ),
    Item(
        id="layout-include-loop",
        cls="resources",
        make=_loop,
        message=r"meta\.include.*loop",
    ),
    Item(
        id="layout-drug-five-million-characters",
        cls="resources",
        make=_long_drug,
        message=r"the drug of well \w+ is 5000000 characters long \(at most 200\)",
        max_rss_mb=300,
    ),
    Item(
        id="layout-drug-is-an-array",
        cls="impossible",
        make=_with(body=LAYOUT_BODY.replace('drug = "lapatinib"', 'drug = ["a", "b"]')),
        message=r"the drug of well \w+ is an array",
    ),
    Item(
        id="layout-drug-is-a-boolean",
        cls="impossible",
        make=_with(body=LAYOUT_BODY.replace('drug = "lapatinib"', "drug = true")),
        message=r"the drug of well \w+ is true/false",
    ),
    Item(
        id="layout-controls-only",
        cls="impossible",
        make=_with(body=CONTROLS_ONLY),
        message=r"names no treated wells",
    ),
]


# --- a regimen measured in one well: no call (before: "sensitive", ranked first, recommended) --


def _solo_regimen(ctx: Ctx) -> list[str]:
    import csv
    import io

    from tests.hostile import inputs as I

    rows = list(csv.DictReader(open(I.demo_file("pdo", "pdo_layout.csv"), encoding="utf-8")))
    solo = next(r for r in rows if r["drug"] == "pyrotinib" and not r["drug2"] and r["conc"])
    solo["regimen"] = "solo"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    layout = I.write(ctx, "layout.csv", out.getvalue())
    plate = I.demo_file("pdo", "pdo_plate1_envision.csv")
    return ["pdo", "load", ctx.case_id, plate, "--layout", layout, "--screen", "S1"]


def _solo_not_called(ctx: Ctx) -> None:
    import json

    from tests.hostile.framework import precise

    ranked = json.loads(precise(ctx, "pdo", "rank", ctx.case_id, "--json").stdout)
    (solo,) = [r for r in ranked["regimens"] if r["regimen"] == "solo"]
    assert solo["n_wells"] == 1 and solo["sensitive"] is None and solo["assessable"] is False
    assert "single-well" in solo["assessable_note"]
    nxt = json.loads(precise(ctx, "next", ctx.case_id, "--json").stdout)
    assert "solo" not in json.dumps(nxt.get("recommendation") or nxt.get("regimen") or "")


ITEMS.append(
    Item(
        id="rank-single-well-regimen-no-call",
        cls="impossible",
        make=_solo_regimen,
        exit_code=0,
        check_unchanged=False,
        verify=_solo_not_called,
    )
)


def _diameters_with_day(day: str):
    def make(ctx: Ctx) -> list[str]:
        from tests.hostile import inputs as I

        lines = open(I.demo_file("pdo", "pdo_diameters.csv"), encoding="utf-8").read().split("\n")
        header = lines[0].split(",")
        col = header.index("day")
        row = lines[1].split(",")
        row[col] = day
        lines[1] = ",".join(row)
        table = I.write(ctx, "diameters.csv", "\n".join(lines))
        return ["pdo", "load", ctx.case_id, table, "--layout", I.demo_file("pdo", "pdo_layout.csv"),
                "--screen", "S1", "--readout", "diameter"]  # fmt: skip

    return make


def _negative_conc(ctx: Ctx) -> list[str]:
    plate = _plate_csv(ctx.tmp / "plate.csv")
    layout = ctx.tmp / "layout.toml"
    layout.write_text(LAYOUT_BODY.replace("[col.2]\nconc = 0.01", "[col.2]\nconc = -1"))
    return _load(ctx, plate, layout)


ITEMS += [
    Item(  # before: loaded (exit 0); day 1e9 is 2.7 million years
        id="diameters-day-negative",
        cls="impossible",
        make=_diameters_with_day("-7"),
        message=r"field 'day'.*day -7 is outside 0–365",
    ),
    Item(
        id="diameters-day-huge",
        cls="impossible",
        make=_diameters_with_day("1e9"),
        message=r"day 1e\+09 is outside 0–365",
    ),
    Item(  # before: the message named the unit field
        id="layout-negative-concentration-names-conc",
        cls="impossible",
        make=_negative_conc,
        message=r"field 'conc'.*negative concentration -1",
    ),
]
