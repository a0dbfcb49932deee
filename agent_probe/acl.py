"""Private files and folders on both systems: mode 0700/0600 on POSIX, a protected ACL on Windows.

File modes mean nothing on Windows: a file under %ProgramData% inherits "Users: read" from the
folder, so the machine token and gate.log were readable by every local user. There the probe sets
a protected DACL (no inherited entries) granting full control to SYSTEM and Administrators only,
the same ACL sshd demands on administrators_authorized_keys. The ACL is built as an SDDL string by
a pure function (tested everywhere) and applied through advapi32 on Windows only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SYSTEM_SID = "SY"  # S-1-5-18, LocalSystem: the probe service's account
ADMINISTRATORS_SID = "BA"  # S-1-5-32-544, BUILTIN\Administrators
_FULL_CONTROL = "FA"
# Object and container inherit: what is created inside a protected folder gets the same two entries.
_INHERIT = "OICI"
_SE_FILE_OBJECT = 1
_DACL_SECURITY_INFORMATION = 0x00000004
_PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000
_SDDL_REVISION_1 = 1


def protected_sddl(*, directory: bool) -> str:
    """``D:P`` = a protected DACL, which drops every inherited entry (Users, Authenticated Users)."""
    flags = _INHERIT if directory else ""
    return "D:P" + "".join(f"(A;{flags};{_FULL_CONTROL};;;{sid})" for sid in (SYSTEM_SID, ADMINISTRATORS_SID))


def make_private(path: Path, *, directory: bool) -> None:
    """Restrict ``path`` to its owner (POSIX) or to SYSTEM and Administrators (Windows)."""
    if sys.platform == "win32":
        _apply_sddl(str(path), protected_sddl(directory=directory))
    else:
        os.chmod(path, 0o700 if directory else 0o600)


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    def _apply_sddl(path: str, sddl: str) -> None:
        advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        convert = advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW
        convert.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
        convert.restype = wintypes.BOOL
        get_dacl = advapi32.GetSecurityDescriptorDacl
        get_dacl.argtypes = [ctypes.c_void_p, ctypes.POINTER(wintypes.BOOL), ctypes.POINTER(ctypes.c_void_p),
                             ctypes.POINTER(wintypes.BOOL)]
        get_dacl.restype = wintypes.BOOL
        set_info = advapi32.SetNamedSecurityInfoW
        set_info.argtypes = [wintypes.LPWSTR, ctypes.c_int, wintypes.DWORD, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_void_p, ctypes.c_void_p]
        set_info.restype = wintypes.DWORD
        kernel32.LocalFree.argtypes = [ctypes.c_void_p]
        descriptor = ctypes.c_void_p()
        if not convert(sddl, _SDDL_REVISION_1, ctypes.byref(descriptor), None):
            raise ctypes.WinError(ctypes.get_last_error())
        try:
            present, defaulted, dacl = wintypes.BOOL(), wintypes.BOOL(), ctypes.c_void_p()
            if not get_dacl(descriptor, ctypes.byref(present), ctypes.byref(dacl), ctypes.byref(defaulted)):
                raise ctypes.WinError(ctypes.get_last_error())
            status = set_info(path, _SE_FILE_OBJECT,
                              _DACL_SECURITY_INFORMATION | _PROTECTED_DACL_SECURITY_INFORMATION,
                              None, None, dacl, None)
            if status:
                raise ctypes.WinError(status)
        finally:
            kernel32.LocalFree(descriptor)

else:

    def _apply_sddl(path: str, sddl: str) -> None:
        raise OSError(f"an SDDL ACL applies on Windows only: {path} {sddl}")
