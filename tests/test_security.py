import pytest
from django.urls import reverse


@pytest.fixture
def home_response(client, db):
    return client.get(reverse("home"))


def test_home_page_sends_a_strict_content_security_policy(home_response):
    csp = home_response.headers["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"


def test_home_page_sends_the_other_security_headers(home_response):
    headers = home_response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_home_page_loads_nothing_from_other_origins(home_response):
    html = home_response.content.decode()
    for marker in ("http://", "https://", "//cdn", "fonts.googleapis"):
        assert marker not in html, marker


def test_htmx_is_served_from_our_own_static_files_and_configured_for_csp(home_response):
    html = home_response.content.decode()
    assert '<script src="/static/django_htmx/htmx-2.' in html
    assert '"allowEval":false' in html
    assert '"historyCacheSize":0' in html
    assert '"includeIndicatorStyles":false' in html
    assert "<script>" not in html


def test_favicon_ico_points_at_our_own_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.startswith("/static/favicon.") and response.url.endswith(".svg")


def test_head_requests_work_on_read_only_pages(client, db):
    assert client.head("/").status_code == 200
    assert client.head("/healthz").status_code == 200
