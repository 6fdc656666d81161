"""The command server (`precise server start`): a command run through it behaves as the same
command run on its own — output, exit code, terminal, signals, kills — and a client that is not
exactly this installation's (environment, limits, own descriptors, unsafe folder) runs alone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.ptyrun import run_pty

PRECISE = Path(sys.executable).parent / "precise"
DEMO = REPO / "sample_cases" / "DEMO-001"


def _env(base: dict, **extra: str) -> dict:
    env = dict(os.environ)
    # conftest turns the server off for every other test; here a running server is used but
    # none is started by a command (the tests of auto-start set PRECISE_SERVER themselves)
    env["PRECISE_SERVER"] = "manual"
    env.update(base)
    env.update(extra)
    return env


def _private_env(tmp_path: Path, **extra: str) -> tuple[Path, dict]:
    """A private server folder of the test's own and the environment that names it (with a
    workspace beside it)."""
    folder = tmp_path / "srv"
    folder.mkdir(mode=0o700)
    env = _env({"PRECISE_SERVER_DIR": str(folder), "PRECISE_WORKSPACE": str(tmp_path / "ws")},
               **extra)  # fmt: skip
    return folder, env


def _run(env: dict, *args, stdin=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PRECISE), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=stdin,
    )


def _status(env: dict) -> dict:
    done = _run(env, "server", "status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def server(tmp_path):
    folder, env = _private_env(tmp_path)
    started = _run(env, "server", "start", "--json")
    assert started.returncode == 0, started.stderr
    state = json.loads(started.stdout)
    assert state["running"] is True and state["pid"] > 1
    try:
        yield env
    finally:
        _run(env, "server", "stop")
        try:
            os.kill(state["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass


def _commands_run(env: dict) -> int:
    return _status(env)["commands"]


def test_commands_run_in_the_server_give_what_they_give_alone(server, tmp_path):
    alone = dict(server, PRECISE_SERVER="0", PRECISE_WORKSPACE=str(tmp_path / "alone"))
    vcf = DEMO / "genomics" / "liver_biopsy.vcf"
    steps = [
        ("case", "new", "S1"),
        ("case", "new", "S1"),  # exists: exit 3
        ("variants", "import", "S1", vcf, "--sample-id", "MET1", "--site", "liver"),
        ("variants", "show", "S1"),
        ("variants", "show", "S1", "--json"),
        ("kb", "show", "--json"),
        ("case", "show", "NOPE"),  # exit 3, one line
        ("case", "show"),  # usage: exit 2
        ("variants", "import", "S1", tmp_path / "missing.vcf", "--sample-id", "X"),
        ("--version",),
        ("case", "--help"),
    ]
    before = _commands_run(server)
    for args in steps:
        here = _run(server, *args)
        there = _run(alone, *args)
        same = (here.returncode, here.stdout, here.stderr)
        ws_here, ws_alone = server["PRECISE_WORKSPACE"], alone["PRECISE_WORKSPACE"]
        want = (there.returncode, there.stdout, there.stderr.replace(ws_alone, ws_here))
        assert same == want, args
    assert _commands_run(server) - before == len(steps)  # every one ran in the server


def test_a_terminal_is_the_clients_terminal(server):
    _run(server, "case", "new", "T1")
    before = _commands_run(server)
    through = run_pty("case", "list", env=server, cols=90)
    alone = run_pty("case", "list", env=dict(server, PRECISE_SERVER="0"), cols=90)
    assert _commands_run(server) == before + 1
    assert through.exit_code == alone.exit_code == 0
    assert through.output == alone.output
    assert b"\x1b[" in through.output  # rich drew for a terminal
    error = run_pty("case", "show", "NOPE", env=server)
    assert error.exit_code == 3 and b"Traceback" not in error.output


def _big_vcf(path: Path, records: int) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from make_synthetic_vcf import write
    finally:
        sys.path.pop(0)
    write(path, records)
    return path


def _import_in_background(env: dict, vcf: Path, sigint=signal.SIG_DFL) -> subprocess.Popen:
    """`variants import` of a large file, returned once it is parsing (its scratch folder is
    in the case), so that a signal sent now reaches it mid-import on a fast or a loaded
    machine alike."""
    case = Path(env["PRECISE_WORKSPACE"]) / "K1"
    old = {p.name for p in case.iterdir()}  # a killed command's scratch may still lie there
    proc = subprocess.Popen(
        [str(PRECISE), "variants", "import", "K1", str(vcf), "--sample-id", "S1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from an interactive shell: a test run started in the background (`make test &`)
        # ignores SIGINT, and a command started from it would rightly ignore it too
        preexec_fn=lambda: signal.signal(signal.SIGINT, sigint),
    )
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".scratch") and p.name not in old for p in case.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "the import did not start"
        time.sleep(0.01)
    time.sleep(0.1)
    return proc


@pytest.mark.slow
def test_ctrl_c_and_kill_reach_the_command(server, tmp_path):
    vcf = _big_vcf(tmp_path / "big.vcf.gz", 400_000)
    _run(server, "case", "new", "K1")
    case_json = Path(server["PRECISE_WORKSPACE"]) / "K1" / "case.json"
    before = case_json.read_bytes()
    # Ctrl-C (SIGINT to the client): the command is interrupted as on its own, exit 130
    proc = _import_in_background(server, vcf)
    assert _status(server)["running_commands"] == 1
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err == "error: interrupted; the case was left as it was\n"
    assert case_json.read_bytes() == before
    # the same on its own (typer returns Ctrl-C as a bare 130: cli.main says what happened)
    alone = _import_in_background(dict(server, PRECISE_SERVER="0"), vcf)
    alone.send_signal(signal.SIGINT)
    _, alone_err = alone.communicate(timeout=60)
    assert (alone.returncode, alone_err) == (130, err)
    # a client that ignores SIGINT (a job started with & by a shell): so does its command
    for env in (server, dict(server, PRECISE_SERVER="0")):
        ignoring = _import_in_background(env, vcf, sigint=signal.SIG_IGN)
        ignoring.send_signal(signal.SIGINT)
        _, ignored_err = ignoring.communicate(timeout=60)
        assert ignoring.returncode == 0, ignored_err
        removed = _run(server, "variants", "remove", "K1", "--sample-id", "S1", "--reason", "test")
        assert removed.returncode == 0, removed.stderr
    before = case_json.read_bytes()
    # the client killed outright: its command's process dies with it, the case is unchanged
    proc = _import_in_background(server, vcf)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while _status(server)["running_commands"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _status(server)["running_commands"] == 0
    assert case_json.read_bytes() == before
    # the command's own process killed by a signal: the client ends by the same signal
    proc = _import_in_background(server, vcf)
    spid = _status(server)["pid"]
    (child,) = Path(f"/proc/{spid}/task/{spid}/children").read_text().split()
    os.kill(int(child), signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert case_json.read_bytes() == before
    # the server killed outright: the client says the command was lost (exit 5), and the
    # command's process dies with the server, so it cannot finish later behind the user's back
    proc = _import_in_background(server, vcf)
    os.kill(_status(server)["pid"], signal.SIGKILL)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 5
    assert err.startswith("error: the command server stopped while it ran this command")
    time.sleep(1.0)
    assert case_json.read_bytes() == before
    server_gone = _run(server, "server", "status", "--json")
    assert json.loads(server_gone.stdout) == {"running": False}  # a stale socket is no server
    # and a command after that still runs (on its own now), and is committed
    done = _run(server, "variants", "import", "K1", vcf, "--sample-id", "S1", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sample_id"] == "S1"


def test_another_environment_or_own_descriptors_run_alone(server, tmp_path):
    _run(server, "case", "new", "E1")
    before = _commands_run(server)
    # an environment variable read when modules are imported: another installation's server
    assert _run(dict(server, PYTHONHASHSEED="7"), "case", "show", "E1").returncode == 0
    assert _run(dict(server, OMP_NUM_THREADS="1"), "case", "show", "E1").returncode == 0
    # other resource limits
    limited = subprocess.run(
        [str(PRECISE), "case", "show", "E1"],
        env=server,
        capture_output=True,
        preexec_fn=lambda: __import__("resource").setrlimit(
            __import__("resource").RLIMIT_CORE, (0, 0)
        ),
    )
    assert limited.returncode == 0
    # an argument naming this process's descriptors (bash's <(…)): only this process has them
    intake = tmp_path / "intake.yaml"
    intake.write_text("case_id: E1\n", encoding="utf-8")
    with open(intake, "rb") as handle:
        fd = handle.fileno()
        subprocess.run(
            [str(PRECISE), "case", "show", "E1", f"--workspace=/proc/self/fd/{fd}"],
            env=server,
            capture_output=True,
            pass_fds=(fd,),
        )
    assert _run(dict(server, PRECISE_SERVER="0"), "case", "show", "E1").returncode == 0
    assert _commands_run(server) == before


def test_an_unsafe_or_missing_folder_is_not_used(server, tmp_path):
    folder = Path(server["PRECISE_SERVER_DIR"])
    before = _commands_run(server)
    os.chmod(folder, 0o755)  # others could reach the socket: not ours to trust
    try:
        assert _run(server, "kb", "show", "--json").returncode == 0
    finally:
        os.chmod(folder, 0o700)
    assert _commands_run(server) == before
    gone = dict(server, PRECISE_SERVER_DIR=str(tmp_path / "nowhere"))
    assert _run(gone, "kb", "show", "--json").returncode == 0
    assert _run(gone, "server", "status", "--json").stdout.count('"running": false') == 1


def test_stop_and_status(server):
    assert _status(server)["running"] is True
    stopped = _run(server, "server", "stop", "--json")
    assert stopped.returncode == 0 and json.loads(stopped.stdout) == {"running": False}
    assert _status(server) == {"running": False}
    assert not [p for p in Path(server["PRECISE_SERVER_DIR"]).iterdir() if p.suffix == ".sock"]
    # commands run on their own again
    assert _run(server, "kb", "show", "--json").returncode == 0
    # and a server starts again at once (the stopped one has let go of its lock)
    again = _run(server, "server", "start", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["running"] is True
    assert _run(server, "server", "stop").returncode == 0


@pytest.mark.slow
def test_an_idle_server_ends_by_itself(tmp_path):
    folder, env = _private_env(tmp_path)
    started = _run(env, "server", "start", "--idle-minutes", "0.1", "--json")
    pid = json.loads(started.stdout)["pid"]
    assert _run(env, "kb", "show", "--json").returncode == 0
    deadline = time.monotonic() + 30
    while _status(env)["running"] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _status(env) == {"running": False}
    assert not list(folder.glob("*.sock"))
    time.sleep(0.5)
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():  # gone, or a zombie its new parent has not reaped yet
        assert stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_stdin_is_the_clients(server):
    """A command reading /dev/stdin reads the client's standard input (the descriptor itself is
    passed to the server's process)."""
    kb = REPO / "knowledge" / "her2_refractory.yaml"
    before = _commands_run(server)
    results = []
    for env in (server, dict(server, PRECISE_SERVER="0")):
        with open(kb, "rb") as handle:
            done = _run(env, "kb", "validate", "/dev/stdin", "--json", stdin=handle)
        results.append((done.returncode, done.stdout, done.stderr))
    assert results[0] == results[1]
    assert results[0][0] == 0, results[0][2]
    assert _commands_run(server) == before + 1


