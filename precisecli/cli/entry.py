"""Console-script entry point. Kept import-light so `precise --help` starts fast."""

import os
import sys


def main() -> None:
    # typer's rich help renderer costs ~0.15 s of imports per call; plain click help keeps
    # `precise --help` within its 0.3 s budget. Set before typer is first imported.
    os.environ.setdefault("TYPER_USE_RICH", "0")
    # A running command server runs the command in a process forked from one that has loaded
    # precise already (cli/cmdclient.py; started by a burst of commands, see cli/cmdstart.py);
    # without one this costs a few stats.
    from precisecli.cli import cmdclient

    code = cmdclient.delegate(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from precisecli.cli.main import main as real_main

    real_main()
