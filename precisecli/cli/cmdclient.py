"""The client side of the command server (``precise server start``; see cli/cmdserver.py).

When a command server of this user runs for exactly this installation and start-up environment,
``delegate`` hands it the command line, the working folder, the environment and the three
standard streams (the file descriptors themselves, over a Unix socket), and waits for the exit
status of the forked process that ran the command; signals sent to this process (Ctrl-C, kill)
are passed on to it. Otherwise — no server, ``PRECISE_SERVER=0``, another installation, other
resource limits, an argument naming this process's own descriptors — ``delegate`` returns None
and the command runs here as always; with ``PRECISE_SERVER=auto`` it first starts a server in
the background for the commands that follow. Kept import-light: it runs before anything else.

Which server is "this installation's" is decided by the socket's name: a digest of the Python
interpreter and flags, every file of the package and its data (path, size, mtime), the
site-packages folders, the user and groups, the resource limits and the environment variables
read when modules are imported (PYTHON*, locale, TYPER*, NUMBA*, BLAS thread counts). A client
that differs in any of them finds no socket and runs the command itself.
"""

from __future__ import annotations

import hashlib
import os
import signal
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
# PRECISE_SERVER=auto: a command that finds no server starts one in the background (and runs
# itself as usual); the later commands use it. Idle limit: PRECISE_SERVER_IDLE_MINUTES (30).
AUTO_VALUES = ("auto", "on", "1", "yes", "true")
DEFAULT_IDLE_MINUTES = 30.0
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

    h = hashlib.sha256()
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
    _package_files(h)
    return h.hexdigest()[:24]


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


def _usable(args: list[str]) -> bool:
    if os.environ.get("PRECISE_SERVER", "").strip().lower() in OFF_VALUES:
        return False
    words = [a for a in args if not a.startswith("-")]
    if words[:1] == ["server"]:
        return False  # starting, stopping or asking about the server runs here
    if not hasattr(os, "fork") or not hasattr(__import__("socket"), "send_fds"):
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


def _auto() -> bool:
    return os.environ.get("PRECISE_SERVER", "").strip().lower() in AUTO_VALUES