def test_a_folder_path_too_long_for_a_socket_address(tmp_path):
    folder = tmp_path / ("deep-" * 12) / "srv"  # the socket's path is far over 107 bytes
    folder.mkdir(parents=True, mode=0o700)
    env = _env({"PRECISE_SERVER_DIR": str(folder), "PRECISE_WORKSPACE": str(tmp_path / "ws")})
    started = _run(env, "server", "start", "--json")
    assert started.returncode == 0, started.stderr
    try:
        assert len(str(next(folder.glob("*.sock")))) > 110
        assert _run(env, "kb", "show", "--json").returncode == 0
        assert _status(env)["commands"] == 1
    finally:
        assert _run(env, "server", "stop").returncode == 0


@pytest.mark.slow
def test_the_demo_through_the_server_files_the_same_report(server, tmp_path):
    """Every step of the demo as a separate `precise` process: with the server running and on
    their own, the same exit codes and the same report files, byte for byte."""
    from precisecli.demo import load_workup

    results = {}
    for label, env in (("server", server), ("alone", dict(server, PRECISE_SERVER="0"))):
        ws = tmp_path / label / "ws"
        codes = []
        for argv in load_workup("DEMO-001").steps(ws):
            codes.append(_run(env, *argv).returncode)
        out = tmp_path / label / "reports"
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
        results[label] = (codes, files)
    assert results["server"][0] == results["alone"][0] == [0] * len(results["alone"][0])
    assert sorted(results["server"][1]) == sorted(results["alone"][1])
    for name, data in results["alone"][1].items():
        if data != results["server"][1][name]:
            import difflib

            a = results["server"][1][name].decode("utf-8", "replace").splitlines()
            b = data.decode("utf-8", "replace").splitlines()
            raise AssertionError("\n".join(list(difflib.unified_diff(a, b, lineterm=""))[:40]))
    assert any(name.endswith(".pdf") for name in results["alone"][1])


