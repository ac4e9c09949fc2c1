from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from guide.models import OptionNote, QuizQuestion
from plans.decide import SureResult, notes_that_apply, trial_search_terms, trial_searches
from plans.models import Plan
from tests.factories import make_option, make_quiz_question, plan_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, set()),
        ({"neurological_level": "C5", "ais_grade": "B", "months_since_injury": 36},
         {"neck", "high", "incomplete", "later"}),
        ({"neurological_level": "T10", "ais_grade": "A", "months_since_injury": 8},
         {"chest_or_back", "complete", "early"}),
        ({"neurological_level": "T4"}, {"chest_or_back", "high"}),
        ({"injury_level": "cervical"}, {"neck", "high"}),
        ({"ais_grade": "not_sure"}, set()),
    ],
)  # fmt: skip
def test_notes_apply_only_to_what_the_plan_says(fields, expected):
    assert notes_that_apply(Plan(**fields)) == expected
    assert notes_that_apply(None) == set()


def test_sure_counts_yes_and_gives_a_next_step_for_each_no():
    result = SureResult("after", {"sure": "no", "understand": "yes", "values": "no",
                                  "support": "yes"})  # fmt: skip
    assert (result.score, result.complete, result.ready) == (2, True, False)
    assert len(result.next_steps()) == 2
    assert SureResult("after", {key: "yes" for key in
                                ("sure", "understand", "values", "support")}).ready  # fmt: skip


def test_trial_searches_are_links_with_words_from_the_plan():
    plan = Plan(neurological_level="C6", months_since_injury=40)
    assert trial_search_terms(plan) == "spinal cord injury cervical chronic"
    searches = trial_searches(plan)
    query = parse_qs(urlsplit(searches[0].url).query)
    assert query == {"cond": ["Spinal Cord Injuries"], "term": ["cervical chronic"]}
    assert all(search.url.startswith("https://") for search in searches)
    assert {urlsplit(s.url).netloc for s in searches} >= {"clinicaltrials.gov",
                                                        "trialsearch.who.int"}  # fmt: skip


def test_the_options_page_shows_every_row_for_every_option_and_notes_that_fit(client, content):
    first, second = make_option(), make_option()
    OptionNote.objects.create(option=first, applies_when="complete", text="Only for complete.",
                              text_html="Only for complete.")  # fmt: skip
    OptionNote.objects.create(option=first, applies_when="neck", text="Only for neck.",
                              text_html="Only for neck.")  # fmt: skip
    for option in (first, second):
        option.rendered = {key: text for key, text in option.cells()}
        option.save()
    client.post(reverse("plan:about_me"), {"ais_grade": "A", "injury_level": "thoracic"})
    html = client.get(reverse("plan:options")).content.decode()
    for option in (first, second):
        for _key, text in option.cells():
            assert text in html
    assert "Only for complete." in html and "Only for neck." not in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0].lower()
    assert "we recommend" not in main and "best option" not in main  # never a ranking
    assert main.index(first.name.lower()) < main.index(second.name.lower())


def test_the_options_page_takes_few_queries(client, content, django_assert_max_num_queries):
    client.post(reverse("plan:about_me"), {"ais_grade": "A"})
    with django_assert_max_num_queries(10):
        assert client.get(reverse("plan:options")).status_code == 200


def test_sure_before_and_after_are_saved_and_shown_with_next_steps(client, content):
    answers = {"sure": "no", "understand": "yes", "values": "yes", "support": "no"}
    response = client.post(reverse("plan:sure"), {"when": "before", **answers})
    assert response.status_code == 302
    client.post(reverse("plan:sure"), {"when": "after", **{k: "yes" for k in answers}})
    plan = plan_of(client)
    assert plan.sure["before"] == answers and plan.sure["after"]["sure"] == "yes"
    html = client.get(reverse("plan:detail")).content.decode()
    assert "2 of 4 answered yes." in html and "4 of 4 answered yes." in html
    assert "Take your PDF summary to your own doctor" in html


