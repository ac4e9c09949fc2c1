import io
import logging

import pytest
from django.test import Client
from django.urls import reverse

from clinics.advert import check_advert, compile_signs
from clinics.models import AdvertFinding, CheckQuestion
from tests.factories import make_advert_sign

from .conftest import add_clinic, answer_data

pytestmark = pytest.mark.django_db

ADVERT = "Our miracle cells helped Juan walk again. MARKER-7f3a The price is 19,900 USD."


@pytest.fixture
def sign(content):
    return make_advert_sign(name="A miracle is promised", ask="What does miracle mean here?")


def test_the_checker_marks_each_sign_and_explains_it(client, sign):
    response = client.post(reverse("clinics:advert"), {"text": ADVERT})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="advert-mark"><span class="advert-mark__number">[' in html
    assert "miracle</mark>" in html and "A miracle is promised" in html
    assert "What does miracle mean here?" in html


def test_highlighting_keeps_every_character_of_the_text(sign):
    check = check_advert(ADVERT, compile_signs([sign]))
    assert "".join(chunk for chunk, _number in check.segments) == ADVERT
    assert [found.phrases for found in check.found] == [["miracle"]]


def test_an_exception_in_the_same_sentence_stops_a_match(sign):
    sign.exceptions = r"\bno\s+miracle"
    check = check_advert("There is no miracle here. A miracle cure!", compile_signs([sign]))
    assert [found.phrases for found in check.found] == [["miracle"]]
    (marked,) = [chunk for chunk, number in check.segments if number]
    assert marked == "miracle"


def test_the_pasted_text_is_never_stored_or_logged(client, sign):
    handler = next(
        h
        for h in logging.getLogger("django.request").handlers
        if isinstance(h, logging.StreamHandler)
    )
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        client.post(reverse("clinics:advert"), {"text": ADVERT})
        client.post(reverse("clinics:advert"), {"text": ADVERT + "x" * 20_001})  # refused: 400
    finally:
        handler.setStream(previous)
    assert "MARKER-7f3a" not in written.getvalue()
    assert not AdvertFinding.objects.exists()
    from plans.models import Plan

    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Paste the words of the advert"),
     ("https://clinic.example/stem-cells", "We do not open web addresses."),
     ("y" * 20_001, "That is 20001 characters. Paste up to 20,000")],
)  # fmt: skip
def test_bad_input_gets_a_message_at_the_field_and_is_kept(client, sign, text, message):
    response = client.post(reverse("clinics:advert"), {"text": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "There is a problem" in html
    assert text[:200] in html


def test_htmx_gets_only_the_results(client, sign):
    response = client.post(reverse("clinics:advert"), {"text": ADVERT},
                           headers={"HX-Request": "true"})  # fmt: skip
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="advert-results"') and "<html" not in html


def test_keeping_findings_stores_only_the_phrases_with_the_clinic(client, sign):
    clinic = add_clinic(client, "Clínica Milagro")
    html = client.post(reverse("clinics:advert"), {"text": ADVERT}).content.decode()
    assert "Keep them in my plan" in html and "Clínica Milagro" in html
    response = client.post(reverse("clinics:advert_save"),
                           {"text": ADVERT, "clinic": str(clinic.public_id)})  # fmt: skip
    assert response.status_code == 302 and response.url == clinic.get_absolute_url()
    kept = list(AdvertFinding.objects.values_list("clinic__name", "sign", "phrase"))
    assert ("Clínica Milagro", sign.pk, "miracle") in kept
    # Only short matched phrases (the shipped signs find others), never the advert itself.
    assert all(name == "Clínica Milagro" and phrase in ADVERT for name, _s, phrase in kept)
    assert all(len(phrase) < len(ADVERT) / 2 for _n, _s, phrase in kept)
    assert "miracle" in client.get(reverse("plan:detail")).content.decode()


def test_findings_can_never_be_kept_with_another_plans_clinic(client, sign):
    theirs = add_clinic(Client(), "Theirs")
    add_clinic(client, "Mine")
    response = client.post(reverse("clinics:advert_save"),
                           {"text": ADVERT, "clinic": str(theirs.public_id)})  # fmt: skip
    assert response.status_code == 400
    assert not AdvertFinding.objects.exists()


def test_the_key_questions_page_asks_only_the_key_questions_then_goes_to_ready(client, content):
    clinic = add_clinic(client)
    key = list(CheckQuestion.objects.filter(is_key=True, language="en"))
    html = client.get(reverse("clinics:key_questions", args=[clinic.public_id])).content.decode()
    assert html.count("<fieldset data-question") == len(key) >= 6
    data = {"action": "next"}
    for question in key:
        data |= answer_data(question, "not_sure")
    response = client.post(reverse("clinics:save_group", args=[clinic.public_id, 0]), data)
    assert response.url == reverse("plan:sure") + "?when=after"
    assert clinic.answers.count() == len(key)
