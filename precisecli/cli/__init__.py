"""Thin CLI layer: parse options, call the core, render with rich, map errors to exit codes."""
