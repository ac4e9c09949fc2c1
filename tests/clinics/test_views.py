import re
from html import escape

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinics.models import Clinic, ClinicAnswer
from clinics.selectors import checklist_groups, checklist_questions
from plans.models import Plan
from tests.factories import cost_worksheet_data, plan_of
from tests.html import checked, inputs

from .conftest import add_clinic, answer_data, answer_url, group_url

pytestmark = pytest.mark.django_db


def groups():
    return checklist_groups(checklist_questions("en"))


def test_adding_a_clinic_starts_a_private_plan_and_opens_the_first_group(client, content):
    assert Plan.objects.count() == 0
    response = client.post(reverse("clinics:add"), {"name": "Clínica Ejemplo", "city": "Tijuana"})
    plan = plan_of(client)
    clinic = Clinic.objects.get()
    assert response.url == group_url(clinic, 1)
    assert plan == clinic.plan
    html = client.get(response.url).content.decode()
    assert "Clínica Ejemplo" in html and "Group 1 of 8" in html


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


def test_a_group_shows_its_questions_answers_first_and_the_reason_folded(client, clinic):
    first = groups()[0]
    html = client.get(group_url(clinic, 1)).content.decode()
    assert html.count("<fieldset data-question") == len(first.questions)
    for question in first.questions:
        block = html.split(f'id="q-{question.slug}"', 1)[1].split("</fieldset>", 1)[0]
        assert block.index('type="radio"') < block.index("<details")  # choices first
        assert "Why this matters, and your note" in block
    assert "Group 1 of 8 · 0 of" in html
    assert len(html.encode()) <= 60_000  # one group, light on a slow phone


def test_every_group_stays_under_60_kb_with_every_note_at_its_longest(client, clinic):
    """The heaviest a group page can be: every answer a red flag, every note full.
    The running summary shows each note shortened (it is in full at its question)."""
    for number, group in enumerate(groups(), start=1):
        data = {"action": "stay"}
        for question in group.questions:
            data |= answer_data(question, "no", "Ñ" * 2_000)
        client.post(group_url(clinic, number, save=True), data)
    note_bytes = len(("Ñ" * 2_000).encode())
    for number, group in enumerate(groups(), start=1):
        html = client.get(group_url(clinic, number)).content.decode()
        assert html.count("Ñ" * 2_000) == len(group.questions)  # each note in full, once
        ours = len(html.encode()) - note_bytes * len(group.questions)  # less the visitor's text
        assert ours <= 60_000, f"group {number}: {ours} bytes besides the notes"


def test_every_answer_has_a_name_no_other_control_shares(client, clinic):
    """Voice users say "click Yes, question 4": never a number pick."""
    html = client.get(group_url(clinic, 2)).content.decode()
    names = re.findall(r'type="radio"[^>]* aria-label="([^"]+)"', html)
    assert names and len(names) == len(set(names))
    assert all(re.fullmatch(r"(Yes|No|Not sure|Not asked yet), question \d+", n) for n in names)


def test_the_first_open_question_of_a_group_takes_the_keyboard(client, clinic):
    first, second = groups()[0].questions[:2]
    client.post(answer_url(clinic, first.slug), answer_data(first, "yes"))
    html = client.get(group_url(clinic, 1)).content.decode()
    autofocused = [field["id"] for field in inputs(html) if "autofocus" in field]
    assert autofocused == [f"q-{second.slug}-yes"]


def test_a_question_saved_without_javascript_comes_back_with_its_flag_and_saved(client, clinic):
    first_group = groups()[0]
    red = next(q for q in checklist_questions("en") if q.red_flag_answer == "no")
    number = next(g.number for g in groups() if red in g.questions)
    group = groups()[number - 1]
    data = {"save": red.slug, **answer_data(red, "no", "They never showed it.")}
    response = client.post(group_url(clinic, number, save=True), data)
    assert response.url == f"{group_url(clinic, number)}?saved={red.slug}#q-{red.slug}"
    html = client.get(response.url).content.decode()
    flag = html.split(f'id="flag-{red.slug}"', 1)[1].split("</p>", 1)[0]
    assert "Red flag" in flag and escape(red.finding) in flag and "Saved." in flag
    answer = ClinicAnswer.objects.get(clinic=clinic, question=red)
    assert (answer.value, answer.note) == ("no", "They never showed it.")
    assert group.number >= first_group.number


def test_saving_a_group_saves_every_answer_and_goes_on_to_the_next(client, clinic):
    first = groups()[0]
    data = {"action": "next"}
    for question in first.questions:
        data |= answer_data(question, "yes")
    response = client.post(group_url(clinic, 1, save=True), data)
    assert response.url == group_url(clinic, 2)
    assert ClinicAnswer.objects.filter(clinic=clinic, value="yes").count() == len(first.questions)


def test_the_last_group_goes_on_to_what_was_found(client, clinic):
    last = groups()[-1]
    response = client.post(group_url(clinic, last.number, save=True), {"action": "next"})
    assert response.url == clinic.get_absolute_url()


