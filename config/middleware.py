import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

log = logging.getLogger(__name__)


def permissions_policy(get_response: Callable[[HttpRequest], HttpResponse]):
    """Turn off powerful browser features (camera, microphone, location...)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


# Forms are sent as UTF-8 (the pages say so, and Django reads form bodies
# in nothing else).
ACCEPTED_CHARSETS = {"utf-8"}


def reject_foreign_charsets(get_response: Callable[[HttpRequest], HttpResponse]):
    """Answer 400 to a body declared in another charset (UTF-7, say), before
    the CSRF check or a form decodes it into something we never meant."""

    def middleware(request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset") if request.content_type else None
        if charset is not None and charset.strip().strip('"').lower() not in ACCEPTED_CHARSETS:
            return render(request, "400.html", status=400)
        return get_response(request)

    return middleware


class CompressPublicPages(GZipMiddleware):
    """gzip for HTML pages anyone may see; never for a response marked no-store.

    A no-store response shows a plan (its code, health details) or echoes
    what a visitor typed: compressing a secret beside text an attacker can
    choose is what the BREACH attack measures. Django's own middleware
    already pads each compressed response by a random length.
    """

    def process_response(self, request, response):
        if "no-store" in response.get("Cache-Control", ""):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response  # static files come compressed from WhiteNoise
        return super().process_response(request, response)


class DatabaseUnavailable:
    """A friendly 503 while the database is away (a restart, a failover).

    Rendered from a template that needs no database and no context
    processor. Nothing is retried: the visitor is told plainly that what they
    just sent was not saved, so no save is ever reported that did not happen.
    Django reconnects by itself on a later request (CONN_HEALTH_CHECKS).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("Database unavailable (%s): answered 503.", type(exception).__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response


def first_visit_language(get_response: Callable[[HttpRequest], HttpResponse]):
    """On a first visit to the home page, the browser's languages choose.

    English lives at /, Spanish at /es/. A visitor who has never picked a
    language (no language cookie) and whose browser prefers Spanish to
    English is sent from / to /es/ once; the language switch sets the
    cookie, so a choice is never overridden.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            request.path == "/"
            and request.method in ("GET", "HEAD")
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and prefers_spanish(request.headers.get("Accept-Language", ""))
        ):
            response = HttpResponseRedirect("/es/")
        else:
            response = get_response(request)
        if request.path == "/":
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    return middleware


def prefers_spanish(accept_language: str) -> bool:
    """Whether Spanish (any variety) comes before English in Accept-Language."""
    for code, _quality in parse_accept_lang_header(accept_language[:500]):
        language = code.split("-")[0].lower()
        if language in ("es", "en"):
            return language == "es"
    return False
