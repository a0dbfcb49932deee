"""`helpdesk-probe install-service` / `uninstall-service`: the systemd unit installed into a
temporary root and checked by systemd-analyze; the Windows service's calls to the Service Control
Manager checked against recorded pywin32 modules; the service body reporting and stopping."""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from agent_probe import main as cli
from agent_probe.report.enrol import ProbeState, save_state
from agent_probe.service import body, launch, systemd, windows
from tests.probe.httpserver import fake_server

# --- systemd -------------------------------------------------------------------------------------


def _verify(unit: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but systemd-analyze is missing: .ci/run installs the systemd package")
        pytest.skip("systemd-analyze not installed (Debian package systemd)")
    # It runs without a systemd manager (containers too): it loads the unit and checks its keys,
    # its ExecStart= program and the units it names.
    return subprocess.run([analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, check=False)


@pytest.mark.skipif(sys.platform == "win32", reason="systemd units are for Linux (Windows installs a service)")
def test_install_service_into_a_root_writes_a_unit_systemd_accepts(tmp_path: Path, capsys: Any) -> None:
    root = tmp_path / "root"
    assert cli.main(["install-service", "--root", str(root), "--interval", "600"]) == 0
    layout = systemd.Layout(root)
    assert str(layout.unit) in capsys.readouterr().out
    text = layout.unit.read_text(encoding="utf-8")
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert exec_start.endswith(" run --interval 600")
    assert exec_start.removeprefix("ExecStart=").split()[0] == launch.this_probe_command()[0]
    for setting in ("DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes",
                    "StateDirectory=helpdesk-probe", "Restart=on-failure", "WantedBy=multi-user.target"):
        assert setting in text.splitlines()
    # enabled for boot the way systemctl enable does it
    assert layout.wants_link.is_symlink() and layout.wants_link.resolve() == layout.unit.resolve()
    assert layout.unit.stat().st_mode & 0o777 == 0o644
    verified = _verify(layout.unit)
    assert verified.returncode == 0 and verified.stderr == "", verified.stderr  # not even a warning

    assert cli.main(["uninstall-service", "--root", str(root)]) == 0
    assert not layout.unit.exists() and not layout.wants_link.is_symlink()
    assert cli.main(["uninstall-service", "--root", str(root)]) == 0
    assert "not installed" in capsys.readouterr().out


def test_a_misspelt_setting_fails_verification(tmp_path: Path) -> None:
    # The check above would catch a broken unit: systemd-analyze reports an unknown key.
    unit = tmp_path / systemd.UNIT_NAME
    unit.write_text(systemd.unit_text([sys.executable], interval=900, description="x").replace(
        "ProtectSystem=", "ProtectSystm="), encoding="utf-8")
    assert "Unknown key" in _verify(unit).stderr


def test_live_install_asks_systemctl_to_enable_and_start(tmp_path: Path) -> None:
    calls: list[list[str]] = []
    # the running system's tree, relocated to tmp_path for the files
    live = type("Live", (systemd.Layout,), {"live": property(lambda self: True)})(tmp_path)
    systemd.install(live, "[Unit]\n", systemctl=lambda args: calls.append(list(args)))
    assert calls == [["daemon-reload"], ["enable", "--now", systemd.UNIT_NAME]]
    assert not live.wants_link.exists()  # systemctl made it, not us
    calls.clear()
    assert systemd.uninstall(live, systemctl=lambda args: calls.append(list(args)))
    assert calls == [["disable", "--now", systemd.UNIT_NAME], ["daemon-reload"]]
    assert not live.unit.exists()


@pytest.mark.parametrize(("arg", "quoted"), [
    ("/opt/helpdesk/bin/helpdesk-probe", "/opt/helpdesk/bin/helpdesk-probe"),
    ("/opt/help desk/bin/probe", '"/opt/help desk/bin/probe"'),
    ("/opt/100%/probe", "/opt/100%%/probe"),
    ("/opt/$HOME/probe", "/opt/$$HOME/probe"),
    ('/opt/a"b\\c', '"/opt/a\\"b\\\\c"'),
])
def test_exec_start_quoting(arg: str, quoted: str) -> None:
    assert systemd.quote(arg) == quoted


def test_probe_command_of_each_kind_of_install() -> None:
    # A bundle is its own executable; a pip install runs its Python without site, isolated, with
    # the install's import directories put on sys.path by the bootstrap.
    assert launch.probe_command(frozen=True, executable="/opt/hp/helpdesk-probe", dirs=[]) == ["/opt/hp/helpdesk-probe"]
    dirs = ["/opt/hp/lib/python3.11/site-packages"]
    assert launch.probe_command(frozen=False, executable="/opt/hp/bin/python3", dirs=dirs) == [
        "/opt/hp/bin/python3", "-I", "-S", "-c",
        "import sys; sys.path[:0] = ['/opt/hp/lib/python3.11/site-packages']; "
        "from agent_probe.main import main; sys.exit(main())"]
    assert launch.probe_command(frozen=False, executable=r"C:\hp\python.exe", dirs=[r"C:\hp\Lib\site-packages"])[
        -1].startswith(r"import sys; sys.path[:0] = ['C:\\hp\\Lib\\site-packages'];")


def test_import_dirs_hold_this_package_and_psutil() -> None:
    import psutil

    import agent_probe

    dirs = launch.import_dirs()
    assert 1 <= len(dirs) <= 2 and len(set(dirs)) == len(dirs)
    for module in (agent_probe, psutil):
        assert str(Path(module.__file__ or "").resolve().parents[1]) in {str(Path(d).resolve()) for d in dirs}


def _systemd_argv(exec_start: str) -> list[str]:
    """ExecStart= split as systemd does for what systemd.quote writes (double quotes with backslash
    escapes, %% and $$)."""
    return [arg.replace("%%", "%").replace("$$", "$") for arg in shlex.split(exec_start)]


@pytest.mark.skipif(sys.platform == "win32", reason="systemd units are for Linux (Windows installs a service)")
def test_the_units_command_line_starts_the_probe_without_site(tmp_path: Path) -> None:
    text = systemd.unit_text(launch.this_probe_command(), interval=600, description="x")
    argv = _systemd_argv(next(line for line in text.splitlines() if line.startswith("ExecStart=")).partition("=")[2])
    assert argv == [*launch.this_probe_command(), "run", "--interval", "600"]
    assert argv[1:3] == ["-I", "-S"]
    # The unit's own command line, for real: the lean `run` starts, and says the machine is not enrolled.
    env = {**os.environ, "HELPDESK_PROBE_HOME": str(tmp_path), "PYTHONPATH": "/nonexistent"}  # -I ignores it
    done = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert "not enrolled" in done.stderr
    # What that interpreter loads before the probe's main(): no site, and sys.path is the install's.
    probe = subprocess.run([*argv[:4], launch.path_setup(launch.import_dirs())
                            + "; print(sys.flags.no_site, 'site' in sys.modules, sys.path[0])"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    assert probe.stdout.split() == ["1", "False", launch.import_dirs()[0]]


# --- Windows service ------------------------------------------------------------------------------


class RecordingScm:
    def __init__(self, installed: bool = False) -> None:
        self.installed = installed
        self.calls: list[tuple[Any, ...]] = []

    def exists(self, name: str) -> bool:
        return self.installed

    def create(self, spec: windows.ServiceSpec) -> None:
        self.calls.append(("create", spec))
        self.installed = True

    def set_recovery(self, name: str, delays_ms: tuple[int, ...], reset_period_s: int) -> None:
        self.calls.append(("recovery", name, delays_ms, reset_period_s))

    def start(self, name: str) -> None:
        self.calls.append(("start", name))

    def stop(self, name: str) -> None:
        self.calls.append(("stop", name))

    def delete(self, name: str) -> None:
        self.calls.append(("delete", name))
        self.installed = False


BUNDLE_EXE = r"C:\Program Files\Helpdesk Probe\helpdesk-probe.exe"


def test_windows_spec_pip_install_is_hosted_by_pythonservice_and_a_bundle_by_itself() -> None:
    pip = windows.service_spec(frozen=False, executable=r"C:\hp\.venv\Scripts\python.exe",
                               display_name="Helpdesk probe", description="d")
    assert (pip.exe_name, pip.exe_args, pip.class_string) == (None, None, "agent_probe.service.winhost.ProbeService")
    bundle = windows.service_spec(frozen=True, executable=BUNDLE_EXE, display_name="Helpdesk probe", description="d")
    assert (bundle.exe_name, bundle.exe_args) == (BUNDLE_EXE, "service-run")
    assert bundle.name == pip.name == "HelpdeskProbe"


def test_windows_install_creates_sets_recovery_and_starts() -> None:
    scm = RecordingScm()
    spec = windows.service_spec(frozen=True, executable=BUNDLE_EXE, display_name="Helpdesk probe", description="d")
    windows.install(spec, scm)
    assert scm.calls == [("create", spec), ("recovery", "HelpdeskProbe", (60_000, 60_000, 300_000), 86_400),
                         ("start", "HelpdeskProbe")]
    # again (an upgrade): the old definition goes first
    scm.calls.clear()
    windows.install(spec, scm)
    assert [c[0] for c in scm.calls] == ["stop", "delete", "create", "recovery", "start"]
    scm.calls.clear()
    assert windows.uninstall("HelpdeskProbe", scm) is True
    assert not windows.uninstall("HelpdeskProbe", scm)
    assert scm.calls == [("stop", "HelpdeskProbe"), ("delete", "HelpdeskProbe")]


class _Win32Error(Exception):
    def __init__(self, winerror: int) -> None:
        super().__init__(winerror, "OpenService", "recorded")
        self.winerror = winerror


def _recorded_pywin32(calls: list[tuple[Any, ...]], *, service_exists: bool) -> tuple[Any, Any]:
    """win32serviceutil and win32service as far as Pywin32Manager uses them, with the constants'
    real values (winsvc.h), recording each call."""

    def query(name: str) -> tuple[int, ...]:
        if not service_exists:
            raise _Win32Error(1060)  # ERROR_SERVICE_DOES_NOT_EXIST
        return (16, 4, 5, 0, 0, 0, 0)

    util = SimpleNamespace(
        QueryServiceStatus=query,
        InstallService=lambda *a, **k: calls.append(("InstallService", a, k)),
        StartService=lambda name: calls.append(("StartService", name)),
        StopServiceWithDeps=lambda name: calls.append(("StopServiceWithDeps", name)),
        RemoveService=lambda name: calls.append(("RemoveService", name)),
    )
    svc = SimpleNamespace(
        error=_Win32Error, SERVICE_AUTO_START=2, SC_MANAGER_ALL_ACCESS=0xF003F, SERVICE_ALL_ACCESS=0xF01FF,
        SC_ACTION_RESTART=1, SERVICE_CONFIG_FAILURE_ACTIONS=2,
        OpenSCManager=lambda *a: "scm", OpenService=lambda scm, name, access: f"handle:{name}",
        ChangeServiceConfig2=lambda handle, level, info: calls.append(("ChangeServiceConfig2", handle, level, info)),
        CloseServiceHandle=lambda handle: calls.append(("CloseServiceHandle", handle)),
    )
    return util, svc


def test_pywin32_manager_calls() -> None:
    calls: list[tuple[Any, ...]] = []
    manager = windows.Pywin32Manager(*_recorded_pywin32(calls, service_exists=False))
    assert manager.exists("HelpdeskProbe") is False
    spec = windows.service_spec(frozen=True, executable=BUNDLE_EXE, display_name="Helpdesk probe", description="d")
    windows.install(spec, manager)
    assert calls[0] == ("InstallService", ("agent_probe.service.winhost.ProbeService", "HelpdeskProbe",
                                           "Helpdesk probe"),
                        {"startType": 2, "exeName": BUNDLE_EXE, "exeArgs": "service-run", "description": "d",
                         "delayedstart": True})
    assert calls[1] == ("ChangeServiceConfig2", "handle:HelpdeskProbe", 2, {
        "ResetPeriod": 86_400, "RebootMsg": None, "Command": None,
        "Actions": [(1, 60_000), (1, 60_000), (1, 300_000)]})
    assert calls[2:] == [("CloseServiceHandle", "handle:HelpdeskProbe"), ("CloseServiceHandle", "scm"),
                         ("StartService", "HelpdeskProbe")]
    assert windows.Pywin32Manager(*_recorded_pywin32([], service_exists=True)).exists("HelpdeskProbe")


def test_service_settings_round_trip(tmp_path: Path) -> None:
    assert windows.read_interval(tmp_path, 900.0) == 900.0
    windows.write_settings(tmp_path, interval=120)
    assert windows.read_interval(tmp_path, 900.0) == 120
    (tmp_path / windows.SETTINGS_FILE).write_text('{"interval": "soon"}', encoding="utf-8")
    assert windows.read_interval(tmp_path, 900.0) == 900.0


# --- the service body -----------------------------------------------------------------------------


def test_service_body_reports_then_stops_and_logs_to_a_file(probe_env: Path) -> None:
    stop = threading.Event()
    stop.set()  # told to stop during its first wait: exactly one report, then a clean return
    with fake_server() as server:
        save_state(probe_env / "state.json", ProbeState(server.url, "m-1", "tok"))
        assert body.serve(stop, probe_env, 900.0, [body.file_handler(probe_env)]) == 0
    assert len(server.received) == 1
    log = (probe_env / body.LOG_FILE).read_text(encoding="utf-8")
    assert "probe service started" in log and "probe service stopped" in log
    assert not any(isinstance(h, logging.FileHandler) for h in logging.getLogger("agent_probe").handlers)


def test_service_body_not_enrolled_says_so_in_its_log(probe_env: Path) -> None:
    assert body.serve(threading.Event(), probe_env, 900.0, [body.file_handler(probe_env)]) == 1
    assert "not enrolled" in (probe_env / body.LOG_FILE).read_text(encoding="utf-8")


def test_service_run_is_for_windows_only(capsys: Any) -> None:
    if sys.platform == "win32":
        pytest.skip("on Windows it hands the process to the Service Control Manager")
    assert cli.main(["service-run"]) == 1
    assert "Windows" in capsys.readouterr().err
