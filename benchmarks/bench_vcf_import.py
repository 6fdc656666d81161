#!/usr/bin/env python3
"""VCF import throughput and memory beside its reference runs, in one run.

Usage: python benchmarks/bench_vcf_import.py [--sizes 1000000,4000000] [--repeat 3] [--no-old]
       [--no-py]
Generates synthetic somatic VCF.gz files (benchmarks/make_synthetic_vcf.py: Mutect2 AF/AD/DP,
one VEP CSQ entry, 90 % PASS) in a temp folder, then, each in a fresh process and interleaved
(every repetition runs every variant once, in this order), measures
  decompress: the worker's decompression alone (isal when installed, else zlib), lines counted
  bare:       for v in cyvcf2.VCF(path, samples=['TUMOR']): read CHROM POS REF ALT FILTERS
              FORMAT, INFO CSQ, format('AF'/'AD'/'DP') — the fields the importer reads
  bcftools:   bcftools query -s TUMOR -f '%CHROM %POS %REF %ALT %FILTER %CSQ [%AF %AD %DP]'
              (skipped, with the reason, when bcftools is not on PATH)
  import:     precise variants import (worker started first; its text path parses and makes
              the record check, in two processes for a large file; then the case commit)
  import-py:  the same with PRECISE_NO_NUMBA=1 (chunks read by vcf_block in Python, not by the
              numba kernels of vcf_native; --no-py skips)
  import-old: the same with PRECISE_VCF_PARSER=cyvcf2 (the cyvcf2-only worker; --no-old skips)
First it loads the VCF kernels in a fresh process (numba import + the user's compiled cache;
a first compile on a machine, ~7 s, is done by `make install`) and prints how long that took.
Then it prints records/s (wall clock), CPU seconds (all processes), peak RSS (the largest of the
process and its children) and the ratios import / bare and import / bcftools of the same
repetition. Budgets: DESIGN.md §7 / issue 19 (import >= 2 x bare, >= 0.5 x bcftools query),
issue 12 (>= 0.7 x bare); peak RSS of the import flat from 1 M to 4 M records (within 10 %).
The machine may be shared: the 1-minute load average is printed beside each repetition, and the
ratios compare runs made seconds apart.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Every figure is a process of its own: no command server (by default a burst of commands
# starts one, which would then run the measured commands; bench_startup_charts.py measures the
# default on purpose, in a row of its own).
os.environ["PRECISE_SERVER"] = "0"

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# Each snippet prints one JSON line: seconds (wall), cpu (self + children), rss_kb (peak).
_USAGE = r"""
import json, resource, time
def _report(seconds, **extra):
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds,
                      "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                      "rss_kb": max(me.ru_maxrss, kids.ru_maxrss), **extra}))
"""

DECOMPRESS = (
    _USAGE
    + r"""
import sys
try:
    from isal import igzip as gz
except ImportError:
    import gzip as gz
t = time.perf_counter(); n = 0
with gz.open(sys.argv[1], "rb") as h:
    while block := h.read(1 << 20):
        n += block.count(b"\n")
_report(time.perf_counter() - t, lines=n)
"""
)

BARE = (
    _USAGE
    + r"""
import sys
import cyvcf2
t = time.perf_counter(); n = 0
for v in cyvcf2.VCF(sys.argv[1], samples=["TUMOR"]):
    n += 1
    v.CHROM; v.POS; v.REF; v.ALT; v.FILTERS; v.FORMAT; v.INFO.get("CSQ")
    v.format("AF"); v.format("AD"); v.format("DP")
_report(time.perf_counter() - t, records=n)
"""
)

BCFTOOLS = (
    _USAGE
    + r"""
import subprocess, sys
t = time.perf_counter()
subprocess.run(["bcftools", "query", "-s", "TUMOR", "-f",
                "%CHROM\t%POS\t%REF\t%ALT\t%FILTER\t%CSQ[\t%AF\t%AD\t%DP]\n", sys.argv[1]],
               stdout=subprocess.DEVNULL, check=True)
_report(time.perf_counter() - t)
"""
)

IMPORT = (
    _USAGE
    + r"""
import os, sys
os.environ["PRECISE_WORKSPACE"] = sys.argv[2]
from precisecli.cli.main import run
assert run(["case", "new", "BENCH"]) == 0
t = time.perf_counter()
code = run(["variants", "import", "BENCH", sys.argv[1], "--sample-id", "S1", "--json"])
seconds = time.perf_counter() - t
import sys as _s; _s.stdout = _s.__stderr__  # the command's JSON went to stdout
_report(seconds, code=code)
"""
)


def _run(code: str, *args: str, env: dict | None = None) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    stream = proc.stderr if code is IMPORT else proc.stdout
    lines = [line for line in stream.strip().splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"benchmark step failed:\n{proc.stderr[-2000:]}")
    return json.loads(lines[-1])


KERNELS = (
    _USAGE
    + r"""
