"""Console-script entry point. Kept import-light so `precise --help` starts fast."""

import os


def main() -> None:
    # typer's rich help renderer costs ~0.15 s of imports per call; plain click help keeps
    # `precise --help` within its 0.3 s budget. Set before typer is first imported.
    os.environ.setdefault("TYPER_USE_RICH", "0")
    from precisecli.cli.main import main as real_main

    real_main()
