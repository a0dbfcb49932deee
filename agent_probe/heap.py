"""Hand the C heap's free memory back to the operating system between two report cycles.

A cycle allocates through malloc outside Python's object allocator: OpenSSL during the TLS
handshake, psutil's C helpers, the report's JSON text (one block, larger than pymalloc serves).
glibc keeps most of that once freed, in the middle of its heap, where its automatic trim (only at
the top of the heap) cannot return it; the resident probe then carries it through the sleep that
fills 99.9 % of its life. ``malloc_trim(0)`` returns those pages (bench/probe_footprint.py
measures how much). The Windows CRT's equivalent is ``_heapmin()``. Elsewhere (macOS, musl) this
does nothing.

ctypes is imported once, at the first release, and only where there is something to call.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from collections.abc import Callable

_release: Callable[[], object] | None = None


def release_free_memory() -> None:
    """Return the C heap's free pages to the OS; never fails (memory hygiene, not correctness)."""
    global _release
    if _release is None:
        _release = _platform_release()
    try:
        _release()
    except OSError:
        _release = _nothing


def _nothing() -> None:
    return None


def _platform_release() -> Callable[[], object]:
    try:
        if sys.platform == "win32":
            return _windows_heapmin()
        if sys.platform.startswith("linux") and glibc_version() is not None:
            return _glibc_malloc_trim()
    except (OSError, AttributeError):  # library or symbol missing: nothing to release with
        pass
    return _nothing


def glibc_version() -> str | None:
    """"glibc 2.36", or None on another C library (musl has no malloc_trim)."""
    if sys.platform == "win32":  # no confstr there
        return None
    try:
        return os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):  # a name this system does not know
        return None


def _glibc_malloc_trim() -> Callable[[], object]:
    import ctypes

    trim = ctypes.CDLL(None).malloc_trim  # glibc is already mapped: dlopen(NULL) finds it
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)


def _windows_heapmin() -> Callable[[], object]:
    import ctypes

    heapmin = ctypes.CDLL("ucrtbase")._heapmin  # the CRT heap Python's malloc uses (Python >= 3.5)
    heapmin.argtypes = []
    heapmin.restype = ctypes.c_int
    return heapmin
