"""What the report reads from the other domains, in one place.

Each function returns plain data (dicts/lists) or None when that part of the workup has not been
done. The computations belong to the owning domain: we call its functions (genomics' sample and
alteration tables and its comparison, response's RECIST evaluation, ...) and fall back to the
documents it stored in case.json only when its function is not there. Nothing here re-derives a
clinical result.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import hashlib
import importlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

_MEMO: list[dict[tuple[str, str, int], tuple[Any, Any]] | None] = [None]


@contextmanager
def reading_once() -> Iterator[None]:
    """Within this block (one ``build_model``: the caller holds the case's lock, so the case
    cannot change) a domain document several sections need is computed once; each caller gets
    its own copy."""
    outer = _MEMO[0]
    _MEMO[0] = {} if outer is None else outer
    try:
        yield
    finally:
        _MEMO[0] = outer


def _once(name: str, case_dir: Path, record: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, or a copy of its result when it already ran in this block for this case
    folder and this very record object (kept in the memo, so its id cannot be reused)."""
    memo = _MEMO[0]
    if memo is None:
        return compute()
    key = (name, str(case_dir), id(record))
    if key not in memo:
        memo[key] = (record, compute())
    return _copy(memo[key][1])


def _copy(value: Any) -> Any:
    """A deep copy; plain JSON data (what _plain returns) through the C JSON codec, 10 × faster
    than copy.deepcopy and the same values (floats round-trip exactly)."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return copy.deepcopy(value)


def _optional(module: str, name: str) -> Any:
    """A domain function if that domain provides it, else None."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # what dataclasses.asdict gives, without its deep copy of every value (made plain here)
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    return value


# --- genomics -------------------------------------------------------------------------------
def samples(record: dict[str, Any]) -> list[dict[str, Any]]:
    fn = _optional("precisecli.genomics.alterations", "case_samples")
    if fn is not None and record.get("genomics"):
        return _once("samples", Path(), record, lambda: _plain(list(fn(record))))
    return list((record.get("genomics") or {}).get("samples", []))


def alterations(case_dir: Path, record: dict[str, Any]) -> list[dict[str, Any]]:
    fn = _optional("precisecli.genomics.alterations", "case_alterations")
    if fn is not None and record.get("genomics"):
        return _plain(list(fn(case_dir, record)))
    return []


def comparison(case_dir: Path, record: dict[str, Any]) -> dict[str, Any] | None:
    """The `variants compare --json` document (alteration × sample matrix with categories)."""
    fn = _optional("precisecli.genomics.views", "compare_document")
    if fn is None or not record.get("genomics"):
        return None
    return _once(
        "comparison",
        case_dir,
        record,
        lambda: _plain(fn(record["case_id"], record, case_dir, False)),
    )


# --- grouping -------------------------------------------------------------------------------
def grouping(record: dict[str, Any]) -> dict[str, Any] | None:
    return record.get("grouping") or None


# --- organoids ------------------------------------------------------------------------------
def screens(record: dict[str, Any]) -> list[dict[str, Any]]:
    return list((record.get("pdo") or {}).get("screens", []))


