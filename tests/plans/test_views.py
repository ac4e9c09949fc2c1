from decimal import Decimal

import pytest
from django.urls import reverse

from guide.models import Question
from plans.models import CostItem, Plan
from tests.factories import cost_worksheet_data, plan_of
from tests.html import checked

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:detail")


def current_plan(client) -> Plan:
    plan = plan_of(client)
    assert plan is not None, "the client holds no plan"
    return plan


def test_about_me_starts_a_plan_and_shows_the_answers(client, content):
    response = client.post(
        reverse("plan:about_me"),
        {"injury_level": "cervical", "ais_grade": "prefer_not", "months_since_injury": "30",
         "age_band": "45_59", "rehabilitation": "home"},
    )  # fmt: skip
    assert response.status_code == 302 and response.url == PLAN + "#about-me"
    plan = current_plan(client)
    assert (plan.injury_level, plan.ais_grade, plan.months_since_injury) == (
        "cervical",
        "prefer_not",
        30,
    )
    html = client.get(PLAN).content.decode()
    assert "Neck (cervical)" in html and "Prefer not to say" in html


def test_about_me_with_every_field_blank_is_fine(client, content):
    assert client.post(reverse("plan:about_me"), {}).status_code == 302


def test_about_me_bad_months_is_shown_at_the_field_and_kept(client, content):
    response = client.post(
        reverse("plan:about_me"), {"injury_level": "thoracic", "months_since_injury": "-3"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "cannot be less than 0" in html
    assert 'value="-3"' in html
    assert checked(html, "injury_level") == ["thoracic"]


def test_a_refused_about_me_never_shows_as_saved(client, content):
    client.post(reverse("plan:about_me"), {"injury_level": "cervical"})
    response = client.post(
        reverse("plan:about_me"),
        {"injury_level": "thoracic", "age_band": "30_44", "months_since_injury": "abc"},
    )
    summary = response.content.decode().split('class="summary-list"', 1)[1].split("</dl>")[0]
    assert "Neck (cervical)" in summary and "thoracic" not in summary and "30 to 44" not in summary
    assert current_plan(client).injury_level == "cervical"


def test_about_me_rejects_a_made_up_choice(client, content):
    response = client.post(reverse("plan:about_me"), {"ais_grade": "Z"})
    assert response.status_code == 400
    assert "Choose one of the answers shown." in response.content.decode()


def test_priorities_are_saved_with_plain_controls(client, content):
    client.post(
        reverse("plan:priorities"),
        {"outcome_walking": "very", "outcome_pain": "not", "risk": "avoid", "cost": "stretch"},
    )
    plan = current_plan(client)
    assert plan.priorities == {
        "outcomes": {"walking": "very", "pain": "not"},
        "risk": "avoid",
        "cost": "stretch",
    }
    html = client.get(PLAN).content.decode()
    assert "Very important" in html and "I want to avoid risk as much as I can" in html


def test_cost_worksheet_adds_up_the_whole_trip(client, content):
    client.post(
        reverse("plan:costs"),
        cost_worksheet_data(
            exchange_rate="17.50",
            quote_sessions="3",
            quote=("25,000", "USD"),
            lodging=("17,500", "MXN"),
            other_1=("250", "USD", "Wheelchair repair"),
        ),
    )
    plan = current_plan(client)
    assert plan.exchange_rate == Decimal("17.5") and plan.quote_sessions == 3
    assert CostItem.objects.filter(plan=plan).count() == 3
    html = client.get(PLAN).content.decode()
    assert "26,250.00 USD" in html  # 25,000 + 1,000 (17,500 MXN) + 250
    assert "Wheelchair repair" in html
    assert "money at risk if it does not help" in html


def test_bad_cost_lines_get_messages_and_the_other_lines_are_kept(client, content):
    response = client.post(
        reverse("plan:costs"),
        cost_worksheet_data(
            quote=("20000", "USD"),
            travel=("-40", "USD"),
            lodging=("lots", "USD"),
            supplies=("1e12", "USD"),
            interpreter=("300", "XYZ"),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "An amount cannot be less than 0." in html
    assert "Enter an amount in numbers" in html
    assert "That amount looks too large" in html
    assert "Choose US dollars or Mexican pesos." in html
    for typed in ('value="-40"', 'value="lots"', 'value="1e12"', 'value="20000"'):
        assert typed in html
    plan = current_plan(client)
    assert list(plan.cost_items.values_list("key", "amount")) == [("quote", Decimal("20000.00"))]


def test_clearing_a_cost_line_removes_it(client, content):
    client.post(reverse("plan:costs"), cost_worksheet_data(quote=("100", "USD")))
    client.post(reverse("plan:costs"), cost_worksheet_data(quote=("", "USD")))
    assert not CostItem.objects.exists()


def test_mixed_currencies_without_a_rate_are_never_added_up_as_one_figure(client, content):
    response = client.post(
        reverse("plan:costs"),
        cost_worksheet_data(quote=("300,000", "MXN"), travel=("2000", "USD")),
    )
    assert response.status_code == 400
    assert "Enter an exchange rate so they can be added up." in response.content.decode()
    html = client.get(PLAN).content.decode()
    assert "2,000.00 USD + 300,000.00 MXN" in html
    assert "Not all added up" in html
    assert "times the headline price" not in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1.500,50", "Use a point for cents"), ("12,50", "Use a point for cents")],
)
def test_decimal_commas_are_refused_not_misread(client, content, typed, message):
    response = client.post(reverse("plan:costs"), cost_worksheet_data(quote=(typed, "USD")))
    assert message in response.content.decode()
    assert not CostItem.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0.058", "looks like dollars for 1 peso"), ("17,5", "in numbers"), ("-3", "between 1"),
     ("5000", "between 1 and 1,000")],
)  # fmt: skip
def test_exchange_rate_the_wrong_way_up_or_odd_is_refused(client, content, typed, message):
    response = client.post(reverse("plan:costs"), cost_worksheet_data(exchange_rate=typed))
    assert message in response.content.decode()


def test_exchange_rate_keeps_four_decimal_places(client, content):
    client.post(reverse("plan:costs"), cost_worksheet_data(exchange_rate="17.2549"))
    assert current_plan(client).exchange_rate == Decimal("17.2549")


def test_notes_and_own_questions(client, content):
    client.post(reverse("plan:notes"), {"notes": "Ask my sister to come."})
    client.post(reverse("plan:add_question"), {"text": "Can I fly safely?", "audience": "doctor"})
    html = client.get(PLAN).content.decode()
    assert "Ask my sister to come." in html and "Can I fly safely?" in html
    too_long = client.post(reverse("plan:notes"), {"notes": "n" * 5001})
    assert too_long.status_code == 400
    assert "5,000 characters or fewer" in too_long.content.decode()
    assert current_plan(client).notes == "Ask my sister to come."


def test_own_question_needs_text_and_audience(client, content):
    response = client.post(reverse("plan:add_question"), {"text": "", "audience": "nobody"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write your question." in html and "Choose who you will ask." in html


def test_removing_an_own_question_from_another_plan_is_a_404(client, content):
    client.post(reverse("plan:add_question"), {"text": "Mine?", "audience": "clinic"})
    question = current_plan(client).own_questions.get()
    from django.test import Client

    other = Client()
    other.post(reverse("plan:notes"), {"notes": "x"})
    response = other.post(reverse("plan:remove_question", args=[question.pk]))
    assert response.status_code == 404
    client.post(reverse("plan:remove_question", args=[question.pk]))
    assert not current_plan(client).own_questions.exists()


def test_add_to_my_plan_from_a_guide_page_without_javascript(client, content):
    question = Question.objects.filter(section__slug="risks").first()
    response = client.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "add"})
    assert response.url == f"/guide/risks/#question-{question.pk}"
    assert question in current_plan(client).saved_questions.all()
    html = client.get("/guide/risks/").content.decode()
    assert "Remove from my plan" in html and "In your plan" in html
    assert question.text in client.get(PLAN).content.decode()
    client.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "remove"})
    assert not current_plan(client).saved_questions.exists()


