"""The numba kernels of the curve solver (precisecli/pdo/llsolver_numba.py) against the numpy
path they replace: the same fits (IC50 to 1e-6), the same statuses; PRECISE_NO_NUMBA=1 and a
missing numba give numpy; the compiled code is cached in the user's cache folder, never next to
the sources, and a read-only cache folder only costs a compile."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from precisecli.pdo import llsolver_numba
from precisecli.pdo.curves import Curve, fit_curves

REPO = Path(__file__).resolve().parents[2]
numba = pytest.importorskip("numba")


def _curves(n: int, model: str, seed: int) -> list[Curve]:
    """LL4 truth with noise, 8 doses × 3 wells; some flat, some steep, some outside the range."""
    rng = np.random.default_rng(seed)
    doses = 10.0 / 3.0 ** np.arange(8)
    d = np.repeat(doses, 3)
    u = np.log10(d)
    out = []
    for i in range(n):
        u50 = rng.uniform(u.min() - 1.0, u.max() + 1.0)
        hill = rng.choice([rng.uniform(0.3, 3.0), 8.0, 0.12])
        einf = rng.uniform(0.0, 0.7)
        top = rng.uniform(0.85, 1.15) if model == "ll4" else 1.0
        y = einf + (top - einf) / (1 + 10 ** (hill * (u - u50))) + rng.normal(0, 0.06, u.size)
        if i % 50 == 0:
            y = 1.0 + rng.normal(0, 0.05, u.size)  # inactive drug
        out.append(Curve(f"c{i}", tuple(d), tuple(y)))
    return out


def _fit(curves, model, use_numba: bool, monkeypatch):
    with monkeypatch.context() as m:
        if use_numba:
            m.delenv("PRECISE_NO_NUMBA", raising=False)
            m.setattr(llsolver_numba, "MIN_CURVES", 1)  # numba for a job of any size
        else:
            m.setenv("PRECISE_NO_NUMBA", "1")
        llsolver_numba.kernels.cache_clear()
        try:
            assert (llsolver_numba.kernels() is not None) == use_numba
            return fit_curves(curves, model)
        finally:
            llsolver_numba.kernels.cache_clear()


@pytest.mark.parametrize("model", ["ll3u", "ll4"])
def test_same_fits_as_numpy(model, monkeypatch):
    curves = _curves(400, model, seed=11 if model == "ll3u" else 12)
    compiled = _fit(curves, model, True, monkeypatch)
    plain = _fit(curves, model, False, monkeypatch)
    same_ic50 = 0
    for a, b in zip(compiled, plain, strict=True):
        assert (a.status, a.ic50_flag, a.converged) == (b.status, b.ic50_flag, b.converged)
        if a.ic50_um is not None:
            assert math.isclose(a.ic50_um, b.ic50_um, rel_tol=1e-6, abs_tol=1e-12), a.key
            same_ic50 += 1
        for name in ("hill", "einf", "top", "ec50_um", "aac", "r2"):
            va, vb = getattr(a, name), getattr(b, name)
            assert math.isclose(va, vb, rel_tol=1e-5, abs_tol=1e-7), (a.key, name, va, vb)
    assert same_ic50 > 100  # not vacuous: many curves cross 50 % inside the range


def test_the_path_depends_on_the_call_not_on_the_process_history(monkeypatch):
    """Kernels already loaded (by a large job, a command server's warm-up) do not move a small
    job onto numba: its results stay bit-identical to a fresh process's."""
    from precisecli.pdo import llsolver

    monkeypatch.delenv("PRECISE_NO_NUMBA", raising=False)
    llsolver_numba.kernels.cache_clear()
    try:
        assert llsolver_numba.kernels() is not None  # loaded in this process
        assert llsolver._compiled(llsolver_numba.MIN_CURVES - 1) is None
        assert llsolver._compiled(llsolver_numba.MIN_CURVES) is not None
        curves = _curves(50, "ll4", seed=3)
        before = [(c.hill, c.einf, c.ec50_um, c.r2) for c in fit_curves(curves, "ll4")]
    finally:
        llsolver_numba.kernels.cache_clear()
    monkeypatch.setenv("PRECISE_NO_NUMBA", "1")  # a process that never loads them
    after = [(c.hill, c.einf, c.ec50_um, c.r2) for c in fit_curves(curves, "ll4")]
    assert before == after  # bit for bit


def test_no_numba_switch(monkeypatch):
    monkeypatch.setenv("PRECISE_NO_NUMBA", "1")
    llsolver_numba.kernels.cache_clear()
    try:
        assert llsolver_numba.kernels() is None
    finally:
        llsolver_numba.kernels.cache_clear()


def test_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("PRECISE_NUMBA_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert llsolver_numba.cache_dir() == tmp_path / "precise" / "numba"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert llsolver_numba.cache_dir() == Path.home() / ".cache" / "precise" / "numba"
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        if os.access(read_only, os.W_OK):  # root ignores permissions
            pytest.skip("cannot make a read-only folder as this user")
        assert llsolver_numba._writable(read_only / "numba") is False
    finally:
        read_only.chmod(0o755)


def _kernels_in_new_process(env: dict) -> subprocess.CompletedProcess:
    code = (
        "from precisecli.pdo import llsolver_numba as m\n"
        "from precisecli.pdo.curves import Curve, fit_curves\n"
        "assert m.kernels() is not None\n"
        "d, y = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0), (1.0, 0.97, 0.9, 0.72, 0.4, 0.2, 0.1)\n"
        "c = [Curve(f'c{i}', d, y) for i in range(80)]\n"
        "print(round(fit_curves(c, 'll4')[0].ic50_um, 6))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_cache_written_to_user_folder_only(tmp_path):
    """A cold process compiles into $XDG_CACHE_HOME/precise/numba; the sources stay clean; a
    read-only cache folder still fits (compiled in memory)."""
    before = {p for p in (REPO / "precisecli").rglob("*") if p.suffix in (".nbi", ".nbc")}
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"), PYTHONPATH=str(REPO))
    env.pop("PRECISE_NUMBA_CACHE", None)
    env.pop("NUMBA_CACHE_DIR", None)
    env.pop("PRECISE_NO_NUMBA", None)
    first = _kernels_in_new_process(env)
    assert first.returncode == 0, first.stderr
    cached = list((tmp_path / "xdg" / "precise" / "numba").rglob("*.nbi"))
    assert cached, "no index file in the cache folder"
    after = {p for p in (REPO / "precisecli").rglob("*") if p.suffix in (".nbi", ".nbc")}
    assert after == before
    second = _kernels_in_new_process(env)  # from the cache
    assert second.stdout == first.stdout
    env["PRECISE_NUMBA_CACHE"] = "/proc/precise-cannot-write-here"
    third = _kernels_in_new_process(env)
    assert third.returncode == 0, third.stderr
    assert third.stdout == first.stdout and "Traceback" not in third.stderr
