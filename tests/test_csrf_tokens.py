"""A cached page's CSRF token: unbiased, fresh each time, and accepted by Django."""

import secrets
from collections import Counter

import pytest
from django.conf import settings
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _check_token_format,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory
from django.urls import reverse

from config.csrf import masked, random_chars, token_for
from guide.models import Question

PAGE = "/guide/risks/"
# Pearson's chi-squared for 62 equally likely characters (61 degrees of
# freedom) exceeds 129 with probability about one in a million
# (Wilson-Hilferty), so a fair generator fails this test that rarely.
CHI_SQUARED_LIMIT = 129


def chi_squared(text: str) -> float:
    counts = Counter(text)
    expected = len(text) / len(CSRF_ALLOWED_CHARS)
    return sum((counts[char] - expected) ** 2 / expected for char in CSRF_ALLOWED_CHARS)


def test_random_chars_are_of_the_asked_length_and_from_the_csrf_alphabet():
    for count in (0, 1, 32, 64, 500):
        drawn = random_chars(count)
        assert len(drawn) == count
        assert set(drawn) <= set(CSRF_ALLOWED_CHARS)


def test_every_character_is_equally_likely():
    drawn = "".join(random_chars(1000) for _ in range(62))
    assert chi_squared(drawn) < CHI_SQUARED_LIMIT


def test_the_uniformity_check_catches_the_bias_of_a_plain_modulo():
    """Mapping every byte with ``% 62`` favours the first 8 characters
    (5 bytes each instead of 4): the check above would fail such a generator."""
    biased = "".join(CSRF_ALLOWED_CHARS[b % 62] for b in secrets.token_bytes(62_000))
    assert chi_squared(biased) > CHI_SQUARED_LIMIT


def test_draws_never_repeat():
    assert len({random_chars(CSRF_SECRET_LENGTH) for _ in range(10_000)}) == 10_000


def test_a_masked_secret_unmasks_to_itself_as_django_reads_it():
    for _ in range(200):
        secret, mask = random_chars(CSRF_SECRET_LENGTH), random_chars(CSRF_SECRET_LENGTH)
        token = masked(secret, mask)
        _check_token_format(token)
        assert token.startswith(mask) and _unmask_cipher_token(token) == secret


def test_a_first_visit_gets_a_new_secret_and_a_cookie_to_carry_it():
    request = RequestFactory().get(PAGE)
    token = token_for(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert _unmask_cipher_token(token) == secret


def test_a_returning_visitor_keeps_their_secret_under_a_new_mask_each_time():
    request = RequestFactory().get(PAGE)
    request.META["CSRF_COOKIE"] = secret = random_chars(CSRF_SECRET_LENGTH)
    tokens = {token_for(request) for _ in range(50)}
    assert len(tokens) == 50
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert request.META["CSRF_COOKIE"] == secret and request.META["CSRF_COOKIE_NEEDS_UPDATE"]


@pytest.mark.django_db
def test_a_cached_page_keeps_a_returning_visitors_cookie_and_its_form_is_accepted(content):
    Client().get(PAGE)  # renders and stores the page
    visitor = Client(enforce_csrf_checks=True)
    secret = random_chars(CSRF_SECRET_LENGTH)
    visitor.cookies[settings.CSRF_COOKIE_NAME] = secret
    cached = visitor.get(PAGE)
    assert cached["X-Page-Cache"] == "hit"
    assert cached.cookies[settings.CSRF_COOKIE_NAME].value == secret
    html = cached.content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert _unmask_cipher_token(token) == secret
    question = Question.objects.filter(section__slug="risks", section__language="en").first()
    add = visitor.post(reverse("plan:toggle_question", args=[question.pk]),
                       {"csrfmiddlewaretoken": token, "action": "add"})  # fmt: skip
    assert add.status_code == 302


@pytest.mark.django_db
def test_a_cached_page_for_a_first_visit_sets_a_cookie_that_its_form_matches(content):
    Client().get(PAGE)
    visitor = Client(enforce_csrf_checks=True)
    cached = visitor.get(PAGE)
    assert cached["X-Page-Cache"] == "hit"
    secret = cached.cookies[settings.CSRF_COOKIE_NAME].value
    token = cached.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert _unmask_cipher_token(token) == secret
    forged = visitor.post(reverse("plan:toggle_question", args=[1]),
                          {"csrfmiddlewaretoken": masked(random_chars(32), random_chars(32)),
                           "action": "add"})  # fmt: skip
    assert forged.status_code == 403
