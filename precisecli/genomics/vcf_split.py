"""Two processes for one large text VCF: the worker reads the first part of the records while
a forked copy of it reads the rest, and the two summaries and tables are joined into exactly
what one pass (``vcf_text.run_part(cfg, None)``) gives.

The split line is found the same way by both (vcf_stream._part_texts): the first line of the
first block decompressed after 52 % of the file's bytes, moved on past lines with the same
CHROM and POS text, so a position is normally never cut in two. The first part is the one pass
over a prefix of the file, so its error or Fallback is the one pass's. The second part starts
without the first's state (duplicates at the last position, sort order, what htslib has met);
its result is used only when that state cannot matter, else ``run`` returns None and the worker
makes the one pass:

* its first kept record is not at the first part's last kept position (duplicates, repeats);
* it wrote nothing to stderr (no htslib warning that one pass might not give);
* it ended without an error or a Fallback (the one pass then finds them itself);
* it exited normally, and no CHROM normalises to an empty name.

The sort flag is joined from both parts' first/last positions and contigs. The second part's
rows are appended to the first part's table, which is then made durable.
"""

from __future__ import annotations

import json
import os
import signal
from collections import Counter

from precisecli.genomics import vcf_text
from precisecli.userdirs import die_with_parent

# Below this size (file bytes) one process reads the file: a fork costs ~10 ms.
MIN_BYTES = 8 << 20
# How the last run went: "joined", or why the one pass decided (for tests and benchmarks).
LAST: dict[str, str] = {}


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def wanted(cfg: dict) -> bool:
    """Whether to read this file with two processes (cfg["split_min_bytes"] overrides the
    size threshold, for tests)."""
    if not hasattr(os, "fork") or _cpus() < 2:
        return False
    threshold = cfg.get("split_min_bytes")
    return os.path.getsize(cfg["path"]) >= (MIN_BYTES if threshold is None else threshold)


def run(cfg: dict) -> dict | None:
    """The summary of both parts joined, or None when the one pass must decide. Raises
    Fallback (the first part's, which the one pass would raise too)."""
    LAST.clear()
    out = cfg["out"]
    second = {"out": out + ".part1", "summary": out + ".part1.json", "err": out + ".part1.err"}
    for path in second.values():
        _remove(path)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves by os._exit
        _child(cfg, second, parent)
    try:
        first = vcf_text.run_part(cfg, 0)
    except BaseException:
        _stop(pid)
        _clean(second)
        raise
    if not first["ok"]:
        _stop(pid)
        _clean(second)
        LAST["result"] = "first part refused"
        return first
    _, status = os.waitpid(pid, 0)
    try:
        rest = _second_result(status, second)
        if rest is None:
            LAST["result"] = "second part not usable"
            return None
        joined = _join(first, rest)
        if joined is None:
            LAST["result"] = "one position across the split"
            return None
        _append(out, second["out"])
        LAST["result"] = "joined"
        return joined
    finally:
        _clean(second)


def _child(cfg: dict, second: dict, parent: int) -> None:
    code = 70
    try:
        die_with_parent(parent, 70)  # killed with the worker (it is killed on a refused file)
        fd = os.open(second["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
        try:
            result = vcf_text.run_part(dict(cfg, out=second["out"]), 1, quiet_header=True)
        except vcf_text.Fallback as exc:
            result = {"ok": False, "fallback": str(exc)}
        except vcf_text.OverLimit:
            result = {"ok": False, "over_limit": True}
        with open(second["summary"], "w", encoding="utf-8") as handle:
            json.dump(result, handle)
        code = 0
    except BaseException:  # noqa: BLE001 - whatever it was, the one pass decides
        code = 70
    finally:
        os._exit(code)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _second_result(status: int, second: dict) -> dict | None:
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    if os.path.getsize(second["err"]) > 0:
        return None
    with open(second["summary"], encoding="utf-8") as handle:
        rest = json.load(handle)
    return rest if rest.get("ok") else None


def _join(first: dict, rest: dict) -> dict | None:
    a, b = first["edge"], rest["edge"]
    if a["empty_chrom"] or b["empty_chrom"] or b["start"] != first["records"]:
        return None
    if a["last"] is not None and b["first"] is not None and list(a["last"]) == list(b["first"]):
        return None  # one position across the split: duplicates need the first part's alleles
    sorted_ok = first["sorted"] and rest["sorted"]
    if sorted_ok and a["last"] is not None and b["first"] is not None:
        last_chrom, last_pos = a["last"]
        first_chrom, first_pos = b["first"]
        done = set(a["chroms"]) - {last_chrom}
        if done & set(b["chroms"]):
            sorted_ok = False  # a contig of the first part comes back
        elif first_chrom == last_chrom:
            sorted_ok = first_pos >= last_pos
        elif last_chrom in b["chroms"]:
            sorted_ok = False  # left, then back
    vcf_text.LAST_STATS.clear()
    vcf_text.LAST_STATS.update(
        records=rest["records"],
        htslib=a["htslib"] + b["htslib"],
        fast_rows=a["fast_rows"] + b["fast_rows"],
        block_rows=a["block_rows"] + b["block_rows"],
        native=a["native"],
    )
    summary = {"ok": True, "records": rest["records"]}
    for key in ("counts", "vaf_sources", "annotation_sources"):
        total = Counter(first[key])
        total.update(rest[key])  # keeps keys whose count is 0, as the one pass does
        summary[key] = dict(sorted(total.items()))
    summary["sorted"] = sorted_ok
    if "checked" in first:
        summary["checked"] = first["checked"] and rest.get("checked", False)
    return summary


def _append(out: str, part: str) -> None:
    with open(out, "ab") as target, open(part, "rb") as source:
        while block := source.read(1 << 20):
            target.write(block)
        target.flush()
        os.fsync(target.fileno())


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _clean(second: dict) -> None:
    for path in second.values():
        _remove(path)
