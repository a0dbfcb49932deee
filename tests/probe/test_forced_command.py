"""The forced command quoted for cmd.exe, PowerShell and /bin/sh, and the Windows key file choice."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from agent_probe.gate.authorized_keys import gate_command
from agent_probe.gate.forced_command import Shell, UnquotableError, command_line, probe_command, shell_for
from agent_probe.gate.windows_account import ADMINISTRATORS_SID, ElevationRequiredError, group_sids, keys_file

TRICKY = r"C:\Program Files\R&D ^x %TEMP%\it's\Scripts\helpdesk-probe.exe"


def _cmd_reads(line: str, environment: dict[str, str]) -> str:
    """What cmd.exe makes of the line sshd starts it with, ``"cmd.exe" /c "LINE"`` (w32-doexec.c),
    by cmd's documented rules for the characters we emit: with more than two quotes the first and
    the last are stripped (the pair sshd added), then %VAR% expands everywhere, quotes or not."""
    started = f'"{line}"'
    assert started.count('"') > 2
    body, out, i = started[1:-1], [], 0
    while i < len(body):  # phase 1: percent expansion ignores quotes
        if body[i] == "%" and "%" in body[i + 1 :]:
            end = body.index("%", i + 1)
            name = body[i + 1 : end]
            if name in environment:
                out.append(environment[name])
                i = end + 1
                continue
            if name == "cd:~,":  # a zero-length substring of %CD%
                i = end + 1
                continue
        out.append(body[i])
        i += 1
    return "".join(out)


def _argv_of(command: str) -> list[str]:
    """CommandLineToArgvW for quoted words without embedded quotes: each "…" is one argument."""
    words = []
    for part in command.split('" "'):
        words.append(part.strip('"').replace("\\\\", "\\") if part.endswith('\\\\"') else part.strip('"'))
    return words


@pytest.mark.parametrize(
    ("default_shell", "shell"),
    [
        (None, Shell.CMD),
        (r"C:\Windows\System32\cmd.exe", Shell.CMD),
        (r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", Shell.POWERSHELL),
        (r"C:\Program Files\PowerShell\7\pwsh.exe", Shell.POWERSHELL),
        (r'"C:\Program Files\PowerShell\7\PWSH.EXE"', Shell.POWERSHELL),
        (r"C:\Program Files\Git\bin\bash.exe", Shell.POSIX),
    ],
)
def test_shell_follows_sshd_default_shell(default_shell: str | None, shell: Shell) -> None:
    assert shell_for("win32", default_shell) is shell
    assert shell_for("linux", default_shell) is Shell.POSIX


def test_cmd_line_keeps_ampersand_caret_and_percent_literal() -> None:
    line = gate_command([TRICKY], tier=3, platform="win32", default_shell=None)
    assert line == (
        r'"C:\Program Files\R&D ^x %%cd:~,%TEMP%%cd:~,%\it' + "'" + r's\Scripts\helpdesk-probe.exe"'
        + ' "ssh-gate" "--tier" "3"'
    )
    # Unescaped, cmd.exe would have put C:\Temp in place of %TEMP%.
    assert _argv_of(_cmd_reads(line, {"TEMP": r"C:\Temp"})) == [TRICKY, "ssh-gate", "--tier", "3"]
    unescaped = " ".join(f'"{word}"' for word in [TRICKY, "ssh-gate"])
    assert r"C:\Temp" in _cmd_reads(unescaped, {"TEMP": r"C:\Temp"})


def test_cmd_word_with_trailing_backslash_keeps_its_closing_quote() -> None:
    line = command_line(["C:\\probe dir\\"], Shell.CMD)
    assert line == '"C:\\probe dir\\\\"'


def test_cmd_refuses_a_double_quote() -> None:
    with pytest.raises(UnquotableError):
        command_line(['C:\\a"b\\p.exe'], Shell.CMD)


def test_powershell_line_uses_the_call_operator_and_literal_quotes() -> None:
    line = gate_command([r"C:\Users\o'brien\$env\p.exe"], tier=2, platform="win32",
                        default_shell=r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe")
    assert line == r"& 'C:\Users\o''brien\$env\p.exe' 'ssh-gate' '--tier' '2'; exit $LASTEXITCODE"
    assert '"' not in line  # powershell.exe's own argument parsing would strip double quotes


def test_posix_line_is_shell_quoted() -> None:
    line = gate_command(["/opt/help desk/it's/probe"], tier=3, platform="linux")
    assert shlex.split(line) == ["/opt/help desk/it's/probe", "ssh-gate", "--tier", "3"]


def test_control_characters_are_refused_for_every_shell() -> None:
    for shell in Shell:
        with pytest.raises(UnquotableError):
            command_line(["probe\x1b[31m"], shell)


def test_probe_executable_comes_from_the_scripts_directory() -> None:
    scripts = r"C:\Users\budi\AppData\Roaming\Python\Python312\Scripts"
    exe = scripts + r"\helpdesk-probe.exe"
    assert probe_command(scripts, r"C:\Python312\python.exe", "win32", is_file={exe}.__contains__) == [exe]
    assert probe_command(scripts, r"C:\Python312\python.exe", "win32", is_file=lambda _p: False) == [
        r"C:\Python312\python.exe", "-m", "agent_probe.main"]
    assert probe_command("/opt/venv/bin", "/usr/bin/python3", "linux", is_file={"/opt/venv/bin/helpdesk-probe"}
                         .__contains__) == ["/opt/venv/bin/helpdesk-probe"]


# `whoami /groups /fo csv /nh` recorded on Windows 11 (German UI: names and attributes are localised).
WHOAMI_UNELEVATED_ADMIN = """\
"Jeder","Bekannte Gruppe","S-1-1-0","Verbindliche Gruppe, Standardmäßig aktiviert, Aktivierte Gruppe"
"VORDEFINIERT\\Administratoren","Alias","S-1-5-32-544","Nur für Verweigern verwendete Gruppe"
"VORDEFINIERT\\Benutzer","Alias","S-1-5-32-545","Verbindliche Gruppe, Standardmäßig aktiviert, Aktivierte Gruppe"
"Verbindliche Beschriftung\\Mittlere Verbindlichkeitsstufe","Bezeichnung","S-1-16-8192",""
"""
WHOAMI_USER = """\
"Group Name","Type","SID","Attributes"
"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
"""


def test_administrators_membership_is_read_from_the_sids_not_the_names() -> None:
    assert ADMINISTRATORS_SID in group_sids(WHOAMI_UNELEVATED_ADMIN)
    assert ADMINISTRATORS_SID not in group_sids(WHOAMI_USER)
    assert "S-1-5-32-545" in group_sids(WHOAMI_USER)


def test_member_of_administrators_uses_the_shared_file_and_needs_elevation() -> None:
    programdata, profile = Path(r"C:\ProgramData"), Path(r"C:\Users\budi")
    member = ADMINISTRATORS_SID in group_sids(WHOAMI_UNELEVATED_ADMIN)
    assert keys_file(administrators_member=member, elevated=True, programdata=programdata, profile=profile) == (
        programdata / "ssh" / "administrators_authorized_keys")
    with pytest.raises(ElevationRequiredError, match="elevated"):
        keys_file(administrators_member=member, elevated=False, programdata=programdata, profile=profile)
    # Elevation without membership (another admin's credentials at the UAC prompt is still membership;
    # a plain user is never elevated) still means the user's own file.
    assert keys_file(administrators_member=False, elevated=False, programdata=programdata, profile=profile) == (
        profile / ".ssh" / "authorized_keys")
