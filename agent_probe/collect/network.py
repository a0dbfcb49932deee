"""Network interfaces: addresses, link state and speed."""

from __future__ import annotations

import socket

import psutil

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import AddressInfo, InterfaceInfo


_FAMILIES = {socket.AF_INET: "ipv4", socket.AF_INET6: "ipv6", psutil.AF_LINK: "mac"}
MAX_INTERFACES = 64


def collect() -> list[InterfaceInfo]:
    stats = psutil.net_if_stats()
    interfaces: list[InterfaceInfo] = []
    for name, addrs in sorted(psutil.net_if_addrs().items()):
        stat = stats.get(name)
        addresses: list[AddressInfo] = [
            {"family": _FAMILIES[addr.family], "address": addr.address, "netmask": addr.netmask}
            for addr in addrs
            if addr.family in _FAMILIES and addr.address
        ]
        interfaces.append(
            {
                "name": name,
                "is_up": bool(stat.isup) if stat else False,
                # psutil reports 0 when the speed is unknown (virtual NICs, Wi-Fi on some drivers).
                "speed_mbps": (stat.speed or None) if stat else None,
                "mtu": (stat.mtu or None) if stat else None,
                "addresses": addresses,
            }
        )
        if len(interfaces) >= MAX_INTERFACES:
            break
    return interfaces
