import base64
import datetime
import io
import logging
import math
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinics.models import Clinic, ClinicAnswer
from config.logging import RedactPrivatePaths
from plans import access, throttle
from plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def test_tokens_are_long_random_and_never_sequential():
    first, second = access.create_plan(), access.create_plan()
    assert len(base64.urlsafe_b64decode(first.token + "=")) == 32  # 256 random bits
    assert first.token != second.token
    assert first.resume_code != second.resume_code


def test_resume_code_is_six_words_from_a_large_list():
    words = access.word_list()
    assert 6 * math.log2(len(words)) >= 77  # 7,772 EFF words: about 77 bits for six
    assert all(word.isalpha() for word in words)  # nothing to dictate as two words
    code = access.new_resume_code().split()
    assert len(code) == 6 and all(word in words for word in code)


def test_resume_code_typing_is_forgiving():
    assert access.normalise_code("  Maple, TIGER river. cloud  stone  apple ") == (
        "maple tiger river cloud stone apple"
    )


def test_plan_str_never_shows_the_token():
    plan = access.create_plan()
    assert plan.token not in str(plan) and plan.resume_code not in str(plan)


def start_plan(client: Client) -> Plan:
    client.post(reverse("clinics:add"), {"name": "Clinic"})
    return Plan.objects.get(token=client.session[access.SESSION_KEY])


def test_plan_page_shows_the_resume_link_and_code(client):
    plan = start_plan(client)
    html = client.get(reverse("plan:detail")).content.decode()
    assert plan.resume_code in html
    assert reverse("plan:resume_link", args=[plan.token]) in html
    assert client.get(reverse("plan:detail")).headers["Cache-Control"].startswith("max-age=0")


def test_resume_link_opens_the_plan_on_another_device_and_leaves_the_address_bar(client):
    plan = start_plan(client)
    other = Client()
    assert other.get(reverse("plan:resume_link", args=[plan.token])).status_code == 200
    response = other.post(reverse("plan:resume_link", args=[plan.token]))
    assert response.status_code == 302 and response.url == reverse("plan:detail")
    assert other.session[access.SESSION_KEY] == plan.token
    assert "Clinic" in other.get(reverse("plan:detail")).content.decode()


def test_resume_code_opens_the_plan(client):
    plan = start_plan(client)
    other = Client()
    response = other.post(reverse("plan:resume"), {"code": plan.resume_code.upper()})
    assert response.status_code == 302
    assert other.session[access.SESSION_KEY] == plan.token


def test_wrong_code_answers_the_same_whether_or_not_the_plan_exists(client):
    plan = start_plan(client)
    near_miss = " ".join(plan.resume_code.split()[:5] + ["zzzz"])
    responses = [
        Client().post(reverse("plan:resume"), {"code": code})
        for code in (near_miss, "one two three four five six", "nonsense")
    ]

    def message_part(response) -> str:
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
        return main.split('name="code"')[0]  # up to the field, which echoes what was typed

    assert {r.status_code for r in responses} == {400}
    parts = {message_part(r) for r in responses}
    assert len(parts) == 1
    assert "We could not open a plan with that code" in parts.pop()


def test_wrong_codes_are_rate_limited_per_client(client):
    plan = start_plan(client)
    other = Client()
    for _ in range(throttle.RESUME_ATTEMPTS):
        assert other.post(reverse("plan:resume"), {"code": "a b c d e f"}).status_code == 400
    blocked = other.post(reverse("plan:resume"), {"code": plan.resume_code})
    assert blocked.status_code == 429
    assert "too many tries" in blocked.content.decode()
    assert access.SESSION_KEY not in other.session
    link = other.post(reverse("plan:resume_link", args=[plan.token]))
    assert link.status_code == 429


@pytest.mark.parametrize("token", ["%00abc", "a" * 43 + "\x00", "x" * 300, "not-a-real-token"])
def test_malformed_resume_links_are_404s_never_errors(client, token):
    assert client.get(f"/plan/resume/{token}/").status_code == 404


@pytest.mark.parametrize("code", ["a\x00 b c d e f", "café b c d e f", "1 2 3 4 5 6"])
def test_malformed_resume_codes_get_the_usual_message(client, code):
    response = client.post(reverse("plan:resume"), {"code": code})
    assert response.status_code == 400
    assert "We could not open a plan with that code." in response.content.decode()


