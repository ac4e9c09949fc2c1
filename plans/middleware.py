from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from . import access, crypto


def plan_key_scope(get_response: Callable[[HttpRequest], HttpResponse]):
    """Keep a plan's data key to the one request that opened it.

    The key lives in a context variable; without this, a worker thread would
    carry it into the next visitor's request. Any response to a device that
    holds a plan may show plan data (a saved question, a checklist answer),
    so none of them may be stored by a browser or a proxy; nor may any answer
    to a POST, which can echo back what was typed (a refused form, kept).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        scope = crypto.active_key.set(None)
        replaced_scope = crypto.replaced_key.set(None)
        try:
            response = get_response(request)
            opened = crypto.active_key.get() is not None
        finally:
            crypto.replaced_key.reset(replaced_scope)
            crypto.active_key.reset(scope)
        if opened or access.holds_plan(request) or request.method == "POST":
            patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware
