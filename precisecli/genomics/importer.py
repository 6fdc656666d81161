"""``variants import``: read one VCF/VCF.gz/BCF/MAF into a normalised table, without touching the
case. The caller commits the result inside a case transaction.

A VCF is parsed in a child process (vcf_worker), so a parser crash kills only the child. Its
records are checked by vcf_check's rules: by the worker's text path itself when it can (then it
says ``checked`` and the file is not read again), else by a streaming pass in this process —
beside the worker, or after it when the worker could not vouch for every line. Any problem
rejects the whole file, with the check's words whenever the check finds one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from precisecli.errors import InputError, InternalError, Location
from precisecli.genomics import build as builds
from precisecli.genomics.annotation import parse_format
from precisecli.genomics.classify import Rules
from precisecli.genomics.textinput import RATIO_FLOOR
from precisecli.genomics.vcf_check import (
    NUMERIC_INFO,
    VcfHeader,
    check_bgzf_eof,
    read_header,
    sniff,
    validate_records,
)
from precisecli.limits import limit

TUMOUR_NAMES = ("TUMOR", "TUMOUR", "tumor", "tumour", "Tumor", "Tumour")


@dataclass
class ImportResult:
    file_format: str
    build: str
    build_source: str
    tumor_sample: str | None
    annotation: str  # VEP | SnpEff | MAF | none
    table: Path
    records: int
    counts: dict[str, int]
    vaf_sources: dict[str, int]
    annotation_sources: dict[str, int]
    sorted: bool
    parser_warnings: int = 0
    notes: list[str] = field(default_factory=list)


def resolve_tumour(header: VcfHeader, option: str | None) -> str | None:
    samples = header.samples
    listed = ", ".join(samples) if samples else "(none)"
    if option:
        if option not in samples:
            raise InputError(
                f"sample '{option}' is not in the file; it has: {listed}",
                location=Location(file=header.file),
                hint="pass one of these names to --tumor-sample",
            )
        return option
    if not samples:
        return None
    declared = header.single("tumor_sample")
    if declared and declared in samples:
        return declared
    if len(samples) == 1:
        return samples[0]
    named = [s for s in samples if s in TUMOUR_NAMES]
    if len(named) == 1:
        return named[0]
    raise InputError(
        f"cannot tell which sample is the tumour; the file has: {listed}",
        location=Location(file=header.file),
        hint="choose one with --tumor-sample NAME",
    )


def _annotation(header: VcfHeader) -> dict | None:
    """VEP CSQ, or ANN from SnpEff (or VEP writing ANN); dispatch on the Description text."""
    for key in ("CSQ", "ANN", "vep"):
        hf = header.info.get(key)
        if hf is None:
            continue
        tool = "VEP" if "VEP" in hf.description or key == "CSQ" else "SnpEff"
        fields = parse_format(hf.description)
        if "Consequence" in fields:
            return {"key": key, "fields": fields, "tool": tool}
    return None


def _reference_lines(header: VcfHeader) -> list[str]:
    lines = list(header.meta.get("reference", [])) + list(header.meta.get("assembly", []))
    for vep in header.meta.get("VEP", []):
        m = re.search(r'assembly="([^"]+)"', vep)
        if m:
            lines.append(m.group(1))
    return lines


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def _bcf_header(path: Path, scratch: Path) -> VcfHeader:
    """Header of a BCF, read by cyvcf2 in a child process (a corrupt header must not crash us)."""
    out = scratch / "header.txt"
    code = (
        "import sys, cyvcf2\n"
        "v = cyvcf2.VCF(sys.argv[1])\n"
        "open(sys.argv[2], 'w', encoding='utf-8').write(v.raw_header)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path), str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        timeout=120,
    )
    if proc.returncode != 0 or not out.is_file():
        raise InputError(
            "BCF header cannot be read", location=Location(file=path.name), hint="export it again"
        )
    text_copy = scratch / "header.vcf"
    text_copy.write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    header = read_header(text_copy)
    header.file, header.is_bcf, header.compression = path.name, True, "bgzf"
    return header


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("CYVCF2_HTSLIB_LOG_LEVEL", "WARNING")
    return env


def start_worker() -> subprocess.Popen:
    """A VCF worker started early: it loads its modules while the caller hashes the file, loads
    the knowledge base and reads the header, then waits for prepare_import's config on stdin.
    Pass it to prepare_import(worker=...) and always end with stop_worker."""
    return subprocess.Popen(
        [sys.executable, "-m", "precisecli.genomics.vcf_worker", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
    )


def stop_worker(proc: subprocess.Popen) -> None:
    """End an early worker that was not used (or reap one that was)."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            try:
                stream.close()
            except OSError:  # a broken pipe on an unread config
                pass


