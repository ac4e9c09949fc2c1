import pytest
from django.urls import reverse

from guide.models import Plan, Question
from tests.browser.test_clinics import tab_to
from tests.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_question_from_guide(page, slug: str) -> Question:
    question = Question.objects.filter(section__slug=slug).order_by("order").first()
    page.goto(reverse("guide:section", args=[slug]))
    page.locator("h1").focus()
    tab_to(page, f"#question-{question.pk} button")
    page.keyboard.press("Enter")
    item = page.locator(f"#question-{question.pk}")
    item.get_by_text("In your plan").wait_for()
    # Focus lands on the new button, and screen readers hear what happened.
    page.wait_for_function(
        "id => document.activeElement.closest('#' + id) !== null", arg=f"question-{question.pk}"
    )
    assert "Added to your plan." in page.locator("#status-message").text_content()
    return question


def test_plan_by_keyboard_questions_from_guide_and_pdf_download(page, content):
    first = add_question_from_guide(page, "risks")
    assert_no_axe_violations(page)
    second = add_question_from_guide(page, "costs")

    page.goto(reverse("plan:detail"))
    assert_no_axe_violations(page)
    assert page.get_by_text(first.text).is_visible() and page.get_by_text(second.text).is_visible()

    # About me, by keyboard only: arrow keys move within each radio group.
    page.locator("h1").focus()
    tab_to(page, "#id_injury_level_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_ais_grade_0")
    page.keyboard.press("ArrowDown")  # B
    tab_to(page, "#id_months_since_injury")
    page.keyboard.type("30")
    tab_to(page, "form[action$='/about-me/'] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/#about-me")
    assert page.get_by_text("Neck (cervical)").first.is_visible()

    # The cost worksheet (open while empty), by keyboard: one bad line keeps the others.
    tab_to(page, "#id_amount_quote", 200)
    page.keyboard.type("25,000")
    tab_to(page, "#id_amount_travel")
    page.keyboard.type("-5")
    tab_to(page, "#id_amount_lodging")
    page.keyboard.type("1200")
    tab_to(page, "form[action$='/costs/'] button", 100)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.locator("#id_amount_travel").input_value() == "-5"
    assert page.locator("#id_amount_lodging").input_value() == "1200"
    assert_no_axe_violations(page)
    page.locator("#id_amount_travel").fill("800")
    page.locator("form[action$='/costs/'] button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/#costs")
    total = page.get_by_role("row", name="Whole trip: money at risk if it does not help")
    assert total.inner_text().endswith("27,000.00 USD")

    # Download the PDF.
    page.locator("#paper-a4").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF summary").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Plan.objects.get().months_since_injury == 30


def test_plan_works_without_javascript(page_without_js, content):
    page = page_without_js
    question = Question.objects.filter(section__slug="timeline").order_by("order").first()
    page.goto(reverse("guide:section", args=["timeline"]))
    page.locator(f"#question-{question.pk} button").click()
    assert page.locator(f"#question-{question.pk}").get_by_text("In your plan").is_visible()
    page.goto(reverse("plan:detail"))
    assert page.get_by_text(question.text).is_visible()
    page.locator("#id_outcome_walking_0").check()
    page.get_by_role("button", name="Save what matters most").click()
    assert page.get_by_text("Very important").first.is_visible()
    assert Plan.objects.get().priorities["outcomes"] == {"walking": "very"}
