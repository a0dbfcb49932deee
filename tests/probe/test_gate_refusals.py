"""One named test per input the gate refuses (deny by default, borg/rrsync style)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from agent_probe.gate.catalogue import EXIT_REFUSED, EXIT_UNKNOWN
from agent_probe.gate.main import run_gate
from tests.probe.conftest import TEST_CATALOGUE


def gate(command: str | None, home: Path, *, tier: int = 3) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environ = {} if command is None else {"SSH_ORIGINAL_COMMAND": command}
    code = run_gate(environ, out, err, tier=tier, catalogue_path=TEST_CATALOGUE, home=home)
    return code, out.getvalue(), err.getvalue()


def assert_refused(command: str | None, home: Path, fragment: str, code: int = EXIT_REFUSED) -> None:
    exit_code, out, err = gate(command, home)
    assert (exit_code, out) == (code, "")
    assert fragment in err, err
    # Every refusal is logged with what was asked.
    assert " refused " in (home / "gate.log").read_text(encoding="utf-8")


def test_refuses_unknown_id(probe_env: Path) -> None:
    assert_refused("rm -rf /", probe_env, "not in the approved catalogue", EXIT_UNKNOWN)


def test_refuses_unknown_param(probe_env: Path) -> None:
    assert_refused("echo text=hi colour=red", probe_env, "Unknown parameter 'colour'")


def test_refuses_missing_required_param(probe_env: Path) -> None:
    assert_refused("echo", probe_env, "Missing required parameter text")


def test_refuses_int_above_range(probe_env: Path) -> None:
    assert_refused("sleep seconds=31", probe_env, "between 0 and 30")


def test_refuses_int_that_is_not_a_number(probe_env: Path) -> None:
    assert_refused("sleep seconds=1e3", probe_env, "whole number")


def test_refuses_semicolon(probe_env: Path) -> None:
    assert_refused("echo text=hi;reboot", probe_env, "shell metacharacters: ;")


def test_refuses_pipe(probe_env: Path) -> None:
    assert_refused("echo text=hi|sh", probe_env, "shell metacharacters: |")


def test_refuses_command_substitution(probe_env: Path) -> None:
    assert_refused("echo text=$(id)", probe_env, "shell metacharacters: $ ( )")


def test_refuses_backticks(probe_env: Path) -> None:
    assert_refused("echo text=`id`", probe_env, "shell metacharacters: `")


def test_refuses_double_ampersand(probe_env: Path) -> None:
    assert_refused("echo text=hi&&id", probe_env, "shell metacharacters: &")


def test_refuses_redirection(probe_env: Path) -> None:
    assert_refused("echo text=hi>/etc/passwd", probe_env, "shell metacharacters: >")


def test_refuses_newline(probe_env: Path) -> None:
    assert_refused("echo text=hi\nid", probe_env, "Line break")


def test_refuses_carriage_return(probe_env: Path) -> None:
    assert_refused("echo text=hi\rid", probe_env, "Line break")


def test_refuses_leading_dash_option_injection(probe_env: Path) -> None:
    assert_refused("lookup host=-oProxyCommand=id", probe_env, "may not start with '-'")


def test_refuses_nul(probe_env: Path) -> None:
    assert_refused("echo text=hi\0id", probe_env, "NUL")


def test_refuses_overlong_request(probe_env: Path) -> None:
    assert_refused("echo text=" + "a" * 2000, probe_env, "longer than 1024")


def test_refuses_overlong_value(probe_env: Path) -> None:
    assert_refused("echo text=" + "a" * 65, probe_env, "not allowed")


def test_refuses_empty_command(probe_env: Path) -> None:
    assert_refused("", probe_env, "Empty request")


def test_refuses_interactive_login_without_command(probe_env: Path) -> None:
    assert_refused(None, probe_env, "no shell")


def test_refuses_tab_and_non_ascii(probe_env: Path) -> None:
    assert_refused("echo\ttext=hi", probe_env, "printable ASCII")


def test_refuses_double_space(probe_env: Path) -> None:
    assert_refused("echo  text=hi", probe_env, "exactly one space")


def test_refuses_param_without_equals(probe_env: Path) -> None:
    assert_refused("echo hi", probe_env, "name=value")


def test_refuses_duplicate_param(probe_env: Path) -> None:
    assert_refused("echo text=a text=b", probe_env, "given twice")


def test_refuses_empty_value(probe_env: Path) -> None:
    assert_refused("echo text=", probe_env, "is empty")


def test_refuses_invalid_hostname(probe_env: Path) -> None:
    assert_refused("lookup host=bad_host.example", probe_env, "not a valid host name")


def test_refuses_choice_outside_list(probe_env: Path) -> None:
    assert_refused("pick colour=blue", probe_env, "must be one of: red, green")


def test_refuses_glob_in_service_name(probe_env: Path) -> None:
    assert_refused("service name=ssh*", probe_env, "shell metacharacters: *")


def test_refuses_diagnostic_above_key_tier(probe_env: Path) -> None:
    exit_code, out, err = gate("tier3_only", probe_env, tier=2)
    assert (exit_code, out) == (EXIT_REFUSED, "")
    assert "tier 3" in err


def test_refuses_diagnostic_without_argv_for_this_os(probe_env: Path) -> None:
    assert_refused("windows_only", probe_env, "not available on this operating system")


def test_refuses_when_catalogue_is_broken(probe_env: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[diagnostics.x]\ntitle = 3\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run_gate({"SSH_ORIGINAL_COMMAND": "x"}, out, err, catalogue_path=broken, home=probe_env)
    assert code == EXIT_REFUSED and "catalogue is broken" in err.getvalue()


@pytest.mark.parametrize("command", ["echo text=hello", "catalogue"])
def test_accepted_requests_are_logged(probe_env: Path, command: str) -> None:
    code, out, _err = gate(command, probe_env)
    assert code == 0
    json.loads(out)
    log = (probe_env / "gate.log").read_text(encoding="utf-8")
    assert f'accepted from=local request="{command}"' in log
