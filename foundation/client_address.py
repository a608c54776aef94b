"""The address a request comes from, trusting a forwarded header only from our own proxies.

X-Forwarded-For is written by whoever sends the request, so it is read only when the
connection itself comes from a configured proxy (TRUSTED_PROXIES). The header is then read
from the right, skipping our own proxies: the first address that is not one of them is the
client. Anything else (no proxy configured, a direct connection, a garbled header) falls back
to REMOTE_ADDR.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def parse_address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request) -> str:
    """The visitor's IP address as text: from the trusted proxy's header, else the connection's."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    remote_address = parse_address(remote)
    if not networks or remote_address is None or not is_trusted_proxy(remote_address, networks):
        return remote or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for value in reversed(forwarded.split(",")):
        address = parse_address(value)
        if address is None:
            break  # a garbled entry: nothing to its left can be trusted either
        if not is_trusted_proxy(address, networks):
            return str(address)
    return remote


def login_client_address(request) -> str | None:
    """For django-axes, which stores the address in an IP field: None when there is none."""
    address = client_address(request)
    return address if parse_address(address) else None