t = time.perf_counter()
from precisecli.genomics import vcf_native
loaded = vcf_native.kernels() is not None
_report(time.perf_counter() - t, loaded=loaded)
"""
)


def _variants(no_old: bool, no_py: bool = False) -> list[str]:
    names = ["decompress", "bare"]
    if shutil.which("bcftools"):
        names.append("bcftools")
    names.append("import")
    if not no_py:
        names.append("import-py")
    if not no_old:
        names.append("import-old")
    return names


def _measure(name: str, path: Path, workspace: Path) -> dict:
    if name == "decompress":
        return _run(DECOMPRESS, str(path))
    if name == "bare":
        return _run(BARE, str(path))
    if name == "bcftools":
        return _run(BCFTOOLS, str(path))
    shutil.rmtree(workspace, ignore_errors=True)
    env = dict(os.environ)
    env["PRECISE_VCF_PARSER"] = "cyvcf2" if name == "import-old" else "auto"
    if name == "import-py":
        env["PRECISE_NO_NUMBA"] = "1"
    result = _run(IMPORT, str(path), str(workspace), env=env)
    shutil.rmtree(workspace, ignore_errors=True)
    assert result["code"] == 0, result
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,4000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-old", action="store_true", help="skip the cyvcf2-only import")
    parser.add_argument("--no-py", action="store_true", help="skip the import without numba")
    args = parser.parse_args()
    from make_synthetic_vcf import write

    names = _variants(args.no_old, args.no_py)
    kernels = _run(KERNELS)
    print(
        "VCF kernels (numba) in a fresh process: "
        + (f"loaded in {kernels['seconds']:.2f} s" if kernels["loaded"] else "not available")
        + (" — compiled now (cold cache)" if kernels["seconds"] > 3 else "")
    )
    if "bcftools" not in names:
        print("bcftools query: skipped (bcftools is not on PATH; e.g. apt-get install bcftools)")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{os.cpu_count()} CPUs; variants: {', '.join(names)}; {args.repeat} repetitions")
    peak: dict[int, list[float]] = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory(prefix="precise-bench-") as tmp:
        files = {}
        for n in sizes:
            path = Path(tmp) / f"synthetic_{n}.vcf.gz"
            t = time.perf_counter()
            write(path, n)
            files[n] = path
            print(f"generated {n:,} records ({path.stat().st_size / 1e6:.0f} MB) in "
                  f"{time.perf_counter() - t:.0f} s")  # fmt: skip
        ratios: dict[tuple[int, str], list[float]] = {}
        for rep in range(1, args.repeat + 1):
            for n in sizes:
                load = os.getloadavg()[0]
                row = {name: _measure(name, files[n], Path(tmp) / "ws") for name in names}
                print(f"\nrun {rep}, {n:,} records (load average {load:.1f}):")
                for name in names:
                    r = row[name]
                    print(
                        f"  {name:<11} {n / r['seconds']:>10,.0f} rec/s  {r['seconds']:6.1f} s "
                        f"wall  {r['cpu']:6.1f} s CPU  peak RSS {r['rss_kb'] / 1024:6.0f} MB"
                    )
                peak[n].append(row["import"]["rss_kb"] / 1024)
                for ref in ("bare", "bcftools", "decompress"):
                    if ref in row:
                        for imp in ("import", "import-py", "import-old"):
                            if imp in row:
                                ratio = row[ref]["seconds"] / row[imp]["seconds"]
                                ratios.setdefault((n, f"{imp} / {ref}"), []).append(ratio)
                ratio_text = ", ".join(
                    f"{key} {ratios[(n, key)][-1]:.2f}"
                    for key in (
                        "import / bare",
                        "import / bcftools",
                        "import-py / bare",
                        "import-old / bare",
                    )
                    if (n, key) in ratios
                )
                print(f"  ratios (records/s): {ratio_text}")
    print("\nsummary (median of the repetitions, records/s ratios):")
    for (n, key), values in sorted(ratios.items()):
        print(f"  {n:>9,} {key:<26} {statistics.median(values):.2f}  "
              f"(runs: {', '.join(f'{v:.2f}' for v in values)})")  # fmt: skip
    if len(sizes) > 1:
        first, last = statistics.median(peak[sizes[0]]), statistics.median(peak[sizes[-1]])
        print(f"  import peak RSS {sizes[0]:,} → {sizes[-1]:,} records: {first:.0f} → {last:.0f} "
              f"MB ({100 * (last / first - 1):+.1f} %)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
