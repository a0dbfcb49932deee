"""`helpdesk` where an extra is not installed: one line naming the extra, never a traceback.
Each case runs in a fresh interpreter where the extra's package cannot be imported (None in
sys.modules makes Python's import fail as for a package that is not installed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(blocked: str, code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = f"import sys\nsys.modules[{blocked!r}] = None\n{code}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HELPDESK_CONFIG": str(tmp_path / "none.toml"),
           "HELPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "HELPDESK_LANGUAGE": "en"}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120, check=False)


def test_probe_only_install_names_the_server_extra(tmp_path: Path) -> None:
    proc = _run("pydantic", "from shared.entry import main\nsys.exit(main())", tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "pip install 'helpdesk[server]'" in proc.stderr


def test_desktop_commands_without_qt_name_the_desktop_extra(tmp_path: Path) -> None:
    for blocked_arg in ("console", "tray"):
        proc = _run("PySide6", f"from shared.cli import main\nsys.exit(main([{blocked_arg!r}]))", tmp_path)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (blocked_arg, proc.stderr)
        assert "pip install 'helpdesk[desktop]'" in proc.stderr
