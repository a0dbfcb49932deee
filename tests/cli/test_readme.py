"""The README's command line works as written: its runnable code blocks run, in order, against a
fresh demo database, and every one exits 0.

Convention (documented in the README): a code block holding `helpdesk` commands is marked on the
line before its fence, `<!-- readme-test: run -->` or `<!-- readme-test: skip REASON -->` (a
password prompt, the desktop apps). An unmarked one fails the first test, so nothing is left out
silently. A line that is one `helpdesk` command (words, quotes and a `#` comment, nothing else a
shell would act on) runs in this process: the same argv through the CLI's `main`, as the installed
`helpdesk` script calls it, without paying ~1 s of interpreter start for each of some sixty lines.
Every other line (a pipe, a redirection) and the first, which proves the installed command works,
run through `sh -c` with `helpdesk` being this checkout's CLI.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- readme-test: (run|skip)\b(.*?)-->$")
COMMAND = re.compile(r"(^|\|\s*)helpdesk\b")
SHELL_SYNTAX = re.compile(r"[|&;<>()$`\\*?~{}\[\]]")  # outside quotes: what sh would do more than split


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, 1-based
    marker: str | None  # "run", "skip" or None
    reason: str
    lines: tuple[str, ...]

    @property
    def has_commands(self) -> bool:
        return any(COMMAND.search(line) for line in self.lines)


def blocks(text: str) -> list[Block]:
    found, lines = [], text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            start = i
            marker = MARKER.match(lines[i - 1].strip()) if i > 0 else None
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            found.append(Block(start + 1, marker.group(1) if marker else None,
                               marker.group(2).strip() if marker else "", tuple(body)))
        i += 1
    return found


def test_every_block_of_helpdesk_commands_is_marked_run_or_skip() -> None:
    command_blocks = [b for b in blocks(README.read_text(encoding="utf-8")) if b.has_commands]
    assert command_blocks, "the README shows no helpdesk commands?"
    unmarked = [b.line for b in command_blocks if b.marker is None]
    assert unmarked == [], f"README.md code blocks at lines {unmarked} need a readme-test marker"
    assert all(b.reason for b in command_blocks if b.marker == "skip"), "a skipped block says why"
    assert any(b.marker == "run" for b in command_blocks)


def test_the_marker_convention_is_read_as_documented() -> None:
    text = "\n".join([
        "<!-- readme-test: run -->", "```", "helpdesk report", "```", "",
        "<!-- readme-test: skip needs a display -->", "```", "helpdesk console", "```", "",
        "```", "python3 run.py", "```", "```", "echo x | helpdesk user list", "```"])
    found = blocks(text)
    assert [(b.marker, b.reason, b.has_commands) for b in found] == [
        ("run", "", True), ("skip", "needs a display", True), (None, "", False), (None, "", True)]


def in_process_argv(line: str) -> list[str] | None:
    """The CLI's arguments when the line is one plain `helpdesk` command, else None (sh runs it)."""
    words = shlex.shlex(line, posix=True, punctuation_chars=False)
    words.whitespace_split, words.commenters = True, "#"
    try:
        argv = list(words)
    except ValueError:  # an unclosed quote: sh reports it
        return None
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "", line.split(" #", maxsplit=1)[0])
    if not argv or argv[0] != "helpdesk" or SHELL_SYNTAX.search(unquoted):
        return None
    return argv[1:]


def test_lines_run_in_process_only_when_a_shell_would_add_nothing() -> None:
    assert in_process_argv('helpdesk report --from 2026-01-01 --csv') == ["report", "--from", "2026-01-01", "--csv"]
    assert in_process_argv('helpdesk ticket create --subject "VPN drops"   # HD-000323: ...') == [
        "ticket", "create", "--subject", "VPN drops"]
    quoted_pipe = in_process_argv('helpdesk admin rule test "Gaji | bulan ini"')
    assert quoted_pipe == ["admin", "rule", "test", "Gaji | bulan ini"]
    assert in_process_argv("printf '%s\\n' pw | helpdesk user add budi --password-stdin") is None
    assert in_process_argv("helpdesk report --csv > out.csv") is None
    assert in_process_argv("helpdesk report $HOME") is None
    assert in_process_argv("python3 run.py") is None
    assert in_process_argv('helpdesk rule test "unclosed') is None


@pytest.mark.skipif(sys.platform == "win32", reason="the README's commands are written for a POSIX shell")
@pytest.mark.skipif(os.environ.get("HELPDESK_DATABASE_URL", "").startswith("postgres"),
                    reason="always a fresh SQLite file: the SQLite pass runs it")
@pytest.mark.posix_only  # a /bin/sh shim on PATH
def test_readme_commands_run_as_written_on_a_fresh_demo_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    runnable = [line.strip() for b in blocks(README.read_text(encoding="utf-8")) if b.marker == "run"
                for line in b.lines if line.strip() and not line.lstrip().startswith("#")]
    assert runnable[0].startswith("helpdesk db upgrade")
    shim = tmp_path / "bin" / "helpdesk"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m shared.cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    # Always a fresh SQLite file (also in the PostgreSQL pass): the README starts from nothing.
    env = dict(os.environ, PATH=f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=str(ROOT), HELPDESK_DATABASE_URL=f"sqlite:///{(tmp_path / 'readme.sqlite3').as_posix()}",
               HELPDESK_CONFIG=str(tmp_path / "no-config.toml"), HELPDESK_LANGUAGE="en",
               HELPDESK_TIMEZONE="Asia/Jakarta")
    env.pop("HELPDESK_TRAY_SERVER", None)
    # The README names example files as seen from a checkout's root; what the commands write
    # (exports) must land in the temp folder, never in the checkout.
    for folder in ("resources/examples", "resources/calendars"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name in ("PATH", "PYTHONPATH", "HELPDESK_DATABASE_URL", "HELPDESK_CONFIG", "HELPDESK_LANGUAGE",
                 "HELPDESK_TIMEZONE"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("HELPDESK_TRAY_SERVER", raising=False)
    monkeypatch.chdir(tmp_path)
    from shared.cli import main

    for i, line in enumerate(runnable):
        argv = in_process_argv(line) if i > 0 else None
        if argv is None:
            proc = subprocess.run(["sh", "-c", line], capture_output=True, text=True, env=env, cwd=tmp_path,
                                  timeout=600, check=False)
            code, out, err = proc.returncode, proc.stdout, proc.stderr
        else:
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's own exit
                code = exc.code if isinstance(exc.code, int) else 1
            out, err = capsys.readouterr()
        assert code == 0, f"{line}\n-> exit {code}\n{out[-2000:]}\n{err}"
        assert "Traceback" not in err
