"""Catalogue loading: the shipped catalogue is valid, and malformed catalogues are rejected clearly."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from agent_probe.gate.catalogue import (
    CatalogueError,
    ParamKind,
    encode_request,
    is_hostname,
    load_catalogue,
    parse_catalogue,
    parse_request,
    substitute,
)

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "diagnostics.toml"


def minimal(**entry: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "T",
        "description": "D",
        "min_tier": 2,
        "timeout_seconds": 5,
        "max_output_bytes": 100,
        "linux": ["echo"],
    }
    base.update(entry)
    return {"schema_version": 1, "diagnostics": {"x": base}}


def test_shipped_catalogue_loads_with_both_os_templates() -> None:
    catalogue = load_catalogue(SHIPPED)
    expected = {
        "ping",
        "dns_lookup",
        "disk_usage",
        "running_services",
        "recent_system_log",
        "network_config",
        "listening_ports",
        "flush_dns",
        "print_spooler_stop",
        "print_spooler_start",
        "service_status",
        "uptime",
        "top_processes",
    }
    assert expected <= set(catalogue.diagnostics)
    for diagnostic in catalogue.diagnostics.values():
        assert set(diagnostic.argv) == {"linux", "windows"}, diagnostic.id
    ping = catalogue.diagnostics["ping"]
    assert ping.params["host"].kind is ParamKind.HOSTNAME
    assert parse_request("ping host=192.0.2.1", catalogue, os_key="linux").params == {"host": "192.0.2.1", "count": 4}


def test_default_catalogue_path_honours_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPDESK_PROBE_CATALOGUE")
    assert "ping" in load_catalogue().diagnostics


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"schema_version": 2, "diagnostics": {}}, "schema_version"),
        (minimal(min_tier=1), "min_tier"),
        (minimal(timeout_seconds=0), "timeout_seconds"),
        (minimal(max_output_bytes=True), "max_output_bytes"),
        (minimal(shell=True), "unknown keys"),
        (minimal(linux=["{prog}"], params={"prog": {"kind": "word", "required": True}}), "must be literal"),
        (minimal(linux=["echo", "{nope}"]), "not a declared parameter"),
        (minimal(linux=["echo", "{n}"], params={"n": {"kind": "int", "min": 0, "max": 5}}), "needs required"),
        (minimal(params={"n": {"kind": "int"}}), "integer min and max"),
        (minimal(params={"n": {"kind": "regex"}}), "kind"),
        (minimal(params={"c": {"kind": "choice", "choices": ["a b"]}}), "choices"),
        (minimal(params={"n": {"kind": "int", "min": 0, "max": 5, "default": 9}}), "default"),
        (minimal(linux="echo hi"), "list of strings"),
        ({"schema_version": 1, "diagnostics": {"Bad-Id": {}}}, "id must match"),
    ],
)
def test_malformed_catalogue_is_rejected(data: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(data)


def test_unreadable_catalogue_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = [", encoding="utf-8")
    with pytest.raises(CatalogueError, match="cannot read catalogue"):
        load_catalogue(bad)


def test_substitute_never_resplits_values() -> None:
    assert substitute(("ping", "-c", "{n}", "x{host}y"), {"n": 3, "host": "a b"}) == ["ping", "-c", "3", "xa by"]


def test_encode_then_parse_round_trips(catalogue: Any) -> None:
    line = encode_request("lookup", {"host": "example.org"})
    assert line == "lookup host=example.org"
    assert parse_request(line, catalogue).encode() == line


@pytest.mark.parametrize("name", ["example.org", "a", "xn--bcher-kva.example", "10.0.0.1", "::1", "fe80::1%eth0"])
def test_hostname_accepts(name: str) -> None:
    assert is_hostname(name)


@pytest.mark.parametrize("name", ["", "-a.org", "a-.org", "a..org", "a_b.org", "1.2.3.999", "x" * 64 + ".org"])
def test_hostname_rejects(name: str) -> None:
    assert not is_hostname(name)


def test_shipped_catalogue_is_plain_toml() -> None:
    # The core reads the same file; a TOML syntax error must fail here, not in production.
    assert tomllib.loads(SHIPPED.read_text(encoding="utf-8"))["schema_version"] == 1
