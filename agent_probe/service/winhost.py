"""The Windows service class, hosted by pywin32's pythonservice.exe (a pip install) or by the
bundle's own executable (`helpdesk-probe.exe service-run`). Imported only on Windows."""

from __future__ import annotations

import sys

if sys.platform == "win32":
    import logging
    import threading
    from logging.handlers import NTEventLogHandler
    from typing import Any

    import servicemanager
    import win32service
    import win32serviceutil

    from agent_probe.platform_paths import probe_home
    from agent_probe.service.body import file_handler, serve
    from agent_probe.service.windows import SERVICE_NAME, read_interval

    DEFAULT_INTERVAL = 900.0

    class ProbeService(win32serviceutil.ServiceFramework):
        _svc_name_ = SERVICE_NAME
        _svc_display_name_ = "Helpdesk probe"

        def __init__(self, args: Any) -> None:
            super().__init__(args)
            self._stop = threading.Event()

        def SvcStop(self) -> None:
            self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING)
            self._stop.set()

        def SvcDoRun(self) -> None:
            home = probe_home()
            # Warnings and errors also go to the Application event log, where admins and their
            # monitoring look first; the file keeps the detail.
            event_log = NTEventLogHandler(SERVICE_NAME)
            event_log.setLevel(logging.WARNING)
            servicemanager.LogInfoMsg(f"{SERVICE_NAME}: starting")
            serve(self._stop, home, read_interval(home, DEFAULT_INTERVAL), [file_handler(home), event_log])

    def host() -> int:
        """The bundle's executable as the service process: hand this process to the SCM."""
        servicemanager.Initialize()
        servicemanager.PrepareToHostSingle(ProbeService)
        servicemanager.StartServiceCtrlDispatcher()
        return 0