def test_another_cgroup_or_namespace_finds_no_server(monkeypatch):
    """A batch job's or container's command runs under its own limits: its placement (control
    group, namespaces) is part of the server's fingerprint."""
    from precisecli.cli import cmdclient

    here = cmdclient._placement()
    if Path("/proc/self/cgroup").exists():
        assert Path("/proc/self/cgroup").read_text() in here
        assert f"mnt={os.readlink('/proc/self/ns/mnt')}" in here
    mine = cmdclient.fingerprint()
    monkeypatch.setattr(cmdclient, "_placement", lambda: here + "0::/slurm/job_42\n")
    assert cmdclient.fingerprint() != mine


def test_on_starts_a_server_for_the_next_commands(tmp_path):
    """PRECISE_SERVER=on: the first command runs on its own and starts a server (one, for a
    burst of commands); the next ones run in it and give the same output; the idle limit comes
    from PRECISE_SERVER_IDLE_MINUTES."""
    folder, env = _private_env(tmp_path, PRECISE_SERVER="on", PRECISE_SERVER_IDLE_MINUTES="2")
    alone = _run(dict(env, PRECISE_SERVER="0"), "kb", "show", "--json")
    burst = [
        subprocess.Popen([str(PRECISE), "kb", "show", "--json"], env=env, stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=120)[0].decode() for proc in burst]
    assert outputs == [alone.stdout] * 3
    deadline = time.monotonic() + 60
    while not _status(env)["running"] and time.monotonic() < deadline:
        time.sleep(0.2)
    state = _status(env)
    try:
        assert state["running"] is True and state["idle_limit_s"] == 120
        assert len(list(folder.glob("*.sock"))) == 1
        before = state["commands"]
        again = _run(env, "kb", "show", "--json")
        assert again.returncode == 0 and again.stdout == alone.stdout
        assert _commands_run(env) == before + 1
    finally:
        _run(env, "server", "stop")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_ctrl_z_stops_the_command_and_fg_resumes_it(server):
    """Ctrl-Z (SIGTSTP to the client) stops the command's process too, not just the client;
    SIGCONT (`fg`) resumes both, and the command then finishes as usual. The command waits for
    the case's lock, which the test holds, so it runs until the test lets it go."""
    import fcntl

    assert _run(server, "case", "new", "Z1").returncode == 0
    server_pid = _status(server)["pid"]
    lock = os.open(Path(server["PRECISE_WORKSPACE"]) / "Z1" / ".lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)
    client = subprocess.Popen(
        [str(PRECISE), "case", "delete", "Z1", "--yes"],
        env=dict(server, PRECISE_LOCK_TIMEOUT="60"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not _children(server_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        (command,) = _children(server_pid)
        client.send_signal(signal.SIGTSTP)
        deadline = time.monotonic() + 10
        while (_state(command), _state(client.pid)) != ("T", "T"):
            assert time.monotonic() < deadline, (_state(command), _state(client.pid))
            time.sleep(0.05)
        client.send_signal(signal.SIGCONT)
        deadline = time.monotonic() + 10
        while "T" in (_state(command), _state(client.pid)):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        fcntl.flock(lock, fcntl.LOCK_UN)
        out, err = client.communicate(timeout=60)
    finally:
        os.close(lock)
        if client.poll() is None:
            client.kill()
    assert client.returncode == 0, err
    assert not (Path(server["PRECISE_WORKSPACE"]) / "Z1").exists()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("2", 120.0), ("0.01", 6.0), ("nan", 900.0), ("-5", 900.0), ("abc", 900.0),
     ("1e308", 86400.0), ("inf", 86400.0), ("", 900.0)],
)  # fmt: skip
def test_auto_idle_limit_from_the_environment(monkeypatch, value, seconds):
    from precisecli.cli import cmdstart

    monkeypatch.setenv("PRECISE_SERVER_IDLE_MINUTES", value)
    assert cmdstart._idle_seconds() == seconds


def _wait_running(env: dict, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    state = _status(env)
    while not state["running"] and time.monotonic() < deadline:
        time.sleep(0.2)
        state = _status(env)
    return state


def test_by_default_a_burst_of_commands_starts_a_server(tmp_path):
    """PRECISE_SERVER unset: a single command starts nothing; a second one of the same
    installation and environment within a minute starts a server in the background (and runs
    on its own); the next ones run in it, with the same output, and the server's idle limit is
    15 minutes."""
    folder, env = _private_env(tmp_path)
    del env["PRECISE_SERVER"]
    env.pop("PRECISE_SERVER_IDLE_MINUTES", None)
    alone = _run(dict(env, PRECISE_SERVER="0"), "kb", "show", "--json")
    assert list(folder.iterdir()) == []  # off: not even a marker
    first = _run(env, "kb", "show", "--json")
    assert first.stdout == alone.stdout
    time.sleep(1.0)
    assert _status(env)["running"] is False  # one command: no server
    assert [p.suffix for p in folder.iterdir()] == [".alone"]
    second = _run(env, "kb", "show", "--json")
    assert second.stdout == alone.stdout
    state = _wait_running(env)
    try:
        assert state["running"] is True and state["idle_limit_s"] == 900
        before = state["commands"]
        third = _run(env, "kb", "show", "--json")
        assert (third.returncode, third.stdout, third.stderr) == (0, alone.stdout, alone.stderr)
        assert _status(env)["commands"] == before + 1
    finally:
        _run(env, "server", "stop")
    assert _status(env)["running"] is False


def test_manual_never_starts_a_server(tmp_path):
    folder, env = _private_env(tmp_path)
    for _ in range(3):
        assert _run(env, "--version").returncode == 0
    time.sleep(1.0)
    assert _status(env)["running"] is False and list(folder.iterdir()) == []


def _limited(resource_name: str, value: int):
    import resource

    def apply():
        limit = getattr(resource, resource_name)
        resource.setrlimit(limit, (value, resource.getrlimit(limit)[1]))

    return apply


@pytest.mark.parametrize(
    ("name", "value"), [("RLIMIT_CPU", 600), ("RLIMIT_AS", 8 << 30), ("RLIMIT_DATA", 8 << 30)]
)
def test_a_command_under_a_cpu_or_memory_limit_starts_no_server(tmp_path, name, value):
    """A command run under `ulimit -t/-v/-d` (a sandbox, a harness, a batch job) never starts
    a server, which would live on under that limit — not even with PRECISE_SERVER=on."""
    folder, env = _private_env(tmp_path)
    for word in ("auto", "on"):
        for _ in range(3):
            done = subprocess.run(
                [str(PRECISE), "--version"],
                env=dict(env, PRECISE_SERVER=word),
                capture_output=True,
                preexec_fn=_limited(name, value),  # noqa: PLW1509 - the test's own child
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
    time.sleep(1.0)
    assert not list(folder.glob("*.sock")) and not list(folder.glob("*.lock"))


class _Spawns:
    def __init__(self, monkeypatch, folder: Path, value: str | None = None):
        from precisecli.cli import cmdstart

        self.calls: list[float] = []
        self.folder = str(folder)
        self.start = cmdstart
        if value is None:
            monkeypatch.delenv("PRECISE_SERVER", raising=False)
        else:
            monkeypatch.setenv("PRECISE_SERVER", value)
        monkeypatch.setattr(cmdstart, "_spawn", self._spawn)
        monkeypatch.setattr(cmdstart, "_limited", lambda: False)

    def _spawn(self, idle: float):
        self.calls.append(idle)
        return subprocess.Popen(["true"])

    def command(self, print_: str = "f" * 24) -> None:
        assert self.start.when_alone(self.folder, print_) is None

    def age(self, suffix: str, seconds: float, print_: str = "f" * 24) -> None:
        path = Path(self.folder) / f"s-{print_}.{suffix}"
        when = time.time() - seconds
        os.utime(path, (when, when))


def test_the_burst_rule_and_the_retry_limit(tmp_path, monkeypatch):
    """The default rule, step by step (no process started: the spawn is recorded)."""
    spawns = _Spawns(monkeypatch, tmp_path)
    spawns.command()
    assert spawns.calls == []  # the first command: nothing yet
    spawns.age("alone", 120)
    spawns.command()
    assert spawns.calls == []  # two minutes later: not a burst
    spawns.command()
    assert spawns.calls == [900.0]  # right after: a burst, a server is started
    spawns.command()
    spawns.age("started", 30)
    spawns.command()
    assert len(spawns.calls) == 1  # it did not come up: not started again within a minute
    spawns.age("started", 61)
    spawns.command()
    assert len(spawns.calls) == 2  # a minute later: tried again
    spawns.command(print_="e" * 24)
    assert len(spawns.calls) == 2  # another installation or environment: its own burst


def test_on_starts_at_the_first_command_and_manual_or_off_never(tmp_path, monkeypatch):
    spawns = _Spawns(monkeypatch, tmp_path, "on")
    spawns.command()
    assert len(spawns.calls) == 1
    for value in ("manual", "0", "off", "no", "false"):
        monkeypatch.setenv("PRECISE_SERVER", value)
        for _ in range(3):
            spawns.command(print_="d" * 24)
    assert len(spawns.calls) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "auto"), ("", "auto"), ("auto", "auto"), ("AUTO ", "auto"), ("1", "on"),
     ("yes", "on"), ("always", "on"), ("manual", "manual"), ("0", "off"), ("Off", "off"),
     ("false", "off"), ("banana", "auto")],
)  # fmt: skip
def test_modes_from_the_environment(monkeypatch, value, expected):
    from precisecli.cli import cmdclient

    if value is None:
        monkeypatch.delenv("PRECISE_SERVER", raising=False)
    else:
        monkeypatch.setenv("PRECISE_SERVER", value)
    assert cmdclient.mode() == expected


def test_markers_of_a_day_ago_are_removed(tmp_path, monkeypatch):
    spawns = _Spawns(monkeypatch, tmp_path, "on")
    old = tmp_path / ("s-" + "a" * 24 + ".alone")
    old.write_bytes(b"")
    when = time.time() - 2 * 86400
    os.utime(old, (when, when))
    kept = tmp_path / "s-keep.sock"
    kept.write_bytes(b"")
    os.utime(kept, (when, when))
    spawns.command()
    assert not old.exists() and kept.exists()


def _exchange(server: dict, frame: bytes, fds: list[int], lines: int = 2) -> list[str]:
    """Send one raw request frame (with these descriptors) to the fixture's server; its reply
    lines (fewer when it closes the connection first)."""
    import socket as socketlib

    from precisecli.cli import cmdclient

    (path,) = map(str, Path(server["PRECISE_SERVER_DIR"]).glob("*.sock"))  # the fixture's
    sock = socketlib.socket(socketlib.AF_UNIX, socketlib.SOCK_STREAM)
    sock.settimeout(30)
    cmdclient.at_path(sock.connect, path)
    try:
        socketlib.send_fds(sock, [frame], fds)
        replies = b""
        while replies.count(b"\n") < lines:
            chunk = sock.recv(4096)
            if not chunk:
                break
            replies += chunk
    finally:
        sock.close()
    return replies.decode().splitlines()


def test_a_command_process_that_cannot_be_set_up_runs_nothing_and_says_so(server, tmp_path):
    """The protocol: when the forked process cannot become the client's (here: its working
    folder is gone), it runs nothing and the server answers "refused" after the pid, so the
    client runs the command itself."""
    from precisecli.cli import cmdclient

    request = {"op": "run", "argv": ["precise", "case", "new", "GONE"], "ignored": [],
               "cwd": str(tmp_path / "no-such-folder"), "env": dict(server)}  # fmt: skip
    out_r, out_w = os.pipe()
    try:
        replies = _exchange(server, cmdclient.encode_request(request), [0, out_w, out_w])
    finally:
        os.close(out_w)
        os.close(out_r)
    assert replies[0].startswith("pid ") and replies[1].startswith("refused ")
    assert not (Path(server["PRECISE_WORKSPACE"]) / "GONE").exists()


def _code():
    return (lambda: 0).__code__  # marshal carries code objects: never run, refused


@pytest.mark.parametrize(
    "request_",
    [
        {"op": "run", "argv": "precise --version", "cwd": "/", "env": {}},  # not a list
        {"op": "run", "argv": [], "cwd": "/", "env": {}},
        {"op": "run", "argv": ["precise", 1], "cwd": "/", "env": {}},
        {"op": "run", "argv": ["precise"], "cwd": b"/", "env": {}},
        {"op": "run", "argv": ["precise"], "cwd": "/", "env": {"A": 1}},
        {"op": "run", "argv": ["precise"], "cwd": "/", "env": {}, "ignored": ["2"]},
        {"op": "run", "argv": ["precise"], "cwd": "/", "env": [("A", "B")]},
        {"op": "run", "argv": ["precise"], "cwd": "/", "env": {}, "ignored": [_code()]},
    ],
)  # fmt: skip
def test_a_malformed_run_request_is_refused_and_runs_nothing(server, request_):
    import marshal

    data = marshal.dumps(request_)
    before = _commands_run(server)
    replies = _exchange(server, len(data).to_bytes(8, "big") + data, [0, 1, 2], lines=1)
    assert replies == ["refused malformed request"]
    assert _commands_run(server) == before


@pytest.mark.parametrize(
    "frame",
    [b"", b"\0" * 7, (1 << 40).to_bytes(8, "big"), (5).to_bytes(8, "big") + b"\xff\xff\xff\xff\xff",
     (4).to_bytes(8, "big") + b"[1,2", (2).to_bytes(8, "big") + b"N."],
)  # fmt: skip
def test_garbage_is_dropped_and_the_server_goes_on(server, frame):
    before = _commands_run(server)
    assert _exchange(server, frame or b"\0", [0, 1, 2], lines=1) in (
        [],
        ['{"refused": "unknown request"}'],
    )
    assert _commands_run(server) == before
    assert _run(server, "--version").returncode == 0
    assert _commands_run(server) == before + 1


def test_a_refused_command_gets_its_signal_handling_and_signals_back(monkeypatch):
    """Client side of "refused": the handlers _wait put in place are removed again and a signal
    received meanwhile (already sent on to the command's process) is delivered to this process,
    which then runs the command itself."""
    import socket as socketlib
    import threading

    from precisecli.cli import cmdclient

    got: list[int] = []
    previous = signal.signal(signal.SIGUSR1, lambda signum, _frame: got.append(signum))
    sleeper = subprocess.Popen(["sleep", "30"])
    ours, theirs = socketlib.socketpair()
    try:

        def server_side():
            theirs.sendall(f"pid {sleeper.pid}\n".encode())
            time.sleep(0.3)
            os.kill(os.getpid(), signal.SIGUSR1)  # forwarded to the "command" (the sleeper)
            time.sleep(0.3)
            theirs.sendall(b"refused setup\n")

        thread = threading.Thread(target=server_side)
        thread.start()
        assert cmdclient._wait(ours) is None
        thread.join()
        assert sleeper.wait(timeout=10) == -signal.SIGUSR1  # it was sent on
        assert got == [signal.SIGUSR1]  # and delivered here again, to the restored handler
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGUSR1, previous)
        theirs.close()
        if sleeper.poll() is None:
            sleeper.kill()