@contextmanager
def prepare_import(
    path: Path,
    *,
    kind: str,
    tumor_sample: str | None,
    build_option: str | None,
    case_build: str | None,
    rules: Rules,
    on_progress: Callable[[int], None] | None = None,
    scratch_parent: Path | None = None,
    worker: subprocess.Popen | None = None,
) -> Iterator[ImportResult]:
    """Parse and check the file; yield the result with its table in a scratch folder (inside
    scratch_parent, e.g. the case's CaseStore.scratch folder, so the commit can rename the table
    rather than copy it) that lives until the block ends."""
    fmt = sniff(path)
    scratch = Path(tempfile.mkdtemp(prefix="import-", dir=scratch_parent))
    try:
        if fmt == "maf":
            from precisecli.genomics.maf import import_maf

            yield import_maf(
                path,
                scratch=scratch,
                tumor_sample=tumor_sample,
                build_option=build_option,
                case_build=case_build,
                rules=rules,
                on_progress=on_progress,
            )
            return
        check_bgzf_eof(path)
        header = _bcf_header(path, scratch) if fmt == "bcf" else read_header(path)
        tumour = resolve_tumour(header, tumor_sample)
        build, how = builds.detect(
            path.name, _reference_lines(header), header.contigs, build_option, case_build
        )
        annotation = _annotation(header)
        parser = os.environ.get("PRECISE_VCF_PARSER", "auto")
        tumour_index = header.samples.index(tumour) if tumour is not None else None
        # The text path can make the record check itself (one decompression, one split per
        # line) when the check reads no INFO value and there is a tumour column; otherwise it
        # runs here beside the worker. See docs/genomics.md "Record check".
        worker_checks = (
            not header.is_bcf
            and parser != "cyvcf2"
            and tumour_index is not None
            and not any(k in header.info for k in NUMERIC_INFO)
        )
        cfg = {
            "path": str(path),
            "format": fmt,
            # auto: the text fast path for a text VCF, cyvcf2 for BCF (and for what the text
            # path declines); PRECISE_VCF_PARSER=cyvcf2 reads every file with cyvcf2 alone.
            "parser": parser,
            "tumor_sample": tumour,
            "build": build,
            "annotation": annotation,
            "rules": rules.as_dict(),
            "contig_lengths": {k: v for k, v in header.contigs.items() if v},
            "out": str(scratch / "variants.tsv"),
            "summary": str(scratch / "summary.json"),
        }
        if worker_checks:
            cfg["check"] = {
                "samples": header.samples,
                "contigs": list(header.contigs),
                "info": sorted(header.info),
                "tumor_index": tumour_index,
                "limits": {
                    "max_bytes": limit("max_decompressed_bytes"),
                    "max_ratio": limit("max_compression_ratio"),
                    "ratio_floor": RATIO_FLOOR,
                    "size": path.stat().st_size,
                },
            }
            cfg["progress"] = True
        stderr_path = scratch / "parser-stderr.txt"
        if worker is not None:
            cfg["stderr"] = str(stderr_path)  # the early worker points its stderr there
        (scratch / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
        with open(stderr_path, "wb") as stderr:
            # htslib writes warnings to C stderr with record text: keep it out of the terminal.
            if worker is not None:
                proc = worker
                try:
                    proc.stdin.write(f"{scratch / 'config.json'}\n".encode())
                    proc.stdin.close()
                except OSError:  # it died early: reported below as a crash
                    pass
            else:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "precisecli.genomics.vcf_worker",
                        str(scratch / "config.json"),
                    ],
                    stdout=subprocess.PIPE if worker_checks else subprocess.DEVNULL,
                    stderr=stderr,
                    env=_child_env(),
                )
            try:
                records = None
                if worker_checks:
                    for line in proc.stdout:  # records read so far, for the progress bar
                        if line.startswith(b"unchecked"):
                            if records is None:  # the worker gave the check up: make it here,
                                records = validate_records(  # beside the worker, as before
                                    path, header, tumour_index, on_progress
                                )
                        elif records is None and on_progress is not None and line.strip().isdigit():
                            on_progress(int(line))
                elif not header.is_bcf:
                    records = validate_records(path, header, tumour_index, on_progress)
                code = proc.wait()
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            finally:
                if proc.stdout is not None:
                    proc.stdout.close()
        summary = _read_summary(scratch / "summary.json")
        if worker_checks and records is None:
            if summary is not None and summary.get("checked") is True:
                records = summary["records"]  # every line passed vcf_check's rules there
            else:  # refused, crashed or fell back: the check decides, as before
                records = validate_records(path, header, tumour_index)
        from precisecli.store.faults import worker_fault

        if (fault := worker_fault(code)) is not None:
            raise fault  # disk full, read-only …: exit 3 with what to do (cli.main)
        if code == 1 and summary is None:  # a Python exception in the worker: our bug
            raise InternalError(
                "the VCF worker failed unexpectedly; nothing was changed",
                location=Location(file=path.name),
                hint="rerun with --debug and report the problem",
            )
        if code < 0 or code >= 128 or summary is None:
            what = _signal_name(code) if code < 0 else f"exit code {code}"
            raise InputError(
                f"the VCF parser crashed on this file ({what}); the file was rejected",
                location=Location(file=path.name),
                hint="the file is corrupt; check it with `bcftools view` and export it again",
            )
        if not summary["ok"]:
            raise InputError(
                summary["message"],
                location=Location(
                    file=path.name,
                    line=(summary["record"] + header.header_lines) if not header.is_bcf else None,
                    record=summary["record"],
                    field=summary.get("field"),
                ),
                hint="fix the record or export the file again",
            )
        if records is not None and summary["records"] != records:
            raise InputError(
                f"the parser read {summary['records']} records but the file has {records}",
                location=Location(file=path.name),
                hint="the file is corrupt; export it again",
            )
        warnings = sum(
            1 for line in stderr_path.read_bytes().splitlines() if line.startswith(b"[W::")
        )
        yield ImportResult(
            file_format=fmt,
            build=build,
            build_source=how,
            tumor_sample=tumour,
            annotation=annotation["tool"] if annotation else "none",
            table=scratch / "variants.tsv",
            records=summary["records"],
            counts=summary["counts"],
            vaf_sources=summary["vaf_sources"],
            annotation_sources=summary["annotation_sources"],
            sorted=summary["sorted"],
            parser_warnings=warnings,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read_summary(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
