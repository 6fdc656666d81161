"""The client side of the command server (``precise server start``; see cli/cmdserver.py).

When a command server of this user runs for exactly this installation and start-up environment,
``delegate`` hands it the command line, the working folder, the environment and the three
standard streams (the file descriptors themselves, over a Unix socket), and waits for the exit
status of the forked process that ran the command; signals sent to this process (Ctrl-C, kill)
are passed on to it. Otherwise — no server, ``PRECISE_SERVER=0``, another installation, other
resource limits, an argument naming this process's own descriptors — ``delegate`` returns None
and the command runs here as always. Kept import-light: it runs before anything else.

When no server answers, ``cmdstart.when_alone`` decides whether this command starts one in
the background for the ones that follow (``PRECISE_SERVER``; the default starts one for a burst
of commands) — see cli/cmdstart.py.

Which server is "this installation's" is decided by the socket's name: a digest of the Python
interpreter and flags, every file of the package and its data (path, size, mtime), the
site-packages folders, the user and groups, the resource limits, the control group and
namespaces, the niceness, scheduling policy and CPU affinity, and the environment variables
read when modules are imported (PYTHON*, locale, TYPER*, NUMBA*, BLAS thread counts). A client
that differs in any of them finds no socket and runs the command itself.
"""

from __future__ import annotations

import _signal as signal  # the C module: signal.py, socket.py, json and hashlib import enum,
import _socket  # re … (~14 ms of the ~30 ms a command run in the server costs its client)
import os
import sys

from precisecli.userdirs import owned_folder

# Environment variables a module may read when it is imported (the server imported its modules
# once, with its own values): a difference means another server.
_IMPORT_ENV = (
    "PYTHON",
    "LC_",
    "LANG",
    "TYPER",
    "_TYPER",
    "NUMBA",
    "OMP_",
    "OPENBLAS",
    "MKL_",
    "NUMEXPR",
    "VECLIB",
    "PRECISE_NO_NUMBA",
    "PRECISE_NUMBA_CACHE",
)
OFF_VALUES = ("0", "off", "no", "false")
ON_VALUES = ("on", "1", "yes", "true", "always")
MANUAL_VALUES = ("manual",)

# Signals passed on to the command's process.
_FORWARDED_SIGNALS = (
    signal.SIGINT,
    signal.SIGTERM,
    signal.SIGHUP,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGCONT,
)
EXIT_INTERNAL = 5


def server_dir(create: bool = False) -> str | None:
    """The user's private folder for server sockets: ``$PRECISE_SERVER_DIR``, else
    ``$XDG_RUNTIME_DIR/precise``, else ``/tmp/precise-<uid>``. None unless it is a real folder
    owned by this user and closed to everyone else (0700)."""
    given = os.environ.get("PRECISE_SERVER_DIR")
    if given:
        folder = given
    else:
        runtime = os.environ.get("XDG_RUNTIME_DIR") or ""
        if os.path.isabs(runtime) and os.path.isdir(runtime):
            folder = os.path.join(runtime, "precise")
        else:
            folder = os.path.join("/tmp", f"precise-{os.getuid()}")
    return folder if owned_folder(folder, create=create, private=True) else None


def _package_files(h) -> None:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # precisecli/
    roots = [here]
    top = os.path.dirname(here)
    for name in ("schemas", "templates", "knowledge", "sample_cases"):  # resources.DATA_DIRS
        if os.path.isdir(os.path.join(top, name)):
            roots.append(os.path.join(top, name))
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())


def fingerprint() -> str:
    """What a server must share with this process to run its commands (see the docstring)."""
    import resource

    h = _sha256()
    # sys.path[0] is the script's folder (the console script's bin/, or the server's working
    # folder under -m): not part of what is imported from the installation.
    h.update(f"{sys.executable}\0{sys.version}\0{sys.flags}\0{sys.path[1:]}\n".encode())
    h.update(f"{os.getuid()}\0{os.getgid()}\0{sorted(os.getgroups())}\n".encode())
    for name in sorted(n for n in dir(resource) if n.startswith("RLIMIT_")):
        try:
            h.update(f"{name}={resource.getrlimit(getattr(resource, name))}\n".encode())
        except (OSError, ValueError):
            continue
    for key in sorted(os.environ):
        if key.startswith(_IMPORT_ENV):
            h.update(f"{key}={os.environ[key]}\n".encode())
    for entry in sys.path:
        if entry.endswith("site-packages"):
            try:
                h.update(f"{entry}\0{os.stat(entry).st_mtime_ns}\n".encode())
            except OSError:
                pass
    h.update(_placement().encode())
    h.update(_scheduling().encode())
    _package_files(h)
    return h.hexdigest()[:24]


