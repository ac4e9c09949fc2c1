"""Whole public pages from a cache, for visitors who bring nothing of their own.

A guide page is the same for every visitor who has no plan, no pending
message and no saved answer in their session: only the CSRF token in its
forms differs. So the first such request renders the page and stores it cut
where the token goes; later ones join the parts with their own token
(``config.csrf.token_for``, Django's ``get_token`` drawn in one call, so
the CSRF cookie is set as usual) and skip the view.

Anything per visitor is never stored: a request with session data, a
message, a query string or an htmx header is rendered as usual, and only a
200 response whose forms all carry the one token is kept.

The cache is ``caches["pages"]``: this process's memory, or Redis when
``REDIS_URL`` is set, so several servers share it. Entries are keyed by a
content version, which ``bump_content_version`` changes whenever content is
saved (the guide connects it to its models' save and delete signals, and
``load_content`` calls it): in memory, the version is a file's modification
time, which every worker on the machine sees; with Redis, a key in Redis,
which every server sees. If the cache fails, the page is simply rendered.
"""

import functools
import logging
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from config.csrf import token_for

log = logging.getLogger(__name__)

FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
VERSION_KEY = "content-version"


@functools.cache
def version_file() -> str:
    return str(Path(settings.VAR_DIR) / "content-version")


def content_version() -> str:
    """Changes whenever content changes, as seen by every worker (and server)."""
    if settings.PAGE_CACHE_SHARED:
        return str(caches["pages"].get_or_set(VERSION_KEY, uuid.uuid4().hex, None))
    try:
        return str(os.stat(version_file()).st_mtime_ns)
    except FileNotFoundError:
        return "0"


def bump_content_version(**_signal_kwargs) -> None:
    """Every cached page is stale from now on (old entries age out)."""
    path = Path(version_file())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(uuid.uuid4().hex)
    if settings.PAGE_CACHE_SHARED:
        try:
            caches["pages"].set(VERSION_KEY, uuid.uuid4().hex, None)
        except Exception:  # noqa: BLE001 - the cache being down must not stop an edit
            log.warning("Could not store the new content version in the page cache.")


def page_key(request: HttpRequest) -> str | None:
    """The cache key for this request's page, or None if it may be personal."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if request.headers.get("HX-Request") or "messages" in request.COOKIES:
        return None
    session = getattr(request, "session", None)
    if session is None or not session.is_empty():
        return None
    # The host is part of it: pages name their own address (hreflang links).
    return f"page:{content_version()}:{get_language()}:{request.get_host()}{request.path}"


def storable(response: HttpResponse) -> tuple[bytes, ...] | None:
    """The page cut where its CSRF token goes, if it may be shared: the parts
    are joined around each visitor's own token, with no decoding or copying
    of text on the way."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    content = response.content
    tokens = set(FORM_TOKEN.findall(content.decode()))
    if len(tokens) > 1:
        return None
    return tuple(content.split(tokens.pop().encode())) if tokens else (content,)


def cache_for_everyone(view):
    """Serve the view's page from the page cache to visitors with nothing personal."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            key = page_key(request)
            cached = caches["pages"].get(key) if key else None
        except Exception:  # noqa: BLE001 - a cache that is down costs speed, not the page
            log.warning("The page cache could not be read.")
            key = cached = None
        if cached is not None:
            token = token_for(request).encode() if len(cached) > 1 else b""
            response = HttpResponse(token.join(cached))
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        html = storable(response) if key else None
        if html is not None:
            try:
                caches["pages"].set(key, html, settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                log.warning("The page cache could not be written.")
        return response

    return wrapped
