import base64
import datetime
import io
import logging
import math
import re
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinics.models import Clinic, ClinicAnswer
from config.logging import RedactPrivatePaths
from plans import access, codes, crypto, throttle
from plans.models import Plan, PlanKey, ThrottleCount
from tests.factories import in_one_throttle_window, plan_of, use

pytestmark = pytest.mark.django_db


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
    return plan_of(client)


def test_plan_page_shows_the_resume_link_and_code(client):
    plan = start_plan(client)
    response = client.get(reverse("plan:detail"))
    html = response.content.decode()
    assert plan.resume_code in html
    assert reverse("plan:resume_link", args=[plan.token]) in html
    assert "no-store" in response.headers["Cache-Control"]


def test_resume_link_opens_the_plan_on_another_device_and_leaves_the_address_bar(client):
    plan = start_plan(client)
    other = Client()
    assert other.get(reverse("plan:resume_link", args=[plan.token])).status_code == 200
    response = other.post(reverse("plan:resume_link", args=[plan.token]))
    assert response.status_code == 302 and response.url == reverse("plan:detail")
    assert plan_of(other).pk == plan.pk
    # The device holds a key of its own, never the link's token.
    assert other.session[access.SESSION_KEY] != plan.token
    assert "Clinic" in other.get(reverse("plan:detail")).content.decode()


def test_resume_code_opens_the_plan(client):
    plan = start_plan(client)
    other = Client()
    response = other.post(reverse("plan:resume"), {"code": plan.resume_code.upper()})
    assert response.status_code == 302
    assert plan_of(other).pk == plan.pk


def test_each_device_has_its_own_key(client):
    plan = start_plan(client)
    Client().post(reverse("plan:resume"), {"code": plan.resume_code})
    kinds = sorted(PlanKey.objects.filter(plan=plan).values_list("kind", flat=True))
    assert kinds == ["code", "device", "device", "link"]


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
        main = re.sub(r'<div[^>]*id="tries".*?</div>', "", main, flags=re.S)  # counts down
        return main.split('name="code"')[0]  # up to the field, which echoes what was typed

    assert {r.status_code for r in responses} == {400}
    parts = {message_part(r) for r in responses}
    assert len(parts) == 1
    assert "We could not open a plan with that code" in parts.pop()


def test_after_too_many_wrong_codes_the_right_code_and_link_still_open_the_plan(client):
    in_one_throttle_window(throttle.RESUME_PER_CLIENT)
    plan = start_plan(client)
    other = Client()
    for _ in range(throttle.RESUME_PER_CLIENT.failures - 1):
        assert other.post(reverse("plan:resume"), {"code": "a b c d e f"}).status_code == 400
    blocked = other.post(reverse("plan:resume"), {"code": "a b c d e f"})
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "too many wrong tries" in html and "Your right code or link still works" in html
    assert other.post(reverse("plan:resume"), {"code": plan.resume_code}).status_code == 302
    third = Client()
    for _ in range(throttle.RESUME_PER_CLIENT.failures):
        third.post(reverse("plan:resume_link", args=["x" * 43]))
    assert third.post(reverse("plan:resume_link", args=[plan.token])).status_code == 302


def test_each_wrong_try_says_how_many_are_left(client):
    response = client.post(reverse("plan:resume"), {"code": "a b c d e f"})
    left = throttle.RESUME_PER_CLIENT.failures - 1
    assert f"You can make {left} more wrong tries" in response.content.decode()


def test_the_wait_shown_is_the_time_left_in_the_counting_window(client):
    limit = throttle.RESUME_PER_CLIENT
    in_one_throttle_window(limit)
    for _ in range(limit.failures):
        response = client.post(reverse("plan:resume"), {"code": "a b c d e f"})
    now = timezone.now()
    retry_at = throttle.window_start(throttle.RESUME_PER_CLIENT, now) + datetime.timedelta(
        minutes=15
    )
    minutes = math.ceil((retry_at - now).total_seconds() / 60)
    html = response.content.decode()
    assert any(f"again in {m} minute" in html for m in (minutes, minutes + 1)), html


@pytest.mark.parametrize(
    ("seconds_left", "minutes"),
    [(540.0, 9), (540.4, 10), (541, 10), (59, 1), (0.2, 1), (-5, 1), (900, 15)],
)
def test_the_wait_is_rounded_up_to_whole_minutes(seconds_left, minutes):
    now = timezone.now()
    retry_at = now + datetime.timedelta(seconds=seconds_left)
    assert throttle.minutes_until(retry_at, now) == minutes


