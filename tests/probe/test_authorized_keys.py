"""Installing technician keys: only bare, well-formed keys, always restricted and forced onto the gate."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from agent_probe.gate.authorized_keys import (
    InvalidPublicKeyError,
    build_line,
    gate_command,
    install_key,
    parse_public_key,
    remove_key,
)

# Well-formed ed25519 public keys made of random bytes: no private key exists for them.
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl tech@desk"
OTHER = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfBzN8SEUl9Es0mdBvZ6Mxn0tHX0G6rHN3RJIb7TnWx other"
COMMAND = "/usr/bin/helpdesk-probe ssh-gate --tier 2"


def test_parses_a_well_formed_key() -> None:
    key = parse_public_key(KEY + "\n")
    assert (key.key_type, key.comment) == ("ssh-ed25519", "tech@desk")


def test_line_is_forced_and_restricted() -> None:
    line = build_line(parse_public_key(KEY), COMMAND)
    assert line == f'command="{COMMAND}",restrict {KEY}'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ('command="sh" ' + KEY, "options in front"),
        ("no-pty " + KEY, "options in front"),
        (KEY + "\n" + OTHER, "exactly one"),
        ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "unknown key type"),
        ("ssh-ed25519", "no key data"),
        ("ssh-ed25519 not!base64", "not valid base64"),
        ("ssh-rsa " + KEY.split()[1], "does not match its type"),
        (KEY + " \x1b[31m", "control"),
    ],
)
def test_refuses_malformed_or_dangerous_keys(text: str, message: str) -> None:
    with pytest.raises(InvalidPublicKeyError, match=message):
        parse_public_key(text)


@pytest.mark.posix_only  # file modes
def test_install_is_idempotent_and_private(tmp_path: Path) -> None:
    path = tmp_path / ".ssh" / "authorized_keys"
    key = parse_public_key(KEY)
    assert install_key(path, key, COMMAND) is True
    assert install_key(path, key, COMMAND) is False
    assert path.read_text().count("AAAAC3NzaC1lZDI1NTE5AAAAIOMqq") == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_install_replaces_an_unrestricted_line_for_the_same_key(tmp_path: Path) -> None:
    path = tmp_path / "authorized_keys"
    path.write_text(f"{OTHER}\n{KEY}\n")
    install_key(path, parse_public_key(KEY), COMMAND)
    lines = path.read_text().splitlines()
    assert lines == [OTHER, f'command="{COMMAND}",restrict {KEY}']


def test_remove_key(tmp_path: Path) -> None:
    path = tmp_path / "authorized_keys"
    install_key(path, parse_public_key(KEY), COMMAND)
    install_key(path, parse_public_key(OTHER), COMMAND)
    assert remove_key(path, parse_public_key(KEY)) is True
    assert remove_key(path, parse_public_key(KEY)) is False
    assert "tech@desk" not in path.read_text() and "other" in path.read_text()


def test_gate_command_quotes_paths_with_spaces() -> None:
    assert gate_command(["/opt/help desk/probe"], tier=3) == "'/opt/help desk/probe' ssh-gate --tier 3"


def _sshd_dequote(line: str) -> tuple[str, str]:
    """What OpenSSH's auth-options.c (opt_dequote) reads from ``command="…"``, and the rest."""
    assert line.startswith('command="')
    chars, i = [], len('command="')
    while line[i] != '"':
        if line[i] == "\\" and line[i + 1] == '"':
            i += 1
        chars.append(line[i])
        i += 1
    return "".join(chars), line[i + 1 :]


@pytest.mark.parametrize("command", ['x" ,no-restrict', '"C:\\a b\\p.exe" "ssh-gate"', 'a\\"b', "'it'\"'\"'s'"])
def test_quotes_in_the_command_are_escaped_and_read_back_exactly(command: str) -> None:
    read, rest = _sshd_dequote(build_line(parse_public_key(KEY), command))
    assert read == command and rest == f",restrict {KEY}"


@pytest.mark.parametrize("command", ["probe\\", "probe\nssh-rsa AAAA", "probe\0"])
def test_command_that_could_break_out_of_its_quotes_is_refused(command: str) -> None:
    with pytest.raises(InvalidPublicKeyError, match=r"backslash|line breaks"):
        build_line(parse_public_key(KEY), command)