def _scheduling() -> str:
    """Niceness, scheduling policy and CPU affinity: a command run under `nice`, `chrt` or
    `taskset` must run with them, so it finds no server started without them."""
    parts = []
    for name, get in (
        ("nice", lambda: os.getpriority(os.PRIO_PROCESS, 0)),
        ("policy", lambda: os.sched_getscheduler(0)),
        ("cpus", lambda: sorted(os.sched_getaffinity(0))),
    ):
        try:
            parts.append(f"{name}={get()}\n")
        except (AttributeError, OSError):
            continue
    return "".join(parts)


def _sha256():
    """A sha256 object without importing hashlib (and through it OpenSSL's bindings)."""
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:  # pragma: no cover - other versions
        try:
            from _sha2 import sha256  # CPython 3.12+
        except ImportError:
            from hashlib import sha256
    return sha256()


def _placement() -> str:
    """The control group and namespaces of this process (Linux): a command of a batch job, a
    container or another systemd scope must run under its own limits and accounting, so it
    finds no server started elsewhere."""
    parts = []
    try:
        with open("/proc/self/cgroup", encoding="utf-8", errors="replace") as handle:
            parts.append(handle.read())
    except OSError:
        pass
    for kind in ("cgroup", "ipc", "mnt", "net", "pid", "user", "uts"):
        try:
            parts.append(f"{kind}={os.readlink(f'/proc/self/ns/{kind}')}\n")
        except OSError:
            continue
    return "".join(parts)


def socket_path(folder: str, print_: str) -> str:
    return os.path.join(folder, f"s-{print_}.sock")


def lock_path(folder: str, print_: str) -> str:
    """The file a server holds locked (LOCK_EX) from before it loads anything until it ends."""
    return os.path.join(folder, f"s-{print_}.lock")


def at_path(call, path: str):
    """``call(path)`` (a socket's bind or connect); a path too long for a Unix socket address
    (~107 bytes) is reached through its folder's descriptor (/proc/self/fd/N/name)."""
    if len(os.fsencode(path)) < 100:
        return call(path)
    folder = os.open(os.path.dirname(path), os.O_RDONLY | os.O_DIRECTORY)
    try:
        return call(f"/proc/self/fd/{folder}/{os.path.basename(path)}")
    finally:
        os.close(folder)


def mode() -> str:
    """``off``, ``manual``, ``on`` or ``auto`` (the default, and for any other value) from
    PRECISE_SERVER (see the module's docstring)."""
    value = os.environ.get("PRECISE_SERVER", "").strip().lower()
    if value in OFF_VALUES:
        return "off"
    if value in MANUAL_VALUES:
        return "manual"
    if value in ON_VALUES:
        return "on"
    return "auto"


def _usable(args: list[str]) -> bool:
    if mode() == "off":
        return False
    words = [a for a in args if not a.startswith("-")]
    if words[:1] == ["server"]:
        return False  # starting, stopping or asking about the server runs here
    if not hasattr(os, "fork") or not hasattr(_socket.socket, "sendmsg"):
        return False
    for arg in args:  # this process's own descriptors mean nothing in another process
        for text in (arg, arg.split("=", 1)[-1]):
            if text.startswith(("/dev/fd/", "/proc/")):
                return False
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
        os.getcwd()
    except OSError:
        return False
    return True


def _start_policy():
    from precisecli.cli import cmdstart  # only when no server answers

    return cmdstart


def delegate(args: list[str]) -> int | None:
    """The exit status of the command run by this installation's command server, or None when
    there is none to use (the caller then runs the command itself)."""
    try:
        sock = _send_request(args)
    except Exception:  # noqa: BLE001 - nothing was handed over: the command runs here
        return None
    if sock is None:
        return None
    try:
        return _wait(sock)
    except Exception:  # noqa: BLE001 - handed over, outcome unknown: never run it twice
        _lost()
        return EXIT_INTERNAL


