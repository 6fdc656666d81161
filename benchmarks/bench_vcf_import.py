#!/usr/bin/env python3
"""VCF import throughput and memory: `precise variants import` vs a bare cyvcf2 loop.

Usage: python benchmarks/bench_vcf_import.py [--sizes 1000000,4000000]
Generates synthetic somatic VCF.gz files (benchmarks/make_synthetic_vcf.py) in a temp folder,
then, each in a fresh process, runs
  bare:   for v in cyvcf2.VCF(path, samples=['TUMOR']): read CHROM POS REF ALT FILTERS FORMAT,
          INFO CSQ, format('AF'/'AD'/'DP')  — the fields the importer reads
  import: precise variants import (pre-check + child-process parse + case commit)
and prints records/s and peak RSS (the largest of the process and its children). Budget
(DESIGN.md §7): import >= 50 % of the bare loop; peak RSS flat from 1 M to 4 M records (±10 %).
The import uses two processes (pre-check and parser) where the bare loop uses one, so it is
sensitive to other load on the machine: the 1-minute load average before each run and the
import's CPU time (all its processes) are printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BARE = r"""
import json, resource, sys, time
import cyvcf2
t = time.perf_counter(); n = 0
for v in cyvcf2.VCF(sys.argv[1], samples=["TUMOR"]):
    n += 1
    v.CHROM; v.POS; v.REF; v.ALT; v.FILTERS; v.FORMAT; v.INFO.get("CSQ")
    v.format("AF"); v.format("AD"); v.format("DP")
dt = time.perf_counter() - t
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"records": n, "seconds": dt, "peak_rss_kb": rss}))
"""

IMPORT = r"""
import json, os, resource, sys, time
os.environ["PRECISE_WORKSPACE"] = sys.argv[2]
from precisecli.cli.main import run
assert run(["case", "new", "BENCH"]) == 0
t = time.perf_counter()
code = run(["variants", "import", "BENCH", sys.argv[1], "--sample-id", "S1", "--json"])
dt = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
rss = max(me.ru_maxrss, kids.ru_maxrss)
print(json.dumps({"code": code, "seconds": dt, "cpu_seconds": cpu, "peak_rss_kb": rss}),
      file=sys.stderr)  # fmt: skip
"""


def _run(code: str, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    line = (proc.stdout if code is BARE else proc.stderr).strip().splitlines()[-1]
    return json.loads(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,4000000")
    args = parser.parse_args()
    from make_synthetic_vcf import write

    results = []
    with tempfile.TemporaryDirectory(prefix="precise-bench-") as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            path = Path(tmp) / f"synthetic_{n}.vcf.gz"
            t = time.perf_counter()
            write(path, n)
            print(f"generated {n:,} records ({path.stat().st_size / 1e6:.0f} MB) in "
                  f"{time.perf_counter() - t:.0f} s")  # fmt: skip
            load_bare = os.getloadavg()[0]
            bare = _run(BARE, str(path))
            load_import = os.getloadavg()[0]
            imp = _run(IMPORT, str(path), str(Path(tmp) / f"ws{n}"))
            assert imp["code"] == 0, imp
            row = {
                "records": n,
                "bare_rec_s": n / bare["seconds"],
                "bare_rss_mb": bare["peak_rss_kb"] / 1024,
                "import_rec_s": n / imp["seconds"],
                "import_rss_mb": imp["peak_rss_kb"] / 1024,
            }
            row["ratio"] = row["import_rec_s"] / row["bare_rec_s"]
            results.append(row)
            print(
                f"{n:>9,} records | bare cyvcf2: {row['bare_rec_s']:>9,.0f} rec/s, peak RSS "
                f"{row['bare_rss_mb']:.0f} MB | precise import: {row['import_rec_s']:>9,.0f} "
                f"rec/s, peak RSS {row['import_rss_mb']:.0f} MB | import/bare "
                f"{100 * row['ratio']:.0f} %"
            )
            print(
                f"{'':>9}   load average before: bare {load_bare:.2f}, import {load_import:.2f}"
                f" | import CPU {imp['cpu_seconds']:.1f} s in {imp['seconds']:.1f} s wall, "
                f"bare {bare['seconds']:.1f} s"
            )
            path.unlink()
    if len(results) > 1:
        growth = results[-1]["import_rss_mb"] / results[0]["import_rss_mb"] - 1
        print(f"peak RSS change {results[0]['records']:,} → {results[-1]['records']:,} records: "
              f"{100 * growth:+.1f} %")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