def _idle_seconds() -> float:
    try:
        minutes = float(os.environ.get("PRECISE_SERVER_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    if minutes != minutes or minutes <= 0:  # NaN, zero or less: the default
        minutes = DEFAULT_IDLE_MINUTES
    return 60.0 * min(max(minutes, 0.1), 24 * 60.0)


def _send_request(args: list[str]):
    """A socket whose server has this command (with the three standard streams), or None."""
    if not _usable(args):
        return None
    auto = _auto()
    folder = server_dir(create=auto)
    if folder is None:
        return None
    try:
        if not any(n.startswith("s-") and n.endswith(".sock") for n in os.listdir(folder)):
            return _none_yet(auto)  # no server at all: no need to work out which one is ours
    except OSError:
        return None
    path = socket_path(folder, fingerprint())
    if not os.path.exists(path):
        return _none_yet(auto)
    import json
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        at_path(sock.connect, path)
    except OSError:
        sock.close()
        return _none_yet(auto)
    request = {
        "op": "run",
        # signals this process ignores (e.g. SIGINT of a job started with & by a shell) are
        # ignored by the command's process too, as a process inherits them
        "ignored": [int(n) for n in _FORWARDED_SIGNALS if signal.getsignal(n) is signal.SIG_IGN],
        "argv": [sys.argv[0], *args],
        "cwd": os.getcwd(),
        "env": dict(os.environ),
    }
    data = json.dumps(request).encode("utf-8")
    try:
        sent = socket.send_fds(sock, [len(data).to_bytes(8, "big") + data], [0, 1, 2])
        sock.sendall((len(data).to_bytes(8, "big") + data)[sent:])
    except OSError:
        sock.close()
        return None
    return sock


def _wait(sock) -> int | None:
    """Read the server's replies: {"pid"} once the command runs, then {"exit"} or {"signal"}.
    Signals this process receives meanwhile are sent on to the command's process."""
    import json

    child: list[int] = []
    pending: list[int] = []

    def forward(signum, _frame):
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

    for signum in _FORWARDED_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, forward)
    if signal.getsignal(signal.SIGTSTP) is not signal.SIG_IGN:
        signal.signal(signal.SIGTSTP, suspend)
    buffer = b""
    started = False
    try:
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
                reply = json.loads(line)
                if not isinstance(reply, dict):
                    raise ValueError("bad reply")
                if "refused" in reply:
                    return None  # nothing was run: the caller runs the command itself
                if "pid" in reply:
                    started = True
                    child.append(int(reply["pid"]))
                    for signum in pending:
                        forward(signum, None)
                elif "exit" in reply:
                    return int(reply["exit"])
                elif "signal" in reply:
                    signum = int(reply["signal"])
                    try:
                        signal.signal(signum, signal.SIG_DFL)
                    except (OSError, ValueError):  # SIGKILL, SIGSTOP: always the default
                        pass
                    sys.stdout.flush()
                    os.kill(os.getpid(), signum)
                    return 128 + signum
    finally:
        sock.close()
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


# --- control: start, stop, status (``precise server …``) -------------------------------------
def _ask(path: str, request: dict, timeout: float = 5.0) -> dict | None:
    """One request and its one-line reply; None when no server answers at ``path``."""
    import json
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        at_path(sock.connect, path)
        data = json.dumps(request).encode("utf-8")
        sock.sendall(len(data).to_bytes(8, "big") + data)
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(4096)
            if not chunk:
                return None
            reply += chunk
        return json.loads(reply)
    except (OSError, ValueError):
        return None
    finally:
        sock.close()


def status() -> dict | None:
    """This installation's running server (pid, started, commands, running, idle_limit_s,
    socket), or None."""
    folder = server_dir()
    if folder is None:
        return None
    path = socket_path(folder, fingerprint())
    if not os.path.exists(path):
        return None
    return _ask(path, {"op": "status"})


def _none_yet(auto: bool) -> None:
    """No server for this command: with PRECISE_SERVER=auto one is started for the next ones
    (it takes the installation's lock first, so a burst of commands starts one)."""
    if auto:
        try:
            _spawn(_idle_seconds())
        except OSError:
            pass
    return None


def _spawn(idle_seconds: float):
    import subprocess

    env = dict(os.environ)
    env.setdefault("TYPER_USE_RICH", "0")
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "precisecli.cli.cmdserver", str(idle_seconds)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd="/",
        env=env,
        start_new_session=True,  # not in this terminal's session: no hang-up, no Ctrl-C
        close_fds=True,
    )


def start(idle_seconds: float, wait: float = 60.0) -> dict | None:
    """Start a server in the background (if none runs) and wait until it answers; its status,
    or None when it could not start (no private folder for its socket)."""
    import time

    running = status()
    if running is not None:
        return running
    if server_dir(create=True) is None:
        return None
    proc = _spawn(idle_seconds)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        running = status()
        if running is not None:
            return running
        if proc.poll() is not None:
            return status()  # it ended: another server answers now, or none could start
        time.sleep(0.05)
    return None


def stop(wait: float = 30.0) -> dict | None:
    """Ask the running server to end once its running commands have; None when none runs."""
    import time

    folder = server_dir()
    if folder is None:
        return None
    path = socket_path(folder, fingerprint())
    state = _ask(path, {"op": "status"}) if os.path.exists(path) else None
    reply = _ask(path, {"op": "stop"}) if state is not None else None
    if reply is None:
        return None
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and (os.path.exists(path) or _alive(state["pid"])):
        time.sleep(0.05)
    reply["stopped"] = not os.path.exists(path) and not _alive(state["pid"])
    return reply


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:  # our own child (a server started by this process) that has exited: reap it
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:  # a zombie its new parent has not reaped yet has ended all the same
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