def guiding_screen_id(record: dict[str, Any]) -> str | None:
    """The screen `precise next` follows (response's rule), over this module's screens()."""
    from precisecli.response.nextline import guiding_screen

    guide = guiding_screen({"pdo": {"screens": screens(record)}})
    return guide["screen_id"] if guide else None


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def screen_qc(case_dir: Path, screen: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-plate QC rows, as `pdo qc --json` shows them (pdo's qc_document)."""
    fn = _optional("precisecli.pdo.screens", "qc_document")
    if fn is not None and screen.get("plates"):
        return _plain(fn("", [screen])["plates"])
    return []


def screen_points(case_dir: Path, screen: dict[str, Any]) -> dict[str, list[list[float]]]:
    """Regimen -> [dose µM, viability %] of the wells pdo fits (pdo's own well selection)."""
    read = _optional("precisecli.pdo.screens", "wells_from_tsv")
    curves_for = _optional("precisecli.pdo.screens", "curves_for")
    path = case_dir / "pdo" / screen["screen_id"] / "wells.tsv"
    if read is None or curves_for is None or not path.is_file():
        return {}
    return {
        c.key: [[float(d), 100.0 * float(v)] for d, v in zip(c.doses_um, c.viability, strict=True)]
        for c in curves_for(read(path))
    }


def screen_fits(case_dir: Path, screen: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Regimen -> fit parameters: the ranking's fits, completed from pdo/<SCREEN>/fits.tsv."""
    fits = {f["regimen"]: dict(f) for f in (screen.get("ranking") or {}).get("fits") or []}
    for row in read_tsv(case_dir / "pdo" / screen["screen_id"] / "fits.tsv"):
        merged = fits.setdefault(row["regimen"], {"regimen": row["regimen"]})
        for key, value in row.items():
            if merged.get(key) is None and value not in ("", None):
                merged[key] = _number(value)
    return fits


def _number(text: str) -> Any:
    if text in ("True", "true"):
        return True
    if text in ("False", "false"):
        return False
    try:
        return float(text)
    except ValueError:
        return text


def fitted_curve(fit: dict[str, Any], doses_um: list[float]) -> list[float] | None:
    """Viability % of pdo's fitted model at the given doses (pdo's own model algebra)."""
    return fitted_curves([(fit, doses_um)])[0]


def fitted_curves(
    requests: list[tuple[dict[str, Any], list[float]]],
) -> list[list[float] | None]:
    """``fitted_curve`` of many (fit, doses) at once. The values are a function of the fit
    parameters, the doses, pdo's model algebra and numpy, so they are kept in the workspace's
    private cache (``store.blobcache``, kind ``curves``) under a key of exactly those: a report
    of an unchanged screen takes them from there and does not import numpy (0.1 s)."""
    out: list[list[float] | None] = [None] * len(requests)
    fn = _optional("precisecli.pdo.curves", "predict")
    if fn is None:
        return out
    jobs: list[tuple[int, list[Any]]] = []
    for i, (fit, doses_um) in enumerate(requests):
        hill, einf, ec50 = fit.get("hill"), fit.get("einf"), fit.get("ec50_um")
        if None in (hill, einf, ec50) or not fit.get("converged") or ec50 <= 0:
            continue
        top = fit.get("top") if fit.get("top") is not None else 1.0
        jobs.append((i, [hill, einf, ec50, top, [float(d) for d in doses_um]]))
    if not jobs:
        return out
    params = [p for _, p in jobs]
    try:
        predicted = _predictions(fn, params)
    except ImportError:  # no numpy: pdo's model cannot be evaluated here, as when pdo is absent
        return out
    for (i, _), values in zip(jobs, predicted, strict=True):
        out[i] = values
    return out


def _predictions(fn: Callable[..., Any], params: list[list[Any]]) -> list[list[float]]:
    from precisecli.store import blobcache

    try:
        key = hashlib.sha256(f"{_prediction_code()}\0{json.dumps(params)}".encode()).hexdigest()
    except (OSError, TypeError, ValueError):
        key = None
    data = blobcache.get("curves", key) if key else None
    if data is not None:
        try:
            cached = json.loads(data)
        except ValueError:
            cached = None
        if _prediction_shape(cached, params):
            return cached
    import numpy as np

    values = []
    for hill, einf, ec50, top, doses_um in params:
        u = np.log10(np.asarray(doses_um, dtype=float))
        values.append([float(v) * 100.0 for v in fn(u, hill, einf, np.log10(ec50), top)])
    if key:
        blobcache.put("curves", key, json.dumps(values).encode("utf-8"))
    return values


def _prediction_shape(cached: Any, params: list[list[Any]]) -> bool:
    return (
        isinstance(cached, list)
        and len(cached) == len(params)
        and all(
            isinstance(ys, list) and len(ys) == len(p[4]) and all(type(y) is float for y in ys)
            for ys, p in zip(cached, params, strict=True)
        )
    )


@cache
def _prediction_code() -> str:
    """What the predicted values depend on besides the parameters: this module and pdo's model
    algebra (their source files), precise's version and the installed numpy (its version file,
    and the size and mtime of its package and of the folder it is installed in, which change
    on any reinstall) — found without importing numpy."""
    import importlib.util

    from precisecli import __version__

    h = hashlib.sha256(f"precise {__version__}\0".encode())
    for name in ("precisecli.pdo.llsolver", __name__):
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise OSError(f"{name} has no source")
        h.update(Path(spec.origin).read_bytes() + b"\0")
    spec = importlib.util.find_spec("numpy")
    if spec is None or spec.origin is None:
        raise OSError("numpy is not installed")
    origin = Path(spec.origin)
    h.update((origin.parent / "version.py").read_bytes() + b"\0")
    for item in (origin, origin.parent.parent):
        st = os.stat(item)
        h.update(f"{item}\0{st.st_mtime_ns}\0{st.st_size}\0".encode())
    return h.hexdigest()


# --- response -------------------------------------------------------------------------------
def treatment(record: dict[str, Any]) -> dict[str, Any]:
    return record.get("treatment") or {}


def evaluation(record: dict[str, Any]) -> dict[str, Any] | None:
    """The `response evaluate` document: as stored by that command (with the protocol options
    it was run with), else evaluated now by the response domain with default RECIST rules."""
    stored = treatment(record).get("evaluation")
    if stored:
        return stored
    if not treatment(record).get("measurements"):
        return None
    course = _optional("precisecli.response.course", "evaluate_line")
    document = _optional("precisecli.response.course", "evaluation_document")
    rules = _optional("precisecli.response.recist", "RecistRules")
    if None in (course, document, rules):
        return None
    line, ev = course(record, rules())
    return _plain(document(record["case_id"], line, ev))


def next_line(record: dict[str, Any]) -> dict[str, Any] | None:
    """The `precise next --json` document (organoid-informed choice), from the response domain."""
    fn = _optional("precisecli.response.nextline", "recommend")
    return _plain(fn(record)) if fn is not None else None
