"""Who sent a request: the one client address that API quotas and admin lockouts count."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's address, as the API_NUM_PROXIES proxies in front of the app saw it.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is that many entries from the end; anything further left
    was written by the client itself and is never believed. Without proxies or without the
    header it is the connection's address, and so it is when the chosen entry is not an IP
    address (a proxy misconfigured), so that a lockout is never recorded against garbage.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.API_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    hops = forwarded.split(",")
    try:
        return str(ipaddress.ip_address(hops[-min(proxies, len(hops))].strip()))
    except ValueError:
        return remote
