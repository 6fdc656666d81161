#!/usr/bin/env python3
"""Write a synthetic cohort with known truth into a workspace (for trying `cohort summary`).

Usage: python scripts/make_cohort.py WORKSPACE [--seed N] [--cases N]
Writes the cases (SYN-001 …; with --cases N, as many 33-case copies as needed, ids SYN<k>-NNN,
cut to N cases) and WORKSPACE/../cohort_truth.json (designed response and PFS1 of every case).
The patients are synthetic; see precisecli/cohort/synthetic.py for the design.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cases", type=int, default=None, help="number of cases (default 33)")
    args = parser.parse_args(argv)
    from precisecli.cohort.synthetic import truth_table, write_cohort, write_scaled_cohort

    if args.cases is None:
        truths = write_cohort(args.workspace, seed=args.seed)
    else:
        truths = write_scaled_cohort(args.workspace, args.cases, seed=args.seed)
    truth_path = args.workspace.absolute().parent / "cohort_truth.json"
    truth_path.write_text(json.dumps(truth_table(truths), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(truths)} cases into {args.workspace}; truth in {truth_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