def test_marking_the_rest_not_asked_keeps_what_was_answered(client, clinic):
    first = groups()[0]
    answered, *rest = first.questions
    data = {"action": "rest", **answer_data(answered, "no")}
    client.post(group_url(clinic, 1, save=True), data)
    values = dict(ClinicAnswer.objects.filter(clinic=clinic).values_list("question_id", "value"))
    assert values[answered.pk] == "no"
    assert all(values[q.pk] == "not_asked" for q in rest)
    html = client.get(clinic.get_absolute_url()).content.decode()
    for question in rest:
        assert question.ask_clinic in html


def test_a_note_alone_is_saved_and_does_not_count_as_an_answer(client, clinic):
    question = groups()[0].questions[0]
    client.post(answer_url(clinic, question.slug), answer_data(question, "", "Ask again Monday."),
                headers={"HX-Request": "true"})  # fmt: skip
    answer = ClinicAnswer.objects.get(clinic=clinic, question=question)
    assert (answer.value, answer.note) == ("", "Ask again Monday.")
    html = client.get(group_url(clinic, 1)).content.decode()
    assert "Ask again Monday." in html and "0 of" in html


def test_an_unchecked_clinic_never_reads_as_zero_red_flags(client, clinic):
    for url in (clinic.get_absolute_url(), group_url(clinic, 1), reverse("clinics:index"),
                reverse("plan:detail")):  # fmt: skip
        html = client.get(url).content.decode()
        assert "0 red flags" not in html, url
        assert "not checked yet" in html, url


def test_red_flags_are_written_as_findings_with_the_visitors_note(client, clinic):
    red = next(q for q in checklist_questions("en") if q.red_flag_answer == "no")
    client.post(
        answer_url(clinic, red.slug), answer_data(red, "no", "Main doctor is a cosmetic surgeon")
    )
    for url in (clinic.get_absolute_url(), reverse("plan:detail")):
        html = client.get(url).content.decode()
        assert escape(red.finding) in html and "Main doctor is a cosmetic surgeon" in html, url


