"""Who a request comes from: the one reading of the client's address, behind the trusted
proxies or not (DESIGN.md §10).

Every per-client limit (``archive.limits``) and the admin login throttle (django-axes,
``AXES_CLIENT_IP_CALLABLE``) count clients through ``client_address``.

Without proxies (``LETTERS_TRUSTED_PROXIES`` = 0, the default) the client is the
connection's address, ``REMOTE_ADDR``. Behind N proxies that each append the address they
received the request from to ``X-Forwarded-For`` (nginx's
``$proxy_add_x_forwarded_for``, Caddy, most load balancers), the client is the N-th address
from the end of that header: the one the outermost trusted proxy saw. Whatever a client
writes in the header itself stands to the left of it, so a client cannot forge its
address. The web port must then be reachable only through those proxies (the compose file
publishes it on 127.0.0.1), or a client could send the header straight to it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# IPv6 clients are counted by their /64 network: one subscriber is usually given a whole
# /64, and could otherwise take a new address for every request.
IPV6_CLIENT_PREFIX = 64


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``LETTERS_TRUSTED_PROXIES`` proxies
    the address the outermost one saw in ``X-Forwarded-For`` (the first address in the
    header when it holds fewer than that, as when a proxy is missing). An unreadable
    forwarded address gives ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.LETTERS_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if not forwarded:
        return remote
    candidate = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(request: HttpRequest) -> str:
    """The client as the limits count it: its address, or its /64 network for IPv6."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # the test client's, or a Unix socket's: counted as it is
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is that IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))
