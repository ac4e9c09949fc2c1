import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from guide.models import Question
from plans.models import Plan
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
    expect(item.get_by_text("In your plan")).to_be_visible()
    # Focus lands on the new button, and screen readers hear what happened.
    expect(item.get_by_role("button", name="Remove from my plan")).to_be_focused()
    expect(page.locator("#status-message")).to_contain_text("Added to your plan.")
    return question


def cost_line(page, index: int):
    return page.locator(f"#id_lines-{index}-amount")


def test_plan_by_keyboard_questions_from_guide_and_pdf_download(page, content):
    first = add_question_from_guide(page, "risks")
    assert_no_axe_violations(page)
    second = add_question_from_guide(page, "costs")

    page.goto(reverse("plan:detail"))
    assert_no_axe_violations(page)
    expect(page.get_by_text(first.text)).to_be_visible()
    expect(page.get_by_text(second.text)).to_be_visible()

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
    expect(page.get_by_text("Neck (cervical)").first).to_be_visible()

    # The cost worksheet (open while empty), by keyboard: one bad line keeps the others.
    quote, travel, companion = cost_line(page, 0), cost_line(page, 1), cost_line(page, 2)
    tab_to(page, "#id_lines-0-amount", 200)
    page.keyboard.type("25,000")
    tab_to(page, "#id_lines-1-amount")
    page.keyboard.type("-5")
    tab_to(page, "#id_lines-2-amount")
    page.keyboard.type("1200")
    tab_to(page, "form[action$='/costs/'] button", 100)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(quote).to_have_value("25,000")
    expect(travel).to_have_value("-5")
    expect(companion).to_have_value("1200")
    assert_no_axe_violations(page)
    travel.fill("800")
    page.locator("form[action$='/costs/'] button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/#costs")
    total = page.get_by_role("row", name="Whole trip: money at risk if it does not help")
    expect(total).to_have_text(re.compile(r"27,000\.00 USD\s*$"))

    # Download the PDF.
    page.locator("#paper-a4").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF summary").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Plan.objects.get().months_since_injury == 30


def test_plan_works_without_javascript(page_without_js, content):
    page = page_without_js
    question = Question.objects.filter(section__slug="timeline").order_by("order").first()
    page.goto(reverse("guide:section", args=["timeline"]))
    page.locator(f"#question-{question.pk} button").click()
    expect(page.locator(f"#question-{question.pk}").get_by_text("In your plan")).to_be_visible()
    page.goto(reverse("plan:detail"))
    expect(page.get_by_text(question.text)).to_be_visible()
    page.locator("#id_outcome_walking_0").check()
    page.get_by_role("button", name="Save what matters most").click()
    expect(page.get_by_text("Very important").first).to_be_visible()
    assert Plan.objects.get().priorities["outcomes"] == {"walking": "very"}
