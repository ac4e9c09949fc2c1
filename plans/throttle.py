"""Slowing down anyone who guesses resume codes or links.

Counted per client address in the shared cache, so the limit holds across
worker processes. The address is hashed before it is used as a cache key.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

RESUME_ATTEMPTS = 10  # wrong codes or links per client...
RESUME_WINDOW_SECONDS = 15 * 60  # ...in this many seconds


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind our own TLS proxy (DJANGO_TRUSTED_PROXY=1)
    every request comes from the proxy, so use the address the proxy appended
    last to X-Forwarded-For; anything before it could be forged by the client."""
    if settings.TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    """A hashed client address for rate limiting; the address is not stored."""
    return hashlib.sha256(client_address(request).encode()).hexdigest()[:32]


def resume_blocked(request: HttpRequest) -> bool:
    return cache.get(f"resume-fail:{client_key(request)}", 0) >= RESUME_ATTEMPTS


def note_failed_resume(request: HttpRequest) -> None:
    key = f"resume-fail:{client_key(request)}"
    if cache.add(key, 1, RESUME_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESUME_WINDOW_SECONDS)