def test_htmx_save_returns_the_summary_with_flag_and_one_status_out_of_band(client, clinic):
    red = next(q for q in checklist_questions("en") if q.red_flag_answer == "yes")
    response = client.post(
        answer_url(clinic, red.slug), answer_data(red, "yes"), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="checklist-summary"')
    assert f'id="flag-{red.slug}" data-hx-swap-oob="true"' in html
    assert html.count('id="status-message"') == 1
    assert "Checked 1 of" in html and "1 red flag so far" in html
    assert "<html" not in html


def test_invalid_answer_is_shown_at_the_field_with_the_note_kept(client, clinic):
    question = groups()[0].questions[0]
    note = "x" * 2001
    response = client.post(answer_url(clinic, question.slug), answer_data(question, "maybe", note))
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Choose Yes, No, Not sure or Not asked yet." in html
    assert "Your note must be 2,000 characters or fewer. It has 2001." in html
    assert note in html
    assert not ClinicAnswer.objects.exists()


def test_a_refused_note_in_a_group_keeps_the_other_answers(client, clinic):
    first, second = groups()[0].questions[:2]
    data = {"action": "next", **answer_data(first, "yes", "z" * 2100), **answer_data(second, "no")}
    response = client.post(group_url(clinic, 1, save=True), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "z" * 2100 in html and "It has 2100." in html
    assert list(ClinicAnswer.objects.values_list("question_id", "value")) == [(second.pk, "no")]


def test_invalid_answer_with_htmx_swaps_the_question_with_its_error(client, clinic):
    question = groups()[0].questions[0]
    response = client.post(
        answer_url(clinic, question.slug),
        answer_data(question, "yes", "y" * 2500),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == f"#q-{question.slug}"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "It has 2500." in html and "y" * 2500 in html
    assert checked(html, f"q-{question.slug}-value") == ["yes"]


def test_unknown_question_or_group_is_a_404(client, clinic):
    assert client.post(answer_url(clinic, "no-such-question"), {}).status_code == 404
    assert client.get(group_url(clinic, 99)).status_code == 404
    assert client.get(group_url(clinic, 0)).status_code == 404


def test_one_plan_can_never_read_or_change_another(client, clinic):
    other = Client()
    question = checklist_questions("en")[0]
    data = answer_data(question, "no")
    assert other.get(clinic.get_absolute_url()).status_code == 404
    assert other.post(answer_url(clinic, question.slug), data).status_code == 404
    add_clinic(other, "Other clinic")
    for url in (clinic.get_absolute_url(), group_url(clinic, 1),
                reverse("clinics:costs", args=[clinic.public_id])):  # fmt: skip
        assert other.get(url).status_code == 404
    assert other.post(answer_url(clinic, question.slug), data).status_code == 404
    assert other.post(group_url(clinic, 1, save=True), data).status_code == 404
    assert other.post(reverse("clinics:remove", args=[clinic.public_id])).status_code == 404
    assert not ClinicAnswer.objects.filter(clinic=clinic).exists()
    assert "Clinic One" not in other.get(reverse("plan:detail")).content.decode()


def test_a_checklist_save_takes_few_queries(client, clinic, django_assert_max_num_queries):
    question = checklist_questions("en")[0]
    with django_assert_max_num_queries(6):
        client.post(answer_url(clinic, question.slug), answer_data(question, "no"))
    with django_assert_max_num_queries(7):
        client.post(
            answer_url(clinic, question.slug),
            answer_data(question, "yes"),
            headers={"HX-Request": "true"},
        )


def test_checklist_pages_take_few_queries(client, clinic, django_assert_max_num_queries):
    for url in (clinic.get_absolute_url(), group_url(clinic, 3),
                reverse("clinics:costs", args=[clinic.public_id])):  # fmt: skip
        with django_assert_max_num_queries(7):  # this device's key, then the plan, then the page
            assert client.get(url).status_code == 200, url


def test_compare_shows_treatment_money_and_findings_side_by_side(client, content):
    first = add_clinic(client, "Clinic A", city="Tijuana")
    add_clinic(client, "Clinic B", city="Cancún")
    client.post(reverse("clinics:edit", args=[first.public_id]),
                {"name": "Clinic A", "city": "Tijuana", "cell_type": "Umbilical cord MSCs",
                 "route": "Spinal tap", "dose": "100 million"})  # fmt: skip
    red = next(q for q in checklist_questions("en") if q.red_flag_answer == "no")
    client.post(answer_url(first, red.slug), answer_data(red, "no", "Asked twice"))
    client.post(reverse("clinics:costs", args=[first.public_id]),
                cost_worksheet_data(quote=("28,000", "USD"), flights=("1,200", "USD")))  # fmt: skip
    html = client.get(reverse("clinics:compare")).content.decode()  # all ticked: 2 clinics
    for expected in ("Clinic A", "Clinic B", "Tijuana", "Cancún", "Umbilical cord MSCs",
                     "Spinal tap", "100 million", "28,000.00 USD", "29,200.00 USD",
                     escape(red.finding), "Asked twice", "Not checked yet"):  # fmt: skip
        assert expected in html, expected
    assert "0 red flags" not in html


def test_the_compare_form_starts_with_every_clinic_ticked(client, content):
    clinics = [add_clinic(client, f"Clinic {n}") for n in range(3)]
    html = client.get(reverse("clinics:index")).content.decode()
    assert sorted(checked(html, "clinics")) == sorted(str(c.public_id) for c in clinics)


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


def test_compare_takes_few_queries(client, content, django_assert_max_num_queries):
    for n in range(5):
        add_clinic(client, f"Clinic {n}")
    with django_assert_max_num_queries(7):
        assert client.get(reverse("clinics:compare")).status_code == 200


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
        st.sampled_from(["name", "city", "website", "licence_number", "notes", "action", "save",
                         "q-cofepris-cell-licence-value", "q-cofepris-cell-licence-note",
                         "clinics", "code", "decision_deadline", "lines-TOTAL_FORMS",
                         "lines-0-amount", "currency", "exchange_rate"]),
        garbage,
        max_size=6,
    ),
    slug=st.one_of(
        st.sampled_from(["cofepris-cell-licence", "x"]),
        st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True),
    ),
)  # fmt: skip
def test_garbage_posted_to_every_clinic_endpoint_never_causes_a_server_error(
    client, clinic, fields, slug
):
    urls = [
        reverse("clinics:add"),
        reverse("clinics:edit", args=[clinic.public_id]),
        reverse("clinics:costs", args=[clinic.public_id]),
        answer_url(clinic, slug),
        group_url(clinic, 1, save=True),
        reverse("plan:resume"),
    ]
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(url, fields, headers=headers)
            assert response.status_code < 500, (url, fields)
    response = client.get(reverse("clinics:compare"), fields)
    assert response.status_code < 500


def test_why_it_matters_links_every_source_its_text_cites(client, clinic):
    from guide.markers import citation_keys

    for group in groups():
        html = client.get(group_url(clinic, group.number)).content.decode()
        for question in group.questions:
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


def test_a_plan_holds_at_most_ten_clinics_and_says_so_at_the_field(client, content):
    for n in range(Plan.MAX_CLINICS):
        add_clinic(client, f"Clinic {n}")
    response = client.post(reverse("clinics:add"), {"name": "One too many", "city": "Mérida"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your plan already has 10 clinics, the most it can hold." in html
    assert 'value="One too many"' in html and 'value="Mérida"' in html  # kept as typed
    plan_of(client)
    assert Clinic.objects.count() == Plan.MAX_CLINICS
    first = Clinic.objects.order_by("pk").first()
    edited = client.post(reverse("clinics:edit", args=[first.public_id]), {"name": "Renamed"})
    assert edited.status_code == 302  # editing one that is there is still fine
