import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from guide.models import Question
from tests.browser.test_clinics import add_clinic_by_keyboard, tab_to
from tests.conftest import assert_no_axe_violations, plan_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_question_from_guide(page, slug: str) -> Question:
    question = (
        Question.objects.filter(section__slug=slug, section__language="en")
        .order_by("order")
        .first()
    )
    page.goto(reverse("guide:section", args=[slug]))
    page.locator("#main-content").focus()
    tab_to(page, f"#question-{question.pk} button", 600)
    page.keyboard.press("Enter")
    item = page.locator(f"#question-{question.pk}")
    expect(item.get_by_text("In your plan")).to_be_visible()
    # Focus lands on the new button, and screen readers hear what happened.
    expect(item.get_by_role("button", name="Remove from my plan")).to_be_focused()
    expect(page.locator("#status-message")).to_contain_text("Added to your plan.")
    return question


def test_plan_by_keyboard_questions_from_guide_and_pdf_download(page, content):
    first = add_question_from_guide(page, "risks")
    assert_no_axe_violations(page)
    second = add_question_from_guide(page, "costs")

    page.goto(reverse("plan:detail"))
    assert_no_axe_violations(page)
    expect(page.get_by_text(first.text)).to_be_visible()
    expect(page.get_by_text(second.text)).to_be_visible()

    # About the person, by keyboard only: arrow keys move within each radio group.
    page.locator("h1").focus()
    tab_to(page, "#id_filled_in_by_0")  # the Tab stop is the group's first answer...
    page.keyboard.press("ArrowDown")  # ...and the arrow moves and chooses
    tab_to(page, "#id_neurological_level")
    page.keyboard.type("T10")
    tab_to(page, "#id_ais_grade_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_months_since_injury")
    page.keyboard.type("8 months")
    tab_to(page, "#id_blood_thinner_0")
    page.keyboard.press("ArrowDown")  # No
    tab_to(page, "form[action$='/about-me/'] button", 200)
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/#about-me")
    expect(page.get_by_role("heading", name="1. About my son")).to_be_visible()
    expect(page.locator(".summary-list").first).to_contain_text("T10")
    plan = plan_in(page)
    assert (plan.filled_in_by, plan.neurological_level, plan.months_since_injury) == (
        "son",
        "T10",
        8,
    )

    # A clinic's whole-trip costs, by keyboard: one bad line keeps the others.
    add_clinic_by_keyboard(page, "Clinic Costs")
    (clinic,) = plan_in(page).clinics.all()
    page.goto(reverse("clinics:costs", args=[clinic.public_id]))
    page.locator("h1").focus()
    quote, flights, driving = (page.locator(f"#id_lines-{n}-amount") for n in range(3))
    tab_to(page, "#id_lines-0-amount", 100)
    page.keyboard.type("25 thousand")
    tab_to(page, "#id_lines-1-amount")
    page.keyboard.type("-5")
    tab_to(page, "#id_lines-2-amount")
    page.keyboard.type("1200")
    tab_to(page, "form.cost-form button", 200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(quote).to_have_value("25 thousand")
    expect(flights).to_have_value("-5")
    expect(driving).to_have_value("1200")
    assert_no_axe_violations(page)
    flights.fill("800")
    page.locator("form.cost-form button").focus()
    page.keyboard.press("Enter")
    total = page.get_by_role("row", name="Whole trip: money at risk if it does not help")
    expect(total).to_have_text(re.compile(r"27,000\.00 USD\s*$"))

    # Download the PDF.
    page.goto(reverse("plan:detail"))
    page.locator("#paper-a4").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF summary").click()
    assert re.fullmatch(r"my-plan-\d{4}-\d\d-\d\d-a4\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_plan_works_without_javascript(page_without_js, content):
    page = page_without_js
    question = (
        Question.objects.filter(section__slug="timeline", section__language="en")
        .order_by("order")
        .first()
    )
    page.goto(reverse("guide:section", args=["timeline"]))
    page.locator(f"#question-{question.pk} button").click()
    expect(page.locator(f"#question-{question.pk}").get_by_text("In your plan")).to_be_visible()
    page.goto(reverse("plan:detail"))
    expect(page.get_by_text(question.text)).to_be_visible()
    page.locator("#id_outcome_walking_0").check()
    page.get_by_role("button", name="Save what matters most").click()
    expect(page.get_by_text("Very important").first).to_be_visible()
    assert plan_in(page).priorities["outcomes"] == {"walking": "very"}
