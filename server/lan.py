"""A room on a local network (``make run HOST=0.0.0.0``): phones on the
venue's Wi-Fi reach the server at the machine's LAN address, so join links
and QR codes must name that address, never 127.0.0.1 (which on a phone is
the phone) and never whatever ``Host`` a request claims.

When the server listens on every interface, no ``COCREA_PUBLIC_URL`` is set
and no ``COCREA_ALLOWED_HOSTS`` either (or ``COCREA_LAN_ADDRESS`` is set:
it forces the mode), links are built from ``COCREA_LAN_ADDRESS`` or, if that is empty, from
the address detected here: the source address the system would use to reach
a private network (a UDP socket is connected, which sends nothing), else
the addresses the host name resolves to. Private addresses win over others;
loopback and unspecified ones never count."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterable

from .settings import Settings

ALL_INTERFACES = frozenset({"0.0.0.0", "::", ""})
# Connecting a UDP socket to these picks the interface a packet to them would
# leave by; nothing is sent. One per private range, then a documentation one
# (TEST-NET-1), which only a default route reaches.
PROBES = ("10.255.255.255", "172.31.255.255", "192.168.255.255", "192.0.2.1")


def listens_on_all_interfaces(host: str) -> bool:
    return host.strip() in ALL_INTERFACES


def usable(address: str) -> bool:
    """An address another machine can reach us at: not loopback,
    unspecified, multicast or link-local."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.is_link_local)


def choose_lan_address(candidates: Iterable[str]) -> str | None:
    """The first usable private IPv4 address, else the first usable IPv4,
    else the first usable IPv6, in the order given; ``None`` if none is."""
    seen = [c for c in dict.fromkeys(candidates) if usable(c)]

    def rank(address: str) -> int:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if ip.version == 4:
            return 0 if ip.is_private else 1
        return 2

    return min(seen, key=lambda a: (rank(a), seen.index(a))) if seen else None


def _probe(target: str) -> str | None:
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect((target, 9))
        return str(s.getsockname()[0])
    return None


def candidate_addresses() -> list[str]:
    """This machine's addresses as the system offers them (see the module)."""
    found = [a for a in (_probe(t) for t in PROBES) if a]
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP):
            found.append(str(info[4][0]))
    return found


def lan_address(settings: Settings) -> str | None:
    """``COCREA_LAN_ADDRESS``, or the detected one (``None``: no network)."""
    return settings.lan_address.strip() or choose_lan_address(candidate_addresses())


def url_for(address: str, port: int) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}"


def lan_url(settings: Settings, host: str, port: int) -> str:
    """The base of join links for phones on the local network: only when
    listening on every interface, with neither a public URL nor allowed
    host names (a deployment that names itself) unless the LAN address is
    forced; else ``""``."""
    if settings.public_url or not listens_on_all_interfaces(host):
        return ""
    if settings.allowed_hosts.strip() and not settings.lan_address.strip():
        return ""
    address = lan_address(settings)
    return url_for(address, port) if address else ""