def test_nice_or_taskset_commands_find_no_server_started_without(server, monkeypatch):
    """`nice` and `taskset` are part of the fingerprint: a command's process would otherwise run
    at the server's priority and on its CPUs."""
    from precisecli.cli import cmdclient

    before = _commands_run(server)
    done = subprocess.run(["nice", "-n", "5", str(PRECISE), "--version"], env=server,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1:
        one = str(min(os.sched_getaffinity(0)))
        done = subprocess.run(["taskset", "-c", one, str(PRECISE), "--version"], env=server,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert _commands_run(server) == before  # both ran on their own
    mine = cmdclient.fingerprint()
    monkeypatch.setattr(os, "getpriority", lambda *_: 19)
    assert cmdclient.fingerprint() != mine


def test_starting_a_server_writes_nothing_on_the_commands_stderr(tmp_path):
    """The command that starts a server in the background leaves it running when it ends: no
    "subprocess … is still running" ResourceWarning (shown under PYTHONWARNINGS=default)."""
    folder, env = _private_env(tmp_path, PRECISE_SERVER="on", PYTHONWARNINGS="default")
    try:
        done = _run(env, "kb", "show", "--json")
        assert done.returncode == 0 and done.stderr == ""
        assert _wait_running(env)["running"] is True
    finally:
        _run(env, "server", "stop")
