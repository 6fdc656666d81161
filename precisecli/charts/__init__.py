"""Charts written as plain SVG without matplotlib (see svg.py); shared by any domain."""
