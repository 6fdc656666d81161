"""Starting and stopping the command server (cli/cmdserver.py) from the client's side: when a
command that found no server starts one (``when_alone``), waiting for one that is starting
(``started_meanwhile``), and ``precise server start|stop|status`` (``start``, ``stop``,
``status``). Kept import-light: it runs before a command that found no server.

When a server is started (``PRECISE_SERVER``, read by ``cmdclient.mode``):

- unset or ``auto`` (the default): when commands come in a burst — a command that runs on its
  own finds that another one of this installation and environment ran on its own less than
  ``BURST_SECONDS`` ago (a script, a batch, a workup typed in a row) — it starts a server in the
  background for the commands that follow, then runs itself as usual. A single command, or
  commands minutes apart, never start one. An auto-started server ends after
  ``PRECISE_SERVER_IDLE_MINUTES`` (15) without a command.
- ``on`` (``1``, ``yes``, ``true``, ``always``): the first command that finds none starts one.
- ``manual``: a running server is used (``precise server start``); none is ever started.
- ``0`` (``off``, ``no``, ``false``): no server is used at all.

A server is never started by a command that runs under a CPU-time or memory limit (``ulimit
-t``/``-v``/``-d``: a sandbox, a test harness, a batch system's job — the server would live
under that limit), nor more than once a minute for one installation and environment (a server
that cannot start is not retried by every command).
"""

from __future__ import annotations

import os
import sys

from precisecli.cli.cmdclient import (
    at_path,
    encode_request,
    fingerprint,
    lock_path,
    mode,
    server_dir,
    socket_path,
)

# auto (the default): a command that runs on its own less than BURST_SECONDS after another one
# of the same installation and environment starts a server for the commands that follow.
BURST_SECONDS = 60.0
RETRY_SECONDS = 60.0  # a server is started at most this often (per installation, environment)
STALE_MARKER_SECONDS = 86400.0
DEFAULT_IDLE_MINUTES = 15.0  # an auto-started server's idle limit

# A command that finds this installation's server starting (its lock held, or started less than
# STARTING_SECONDS ago and not yet at its lock) waits up to START_WAIT_SECONDS for it rather than
# loading everything a second time beside it.
STARTING_SECONDS = 2.0
START_WAIT_SECONDS = 3.0


def started_meanwhile(folder: str, print_: str) -> bool:
    """Wait while this installation's server is starting; whether its socket is there now."""
    import fcntl
    import time

    path = socket_path(folder, print_)
    marker = os.path.join(folder, f"s-{print_}.started")
    deadline = time.monotonic() + START_WAIT_SECONDS
    fd = None
    try:
        while time.monotonic() < deadline:
            if os.path.exists(path):
                return True
            if fd is None:
                try:
                    fd = os.open(
                        lock_path(folder, print_), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
                    )
                except OSError:
                    fd = None
            held = False
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    fcntl.flock(fd, fcntl.LOCK_UN)
                except BlockingIOError:
                    held = True  # a server holds it: starting (or ending)
                except OSError:
                    pass
            if not held:
                try:
                    spawned = os.stat(marker).st_mtime
                except OSError:
                    return False
                if not 0 <= time.time() - spawned < STARTING_SECONDS:
                    return False  # none is starting
            time.sleep(0.02)
        return os.path.exists(path)
    finally:
        if fd is not None:
            os.close(fd)


def _idle_seconds() -> float:
    try:
        minutes = float(os.environ.get("PRECISE_SERVER_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    if minutes != minutes or minutes <= 0:  # NaN, zero or less: the default
        minutes = DEFAULT_IDLE_MINUTES
    return 60.0 * min(max(minutes, 0.1), 24 * 60.0)


def ask(path: str, request: dict, timeout: float = 5.0) -> dict | None:
    """One request and its one-line reply; None when no server answers at ``path``."""
    import json
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        at_path(sock.connect, path)
        sock.sendall(encode_request(request))
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
    return ask(path, {"op": "status"})


def when_alone(folder: str, print_: str | None) -> None:
    """No server for this command, which runs on its own: start one in the background for the
    next ones when the mode and the rules of the module's docstring say so (the server takes
    the installation's lock first, so commands racing here start one server)."""
    which = mode()
    if which not in ("auto", "on") or _limited():
        return None
    try:
        print_ = print_ or fingerprint()
        if which == "auto" and not _in_a_burst(folder, print_):
            return None
        if _marked_within(os.path.join(folder, f"s-{print_}.started"), RETRY_SECONDS, False):
            return None
        _prune_markers(folder)
        _detach(_spawn(_idle_seconds()))
    except OSError:
        pass
    return None


def _limited() -> bool:
    """Does this process run under a CPU-time or memory limit (then no server is started)?"""
    import resource

    for name in ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_DATA"):
        try:
            soft, _hard = resource.getrlimit(getattr(resource, name))
        except (AttributeError, OSError, ValueError):
            continue
        if soft != resource.RLIM_INFINITY:
            return True
    return False


def _marked_within(marker: str, seconds: float, touch_if_recent: bool = True) -> bool:
    """Was ``marker`` touched less than ``seconds`` ago? Touches it now (unless it was recent
    and not ``touch_if_recent``)."""
    import time

    now = time.time()
    try:
        before = os.stat(marker).st_mtime
    except FileNotFoundError:
        before = None
    recent = before is not None and 0 <= now - before < seconds
    if recent and not touch_if_recent:
        return True
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        os.utime(fd, (now, now))
    finally:
        os.close(fd)
    return recent


def _in_a_burst(folder: str, print_: str) -> bool:
    """Did another command of this installation and environment run on its own less than
    BURST_SECONDS ago? (Records this one.)"""
    return _marked_within(os.path.join(folder, f"s-{print_}.alone"), BURST_SECONDS)


def _prune_markers(folder: str) -> None:
    """Remove the markers of installations or environments unused for a day."""
    import time

    old = time.time() - STALE_MARKER_SECONDS
    for name in os.listdir(folder):
        if name.startswith("s-") and name.endswith((".alone", ".started")):
            try:
                path = os.path.join(folder, name)
                if os.lstat(path).st_mtime < old:
                    os.unlink(path)
            except OSError:
                continue


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


def _detach(proc) -> None:
    """The server outlives this process by design (it is reparented when this one ends): its
    Popen is marked settled so that Python neither warns at exit that it still runs
    (ResourceWarning, shown under PYTHONWARNINGS=default) nor keeps it in its list to reap."""
    if proc.poll() is None:
        proc.returncode = 0


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
    try:
        while time.monotonic() < deadline:
            running = status()
            if running is not None:
                return running
            if proc.poll() is not None:
                return status()  # it ended: another server answers now, or none could start
            time.sleep(0.05)
        return None
    finally:
        _detach(proc)


def stop(wait: float = 30.0) -> dict | None:
    """Ask the running server to end once its running commands have; None when none runs."""
    import time

    folder = server_dir()
    if folder is None:
        return None
    path = socket_path(folder, fingerprint())
    state = ask(path, {"op": "status"}) if os.path.exists(path) else None
    reply = ask(path, {"op": "stop"}) if state is not None else None
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