def test_an_empty_or_overlong_code_is_not_counted_as_a_try(client):
    client.post(reverse("plan:resume"), {"code": ""})
    client.post(reverse("plan:resume"), {"code": "word " * 100})
    assert not ThrottleCount.objects.exists()


def test_opening_a_resume_link_page_counts_nothing_and_looks_nothing_up(
    client, django_assert_max_num_queries
):
    """Twelve <img src="/plan/resume/…"> tags on another site cannot lock anyone out."""
    for n in range(12):
        with django_assert_max_num_queries(0):
            response = client.get(reverse("plan:resume_link", args=[f"guess{n}" + "x" * 38]))
        assert response.status_code == 200
        assert "Open this plan" in response.content.decode()
    assert not ThrottleCount.objects.exists()


@pytest.mark.parametrize("token", ["%00abc", "a" * 43 + "\x00", "x" * 300, "not-a-real-token"])
def test_malformed_resume_links_are_404s_never_errors(client, token):
    assert client.post(f"/plan/resume/{token}/").status_code == 404


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
    assert "This device already has a plan open" in page.content.decode()
    assert plan_of(client).pk == mine.pk  # nothing changed yet
    client.post(reverse("plan:resume_link", args=[use(theirs).token]))
    assert plan_of(client).pk == theirs.pk


def test_opening_another_plan_drops_this_devices_key_to_the_first(client):
    mine = start_plan(client)
    theirs = access.create_plan()
    client.post(reverse("plan:resume_link", args=[theirs.token]))
    assert not PlanKey.objects.filter(plan=mine, kind="device").exists()


