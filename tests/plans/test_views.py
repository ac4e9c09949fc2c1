import pytest
from django.urls import reverse

from guide.models import Question
from plans.models import Plan, PlanQuestion
from tests.factories import plan_of
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
    question = Question.objects.filter(section__slug="risks", section__language="en").first()
    response = client.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "add"})
    assert response.url == f"/guide/risks/#question-{question.pk}"
    assert question in current_plan(client).saved_questions.all()
    html = client.get("/guide/risks/").content.decode()
    assert "Remove from my plan" in html and "In your plan" in html
    assert question.text in client.get(PLAN).content.decode()
    client.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "remove"})
    assert not current_plan(client).saved_questions.exists()


def test_add_from_a_stale_second_tab_never_removes(client, content):
    question = Question.objects.filter(section__slug="risks", section__language="en").first()
    for _ in range(2):  # the same "Add" pressed in two tabs
        client.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "add"})
    assert list(current_plan(client).saved_questions.all()) == [question]


def test_add_to_my_plan_with_htmx_swaps_the_item_and_announces_it(client, content):
    question = Question.objects.filter(section__slug="costs", section__language="en").first()
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
    question = Question.objects.filter(section__slug="risks", section__language="en").first()
    client.post(reverse("plan:toggle_question", args=[question.pk]))
    # The page, its questions, this device's key, the plan, its saved questions.
    with django_assert_max_num_queries(5):
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


def test_about_me_holds_what_a_clinician_needs(client, content):
    response = client.post(
        reverse("plan:about_me"),
        {"filled_in_by": "self", "neurological_level": "C6", "ais_grade": "B",
         "injury_month": "3", "injury_year": "2022", "injury_cause": "Diving",
         "exam_month": "9", "exam_year": "2026", "motor_score": "34",
         "light_touch_score": "60", "pin_prick_score": "55",
         "medicines": "Baclofen 10 mg", "blood_thinner": "yes",
         "blood_thinner_name": "Apixaban 5 mg twice a day", "allergies": "yes",
         "allergy_details": "Penicillin: rash", "dysreflexia": "yes",
         "usual_blood_pressure": "100 over 60", "bladder": "intermittent",
         "bowel": "program", "skin": "past", "breathing": "own",
         "goals": "Feed myself; transfer alone."},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = current_plan(client)
    assert (plan.neurological_level, plan.blood_thinner, plan.usual_blood_pressure) == (
        "C6",
        "yes",
        "100/60",
    )
    assert plan.injury_date.isoformat() == "2022-03-01"
    assert plan.months_since_injury >= 56  # worked out from the date
    assert (plan.motor_score, plan.light_touch_score, plan.pin_prick_score) == (34, 60, 55)
    html = client.get(PLAN).content.decode()
    for expected in ("C6", "Apixaban 5 mg twice a day", "Penicillin: rash", "100/60",
                     "A catheter put in several times a day",
                     "Feed myself; transfer alone."):  # fmt: skip
        assert expected in html, expected


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [("usual_blood_pressure", "high", "Write it like 100/60"),
     ("usual_blood_pressure", "400/90", "between 50 and 250"),
     ("motor_score", "140", "from 0 to 100"),
     ("injury_year", "22", "four numbers"),
     ("injury_year", "2099", "between 1940 and this year"),
     ("neurological_level", "Q9", "Choose a level from the list.")],
)  # fmt: skip
def test_bad_clinical_answers_get_a_plain_message_and_are_kept(
    client, content, field, typed, message
):
    response = client.post(reverse("plan:about_me"), {field: typed, "injury_month": "5"})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert typed in html or field == "neurological_level"  # a list cannot show a made-up choice


def test_a_parent_filling_it_in_gets_a_plan_that_speaks_of_their_son(client, content):
    client.post(reverse("plan:about_me"), {"filled_in_by": "son"})
    html = client.get(PLAN).content.decode()
    assert "About my son" in html and "What matters most to my son" in html
    assert "About me" not in html


def test_a_parent_is_told_the_guides_questions_speak_as_the_injured_person(client, content):
    question = Question.objects.filter(section__slug="risks", section__language="en").first()
    client.post(reverse("plan:toggle_question", args=[question.pk]), {"action": "add"})
    note = "worded as the person with the injury would ask them"
    assert note not in client.get(PLAN).content.decode()  # "I" fits someone asking for themselves
    client.post(reverse("plan:about_me"), {"filled_in_by": "son"})
    assert note in client.get(PLAN).content.decode()


def test_months_are_understood_as_people_say_them(client, content):
    client.post(reverse("plan:about_me"), {"months_since_injury": "2 years 6 months"})
    assert current_plan(client).months_since_injury == 30


def test_a_plan_holds_at_most_100_questions_of_its_own(client, content):
    client.post(reverse("plan:add_question"), {"text": "First?", "audience": "doctor"})
    plan = plan_of(client)
    PlanQuestion.objects.bulk_create(
        PlanQuestion(plan=plan, text=f"Question {n}?", audience="clinic")
        for n in range(Plan.MAX_OWN_QUESTIONS - 1)
    )
    response = client.post(
        reverse("plan:add_question"), {"text": "One too many?", "audience": "doctor"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your plan already has 100 questions of your own, the most it can hold." in html
    assert "One too many?" in html
    assert plan.own_questions.count() == Plan.MAX_OWN_QUESTIONS


@pytest.mark.parametrize("year", ["0000", "0001", "1939", "9999"])
def test_an_impossible_year_is_refused_at_the_field(client, content, year):
    response = client.post(reverse("plan:about_me"), {"injury_year": year, "exam_year": year})
    assert response.status_code == 400
    assert "Enter a year between 1940 and this year." in response.content.decode()
