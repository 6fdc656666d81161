"""Named resource limits for inputs, each with a default and an environment override.

Every parser that could be made to run without bound (decompression, header size, nesting,
YAML aliases, spreadsheet cells, line length) asks this module for its limit by name, and
raises an ``InputError`` naming the limit and how to raise it when an input passes it. A limit
is overridden with ``PRECISE_LIMIT_<NAME>`` (e.g. ``PRECISE_LIMIT_MAX_INPUT_BYTES=10e9``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from precisecli.errors import InputError, Location
from precisecli.fsnames import shown, utf8_text


@dataclass(frozen=True)
class Limit:
    name: str
    default: float
    unit: str
    meaning: str


LIMITS: dict[str, Limit] = {
    lim.name: lim
    for lim in (
        Limit("max_input_bytes", 20e9, "bytes", "size of one input file on disk"),
        Limit("max_decompressed_bytes", 200e9, "bytes", "decompressed size of one input"),
        Limit("max_compression_ratio", 1000, "×", "decompressed / compressed size"),
        Limit("max_header_bytes", 64e6, "bytes", "header (##/# lines) of a VCF or MAF"),
        Limit("max_line_bytes", 16e6, "bytes", "one line of a text input"),
        Limit(
            "max_document_bytes", 16e6, "bytes", "a YAML/JSON/TOML document (intake, KB, layout)"
        ),
        Limit("max_nesting_depth", 64, "levels", "nesting of a YAML/JSON/TOML document"),
        Limit("max_yaml_aliases", 0, "aliases", "YAML aliases (*ref) in one document"),
        # 2 M cells (as the xlsx reader allowed before): a 1536-well plate export has ~2 k; two
        # openpyxl passes over 2.5 M cells already take > 10 s and > 300 MB
        Limit("max_sheet_cells", 2e6, "cells", "cells of one spreadsheet (counted from the sheet)"),
        Limit("max_message_chars", 300, "characters", "length of one error message"),
        Limit("max_bundle_members", 100_000, "members", "files in a case bundle (case import)"),
    )
}


def limit(name: str) -> float:
    """The limit in force: ``PRECISE_LIMIT_<NAME>`` if set to a number, else the default."""
    lim = LIMITS[name]
    raw = os.environ.get(f"PRECISE_LIMIT_{name.upper()}")
    if raw is None:
        return lim.default
    try:
        value = float(raw)
    except ValueError:
        raise InputError(
            f"PRECISE_LIMIT_{name.upper()}={raw[:40]!r} is not a number",
            hint=f"set it to a number of {lim.unit}, or unset it for {lim.default:g}",
        ) from None
    if value < 0:
        raise InputError(f"PRECISE_LIMIT_{name.upper()} must be ≥ 0")
    return value


def exceeded(name: str, *, location: Location | None = None, seen: str = "") -> InputError:
    """The error for an input over a limit (raise it)."""
    lim = LIMITS[name]
    value = limit(name)
    return InputError(
        f"{lim.meaning} over the limit of {value:g} {lim.unit}" + (f" ({seen})" if seen else ""),
        location=location,
        hint=f"if the input is genuine, raise it with PRECISE_LIMIT_{name.upper()}",
    )


def require_regular_file(path: Path, *, what: str = "input") -> os.stat_result:
    """Refuse at once anything that is not a regular file (FIFO, device, socket, folder).

    Opening a FIFO blocks and /dev/zero never ends, so this runs before any open().
    A path that is not UTF-8 is refused too: its name could not be recorded as it is (audit
    log, case record, JSON output, report), nor handed to the readers that take text paths.
    """
    if not utf8_text(str(path.absolute())):
        named = "name" if not utf8_text(path.name) else "folder's name"
        raise InputError(
            f"the {what}'s {named} is not valid UTF-8: precise records and passes on paths as text",
            location=Location(file=shown(path.name)),
            hint="rename it, or copy the file to a path in UTF-8",
        )
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(
            "file not found", location=Location(file=path.name), hint="check the path"
        ) from None
    except PermissionError:
        raise InputError(
            f"{what} cannot be read (permission denied)",
            location=Location(file=path.name),
            hint="check the file's permissions",
        ) from None
    except OSError as exc:
        raise InputError(
            f"{what} cannot be read ({exc.strerror or type(exc).__name__})",
            location=Location(file=path.name),
        ) from None
    if stat.S_ISDIR(st.st_mode):
        kind = "a folder"
    elif stat.S_ISFIFO(st.st_mode):
        kind = "a FIFO (named pipe)"
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        kind = "a device"
    elif stat.S_ISSOCK(st.st_mode):
        kind = "a socket"
    elif not stat.S_ISREG(st.st_mode):
        kind = "not a regular file"
    else:
        if st.st_size > limit("max_input_bytes"):
            raise exceeded("max_input_bytes", location=Location(file=path.name))
        return st
    raise InputError(
        f"{what} is {kind}, not a regular file",
        location=Location(file=path.name),
        hint="give a file saved on disk (copy a stream to a file first)",
    )
