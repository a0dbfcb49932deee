"""The README's command line works as written: its runnable code blocks run, in order, against a
fresh demo database, and every one exits 0.

Convention (documented in the README): a code block holding `helpdesk` commands is marked on the
line before its fence, `<!-- readme-test: run -->` or `<!-- readme-test: skip REASON -->` (a
password prompt, the desktop apps). An unmarked one fails the first test, so nothing is left out
silently. Each line runs through `sh -c` (pipes and `#` comments as a reader's shell has them),
with `helpdesk` being this checkout's CLI.
"""

from __future__ import annotations

import os
import re
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


@pytest.mark.skipif(sys.platform == "win32", reason="the README's commands are written for a POSIX shell")
@pytest.mark.skipif(os.environ.get("HELPDESK_DATABASE_URL", "").startswith("postgres"),
                    reason="always a fresh SQLite file: the SQLite pass runs it")
@pytest.mark.posix_only  # a /bin/sh shim on PATH
def test_readme_commands_run_as_written_on_a_fresh_demo_database(tmp_path: Path) -> None:
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
    for line in runnable:
        proc = subprocess.run(["sh", "-c", line], capture_output=True, text=True, env=env, cwd=tmp_path,
                              timeout=600, check=False)
        assert proc.returncode == 0, f"{line}\n-> exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr
