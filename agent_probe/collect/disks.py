"""Usage per mounted file system, without pseudo file systems."""

from __future__ import annotations

import psutil

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import DiskInfo


# all=False already drops most pseudo file systems; these still slip through on some distributions
# and would raise false "disk full" alerts (a squashfs snap is always 100 % full).
PSEUDO_FSTYPES = frozenset(
    {
        "squashfs",
        "tmpfs",
        "devtmpfs",
        "overlay",
        "proc",
        "sysfs",
        "cgroup",
        "cgroup2",
        "autofs",
        "devfs",
        "nsfs",
        "tracefs",
        "debugfs",
        "securityfs",
        "pstore",
        "efivarfs",
        "fuse.gvfsd-fuse",
        "fuse.portal",
        "iso9660",
        "udf",
    }
)
MAX_MOUNTS = 64


def collect() -> list[DiskInfo]:
    disks: list[DiskInfo] = []
    for part in psutil.disk_partitions(all=False):
        if part.fstype in PSEUDO_FSTYPES or part.mountpoint.startswith("/snap/"):
            continue
        if "cdrom" in part.opts or part.fstype == "":
            # An empty optical drive on Windows: reading it would raise or block.
            continue
        disks.append(_usage(part.device, part.mountpoint, part.fstype))
        if len(disks) >= MAX_MOUNTS:
            break
    return disks


def _usage(device: str, mountpoint: str, fstype: str) -> DiskInfo:
    row: DiskInfo = {
        "device": device,
        "mountpoint": mountpoint,
        "fstype": fstype,
        "total": None,
        "used": None,
        "free": None,
        "percent": None,
        "error": None,
    }
    try:
        usage = psutil.disk_usage(mountpoint)
    except PermissionError:
        # One unreadable mount (another user's FUSE mount, a locked BitLocker volume) must not lose the rest.
        row["error"] = "permission_denied"
        return row
    except OSError as exc:
        row["error"] = type(exc).__name__
        return row
    row["total"], row["used"], row["free"] = int(usage.total), int(usage.used), int(usage.free)
    row["percent"] = float(usage.percent)
    return row
