"""The probe as a Windows service, through pywin32's service framework.

Two ways to host it, as pywin32 documents:
- a pip install: pywin32's pythonservice.exe loads the class `agent_probe.service.winhost.ProbeService`
  (win32serviceutil copies that host next to the venv's Python and pywintypes next to python3X.dll);
- a PyInstaller bundle: the bundle's own executable, started as `helpdesk-probe.exe service-run`,
  hands itself to the Service Control Manager (servicemanager.StartServiceCtrlDispatcher).

Either way it starts automatically at boot (delayed, so it does not slow the logon), runs as
LocalSystem (it reads every process and disk, and writes %ProgramData%\\helpdesk-probe), and the
SCM restarts it after a failure: after 1 minute, again after 1, then every 5.

Everything the SCM is asked for is computed here (`service_spec`, `install`, `uninstall`), and the
calls go through `ServiceManager`; `Pywin32Manager` is the real one.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

SERVICE_NAME = "HelpdeskProbe"
CLASS_STRING = "agent_probe.service.winhost.ProbeService"
HOST_ARGUMENT = "service-run"
SETTINGS_FILE = "service.json"
# SCM recovery: (action, delay in ms) for the first, second and later failures; the failure count
# is reset after a day without one.
RESTART_DELAYS_MS = (60_000, 60_000, 300_000)
RESET_PERIOD_S = 86_400
ERROR_ACCESS_DENIED = 5  # winerror of pywintypes.error without elevation


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    display_name: str
    description: str
    class_string: str
    exe_name: str | None  # None: pywin32's pythonservice.exe hosts the class
    exe_args: str | None


def service_spec(*, frozen: bool, executable: str, display_name: str, description: str) -> ServiceSpec:
    if frozen:
        return ServiceSpec(SERVICE_NAME, display_name, description, CLASS_STRING, executable, HOST_ARGUMENT)
    return ServiceSpec(SERVICE_NAME, display_name, description, CLASS_STRING, None, None)


class ServiceManager(Protocol):
    """The Service Control Manager calls the installer needs."""

    def exists(self, name: str) -> bool: ...
    def create(self, spec: ServiceSpec) -> None: ...
    def set_recovery(self, name: str, delays_ms: tuple[int, ...], reset_period_s: int) -> None: ...
    def start(self, name: str) -> None: ...
    def stop(self, name: str) -> None: ...
    def delete(self, name: str) -> None: ...


def write_settings(home: Path, *, interval: float) -> Path:
    """The service's own settings (it is started by the SCM, with no command line of ours)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / SETTINGS_FILE
    path.write_text(json.dumps({"interval": interval}), encoding="utf-8")
    return path


def read_interval(home: Path, default: float) -> float:
    try:
        value = json.loads((home / SETTINGS_FILE).read_text(encoding="utf-8")).get("interval", default)
    except (OSError, ValueError, AttributeError):
        return default
    return float(value) if isinstance(value, int | float) and value >= 0 else default


def install(spec: ServiceSpec, scm: ServiceManager) -> None:
    if scm.exists(spec.name):
        # A re-install after an upgrade: replace the old definition (its host path may have moved).
        uninstall(spec.name, scm)
    scm.create(spec)
    scm.set_recovery(spec.name, RESTART_DELAYS_MS, RESET_PERIOD_S)
    scm.start(spec.name)


def uninstall(name: str, scm: ServiceManager) -> bool:
    if not scm.exists(name):
        return False
    scm.stop(name)
    scm.delete(name)
    return True


class Pywin32Manager:
    """ServiceManager through pywin32 (win32serviceutil, win32service); the modules are passed in
    so the calls can be checked with recorded ones on any system."""

    def __init__(self, serviceutil: ModuleType | Any, service: ModuleType | Any) -> None:
        self._util = serviceutil
        self._svc = service

    @classmethod
    def load(cls) -> Pywin32Manager:
        import win32service
        import win32serviceutil

        return cls(win32serviceutil, win32service)

    def exists(self, name: str) -> bool:
        try:
            self._util.QueryServiceStatus(name)
        except self._svc.error:  # pywintypes.error: ERROR_SERVICE_DOES_NOT_EXIST
            return False
        return True

    def create(self, spec: ServiceSpec) -> None:
        self._util.InstallService(
            spec.class_string,
            spec.name,
            spec.display_name,
            startType=self._svc.SERVICE_AUTO_START,
            exeName=spec.exe_name,
            exeArgs=spec.exe_args,
            description=spec.description,
            delayedstart=True,
        )

    def set_recovery(self, name: str, delays_ms: tuple[int, ...], reset_period_s: int) -> None:
        scm = self._svc.OpenSCManager(None, None, self._svc.SC_MANAGER_ALL_ACCESS)
        try:
            handle = self._svc.OpenService(scm, name, self._svc.SERVICE_ALL_ACCESS)
            try:
                actions = [(self._svc.SC_ACTION_RESTART, delay) for delay in delays_ms]
                self._svc.ChangeServiceConfig2(
                    handle,
                    self._svc.SERVICE_CONFIG_FAILURE_ACTIONS,
                    {"ResetPeriod": reset_period_s, "RebootMsg": None, "Command": None, "Actions": actions},
                )
            finally:
                self._svc.CloseServiceHandle(handle)
        finally:
            self._svc.CloseServiceHandle(scm)

    def start(self, name: str) -> None:
        self._util.StartService(name)

    def stop(self, name: str) -> None:
        try:
            self._util.StopServiceWithDeps(name)
        except self._svc.error:  # not running, or it never started
            return

    def delete(self, name: str) -> None:
        self._util.RemoveService(name)


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
