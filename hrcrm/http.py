"""Who is asking: the client's address as seen through the proxies we trust.

Behind a load balancer every request comes from the balancer's address, so the
candidate's own address is in ``X-Forwarded-For``. That header is a list the client
starts and every proxy appends to: only the entries our own proxies wrote can be
believed. With ``TRUSTED_PROXY_HOPS = N`` the client is the N-th entry from the right;
anything left of it was written by the client and is ignored (a forged first entry can
neither evade the link rate limit nor lock a chosen address out). Entries that are not
IP addresses are ignored, so a malformed header never reaches a database column.

daphne's ``--proxy-headers`` takes the *leftmost* entry for its own access log and
``scope["client"]``; we never read that as the client, we parse the header here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.http import HttpRequest

UNKNOWN_ADDRESS = "0.0.0.0"


def _valid(value: str | None) -> str | None:
    """``value`` as a normalised IP address, or None. Accepts the ``[v6]:port`` and
    ``v4:port`` forms some proxies write."""
    if not value:
        return None
    text = value.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(remote_addr: str | None, forwarded_for: str | None, *, hops: int | None = None) -> str:
    """The client's address from the socket peer and the ``X-Forwarded-For`` header.

    ``hops`` (default: ``settings.TRUSTED_PROXY_HOPS``) is the number of our own proxies
    in front of the application. With 0 the header is ignored. With N the N-th entry
    from the right is the client; when the header is shorter (the request did not pass
    all our proxies) or that entry is not an address, the peer address is used.
    """
    hops = settings.TRUSTED_PROXY_HOPS if hops is None else hops
    if hops > 0 and forwarded_for:
        entries = [e for e in forwarded_for.replace("\x00", "").split(",")]
        if len(entries) >= hops:
            chosen = _valid(entries[-hops])
            if chosen is not None:
                return chosen
    return _valid(remote_addr) or UNKNOWN_ADDRESS


def client_ip(request: HttpRequest) -> str:
    """The address of the person behind ``request`` (see the module's docstring)."""
    return client_address(request.META.get("REMOTE_ADDR"), request.META.get("HTTP_X_FORWARDED_FOR"))


def _scope_header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    values = [value.decode("latin-1") for key, value in headers if key.lower() == name]
    # Several headers of the same name count as one comma-separated list (RFC 9110 §5.3).
    return ",".join(values) if values else None


def scope_client_ip(scope: Mapping[str, object]) -> str:
    """The same for a Channels connection (its ASGI scope). ``scope["client"]`` is the
    socket peer (or, under daphne ``--proxy-headers``, the header's leftmost entry: a
    value the client chose, so with trusted hops the header is read again here)."""
    client = scope.get("client") or (None, None)
    peer = client[0] if isinstance(client, list | tuple) and client else None
    headers = scope.get("headers") or []
    return client_address(peer, _scope_header(headers, b"x-forwarded-for"))  # type: ignore[arg-type]
