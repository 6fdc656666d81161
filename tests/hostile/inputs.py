"""Small generators shared by the hostile items (nothing large is committed; files are written
into the item's scratch folder at run time)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from tests.hostile.framework import DEMO, Ctx

KB = DEMO.parents[1] / "knowledge" / "her2_refractory.yaml"
RECIST_HEADER = "date,lesion_id,organ,category,lymph_node,diameter_mm,status\n"


def days_from_today(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def intake_text(**replace: str) -> str:
    """The demo intake with some lines replaced (key: old text, value: new text)."""
    text = (DEMO / "intake.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def write(ctx: Ctx, name: str, text: str | bytes) -> str:
    path = ctx.tmp / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def fifo(ctx: Ctx, name: str = "stream") -> str:
    """A named pipe nobody writes to: opening it for reading blocks forever."""
    path = ctx.tmp / name
    os.mkfifo(path)
    return str(path)


def folder(ctx: Ctx, name: str = "a-folder.csv") -> str:
    path = ctx.tmp / name
    path.mkdir()
    (path / "inside.txt").write_text("x\n")
    return str(path)


def kb_with(ctx: Ctx, old: str, new: str, name: str = "site-kb.yaml") -> str:
    text = KB.read_text(encoding="utf-8")
    assert old in text, old
    return write(ctx, name, text.replace(old, new))


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*lol{i - 1}"] * width)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(lines) + "\n"


def recist_csv(ctx: Ctx, rows: list[str], name: str = "recist.csv") -> str:
    return write(ctx, name, RECIST_HEADER + "".join(r + "\n" for r in rows))


def demo_file(*parts: str) -> str:
    return str(Path(DEMO, *parts))
