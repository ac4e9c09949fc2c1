"""Site-wide endpoints that belong to no one app."""

from django.contrib import admin
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from plans import throttle


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers (and the admin) ask for /favicon.ico; ours is an SVG."""
    return redirect(static("favicon.svg"), permanent=True)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Tell a load balancer whether this process can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in, with failed attempts counted per client address.

    Unlike a plan's code, a password can be guessed, so here a blocked
    address is refused before the password is checked.
    """
    if request.method == "POST":
        standing = throttle.admin_login_blocked(request)
        if standing.blocked:
            return render(request, "admin_blocked.html", {"standing": standing}, status=429)
    response = admin.site.login(request)
    signed_in = request.user.is_authenticated and response.status_code == 302
    if request.method == "POST" and not signed_in:
        throttle.note_failed_admin_login(request)
    return response
