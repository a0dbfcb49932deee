"""The shipped catalogue's Windows entries: tools that exist on Windows 11 24H2 and answer the question asked."""

from __future__ import annotations

import pytest

from agent_probe.gate.catalogue import Catalogue, RequestRefusedError, load_catalogue, parse_request, substitute


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue(None)


def _windows_argv(catalogue: Catalogue, request: str) -> list[str]:
    parsed = parse_request(request, catalogue, tier=3, os_key="windows")
    template = parsed.diagnostic.template_for("windows")
    assert template is not None
    return substitute(template, parsed.params)


def test_no_entry_needs_wmic(shipped: Catalogue) -> None:
    for diagnostic in shipped.diagnostics.values():
        template = diagnostic.template_for("windows") or ()
        assert not any("wmic" in word.lower() for word in template), diagnostic.id


def test_disk_usage_uses_cim(shipped: Catalogue) -> None:
    argv = _windows_argv(shipped, "disk_usage")
    assert argv[0] == "powershell.exe" and "Get-CimInstance Win32_LogicalDisk" in argv[-1]


def test_spooler_stop_and_start_wait_for_the_service(shipped: Catalogue) -> None:
    assert _windows_argv(shipped, "print_spooler_stop") == ["net.exe", "stop", "Spooler"]
    assert _windows_argv(shipped, "print_spooler_start") == ["net.exe", "start", "Spooler"]


def test_listening_ports_lists_listening_sockets_only(shipped: Catalogue) -> None:
    assert "Get-NetTCPConnection -State Listen" in _windows_argv(shipped, "listening_ports")[-1]


def test_uptime_is_the_boot_time(shipped: Catalogue) -> None:
    script = _windows_argv(shipped, "uptime")[-1]
    assert "LastBootUpTime" in script and "workstation" not in script


def test_sql_server_named_instance_is_a_service_name(shipped: Catalogue) -> None:
    argv = _windows_argv(shipped, "service_status service=MSSQL$SQLEXPRESS")
    assert argv == ["sc.exe", "queryex", "MSSQL$SQLEXPRESS"]


@pytest.mark.parametrize("name", ["MSSQL$SQL EXPRESS", "a;b", "$(calc)", "-x", "a%b", "a&b"])
def test_service_names_still_refuse_shell_and_option_syntax(shipped: Catalogue, name: str) -> None:
    with pytest.raises(RequestRefusedError):
        parse_request(f"service_status service={name}", shipped, tier=3, os_key="windows")


def test_every_test_catalogue_entry_runs_on_windows_too() -> None:
    from tests.probe.conftest import TEST_CATALOGUE

    catalogue = load_catalogue(TEST_CATALOGUE)
    for diagnostic in catalogue.diagnostics.values():
        assert diagnostic.template_for("windows") is not None, diagnostic.id
    assert _windows_argv(catalogue, "count_to n=3")[-1] == "1..3"
