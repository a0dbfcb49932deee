"""Where the gate finds a diagnostic's program, and the environment the program gets.

Never ``shutil.which``: on Windows it searches the current directory before ``path=`` (CPython's
shutil), and sshd starts the gate in the account's profile folder, so a ``ping.exe`` planted there
would run instead of System32's. A program is found only by joining a fixed directory and the
catalogue's name and checking that the file is there.

The program gets a minimal environment, not the SSH session's: nothing the account's profile or
login scripts set (PATH entries, LD_PRELOAD, PYTHONPATH, proxies) reaches it.

Both systems' rules are plain functions taking the platform and its facts as arguments, so the
Windows branch is tested on Linux with recorded values.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import sys
from collections.abc import Callable, Mapping, Sequence

# /usr/local first matches Debian's root PATH; every entry is root-owned on a sane system.
POSIX_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
# Under %SystemRoot%: the catalogue's Windows programs (ping, ipconfig, sc, fsutil, powershell).
WINDOWS_SUBDIRS = ("System32", ntpath.join("System32", "Wbem"), ntpath.join("System32", "WindowsPowerShell", "v1.0"))


def fixed_dirs(platform: str, windows_dir: str) -> tuple[str, ...]:
    """The only directories a program is looked up in."""
    if platform == "win32":
        return tuple(ntpath.join(windows_dir, sub) for sub in WINDOWS_SUBDIRS)
    return POSIX_DIRS


def resolve_program(
    name: str,
    dirs: Sequence[str],
    *,
    platform: str = sys.platform,
    is_file: Callable[[str], bool] | None = None,
) -> str | None:
    """The full path of ``name`` in the first of ``dirs`` holding it, or None.

    An absolute name is taken as is (if it exists). A name with a directory part is refused: the
    catalogue names a bare program, and ``..\\x`` must not climb out of System32.
    """
    path = ntpath if platform == "win32" else posixpath
    is_file = is_file or _is_program
    if path.isabs(name):
        return name if is_file(name) else None
    if not name or name in (".", "..") or path.basename(name) != name:
        return None
    candidates = [name]
    if platform == "win32" and not path.splitext(name)[1]:
        candidates.append(name + ".exe")  # CreateProcess would add it; we look for exactly that file
    for directory in dirs:
        for candidate in candidates:
            full: str = path.join(directory, candidate)
            if is_file(full):
                return full
    return None


def _is_program(path: str) -> bool:
    # X_OK as shutil.which checks it: a non-executable file early in the list does not hide the real
    # program further on (on Windows every existing file passes).
    return os.path.isfile(path) and os.access(path, os.X_OK)


def child_environment(platform: str, windows_dir: str, environ: Mapping[str, str]) -> dict[str, str]:
    """The whole environment of a diagnostic's program.

    Windows programs need SystemRoot/windir (DLL loading, WinSock) and a TEMP; TEMP comes from the
    session only when it is an absolute path, else the Windows temp folder. POSIX programs get the C
    locale with UTF-8 (parseable output whatever the user's language, non-ASCII names intact).
    """
    separator = ";" if platform == "win32" else ":"
    if platform == "win32":
        temp = environ.get("TEMP", "")
        if not ntpath.isabs(temp) or not temp[:1].isalpha():
            temp = ntpath.join(windows_dir, "Temp")
        return {
            "SystemRoot": windows_dir,
            "windir": windows_dir,
            "TEMP": temp,
            "TMP": temp,
            "PATH": separator.join(fixed_dirs(platform, windows_dir)),
        }
    home = environ.get("HOME", "/")
    return {
        "PATH": separator.join(POSIX_DIRS),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": home if posixpath.isabs(home) else "/",
    }


def windows_directory() -> str:
    """The Windows directory from the system itself, not from an environment variable that a login
    script could point elsewhere; the variable is only a fallback."""
    if sys.platform == "win32":
        import ctypes

        buffer = ctypes.create_unicode_buffer(260)
        if ctypes.windll.kernel32.GetSystemWindowsDirectoryW(buffer, len(buffer)):
            return buffer.value
    return os.environ.get("SYSTEMROOT") or r"C:\Windows"
