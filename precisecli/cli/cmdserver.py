"""The command server: one resident process per user and installation that has imported
precise's modules, compiled its schema validators and loaded the bundled knowledge base once, and
forks a fresh process for every command a client hands it (cli/cmdclient.py). Started by a
burst of commands (cli/cmdstart.py: by default a second command within a minute) or with
``precise server start``; see docs/housekeeping.md "Command server".

Why: every `precise` process pays ~0.1–0.3 s to start Python, typer, rich, jsonschema and
numpy; a batch of short commands (a workup script, a cohort run) pays it again and again. A
forked process starts with all of that in memory and runs the command exactly as a new process
would: the client's arguments, working folder, environment and standard streams (the
descriptors themselves), and its exit status or signal goes back to the client.

What it holds: code and package data only. It never reads a case; each command runs in its own
forked process that exits when the command ends. Its socket lives in a folder only the user can
open (cmdclient.server_dir), and a connection from another user is refused.

Protocol (one connection per request): the client sends 8 bytes of length (big-endian), then
the request in marshal's format ({"op": "run"|"status"|"stop", …}; for "run": argv, cwd, env,
ignored signals, with the client's descriptors 0–2 as SCM_RIGHTS). A "run" is answered by text
lines: ``pid N``, then ``exit N`` or ``signal N``; or ``refused WHY`` when nothing was run (the
client then runs the command itself). "status" and "stop" are answered by one JSON line.

Ends: ``precise server stop``; after ``idle`` seconds without a command; or when its socket
is removed or replaced. When a client goes away (killed), its command's process is killed.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import importlib
import io
import json
import marshal
import os
import selectors
import signal
import socket
import struct
import sys
import tempfile
import time

from precisecli.cli import cmdclient, cmdstart
from precisecli.userdirs import die_with_parent

MAX_REQUEST = 8 << 20
SETUP_FAILED = b"F"
DEFAULT_IDLE = 30 * 60
_TICK = 5.0

# Imported once in the server so that no command pays for them (cli modules are imported by
# cli.main; these are the libraries the commands import inside their functions).
_PRELOAD = (
    "numpy",
    "jsonschema",
    "yaml",
    "rich.console",
    "rich.table",
    "rich.text",
    "rich.progress",
    "rich.markup",
    "typer.main",
    "typer.core",
    "typer.completion",
    "jinja2",
    "typst",
    "fontTools.ttLib",
    "fontTools.subset",
    "cyvcf2",
    "isal.igzip",
    "xml.etree.ElementTree",
    "secrets",
    "colorsys",
    "pprint",
    "typing_extensions",
    "logging",
    "argparse",
    "timeit",
)


def warm_up() -> None:
    """Import what commands use and build what every process would build the same way."""
    os.environ.setdefault("TYPER_USE_RICH", "0")  # as cli/entry.py
    import pkgutil

    import precisecli
    import precisecli.cli.main  # noqa: F401 - every command module

    for info in pkgutil.walk_packages(precisecli.__path__, "precisecli."):
        if info.name.endswith(("__main__", "cmdserver")) or ".tests" in info.name:
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - an optional extra not installed: imported on use
            continue
    for name in _PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - optional
            continue
    from precisecli.resources import resource_dir
    from precisecli.store import schema

    schema.installed_schemas_checked()
    for path in sorted(resource_dir("schemas").rglob("*.schema.json")):
        sid = json.loads(path.read_text(encoding="utf-8")).get("$id", "")
        if sid.startswith(schema.SCHEMA_URN):
            schema._validator(sid[len(schema.SCHEMA_URN) :])
    from precisecli.knowledge.kb import load_kb

    load_kb()
    from precisecli.cli.main import _command, app

    for info in app.registered_groups + app.registered_commands:  # each command's click tree
        name = getattr(info, "name", None) or getattr(info.typer_instance.info, "name", None)
        if isinstance(name, str):
            _command([name])
    # Not loaded here: numba's compiled kernels (fits of large screens, VCFs of ≥ 8 MB). They
    # would add ~0.8 s to the server's start and ~120 MB (LLVM) to it for as long as it runs,
    # for the few commands that use them, which load them from the cache (~0.5 s) as they would
    # on their own.


class Server:
    def __init__(self, path: str, idle: float):
        self.path = path
        self.idle = idle
        self.children: dict[int, socket.socket] = {}
        # per command: the read end of a pipe its process writes SETUP_FAILED to when it could
        # not become the client's process (then nothing was run: the client runs it itself)
        self.setup: dict[int, int] = {}
        self.last = time.monotonic()
        self.stopping = False
        self.started = time.time()
        self.pid = os.getpid()
        self.commands = 0

    # --- the loop -------------------------------------------------------------------------
    def serve(self, listener: socket.socket) -> None:
        self.listener = listener
        self.inode = os.stat(self.path).st_ino
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        self.wake = (wake_r, wake_w)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, self._on_term)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.sel = selectors.DefaultSelector()
        self.sel.register(listener, selectors.EVENT_READ, "accept")
        self.sel.register(wake_r, selectors.EVENT_READ, "wake")
        while True:
            for key, _ in self.sel.select(timeout=_TICK):
                if key.data == "accept":
                    self._accept()
                elif key.data == "wake":
                    self._drain()
                else:
                    self._client_event(key.fileobj)
            self._reap()
            if self._done():
                break
        self._close_listener()

    def _on_term(self, *_):
        self.stopping = True

    def _done(self) -> bool:
        if self.children:
            return False
        if self.stopping:
            return True
        if time.monotonic() - self.last > self.idle:
            return True
        try:  # the socket removed or replaced (e.g. its folder deleted): nobody can reach us
            return os.stat(self.path).st_ino != self.inode
        except OSError:
            return True

    def _close_listener(self) -> None:
        try:
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        except OSError:
            pass
        self.listener.close()

    def _drain(self) -> None:
        try:
            while os.read(self.wake[0], 512):
                pass
        except (BlockingIOError, OSError):
            pass

    # --- requests ---------------------------------------------------------------------------
    def _accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            _pid, uid, _gid = struct.unpack("3i", creds)
            if uid != os.getuid():
                conn.close()
                return
            conn.settimeout(5)
            request, fds = _read_request(conn)
            op = request.get("op")
            if op == "run" and not self.stopping:
                self.last = time.monotonic()  # only commands keep the server from idling out
                self._run(conn, request, fds)
                fds = []
                return
            if op == "run":
                _say(conn, "refused", "stopping")
            elif op == "status":
                _send(conn, self.status())
            elif op == "stop":
                self.stopping = True
                _send(conn, {"stopping": True, "running_commands": len(self.children)})
            else:
                _send(conn, {"refused": "unknown request"})
            conn.close()
        except (OSError, ValueError):
            conn.close()
        finally:
            for fd in fds:
                os.close(fd)

    def status(self) -> dict:
        return {
            "pid": os.getpid(),
            "started": self.started,
            "commands": self.commands,
            "running_commands": len(self.children),
            "idle_limit_s": self.idle,
            "socket": self.path,
        }

    def _run(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        if len(fds) != 3 or not _well_formed(request):
            _say(conn, "refused", "malformed request")
            conn.close()
            for fd in fds:
                os.close(fd)
            return
        setup_r, setup_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the forked process, leaves by os._exit
            os.close(setup_r)
            _child(self, conn, request, fds, setup_w)
        os.close(setup_w)
        for fd in fds:
            os.close(fd)
        self.commands += 1
        self.children[pid] = conn
        self.setup[pid] = setup_r
        conn.setblocking(False)
        self.sel.register(conn, selectors.EVENT_READ, "client")
        try:
            _say(conn, "pid", pid)
        except OSError:
            _kill(pid)

    def _client_event(self, conn: socket.socket) -> None:
        """A client's socket became readable: it sends nothing after its request, so this is
        its end (it was killed or exited): its command's process is killed, as it would die
        with a process of its own."""
        try:
            data = conn.recv(1)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            return
        pid = next((p for p, c in self.children.items() if c is conn), None)
        if pid is not None:
            _kill(pid)

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            failed = _setup_failed(self.setup.pop(pid, None))
            if conn is None:
                continue
            self.last = time.monotonic()
            self.sel.unregister(conn)
            if failed:
                reply = ("refused", "the command's process could not be set up")
            elif os.WIFSIGNALED(status):
                reply = ("signal", os.WTERMSIG(status))
            else:
                reply = ("exit", os.waitstatus_to_exitcode(status))
            try:
                conn.setblocking(True)
                conn.settimeout(5)
                _say(conn, *reply)
            except OSError:
                pass
            conn.close()


def _setup_failed(fd: int | None) -> bool:
    if fd is None:
        return False
    try:
        os.set_blocking(fd, False)
        return os.read(fd, 1) == SETUP_FAILED
    except OSError:
        return False
    finally:
        os.close(fd)


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    msg, fds, _flags, _addr = socket.recv_fds(conn, 65536, 3)
    if len(msg) < 8:
        raise ValueError("short request")
    size = int.from_bytes(msg[:8], "big")
    if size > MAX_REQUEST:
        raise ValueError("request too large")
    body = bytearray(msg[8:])
    while len(body) < size:
        chunk = conn.recv(min(65536, size - len(body)))
        if not chunk:
            raise ValueError("truncated request")
        body += chunk
    try:
        request = marshal.loads(bytes(body))
    except (EOFError, TypeError) as exc:
        raise ValueError("bad request") from exc
    if not isinstance(request, dict) or not all(isinstance(k, str) for k in request):
        raise ValueError("bad request")
    return request, list(fds)


def _well_formed(request: dict) -> bool:
    """The fields of a "run" request, of the types cmdclient sends (marshal can carry others)."""

    def strings(value) -> bool:
        return isinstance(value, list) and all(isinstance(x, str) for x in value)

    env = request.get("env")
    return (
        strings(request.get("argv"))
        and len(request["argv"]) >= 1
        and isinstance(request.get("cwd"), str)
        and isinstance(env, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
        and isinstance(request.get("ignored", []), list)
        and all(type(n) is int for n in request.get("ignored", []))
    )


def _send(conn: socket.socket, reply: dict) -> None:
    """The one JSON line answering a control request (status, stop)."""
    conn.sendall(json.dumps(reply).encode("utf-8") + b"\n")


def _say(conn: socket.socket, kind: str, value: object) -> None:
    """One reply line to a "run" request: ``pid N``, ``exit N``, ``signal N``, ``refused WHY``."""
    conn.sendall(f"{kind} {value}\n".encode("ascii", "replace"))


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _child(
    server: Server, conn: socket.socket, request: dict, fds: list[int], setup_w: int
) -> None:
    """Become the command's process: the client's streams, folder and environment, umask 077,
    default signal handling, then cli.main.run as in a new process. If any of that fails before
    the command starts, SETUP_FAILED goes to the server (through ``setup_w``), which tells the
    client to run the command itself."""
    code = cmdclient.EXIT_INTERNAL
    try:
        _become_client(server, conn, request, fds)
    except BaseException:  # noqa: BLE001 - nothing was run: the client runs the command
        try:
            os.write(setup_w, SETUP_FAILED)
        finally:
            os._exit(cmdclient.EXIT_INTERNAL)
    os.close(setup_w)
    try:
        from precisecli.cli.main import run

        code = run(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported as an internal error, never a traceback
        code = cmdclient.EXIT_INTERNAL
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - a closed pipe: nothing more to say
                pass
        os._exit(code if isinstance(code, int) and 0 <= code < 256 else cmdclient.EXIT_INTERNAL)


def _become_client(server: Server, conn: socket.socket, request: dict, fds: list[int]) -> None:
    """The client's streams, folder, environment, umask and signal dispositions."""
    # dies with the server: its client is then told the command was lost, and must not
    # find it finishing later
    die_with_parent(server.pid, cmdclient.EXIT_INTERNAL)
    signal.set_wakeup_fd(-1)
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in request.get("ignored") or ():
        signal.signal(int(signum), signal.SIG_IGN)
    server.sel.close()
    server.listener.close()
    for fd in server.wake:
        os.close(fd)
    for other in server.children.values():
        other.close()
    for fd in server.setup.values():
        os.close(fd)
    conn.close()
    for target, fd in zip((0, 1, 2), fds, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in request["env"].items()})
    time.tzset()
    os.umask(0o077)  # as cli.main.main
    tempfile.tempdir = None  # found again from the client's TMPDIR, TEMP, TMP
    sys.argv = [str(a) for a in request["argv"]]
    _new_streams()
    from precisecli.cli.common import err_console, out_console

    err_console.reset()
    out_console.reset()


