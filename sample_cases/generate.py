#!/usr/bin/env python3
"""Regenerate the bundled synthetic demo patient(s) under sample_cases/ with a fixed seed.

Each part of the case is written by one ``gen_<part>.py`` module beside this script, exposing
``generate(case_dir: Path, rng: random.Random) -> list[Path]``; they run in name order, each with
its own seeded generator so that changing one part never changes another.

Usage: python sample_cases/generate.py            (writes into sample_cases/DEMO-001/)
The patient is synthetic: no real person's data is in any file here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASE_ID = "DEMO-001"
SEED = 20261124


def main(argv: list[str]) -> int:
    case_dir = HERE / CASE_ID
    case_dir.mkdir(exist_ok=True)
    for module_path in sorted(HERE.glob("gen_*.py")):
        spec = importlib.util.spec_from_file_location(module_path.stem, module_path)
        module = importlib.util.module_from_spec(spec)
        assert spec.loader is not None
        spec.loader.exec_module(module)
        part_seed = int(hashlib.sha256(f"{SEED}:{module_path.stem}".encode()).hexdigest()[:8], 16)
        for written in module.generate(case_dir, random.Random(part_seed)):
            print(f"wrote {written.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
