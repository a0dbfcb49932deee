"""run.py on Windows: a checkout too deep for PySide6's files without long paths gets its venv
under %LOCALAPPDATA%, or a message saying what to do (recorded Windows paths and settings)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_py() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_py", ROOT / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop("run_py", None)
    spec.loader.exec_module(module)
    return module


run = _run_py()
SHORT = r"C:\Users\ani\src\helpdesk"
# 95 characters: a OneDrive-synced folder of a user with a long name
DEEP = r"C:\Users\ani.rahmawati.siregar\OneDrive - PT Contoh Sejahtera\Documents\GitHub\it-helpdesk-console"
APPDATA = r"C:\Users\ani.rahmawati.siregar\AppData\Local"


def test_elsewhere_than_windows_the_venv_is_in_the_checkout() -> None:
    assert run.choose_venv("/home/ani/" + "x" * 200, windows=False, long_paths=False, local_app_data=None) == (
        "/home/ani/" + "x" * 200 + "/.venv", None)


def test_a_short_checkout_keeps_its_venv() -> None:
    assert run.choose_venv(SHORT, windows=True, long_paths=False, local_app_data=APPDATA) == (SHORT + r"\.venv", None)


def test_long_paths_enabled_keeps_even_a_deep_checkout() -> None:
    assert run.choose_venv(DEEP, windows=True, long_paths=True, local_app_data=APPDATA) == (DEEP + r"\.venv", None)


def test_a_deep_checkout_without_long_paths_moves_the_venv_to_local_app_data() -> None:
    assert len(DEEP + r"\.venv\Lib\site-packages" + "\\") + run.PYSIDE_LONGEST > 259
    venv, note = run.choose_venv(DEEP, windows=True, long_paths=False, local_app_data=APPDATA)
    assert venv.startswith(APPDATA + "\\helpdesk\\venv-") and len(venv) == len(APPDATA) + len(r"\helpdesk\venv-") + 8
    assert note is not None and venv in note and "LongPathsEnabled" in note
    # the same checkout always gets the same venv; another checkout another one
    assert run.choose_venv(DEEP, windows=True, long_paths=False, local_app_data=APPDATA)[0] == venv
    assert run.choose_venv(DEEP + "2", windows=True, long_paths=False, local_app_data=APPDATA)[0] != venv


def test_nowhere_to_go_says_what_to_do() -> None:
    with pytest.raises(SystemExit, match="LongPathsEnabled") as raised:
        run.choose_venv(DEEP, windows=True, long_paths=False, local_app_data="C:\\" + "x" * 100)
    assert "shorter path" in str(raised.value)


def test_the_limit_sits_where_pyside6_needs_it() -> None:
    # 84 characters of checkout fit, 85 do not (150 + len(r"\.venv\Lib\site-packages\") + 84 = 259)
    fits = "C:\\" + "a" * 81
    assert run.choose_venv(fits, windows=True, long_paths=False, local_app_data=None)[1] is None
    with pytest.raises(SystemExit):
        run.choose_venv(fits + "a", windows=True, long_paths=False, local_app_data=None)
