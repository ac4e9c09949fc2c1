"""Public pages come from a cache, and nothing of one visitor ever reaches another."""

import gzip
import re
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from guide.models import Question, Source

pytestmark = pytest.mark.django_db

PAGE = "/guide/risks/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def token_in(response) -> str:
    (token,) = set(TOKEN.findall(response.content.decode()))
    return token


def test_the_second_visitor_gets_the_cached_page_with_a_token_of_their_own(content):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get(PAGE)
    cached = second.get(PAGE)
    assert "X-Page-Cache" not in rendered and cached["X-Page-Cache"] == "hit"
    assert token_in(cached) != token_in(rendered)
    assert token_in(rendered) not in cached.content.decode()
    assert cached.content.decode().replace(token_in(cached), "T") == (
        rendered.content.decode().replace(token_in(rendered), "T")
    )
    question = Question.objects.filter(section__slug="risks", section__language="en").first()
    add = second.post(reverse("plan:toggle_question", args=[question.pk]),
                      {"csrfmiddlewaretoken": token_in(cached), "action": "add"})  # fmt: skip
    assert add.status_code == 302  # the cached page's form works for its reader


def test_a_visitor_with_a_plan_or_a_message_is_never_served_or_stored(content):
    question = Question.objects.filter(section__slug="risks", section__language="en").first()
    holder = Client()
    holder.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "add"})
    with_message = holder.get(PAGE)  # shows "Added to your plan." and a Remove button
    assert "X-Page-Cache" not in with_message
    assert "Added to your plan." in with_message.content.decode()
    again = holder.get(PAGE)
    assert "X-Page-Cache" not in again and "Remove from my plan" in again.content.decode()
    Client().get(PAGE)
    stranger = Client().get(PAGE)
    assert stranger["X-Page-Cache"] == "hit"
    html = stranger.content.decode()
    assert "Remove from my plan" not in html and "Added to your plan." not in html


def test_query_strings_htmx_and_errors_are_not_stored(client, content):
    for request in (lambda: client.get(PAGE + "?x=1"),
                    lambda: client.get(PAGE, headers={"HX-Request": "true"}),
                    lambda: client.get("/guide/no-such-section/")):  # fmt: skip
        request()
        assert "X-Page-Cache" not in request()


def test_a_source_edited_in_the_admin_shows_on_the_next_request(content, django_user_model):
    reader = Client()
    reader.get("/guide/sources/")
    assert reader.get("/guide/sources/")["X-Page-Cache"] == "hit"
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("ed", "e@example.org", "x" * 20))
    source = Source.objects.get(key="fawcett-2007")
    data = {field: getattr(source, field) for field in (
        "key", "authors", "publication", "year", "url", "doi", "kind", "checked_what",
        "checked_what_es", "editor_note")}  # fmt: skip
    data |= {"title": "A title changed a moment ago", "checked_on": "2026-11-27"}
    response = editor.post(reverse("admin:guide_source_change", args=[source.pk]), data)
    assert response.status_code == 302
    for path in ("/guide/sources/", "/guide/timeline/"):
        fresh = reader.get(path)
        assert "X-Page-Cache" not in fresh, path
        assert "A title changed a moment ago" in fresh.content.decode(), path


def test_public_pages_are_compressed_and_private_ones_are_not(client, content):
    page = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(page.content)
    client.post(reverse("clinics:add"), {"name": "Clinic"})
    plan = client.get(reverse("plan:detail"), headers={"Accept-Encoding": "gzip"})
    assert "no-store" in plan["Cache-Control"] and "Content-Encoding" not in plan


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """Debian's redis-server on a spare port, for this test only."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (apt-get install -y redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", process
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def pages_in_redis(settings, redis_url):
    """The page cache in Redis, as with REDIS_URL (Django resets its caches
    when the setting changes, and again when the test ends)."""
    url, process = redis_url
    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
        "KEY_PREFIX": "pages"}}  # fmt: skip
    settings.PAGE_CACHE_SHARED = True
    return process


def test_with_redis_pages_are_shared_and_a_content_change_reaches_every_server(
    content, pages_in_redis
):
    Client().get(PAGE)
    assert Client().get(PAGE)["X-Page-Cache"] == "hit"
    assert any(caches["pages"]._cache.get_client().scan_iter(match="pages:*"))
    Source.objects.filter(key="fawcett-2007").first().save()  # bumps the version in Redis
    assert "X-Page-Cache" not in Client().get(PAGE)


def test_when_redis_goes_away_pages_are_still_served(content, pages_in_redis):
    Client().get(PAGE)
    pages_in_redis.terminate()
    pages_in_redis.wait(timeout=10)
    response = Client().get(PAGE)
    assert response.status_code == 200 and "X-Page-Cache" not in response
