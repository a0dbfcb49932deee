"""The probe as a service: a systemd unit on Linux, a Windows service (pywin32) on Windows.

`helpdesk-probe install-service` / `uninstall-service` (agent_probe.service.command) pick the one for
this system. What each writes or asks the system for is computed by plain functions, so both are
tested on any system; the calls into systemctl and the Service Control Manager sit behind small
interfaces.
"""