def _send_request(args: list[str]):
    """A socket whose server has this command (with the three standard streams), or None."""
    if not _usable(args):
        return None
    starts = mode() in ("auto", "on")
    folder = server_dir(create=starts)
    if folder is None:
        return None
    try:
        if not any(
            n.startswith("s-") and n.endswith((".sock", ".lock")) for n in os.listdir(folder)
        ):
            return _start_policy().when_alone(
                folder, None
            )  # no server ever: no need to work out which one
    except OSError:
        return None
    print_ = fingerprint()
    path = socket_path(folder, print_)
    if not os.path.exists(path) and not _start_policy().started_meanwhile(folder, print_):
        return _start_policy().when_alone(folder, print_)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        at_path(sock.connect, path)
    except OSError:
        sock.close()
        return _start_policy().when_alone(folder, print_)
    request = {
        "op": "run",
        # signals this process ignores (e.g. SIGINT of a job started with & by a shell) are
        # ignored by the command's process too, as a process inherits them
        "ignored": [int(n) for n in _FORWARDED_SIGNALS if signal.getsignal(n) == signal.SIG_IGN],
        "argv": [sys.argv[0], *args],
        "cwd": os.getcwd(),
        "env": dict(os.environ),
    }
    frame = encode_request(request)
    fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))  # a C int array
    try:
        sent = sock.sendmsg([frame], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        sock.sendall(frame[sent:])
    except OSError:
        sock.close()
        return None
    return sock


def encode_request(request: dict) -> bytes:
    """A request as the server reads it: its length (8 bytes, big-endian), then the request
    in marshal's format (str, int, list and dict only; built in, unlike json — the server takes
    connections of this user only and checks every field)."""
    import marshal

    data = marshal.dumps(request)
    return len(data).to_bytes(8, "big") + data


def _wait(sock) -> int | None:
    """Read the server's replies: ``pid`` once the command runs, then ``exit`` or ``signal``.
    Signals this process receives meanwhile are sent on to the command's process. None when
    the server ran nothing after all (``refused``, or gone before ``pid``): this process's own
    signal handling is then put back, and signals it received meanwhile are delivered to it
    again, before it runs the command itself."""
    child: list[int] = []
    pending: list[int] = []
    received: list[int] = []

    def forward(signum, _frame):
        received.append(signum)
        if child:
            try:
                os.kill(child[0], signum)
            except OSError:
                pass
        else:
            pending.append(signum)

    def suspend(_signum, _frame):
        # Ctrl-Z: the command's process is not in this terminal's process group, so stop it
        # (SIGSTOP: a process of an orphaned group would discard SIGTSTP), then this process,
        # as SIGTSTP's default would; `fg` (SIGCONT, forwarded) resumes both.
        if child:
            try:
                os.kill(child[0], signal.SIGSTOP)
            except OSError:
                pass
        os.kill(os.getpid(), signal.SIGSTOP)

    before: dict[int, object] = {}
    for signum in (*_FORWARDED_SIGNALS, signal.SIGTSTP):
        handler = signal.getsignal(signum)
        if handler != signal.SIG_IGN:
            before[signum] = handler
            signal.signal(signum, suspend if signum == signal.SIGTSTP else forward)
    try:
        outcome = _replies(sock, child, pending)
    finally:
        sock.close()
    if outcome is None:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        for signum in received:
            if signum != signal.SIGCONT:
                os.kill(os.getpid(), signum)
    return outcome


def _replies(sock, child: list[int], pending: list[int]) -> int | None:
    """The server's reply lines to "run": ``pid N``, then ``exit N`` or ``signal N``; or
    ``refused WHY`` (nothing was run)."""
    buffer = b""
    started = False
    while True:
        try:
            chunk = sock.recv(4096)
        except InterruptedError:  # pragma: no cover - PEP 475 retries
            continue
        except OSError:
            chunk = b""
        if not chunk:
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            kind, _, value = line.decode("ascii", "replace").partition(" ")
            if kind == "refused":
                return None  # nothing was run: the caller runs the command itself
            if kind == "pid":
                started = True
                child.append(int(value))
                for signum in pending:  # received before the command's process existed
                    try:
                        os.kill(child[0], signum)
                    except OSError:
                        pass
            elif kind == "exit":
                return int(value)
            elif kind == "signal":
                signum = int(value)
                try:
                    signal.signal(signum, signal.SIG_DFL)
                except (OSError, ValueError):  # SIGKILL, SIGSTOP: always the default
                    pass
                sys.stdout.flush()
                os.kill(os.getpid(), signum)
                return 128 + signum
    if not started:
        return None
    _lost()
    return EXIT_INTERNAL


def _lost() -> None:
    sys.stderr.write(
        "error: the command server stopped while it ran this command; it may not have finished "
        "— check the case with `precise case show`, and run `precise server stop` to use no "
        "server\n"
    )