def test_rate_limit_counts_the_forwarded_client_behind_a_trusted_proxy(client, settings):
    in_one_throttle_window(throttle.RESUME_PER_CLIENT)
    settings.TRUSTED_PROXY = True
    plan = access.create_plan()
    for _ in range(throttle.RESUME_PER_CLIENT.failures):
        client.post(
            reverse("plan:resume"), {"code": "a b c d e f"}, REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )  # fmt: skip
    other_visitor = Client().post(
        reverse("plan:resume"), {"code": "a b c d e g"}, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )  # fmt: skip
    assert other_visitor.status_code == 400  # a wrong try of their own, not blocked
    blocked = Client().post(
        reverse("plan:resume"), {"code": "a b c d e g"}, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7",
    )  # fmt: skip
    assert blocked.status_code == 429
    right = Client().post(
        reverse("plan:resume"), {"code": plan.resume_code}, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )  # fmt: skip
    assert right.status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client):
    in_one_throttle_window(throttle.RESUME_PER_CLIENT)
    for n in range(throttle.RESUME_PER_CLIENT.failures):
        client.post(
            reverse("plan:resume"), {"code": "a b c d e f"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )
    assert client.post(reverse("plan:resume"), {"code": "a b c d e f"}).status_code == 429


def test_a_global_ceiling_stops_a_guesser_spread_over_many_addresses(client):
    in_one_throttle_window(throttle.RESUME_EVERYONE)
    now = timezone.now()
    for _ in range(throttle.RESUME_EVERYONE.failures):
        throttle.add_failure(throttle.RESUME_EVERYONE, throttle.EVERYONE, now)
    response = client.post(reverse("plan:resume"), {"code": "a b c d e f"})
    assert response.status_code == 429


def test_wrong_resume_link_is_a_404_that_counts_towards_the_limit(client):
    response = client.post(reverse("plan:resume_link", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "We could not open a plan with that link" in response.content.decode()
    client_key = throttle.client_key(response.wsgi_request)
    assert throttle.failures(throttle.RESUME_PER_CLIENT, client_key) == 1


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
    assert not Plan.objects.exists() and not PlanKey.objects.exists()
    assert not Clinic.objects.exists() and not ClinicAnswer.objects.exists()
    assert access.SESSION_KEY not in client.session
    assert client.post(reverse("plan:resume_link", args=[plan.token])).status_code == 404


def test_delete_asks_first(client):
    start_plan(client)
    html = client.get(reverse("plan:delete")).content.decode()
    assert "Yes, delete my plan" in html
    assert Plan.objects.count() == 1


def test_forget_on_this_device_keeps_the_plan_and_kills_copies_of_the_cookie(client):
    plan = start_plan(client)
    copied = Client()
    copied.cookies = SimpleCookie(client.cookies)
    assert plan_of(copied).pk == plan.pk
    client.post(reverse("plan:forget"))
    assert access.SESSION_KEY not in client.session
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert "Your plan starts the first time" in copied.get(reverse("plan:detail")).content.decode()
    assert Client().post(reverse("plan:resume"), {"code": plan.resume_code}).status_code == 302


def test_a_new_link_and_code_make_the_old_ones_and_other_devices_useless(client):
    plan = start_plan(client)
    old_token, old_code = plan.token, plan.resume_code
    laptop, copied = Client(), Client()
    laptop.post(reverse("plan:resume"), {"code": old_code})
    copied.cookies = SimpleCookie(client.cookies)
    response = client.post(reverse("plan:new_link"))
    assert response.status_code == 302
    renewed = plan_of(client)
    assert renewed.pk == plan.pk and "Clinic" in client.get(reverse("plan:detail")).content.decode()
    assert renewed.token != old_token and renewed.resume_code != old_code
    assert Client().post(reverse("plan:resume_link", args=[old_token])).status_code == 404
    assert Client().post(reverse("plan:resume"), {"code": old_code}).status_code == 400
    for device in (laptop, copied):
        html = device.get(reverse("plan:detail")).content.decode()
        assert "Your plan starts the first time" in html
    other = Client()
    assert other.post(reverse("plan:resume"), {"code": renewed.resume_code}).status_code == 302
    assert "Clinic" in other.get(reverse("plan:detail")).content.decode()
    html = client.get(reverse("plan:detail")).content.decode()
    assert renewed.resume_code in html and old_code not in html


def test_a_session_from_before_sealing_still_opens_its_plan(client):
    plan = access.create_plan()
    session = client.session
    session[access.LEGACY_SESSION_KEY] = plan.token
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get(reverse("plan:detail"))
    assert plan.resume_code in response.content.decode()
    assert access.LEGACY_SESSION_KEY not in client.session
    assert plan_of(client).pk == plan.pk


def test_purge_deletes_only_plans_unused_for_180_days():
    old, recent = access.create_plan(), access.create_plan()
    Plan.objects.filter(pk=old.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(days=181)
    )
    Plan.objects.filter(pk=recent.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(days=179)
    )
    use(old).clinics.create(name="Gone with the plan")
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    throttle.add_failure(throttle.RESUME_PER_CLIENT, "x", two_days_ago)
    crypto.active_key.set(None)  # the command opens no plan
    call_command("purge_stale_plans", verbosity=0)
    assert list(Plan.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Clinic.objects.exists()
    assert set(PlanKey.objects.values_list("plan", flat=True)) == {recent.pk}
    assert not ThrottleCount.objects.exists()


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
        client.post("/plan/resume/SECRET-token-abc/")
    finally:
        handler.setStream(previous)
    assert "Not Found: /plan/resume/[redacted]/" in written.getvalue()
    assert "SECRET" not in written.getvalue()


def test_the_spanish_word_list_is_plain_and_no_two_words_sound_alike():
    words = codes.spanish_words()
    assert 6 * math.log2(len(words)) >= 72  # 5,337 words: about 74 bits for six
    assert all(re.fullmatch(r"[a-z]{4,9}", word) for word in words)
    assert len({codes.spanish_sound(word) for word in words}) == len(words)


def test_a_plan_started_in_spanish_gets_a_spanish_code_that_opens_it_from_either_page(client):
    client.post("/es/clinics/add/", {"name": "Clínica"})
    plan = plan_of(client)
    assert plan.language == "es"
    assert all(word in codes.spanish_words() for word in plan.resume_code.split())
    typed = ", ".join(word.upper() for word in plan.resume_code.split())
    for page in ("/plan/resume/", "/es/plan/resume/"):
        other = Client()
        assert other.post(page, {"code": typed}).status_code == 302
        assert plan_of(other).pk == plan.pk


def test_spanish_codes_forgive_accents_hyphens_and_spellings_by_ear():
    assert codes.normalise_code("Árbol-PIÑATA; kiosko") == "arbol pinata kiosco"
    word = next(w for w in codes.spanish_words() if "v" in w and w not in codes.english_words())
    assert codes.normalise_code(word.replace("v", "b")) == word


def test_an_english_code_opens_its_plan_from_the_spanish_page(client):
    plan = start_plan(client)
    assert all(word in codes.english_words() for word in plan.resume_code.split())
    other = Client()
    assert other.post("/es/plan/resume/", {"code": plan.resume_code}).status_code == 302
    assert plan_of(other).pk == plan.pk