def test_a_sure_answer_left_out_gets_a_message_and_the_others_are_kept(client, content):
    response = client.post(reverse("plan:sure"), {"when": "after", "sure": "yes", "values": "no"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Answer yes or no." in html and "There is a problem" in html
    assert plan_of(client) is None  # nothing saved, no plan started


def test_the_quiz_gives_feedback_and_keeps_nothing_unless_asked(client, content):
    question = make_quiz_question(explanation_html="<p>A story is not proof.</p>")
    other = make_quiz_question()
    response = client.post(reverse("plan:quiz"), {question.slug: "1", other.slug: "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "You got 1 of 2 right." in html and "A story is not proof." in html
    assert question.section.get_absolute_url() in html
    assert plan_of(client) is None
    client.post(reverse("plan:quiz_save"), {question.slug: "1", other.slug: "0"})
    plan = plan_of(client)
    assert (plan.quiz_score, plan.quiz_total) == (1, 2)


def test_one_quiz_answer_is_checked_in_place_with_htmx(client, content):
    question = make_quiz_question(explanation_html="<p>Because.</p>")
    response = client.post(reverse("plan:quiz_check", args=[question.slug]),
                           {question.slug: "0"}, headers={"HX-Request": "true"})  # fmt: skip
    html = response.content.decode()
    assert "Right." in html and "<html" not in html


def test_trials_page_links_out_and_fetches_nothing(client, content):
    client.post(reverse("plan:about_me"), {"neurological_level": "C6"})
    html = client.get(reverse("plan:trials")).content.decode()
    assert "https://clinicaltrials.gov/search?cond=Spinal+Cord+Injuries&amp;term=cervical" in html
    assert "spinal cord injury cervical" in html


def test_the_quick_path_lists_five_steps_on_the_same_plan(client, content):
    client.post(reverse("clinics:add"), {"name": "Clínica Rápida"})
    html = client.get(reverse("plan:quick")).content.decode()
    assert html.count("<li>") >= 5
    clinic = plan_of(client).clinics.get()
    assert reverse("clinics:key_questions", args=[clinic.public_id]) in html
    assert reverse("clinics:advert") in html and reverse("plan:sure") in html


def test_the_pdf_carries_the_decision_parts_and_page_one_still_ends_whole(client, content):
    """Options, trade-offs, SURE before and after, the quiz score and a kept advert
    phrase all reach the doctor's PDF; page 1 is still the one-page hand-off."""
    import io

    from pypdf import PdfReader

    from guide.models import Option

    client.post(reverse("clinics:add"), {"name": "Clínica Milagro"})
    clinic = plan_of(client).clinics.get()
    client.post(reverse("clinics:advert_save"), {
        "text": "Stem cells helped Juan walk again! Only $19,900, results in 3 months.",
        "clinic": str(clinic.public_id),
    })  # fmt: skip
    client.post(reverse("plan:priorities"), {"risk": "avoid", "cost": "cannot_lose"})
    answers = {"sure": "no", "understand": "yes", "values": "yes", "support": "no"}
    client.post(reverse("plan:sure"), {"when": "before", **answers})
    client.post(reverse("plan:sure"), {"when": "after", **{key: "yes" for key in answers}})
    quiz = list(QuizQuestion.objects.filter(language="en"))
    client.post(reverse("plan:quiz_save"), {q.slug: str(q.correct) for q in quiz})
    response = client.get(reverse("plan:summary_pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    assert "before the guide 2 of 4 yes; after the guide 4 of 4 yes" in " ".join(pages[0].split())
    assert "I want to avoid risk as much as I can" in text
    assert "We could not afford to lose this money" in text
    assert "Before using the guide: 2 of 4 answered yes." in text
    assert "After using the guide: 4 of 4 answered yes." in text
    assert f"Check what I know: {len(quiz)} of {len(quiz)} right." in text
    assert "Warning signs in its advert" in text
    assert "“walk again”" in text and "“results in 3 months”" in text
    assert "The options side by side" in text
    for option in Option.objects.filter(language="en"):
        assert " ".join(option.name.split()) in text
    assert "Next pages:" in pages[0]  # the hand-off ends on page 1 and points on


def test_the_decision_pages_take_few_queries(client, content, django_assert_max_num_queries):
    client.post(reverse("clinics:add"), {"name": "Clínica Rápida"})
    for name in ("plan:sure", "plan:quiz", "plan:trials", "plan:quick", "clinics:advert"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
