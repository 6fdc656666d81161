"""The light option converter gives what typer's pydantic adapter gives: same value and type for
every input it accepts, typer's own message for every input it refuses — checked input by input
against typer's adapter (the reference), plus: a reading command never imports pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer._click.exceptions import BadParameter
from typer._coercion import resolve_type_descriptor
from typer.models import OptionInfo

from precisecli.cli import fastparams

fastparams.install()
ORIGINAL = fastparams._INSTALLED[0]

NUMBERS = [
    "1", "+1", "-1", " 1", "1 ", "1_000", "1.0", "1e3", "0x10", "01", "\u0661", "nan", "inf",
    "-inf", "1.5e-3", ".5", "5.", "", "1e400", "-0", "1E3", "+.5e+2", "0.0000", "00.5", "1__0",
    "_1", "infinity", "NaN", "52", "52.0000001", "100", "-0.0", "90", "91", "abc", "1,5",
    "9" * 30, 3, 2.5, 0, -1, float("nan"), True, None,
]  # fmt: skip
RANGES = [(None, None), (0, 1), (0, 100), (0, 52), (None, 10), (1, None), (0, 90)]


def outcome(runtime, value):
    try:
        out = runtime._coerce_value(value, param=None, ctx=None)
    except BadParameter as exc:
        return ("error", exc.message)
    except ValueError as exc:  # typer itself lets os.stat's "embedded null byte" through
        return ("raised", type(exc), str(exc))
    return ("value", out, type(out))


def same(value_a, value_b):
    if value_a[0] == "value" and isinstance(value_a[1], float) and value_a[1] != value_a[1]:
        return value_b[0] == "value" and value_b[1] != value_b[1]
    return value_a == value_b


@pytest.mark.parametrize("annotation", [int, float])
@pytest.mark.parametrize("bounds", RANGES)
def test_numbers_match_typer(annotation, bounds):
    info = OptionInfo(min=bounds[0], max=bounds[1])
    descriptor = resolve_type_descriptor(annotation, info)
    light = fastparams_build(descriptor)
    reference = ORIGINAL(descriptor)
    assert type(light).__name__ == "LightRuntimeParam"
    for value in NUMBERS:
        assert same(outcome(light, value), outcome(reference, value)), (annotation, bounds, value)


def fastparams_build(descriptor):
    import typer.core

    return typer.core.build_runtime_param(descriptor)


@pytest.mark.parametrize(
    "annotation,values",
    [
        (str, ["x", "", " a b ", "é", "$x$", 3]),
        (Path, ["", "a\x00b", " x ", "~/a", "a//b/", ".", Path("p"), 3]),
        (list[Path], [["a", "b"], ("a",), "a", [], [3]]),
        (list[str], [["a", "b"], ("a",), "a", [], [3]]),
        (bool, [True, False, "yes", 1]),
    ],
)
def test_other_types_match_typer(annotation, values, tmp_path):
    descriptor = resolve_type_descriptor(annotation, OptionInfo())
    light = fastparams_build(descriptor)
    reference = ORIGINAL(descriptor)
    for value in values:
        assert outcome(light, value) == outcome(reference, value), (annotation, value)


def test_path_checks_keep_typer_wording(tmp_path):
    """A path check that fails (here: exists=True on a missing file) is worded by typer."""
    info = OptionInfo(exists=True)
    descriptor = resolve_type_descriptor(Path, info)
    missing = str(tmp_path / "gone") + "/"
    assert outcome(fastparams_build(descriptor), missing) == outcome(ORIGINAL(descriptor), missing)


def test_reading_command_does_not_import_pydantic(tmp_path):
    """The real console script: `case list --json` on an empty workspace never loads pydantic."""
    code = (
        "import sys, os; os.environ['TYPER_USE_RICH']='0';"
        "from precisecli.cli.main import run; rc = run(sys.argv[1:]);"
        "sys.stderr.write('PYDANTIC=%s' % ('pydantic' in sys.modules)); sys.exit(rc)"
    )
    env = dict(os.environ, PRECISE_WORKSPACE=str(tmp_path / "ws"))
    done = subprocess.run(
        [sys.executable, "-c", code, "case", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "PYDANTIC=False" in done.stderr, done.stderr