def _new_streams() -> None:
    """sys.stdin/stdout/stderr over descriptors 0–2 as Python makes them at start-up (same
    encoding and error handlers as the server's, whose locale the client shares; line buffered
    on a terminal; unbuffered under PYTHONUNBUFFERED)."""
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED")) or sys.flags.unbuffered
    old = (sys.stdin, sys.stdout, sys.stderr)
    made = []
    for fd, mode, prev in zip((0, 1, 2), ("r", "w", "w"), old, strict=True):
        raw = io.FileIO(fd, mode + "b", closefd=False)
        tty = raw.isatty()
        if mode == "w" and unbuffered:
            buffered = raw
        else:
            buffered = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
        text = io.TextIOWrapper(
            buffered,
            encoding=getattr(prev, "encoding", None) or "utf-8",
            errors=getattr(prev, "errors", None) or "strict",
            line_buffering=mode == "w" and (tty or fd == 2),
            write_through=mode == "w" and unbuffered,
        )
        made.append(text)
    sys.stdin, sys.stdout, sys.stderr = made
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = made


def main(argv: list[str]) -> int:
    """``python -m precisecli.cli.cmdserver [IDLE_SECONDS]``: run one server in the background
    (started detached by ``precise server start``)."""
    idle = float(argv[0]) if argv else DEFAULT_IDLE
    folder = cmdclient.server_dir(create=True)
    if folder is None:
        return 3
    print_ = cmdclient.fingerprint()
    path = cmdclient.socket_path(folder, print_)
    lock = os.open(cmdclient.lock_path(folder, print_), os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + 30
    while True:  # one server per installation: the lock is held for the server's lifetime
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            if cmdstart.ask(path, {"op": "status"}, timeout=1) is not None:
                return 0  # another server for this installation runs
            if time.monotonic() > deadline:
                return 0
            time.sleep(0.05)  # one is starting, or stopping after `server stop`
    warm_up()
    # Everything loaded so far lives as long as the server: out of the cyclic collector's reach,
    # so that a command's process does not copy (copy-on-write) the pages of every object the
    # first time it collects.
    gc.collect()
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(path)  # a stale socket of a server that was killed (we hold the lock)
    except FileNotFoundError:
        pass
    old = os.umask(0o177)
    try:
        cmdclient.at_path(listener.bind, path)
    except OSError as exc:
        return 3 if exc.errno != errno.EADDRINUSE else 0
    finally:
        os.umask(old)
    listener.listen(64)
    Server(path, idle).serve(listener)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
