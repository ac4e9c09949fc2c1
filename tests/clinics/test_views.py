import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinics.models import Clinic, ClinicAnswer
from clinics.selectors import checklist_questions
from plans.models import Plan
from tests.html import checked

from .conftest import add_clinic, answer_url

pytestmark = pytest.mark.django_db


def test_adding_a_clinic_starts_a_private_plan(client, content):
    assert Plan.objects.count() == 0
    clinic = add_clinic(client, "Clínica Ejemplo", city="Tijuana", licence_number="ABC-123")
    assert Plan.objects.count() == 1
    assert clinic.plan.token == client.session["plan_token"]
    response = client.get(clinic.get_absolute_url())
    assert response.status_code == 200
    assert "Clínica Ejemplo" in response.content.decode()


def test_a_300_character_clinic_name_is_refused_and_kept(client, content):
    long_name = "N" * 300
    response = client.post(reverse("clinics:add"), {"name": long_name, "city": "Tijuana"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "The clinic name must be 200 characters or fewer." in html
    assert f'value="{long_name}"' in html and 'value="Tijuana"' in html
    assert Clinic.objects.count() == 0


def test_a_bad_website_gets_a_plain_message(client, content):
    response = client.post(reverse("clinics:add"), {"name": "A", "website": "not a site"})
    assert "Enter the website as a full address" in response.content.decode()


def test_checklist_shows_every_question_as_a_fieldset_with_four_answers(client, clinic):
    html = client.get(clinic.get_absolute_url()).content.decode()
    questions = checklist_questions("en")
    assert html.count("<fieldset") == len(questions)
    assert html.count("<legend>") == len(questions)
    for label in ("Yes", "No", "Not sure", "Not asked yet"):
        assert f">{label}</label>" in html


def test_saving_an_answer_without_javascript_redirects_to_the_next_question(client, clinic):
    first, second = checklist_questions("en")[:2]
    response = client.post(answer_url(clinic, first.slug), {"value": "yes", "note": "Told me."})
    assert response.status_code == 302
    assert response.url == f"{clinic.get_absolute_url()}#q-{second.slug}"
    answer = ClinicAnswer.objects.get(clinic=clinic, question=first)
    assert (answer.value, answer.note) == ("yes", "Told me.")


def test_a_red_flag_answer_appears_in_the_summary(client, clinic):
    red = next(q for q in checklist_questions("en") if q.red_flag_answer == "no")
    client.post(answer_url(clinic, red.slug), {"value": "no"})
    html = client.get(clinic.get_absolute_url()).content.decode()
    summary = html.split('id="checklist-summary"', 1)[1].split("</section>", 1)[0]
    assert "1 red flag" in summary
    assert red.text in summary


def test_not_sure_turns_into_a_question_for_the_clinic(client, clinic):
    question = checklist_questions("en")[3]
    client.post(answer_url(clinic, question.slug), {"value": "not_sure"})
    html = client.get(reverse("plan:detail")).content.decode()
    assert question.ask_clinic in html


def test_htmx_save_returns_the_summary_with_flag_and_status_out_of_band(client, clinic):
    red = next(q for q in checklist_questions("en") if q.red_flag_answer == "yes")
    response = client.post(
        answer_url(clinic, red.slug), {"value": "yes"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="checklist-summary"')
    assert f'id="flag-{red.slug}" data-hx-swap-oob="true"' in html
    assert 'id="status-message" data-hx-swap-oob="innerHTML">Saved. 1 of' in html
    assert "1 red flag." in html
    assert "<html" not in html


def test_invalid_answer_is_shown_at_the_field_with_the_note_kept(client, clinic):
    question = checklist_questions("en")[0]
    note = "x" * 2001
    response = client.post(answer_url(clinic, question.slug), {"value": "maybe", "note": note})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Choose Yes, No, Not sure or Not asked yet." in html
    assert "Your note must be 2,000 characters or fewer. It has 2001." in html
    assert note in html
    assert not ClinicAnswer.objects.exists()


def test_invalid_answer_with_htmx_swaps_the_question_with_its_error(client, clinic):
    question = checklist_questions("en")[0]
    response = client.post(
        answer_url(clinic, question.slug),
        {"value": "yes", "note": "y" * 2500},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == f"#q-{question.slug}"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "It has 2500." in html and "y" * 2500 in html
    assert checked(html, "value") == ["yes"]


def test_unknown_question_is_a_404(client, clinic):
    assert client.post(answer_url(clinic, "no-such-question"), {"value": "yes"}).status_code == 404


def test_one_plan_can_never_read_or_change_another(client, clinic):
    other = Client()
    question = checklist_questions("en")[0]
    assert other.get(clinic.get_absolute_url()).status_code == 404
    assert other.post(answer_url(clinic, question.slug), {"value": "no"}).status_code == 404
    add_clinic(other, "Other clinic")
    assert other.get(clinic.get_absolute_url()).status_code == 404
    assert other.post(answer_url(clinic, question.slug), {"value": "no"}).status_code == 404
    assert other.post(reverse("clinics:remove", args=[clinic.public_id])).status_code == 404
    assert not ClinicAnswer.objects.filter(clinic=clinic).exists()
    assert "Clinic One" not in other.get(reverse("plan:detail")).content.decode()


def test_a_checklist_save_takes_few_queries(client, clinic, django_assert_max_num_queries):
    question = checklist_questions("en")[0]
    with django_assert_max_num_queries(6):
        client.post(answer_url(clinic, question.slug), {"value": "no"})
    with django_assert_max_num_queries(6):
        client.post(
            answer_url(clinic, question.slug), {"value": "yes"}, headers={"HX-Request": "true"}
        )


def test_checklist_page_takes_few_queries(client, clinic, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(clinic.get_absolute_url()).status_code == 200


def test_compare_shows_clinics_side_by_side(client, content):
    first = add_clinic(client, "Clinic A")
    second = add_clinic(client, "Clinic B")
    red = next(q for q in checklist_questions("en") if q.red_flag_answer == "no")
    client.post(answer_url(first, red.slug), {"value": "no"})
    response = client.get(
        reverse("clinics:compare"), {"clinics": [first.public_id, second.public_id]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="col">Clinic A</th>' in html and '<th scope="col">Clinic B</th>' in html
    assert f'<th scope="row">{red.text}</th>' in html
    assert "Red flag</span>" in html


def test_compare_refuses_more_than_five_and_keeps_the_choice(client, content):
    clinics = [add_clinic(client, f"Clinic {n}") for n in range(6)]
    response = client.get(reverse("clinics:compare"), {"clinics": [c.public_id for c in clinics]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose up to 5 clinics. You chose 6." in html
    assert sorted(checked(html, "clinics")) == sorted(str(c.public_id) for c in clinics)


def test_compare_refuses_a_clinic_from_another_plan(client, content):
    mine = add_clinic(client, "Mine")
    theirs = add_clinic(Client(), "Theirs")
    response = client.get(
        reverse("clinics:compare"), {"clinics": [mine.public_id, theirs.public_id]}
    )
    assert response.status_code == 400
    assert "Theirs" not in response.content.decode()


def test_a_forged_csrf_token_gets_a_403_page_not_an_error(content):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("clinics:add"), {"name": "X", "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert not Clinic.objects.exists()


def test_a_replayed_csrf_token_from_another_visitor_is_refused(content):
    first = Client(enforce_csrf_checks=True)
    token = first.get(reverse("clinics:index")).context["csrf_token"]
    second = Client(enforce_csrf_checks=True)
    second.get(reverse("clinics:index"))
    response = second.post(reverse("clinics:add"), {"name": "X", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 403


garbage = st.one_of(st.text(max_size=3000), st.binary(max_size=200).map(repr))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    fields=st.dictionaries(
        st.sampled_from(["name", "city", "website", "licence_number", "notes", "value", "note",
                         "clinics", "code", "months"]),
        garbage,
        max_size=6,
    ),
    slug=st.one_of(
        st.sampled_from(["cofepris-cell-licence", "x"]),
        st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True),
    ),
)  # fmt: skip
def test_garbage_posted_to_every_checklist_endpoint_never_causes_a_server_error(
    client, clinic, fields, slug
):
    urls = [
        reverse("clinics:add"),
        reverse("clinics:edit", args=[clinic.public_id]),
        answer_url(clinic, slug),
        reverse("plan:resume"),
    ]
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(url, fields, headers=headers)
            assert response.status_code < 500, (url, fields)
    response = client.get(reverse("clinics:compare"), fields)
    assert response.status_code < 500


def test_why_it_matters_links_every_source_its_text_cites(client, clinic):
    from guide.content import citation_keys

    html = client.get(clinic.get_absolute_url()).content.decode()
    for question in checklist_questions("en"):
        keys = citation_keys(question.why_it_matters) or [question.source.key]
        for key in keys:
            assert f'href="/guide/sources/#src-{key}"' in question.why_it_matters_html, key
        assert question.why_it_matters_html in html


def test_compare_counts_the_same_clinic_twice_as_one(client, content):
    first = add_clinic(client, "Only one")
    response = client.get(reverse("clinics:compare"), {"clinics": [first.public_id] * 2})
    assert response.status_code == 400
    assert "Choose at least 2 clinics to compare." in response.content.decode()


def test_compare_error_links_to_the_first_checkbox(client, content):
    add_clinic(client, "A")
    add_clinic(client, "B")
    html = client.get(reverse("clinics:compare"), {"clinics": ["nope"]}).content.decode()
    assert 'href="#id_clinics_0"' in html and 'id="id_clinics_0"' in html
