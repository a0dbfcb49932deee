"""Words in CLI output go through the catalogue. An f-string is never extracted for translation,
so the CLI modules may hold f-strings only for layout and machine-readable keys."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI_MODULES = ["shared/cli.py", "shared/cli_report.py", "shared/cli_show.py", "shared/cli_guard.py",
               "shared/cli_support.py", "shared/http/cli.py", "shared/ssh/cli.py", "shared/mail/cli.py",
               "desktop/console/app.py", "desktop/tray/app.py", "desktop/tray/keyring_check.py"]
# Not words for people: CSV keys of `report --csv`, the keys of the names map, an SSH key comment.
MACHINE_READABLE = {"created_on:", "backlog_age:", "backlog_tier:L", "category:", "team:", "@helpdesk-"}


@pytest.mark.parametrize("module", CLI_MODULES)
def test_no_words_in_f_strings(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
            if re.search(r"[^\W\d_]{2,}", text) and text not in MACHINE_READABLE:
                words.append(f"{module}:{node.lineno}: {text!r}")
    assert words == []
