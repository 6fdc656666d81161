"""Hostile environment: bad workspace paths, odd files where the store expects its own, an
existing file as --out, a full disk and a read-only file system. Exit 3 with what to do, never 5,
and nothing half-written. Disk-full and read-only items need a real small tmpfs: they run where
the tests may mount one (root in a container with CAP_SYS_ADMIN) and are skipped elsewhere;
tests/store/test_environment.py covers the same faults everywhere by errno injection."""

from __future__ import annotations

import errno
import functools
import os
import shutil
import subprocess
import tempfile

from tests.hostile import inputs as I
from tests.hostile.framework import DEMO, Ctx, Item, precise

VCF = DEMO / "genomics" / "liver_biopsy.vcf"
VCF2 = DEMO / "genomics" / "axilla_biopsy.vcf"


@functools.cache
def can_mount() -> bool:
    if not shutil.which("mount") or os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory() as probe:
        ok = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], capture_output=True
        )
        if ok.returncode != 0:
            return False
        subprocess.run(["umount", probe], capture_output=True)
        return True


def _on_tmpfs(ctx: Ctx, size: str = "320k") -> None:
    """Move the workspace onto a small tmpfs mounted over it (same path)."""
    ws = ctx.workspace
    saved = ctx.tmp / "saved-ws"
    shutil.copytree(ws, saved, symlinks=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(ws)], check=True
    )
    shutil.copytree(saved, ws, symlinks=True, dirs_exist_ok=True)


def _unmount(ctx: Ctx) -> None:
    subprocess.run(["umount", "-l", str(ctx.workspace)], capture_output=True)


def _fill(ctx: Ctx, leave: int = 12 * 1024) -> None:
    path = ctx.workspace / "filler"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    os.truncate(path, max(0, os.path.getsize(path) - leave))


def _disk_full_import(ctx: Ctx) -> list[str]:
    _on_tmpfs(ctx)
    precise(ctx, "variants", "import", ctx.case_id, VCF, "--sample-id", "S1", "--build", "GRCh38")
    _fill(ctx)
    return ["variants", "import", ctx.case_id, str(VCF2), "--sample-id", "S2", "--build", "GRCh38"]


def _disk_full_report(ctx: Ctx) -> list[str]:
    _on_tmpfs(ctx)
    _fill(ctx, leave=4 * 1024)
    return ["report", ctx.case_id, "--html"]


def _read_only_import(ctx: Ctx) -> list[str]:
    _on_tmpfs(ctx)
    subprocess.run(["mount", "-o", "remount,ro", str(ctx.workspace)], check=True)
    return ["variants", "import", ctx.case_id, str(VCF), "--sample-id", "S1", "--build", "GRCh38"]


def _read_only_case_new(ctx: Ctx) -> list[str]:
    _read_only_import(ctx)
    return ["case", "new", "NEW-CASE"]


def _dangling_workspace(ctx: Ctx) -> list[str]:
    (ctx.tmp / "ws-link").symlink_to(ctx.tmp / "nowhere")
    return ["case", "new", "C1"]


def _file_workspace(ctx: Ctx) -> list[str]:
    (ctx.tmp / "ws-file").write_text("not a folder")
    return ["case", "new", "C1"]


def _lock_is_folder(ctx: Ctx) -> None:
    lock = ctx.workspace / ctx.case_id / ".lock"
    lock.unlink()
    lock.mkdir()


def _case_json_fifo(ctx: Ctx) -> None:
    path = ctx.workspace / ctx.case_id / "case.json"
    path.unlink()
    os.mkfifo(path)


def _show(ctx: Ctx) -> list[str]:
    return ["case", "show", ctx.case_id]


def _import(ctx: Ctx) -> list[str]:
    return ["variants", "import", ctx.case_id, str(VCF), "--sample-id", "S1", "--build", "GRCh38"]


def _report_out_file(ctx: Ctx) -> list[str]:
    out = ctx.tmp / "existing.pdf"
    out.write_bytes(b"%PDF keep me")
    return ["report", ctx.case_id, "--out", str(out)]


def _report_out_dangling(ctx: Ctx) -> list[str]:
    out = ctx.tmp / "out-link"
    out.symlink_to(ctx.tmp / "nowhere")
    return ["report", ctx.case_id, "--out", str(out)]


def _report_out_proc(ctx: Ctx) -> list[str]:
    return ["report", ctx.case_id, "--out", "/proc/self/reports"]


def _deep_json_intake(ctx: Ctx) -> list[str]:
    path = ctx.tmp / "intake.json"
    path.write_text('{"patient": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return ["case", "new", "C1", "--intake", str(path)]


def _cohort_out_file(ctx: Ctx) -> list[str]:
    out = ctx.tmp / "cohort.txt"
    out.write_text("keep")
    return ["cohort", "summary", "--out", str(out)]


ITEMS: list[Item] = [
    Item(
        id="workspace-dangling-link",
        cls="environment",
        setup="none",
        make=_dangling_workspace,
        env={"PRECISE_WORKSPACE": "{tmp}/ws-link"},
        message=r"symbolic link to nothing",
    ),
    Item(
        id="workspace-in-proc",
        cls="environment",
        setup="none",
        make=lambda ctx: ["case", "new", "C1"],
        env={"PRECISE_WORKSPACE": "/proc/self/precise-ws"},
        message=r"/proc",
    ),
    Item(
        id="workspace-reading-in-proc",
        cls="environment",
        setup="none",
        make=lambda ctx: ["case", "show", "C1"],
        env={"PRECISE_WORKSPACE": "/proc/self"},
        message=r"/proc",
    ),
    Item(
        id="workspace-is-a-file",
        cls="environment",
        setup="none",
        make=_file_workspace,
        env={"PRECISE_WORKSPACE": "{tmp}/ws-file"},
        message=r"not a folder",
    ),
    Item(
        id="lock-is-a-folder",
        cls="environment",
        make=_import,
        prepare=_lock_is_folder,
        message=r"\.lock.*folder stands where a file is expected",
    ),
    Item(
        id="case-json-is-a-fifo",
        cls="environment",
        make=_show,
        prepare=_case_json_fifo,
        max_seconds=5,
    ),
    Item(
        id="report-out-existing-file",
        cls="environment",
        make=_report_out_file,
        message=r"--out.*existing file",
    ),
    Item(
        id="report-out-dangling-link",
        cls="environment",
        make=_report_out_dangling,
        message=r"symbolic link to nothing",
    ),
    Item(
        id="report-out-in-proc",
        cls="environment",
        make=_report_out_proc,
        message=r"/proc",
    ),
    Item(
        id="cohort-out-existing-file",
        cls="environment",
        make=_cohort_out_file,
        message=r"existing file",
    ),
    Item(
        id="deep-nesting-json-intake",
        cls="environment",
        setup="none",
        make=_deep_json_intake,
    ),
    Item(
        id="disk-full-during-import",
        cls="environment",
        make=_disk_full_import,
        cleanup=_unmount,
        requires=can_mount,
        message=r"disk is full.*free some space",
    ),
    Item(
        id="disk-full-during-report",
        cls="environment",
        make=_disk_full_report,
        cleanup=_unmount,
        requires=can_mount,
        message=r"disk is full",
    ),
    Item(
        id="read-only-workspace-import",
        cls="environment",
        make=_read_only_import,
        cleanup=_unmount,
        requires=can_mount,
        message=r"read-only",
    ),
    Item(
        id="read-only-workspace-case-new",
        cls="environment",
        make=_read_only_case_new,
        cleanup=_unmount,
        requires=can_mount,
        message=r"read-only",
    ),
    # `case list` (and its --json) in a workspace path that is a file: refused like `case new`
    # (before: an empty list, exit 0, as if the file were a workspace without cases)
    Item(
        id="workspace-is-a-file-case-list",
        cls="environment",
        setup="none",
        make=lambda ctx: ["--workspace", I.write(ctx, "ws.txt", "not a folder\n"), "case", "list"],
        message=r"ws\.txt: the workspace path exists and is not a folder",
    ),
    Item(
        id="workspace-is-a-file-case-list-json",
        cls="environment",
        setup="none",
        make=lambda ctx: [
            "--workspace",
            I.write(ctx, "ws.txt", "not a folder\n"),
            "case",
            "list",
            "--json",
        ],  # fmt: skip
        message=r"the workspace path exists and is not a folder",
    ),
]
