import re

import pytest
from django.urls import reverse

from plans import throttle
from tests.factories import in_one_throttle_window


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
    # The only full addresses are the page's own, in other languages (hreflang).
    addresses = re.findall(r'(?:https?:)?//[^"\s]+', html)
    assert addresses and all(a.startswith("http://testserver/") for a in addresses), addresses
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert alternates == [("en", "http://testserver/"), ("x-default", "http://testserver/"),
                          ("es-MX", "http://testserver/es/")]  # fmt: skip
    assert "fonts.googleapis" not in html and "//cdn" not in html


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


@pytest.mark.parametrize("charset", ["utf-7", "latin-1", "no-such-charset", "UTF-16", "us-ascii"])
def test_a_form_in_another_charset_is_refused_before_anything_reads_it(client, db, charset):
    response = client.generic(
        "POST", reverse("plan:notes"), b"notes=%2BAGEAYgBj-",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )  # fmt: skip
    assert response.status_code == 400
    assert "We could not read that" in response.content.decode()
    assert "plan_device" not in client.session  # nothing was saved


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", '"utf-8"'])
def test_a_form_in_utf8_is_read_as_usual(client, db, charset):
    response = client.post(
        reverse("plan:notes"), "notes=caf%C3%A9",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )  # fmt: skip
    assert response.status_code == 302


def test_every_response_to_a_device_holding_a_plan_is_never_stored(client, content):
    assert "no-store" not in client.get("/guide/risks/").get("Cache-Control", "")
    refused = client.post(reverse("plan:about_me"), {"motor_score": "300"})
    assert refused.status_code == 400 and "no-store" in refused["Cache-Control"]
    client.post(reverse("clinics:add"), {"name": "Clinic"})
    for response in (
        client.get("/guide/risks/"),
        client.post(reverse("plan:about_me"), {"motor_score": "300"}),
        client.post(reverse("plan:notes"), {"notes": "x" * 6000}, headers={"HX-Request": "true"}),
        client.get(reverse("clinics:index")),
    ):
        assert "no-store" in response["Cache-Control"], response.wsgi_request.path


def test_admin_sign_in_is_throttled_even_for_the_right_password(client, db, django_user_model):
    in_one_throttle_window(throttle.ADMIN_LOGIN)
    django_user_model.objects.create_superuser("editor", password="a-long-good-passphrase")
    login = reverse("admin_login")
    for _ in range(5):
        wrong = client.post(login, {"username": "editor", "password": "guess"})
        assert wrong.status_code == 200  # the form again, with its error
    blocked = client.post(login, {"username": "editor", "password": "a-long-good-passphrase"})
    assert blocked.status_code == 429
    assert "too many wrong sign-ins" in blocked.content.decode()
    assert client.get(login).status_code == 200
    other = type(client)(REMOTE_ADDR="192.0.2.9")
    right = other.post(login, {"username": "editor", "password": "a-long-good-passphrase"})
    assert right.status_code == 302


def test_a_right_admin_password_is_not_counted(client, db, django_user_model):
    django_user_model.objects.create_superuser("editor", password="a-long-good-passphrase")
    for _ in range(6):
        response = client.post(
            reverse("admin_login"), {"username": "editor", "password": "a-long-good-passphrase"}
        )
        assert response.status_code == 302
        client.logout()