def test_add_from_a_stale_second_tab_never_removes(client, content):
    question = Question.objects.filter(section__slug="risks").first()
    for _ in range(2):  # the same "Add" pressed in two tabs
        client.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "add"})
    assert list(current_plan(client).saved_questions.all()) == [question]


def test_add_to_my_plan_with_htmx_swaps_the_item_and_announces_it(client, content):
    question = Question.objects.filter(section__slug="costs").first()
    response = client.post(
        reverse("plan:toggle_question", args=[question.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="question-{question.pk}">')
    assert "Remove from my plan" in html and "data-focus-after-swap" in html
    assert 'id="status-message" data-hx-swap-oob="innerHTML">Added to your plan.' in html


def test_toggling_an_unknown_question_is_a_404(client, content):
    assert client.post(reverse("plan:toggle_question", args=[999999])).status_code == 404


def test_section_page_with_a_plan_still_takes_few_queries(
    client, content, django_assert_max_num_queries
):
    question = Question.objects.filter(section__slug="risks").first()
    client.post(reverse("plan:toggle_question", args=[question.pk]))
    with django_assert_max_num_queries(4):
        assert client.get("/guide/risks/").status_code == 200


def test_plan_page_takes_a_constant_number_of_queries(
    client, content, django_assert_max_num_queries
):
    from clinics.models import Clinic

    client.post(reverse("clinics:add"), {"name": "One"})
    with django_assert_max_num_queries(12) as one_clinic:
        client.get(PLAN)
    plan = current_plan(client)
    for n in range(4):
        Clinic.objects.create(plan=plan, name=f"More {n}")
    with django_assert_max_num_queries(len(one_clinic.captured_queries)):
        client.get(PLAN)


def test_questions_are_collected_by_who_to_ask_in_guide_order(content):
    from plans.access import create_plan
    from plans.overview import plan_overview

    plan = create_plan()
    doctor = Question.objects.filter(audience="doctor").order_by("-section__order").first()
    clinic = Question.objects.filter(audience="clinic").order_by("section__order").first()
    plan.saved_questions.set([doctor, clinic])
    plan.own_questions.create(text="Who pays if I get an infection?", audience="clinic")
    overview = plan_overview(plan)
    assert overview.doctor_questions == [doctor.text]
    assert overview.clinic_questions == [clinic.text, "Who pays if I get an infection?"]
