"""The three layout shapes read into a layout builder (see ``precisecli.pdo.layouts``):
a wellmap TOML file, a long table with a ``well`` column, and plate-shaped sheets with one grid
per attribute; plus the files a wellmap layout includes, which are inputs of a load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precisecli.errors import InputError, Location
from precisecli.limits import require_regular_file
from precisecli.pdo.layouts import (
    KEYS,
    LAYOUT_COLUMNS,
    _attr_key,
    _Builder,
    _cell_text,
)
from precisecli.pdo.readers.grid import (
    Sheet,
    display_raw,
    find_grids,
    require_well,
    title_above,
    well_sort_key,
)
from precisecli.pdo.readers.table import fold
from precisecli.pdo.xlsx import CellError, Merged, Uncached


def layout_includes(path: Path) -> list[Path]:
    """The files a layout reads besides itself (wellmap ``[meta] include``, ``concat``, ``paths``
    templates are not inputs), sorted; hashed as inputs of a load so that changing one of them
    is a new load, not "already loaded". Empty for CSV/TSV/xlsx layouts."""
    path = Path(path)
    if path.suffix.lower() != ".toml":
        return []
    import wellmap

    _check_toml(path)  # what wellmap would open is checked first (a device, a loop …)
    try:
        _df, meta = wellmap.load(path, meta=True)
    except Exception:  # noqa: BLE001 - read_layout reports the error with its location
        return []
    here = path.resolve()
    deps = sorted({Path(d).resolve() for d in meta.dependencies} - {here})
    for dep in deps:
        require_regular_file(dep, what="file included by the layout")
    return deps


# wellmap's [meta] keys naming other layout files it reads
_META_FILES = ("include", "concat")
MAX_INCLUDE_DEPTH = 16


def _check_toml(path: Path, chain: tuple[Path, ...] = ()) -> None:
    """Size, nesting depth and syntax of a TOML layout checked by the strict reader before
    wellmap (whose TOML parser recurses) sees it — and the same for every file it includes,
    each refused first if it is not a regular file (a FIFO, /dev/zero), before wellmap opens
    it; a loop of includes is named as such."""
    from precisecli.store.documents import decode_text, loads_toml, read_bytes

    data = loads_toml(
        decode_text(read_bytes(path, limit_name="max_document_bytes"), path), path.name
    )
    meta = data.get("meta") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        return
    chain = (*chain, path.resolve())
    for key in _META_FILES:
        value = meta.get(key)
        names = [value] if isinstance(value, str) else []
        if isinstance(value, list):
            names = [v for v in value if isinstance(v, str)]
        elif isinstance(value, dict):
            names = [v for v in value.values() if isinstance(v, str)]
        for name in names:
            dep = path.parent / name
            require_regular_file(dep, what="file included by the layout")
            if dep.resolve() in chain:
                raise InputError(
                    f"the layout's [meta] {key} makes a loop: {dep.name} includes itself "
                    "through the files it includes",
                    location=Location(file=path.name, field=f"meta.{key}"),
                    hint="include each file once, without cycles",
                )
            if len(chain) > MAX_INCLUDE_DEPTH:
                raise InputError(
                    f"layout files include each other more than {MAX_INCLUDE_DEPTH} levels deep",
                    location=Location(file=path.name, field=f"meta.{key}"),
                    hint="flatten the included layout files",
                )
            _check_toml(dep, chain)


_NOT_A_VALUE = {list: "an array", tuple: "an array", dict: "a table", set: "a set"}


def _refuse_odd_type(value: Any, well: str, field: str, path: Path) -> None:
    """A TOML array, table, boolean or date given as a layout value (wellmap passes them on)."""
    kind = next((name for t, name in _NOT_A_VALUE.items() if isinstance(value, t)), None)
    if kind is None and type(value).__name__ in ("bool", "bool_"):
        kind = "true/false"
    if kind is None and hasattr(value, "isoformat"):
        kind = "a date or time"
    if kind is not None:
        raise InputError(
            f"the {field} of well {well} is {kind}, not a name or a number",
            location=Location(file=path.name, well=well, field=field),
            hint="give one value per key (a second drug goes in drug2/conc2)",
        )


def from_wellmap(path: Path, builder: _Builder) -> None:
    import wellmap

    _check_toml(path)
    try:
        df = wellmap.load(path)
    except RecursionError:  # an included file nested too deeply
        raise InputError(
            "a file included by the layout is nested too deeply (TOML nesting)",
            location=Location(file=path.name),
            hint="flatten the included layout files",
        ) from None
    except Exception as exc:  # wellmap.LayoutError and TOML syntax errors
        message = " ".join(str(exc).split())
        raise InputError(
            f"invalid wellmap layout: {message[:300]}",
            location=Location(file=path.name),
            hint="see https://wellmap.readthedocs.io/en/latest/file_format.html",
        ) from None
    structural = {"well", "well0", "row", "col", "row_i", "col_j", "plate", "path"}
    columns = [c for c in df.columns if c not in structural]
    for rec in df.to_dict("records"):
        well = str(rec["well"])
        plate = str(rec["plate"]) if "plate" in rec and _cell_text(rec["plate"]) else "*"
        attrs, name_units = {}, {}
        for c in columns:
            key, unit = _attr_key(fold(c))
            _refuse_odd_type(rec[c], well, c, path)
            text = _cell_text(rec[c])
            if text != "":
                attrs[key] = text
            if unit:
                name_units[key] = unit

        def where(field, _w=well, _p=plate):
            return Location(
                file=path.name, well=_w, field=field if _p == "*" else f"{field} (plate {_p})"
            )

        builder.add(plate, well, attrs, where, name_units)


def from_long_table(path: Path, sheets: list[Sheet], builder: _Builder) -> bool:
    from precisecli.pdo.readers import long_table
    from precisecli.pdo.readers.table import find_table

    table = find_table(sheets, [long_table.WELL])
    if table is None:
        return False
    c_well = table.col(*long_table.WELL)
    c_plate, c_screen = table.col(*long_table.PLATE), table.col(*long_table.SCREEN)
    skip = {c_well, c_plate, c_screen, table.col(*long_table.VALUE), table.col(*long_table.READOUT)}
    mapped = []
    for c, name in enumerate(table.columns):
        if c in skip or not name:
            continue
        key, unit = _attr_key(name)
        mapped.append((c, key, unit))
    if not any(k in KEYS for _, k, _ in mapped):
        raise InputError(
            "the table has a well column but no layout columns",
            location=Location(file=path.name),
            hint=f"add {LAYOUT_COLUMNS}",
        )
    for r, _ in table.records():
        well = require_well(table.sheet.text(r, c_well), table.where(r, c_well))
        plate = (
            long_table.plate_key(table, r, c_plate, c_screen, "*")
            if c_plate is not None or c_screen is not None
            else "*"
        )
        attrs, name_units, cols = {}, {}, {}
        for c, key, unit in mapped:
            raw = table.sheet.cell(r, c)
            _reject_marker(raw, table.where(r, c, well))
            text = _cell_text(raw)
            if text:
                attrs[key] = text
            if unit:
                name_units[key] = unit
            cols[key] = c

        def where(field, _r=r, _w=well, _cols=cols):
            return table.where(_r, _cols.get(field), _w)

        builder.add(plate, well, attrs, where, name_units)
    return True


def _reject_marker(raw: Any, location: Location) -> None:
    if isinstance(raw, (CellError, Uncached, Merged)):
        raise InputError(
            f"layout cell holds {display_raw(raw)!r}",
            location=location,
            hint="give each well a plain value (no formulas, errors or merged cells)",
        )


def from_plate_sheets(path: Path, sheets: list[Sheet], builder: _Builder) -> None:
    per_well: dict[str, dict[str, str]] = {}
    units: dict[str, str] = {}
    cells: dict[tuple[str, str], tuple[Sheet, int, int]] = {}
    seen: set[str] = set()
    for sheet in sheets:
        for grid in find_grids(sheet):
            name = grid.corner or title_above(sheet, grid)
            key, unit = _attr_key(fold(name))
            if not key:
                raise InputError(
                    "plate-shaped layout grid without a name",
                    location=sheet.where(grid.header_row, grid.corner_col),
                    hint="write the attribute (role, drug, conc, unit …) in the grid's corner cell",
                )
            if key in seen:
                raise InputError(
                    f"attribute {key!r} has two grids",
                    location=sheet.where(grid.header_row, grid.corner_col),
                    hint="one grid per attribute",
                )
            seen.add(key)
            if unit:
                units[key] = unit
            for well, (raw, sr, sc) in grid.cells().items():
                _reject_marker(raw, sheet.where(sr, sc, well))
                text = _cell_text(raw)
                if text:
                    per_well.setdefault(well, {})[key] = text
                    cells[(well, key)] = (sheet, sr, sc)
    if not seen:
        raise InputError(
            "no long table (well column) and no plate-shaped grids found",
            location=Location(file=path.name),
            hint=f"see docs/pdo-formats.md; columns/grids: {LAYOUT_COLUMNS}",
        )
    for well in sorted(per_well, key=well_sort_key):
        attrs = per_well[well]

        def where(field, _w=well):
            hit = cells.get((_w, field))
            if hit:
                s, r, c = hit
                return s.where(r, c, _w)
            return Location(file=path.name, well=_w, field=field)

        builder.add("*", well, attrs, where, units)
