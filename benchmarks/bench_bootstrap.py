#!/usr/bin/env python3
"""Full bootstrap of the 132-drug Breeze screen: time and determinism (issue 16).

Usage:  .venv/bin/python benchmarks/bench_bootstrap.py

Loads the public Breeze demo screen (tests/data/pdo, 132 drugs × 5 doses × 8 cell lines,
16 plates) into a temporary workspace, ranks it once by DSS (`pdo rank --metric dss --json`,
which fits every curve and bootstraps IC50, AAC and DSS with the seeded well resampling), and
prints the CPU time of the whole command (user + sys of the child; on an idle machine that is its
wall time; the load average is printed beside). It then ranks again and checks that the JSON is
byte-identical (same seed, same data → same bytes). The fit budget (DESIGN §7) is 5 s ranked.
"""

from __future__ import annotations

import json
import os
import sys

from breeze_case import breeze_case


def main() -> int:
    outs, cpus, walls = [], [], []
    with breeze_case() as case:
        for _ in range(2):
            done, wall, cpu = case.timed("pdo", "rank", "BZ", "--metric", "dss", "--json")
            outs.append(done.stdout)
            walls.append(wall)
            cpus.append(cpu)
    doc = json.loads(outs[0])
    n_reg = len(doc["regimens"])
    n_ci = sum(1 for r in doc["regimens"] if r.get("dss_ci95"))
    print(
        f"Breeze screen: {n_reg} regimens ranked by DSS with {doc['bootstrap']['resamples']} "
        f"bootstrap resamples per curve ({n_ci} DSS intervals); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    for i, (c, w) in enumerate(zip(cpus, walls, strict=True), start=1):
        print(f"  run {i}: {c:.2f} s CPU, {w:.2f} s wall (budget 5 s)")
    print(f"  same seed, same bytes: {outs[0] == outs[1]}")
    return 0 if outs[0] == outs[1] else 1


if __name__ == "__main__":
    sys.exit(main())