def test_following_a_resume_link_asks_before_opening_the_plan(client):
    mine = start_plan(client)
    theirs = access.create_plan()
    page = client.get(reverse("plan:resume_link", args=[theirs.token]))
    assert page.status_code == 200
    assert "already has a different plan open" in page.content.decode()
    assert client.session[access.SESSION_KEY] == mine.token  # nothing changed yet
    client.post(reverse("plan:resume_link", args=[theirs.token]))
    assert client.session[access.SESSION_KEY] == theirs.token


def test_rate_limit_counts_the_forwarded_client_behind_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY = True
    plan = access.create_plan()
    for _ in range(throttle.RESUME_ATTEMPTS):
        client.post(
            reverse("plan:resume"), {"code": "a b c d e f"}, REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )  # fmt: skip
    other_visitor = Client().post(
        reverse("plan:resume"), {"code": plan.resume_code}, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )  # fmt: skip
    assert other_visitor.status_code == 302
    blocked = Client().post(
        reverse("plan:resume"), {"code": plan.resume_code}, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7",
    )  # fmt: skip
    assert blocked.status_code == 429


def test_wrong_resume_link_is_a_404_that_counts_towards_the_limit(client):
    response = client.get(reverse("plan:resume_link", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "We could not open a plan with that link" in response.content.decode()
    assert cache.get(f"resume-fail:{throttle.client_key(response.wsgi_request)}") == 1


def test_delete_my_plan_really_deletes_everything_in_it(client, content):
    plan = start_plan(client)
    clinic = plan.clinics.get()
    client.post(
        reverse("clinics:answer", args=[clinic.public_id, "cofepris-cell-licence"]),
        {"q-cofepris-cell-licence-value": "no"},
    )
    assert ClinicAnswer.objects.count() == 1
    response = client.post(reverse("plan:delete"))
    assert response.status_code == 302
    assert not Plan.objects.exists()
    assert not Clinic.objects.exists() and not ClinicAnswer.objects.exists()
    assert access.SESSION_KEY not in client.session
    assert client.get(reverse("plan:resume_link", args=[plan.token])).status_code == 404


def test_delete_asks_first(client):
    start_plan(client)
    html = client.get(reverse("plan:delete")).content.decode()
    assert "Yes, delete my plan" in html
    assert Plan.objects.count() == 1


def test_forget_on_this_device_keeps_the_plan(client):
    plan = start_plan(client)
    client.post(reverse("plan:forget"))
    assert access.SESSION_KEY not in client.session
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_purge_deletes_only_plans_unused_for_180_days():
    old, recent = access.create_plan(), access.create_plan()
    Plan.objects.filter(pk=old.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(days=181)
    )
    Plan.objects.filter(pk=recent.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(days=179)
    )
    old.clinics.create(name="Gone with the plan")
    call_command("purge_stale_plans", verbosity=0)
    assert list(Plan.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Clinic.objects.exists()


def test_using_a_plan_keeps_it_alive(client):
    plan = start_plan(client)
    Plan.objects.filter(pk=plan.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(days=170)
    )
    client.get(reverse("plan:detail"))
    plan.refresh_from_db()
    assert timezone.now() - plan.last_used_at < datetime.timedelta(minutes=1)


def test_a_deleted_plan_is_dropped_from_the_session(client):
    plan = start_plan(client)
    Plan.objects.filter(pk=plan.pk).delete()
    html = client.get(reverse("plan:detail")).content.decode()
    assert "Your plan starts the first time you save something" in html
    assert access.SESSION_KEY not in client.session


def test_logs_never_carry_a_resume_token():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s",
        ("/plan/resume/SECRET-token_123/",), None,
    )  # fmt: skip
    RedactPrivatePaths().filter(record)
    assert "SECRET" not in record.getMessage()
    assert "/plan/resume/[redacted]/" in record.getMessage()


def test_the_configured_log_handler_writes_no_resume_token(client):
    """Read what the handler in settings.LOGGING writes for a real 404."""
    handler = next(
        h
        for h in logging.getLogger("django.request").handlers
        if isinstance(h, logging.StreamHandler)
    )
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        client.get("/plan/resume/SECRET-token-abc/")
    finally:
        handler.setStream(previous)
    assert "Not Found: /plan/resume/[redacted]/" in written.getvalue()
    assert "SECRET" not in written.getvalue()
