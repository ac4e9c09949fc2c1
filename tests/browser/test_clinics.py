import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clinics.models import ClinicAnswer
from clinics.selectors import checklist_questions
from plans.models import Plan
from tests.conftest import assert_no_axe_violations, expect_no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, css: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``css`` has focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("(css) => document.activeElement.matches(css)", css):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {css}")


def add_clinic_by_keyboard(page, name: str) -> None:
    page.goto(reverse("clinics:index"))
    page.locator("h1").focus()
    tab_to(page, "#id_name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type("Tijuana")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Checklist: {name}")).to_be_visible()


def test_checklist_flow_by_keyboard_with_javascript(page, content):
    questions = checklist_questions("en")
    red = next(q for q in questions if q.red_flag_answer == "no")
    unsure = questions[questions.index(red) + 1]

    page.goto(reverse("clinics:index"))
    assert_no_axe_violations(page)
    add_clinic_by_keyboard(page, "Clinic Alpha")
    assert_no_axe_violations(page)

    # Answer "No" (a red flag) with the arrow keys: saves as it changes.
    page.locator("h1").focus()
    tab_to(page, f"#q-{red.slug}-yes")
    page.keyboard.press("ArrowRight")
    summary = page.locator("#checklist-summary")
    expect(summary).to_contain_text("1 red flag")
    expect(summary).to_contain_text(red.text)
    expect(page.locator(f"#flag-{red.slug}")).to_have_text(re.compile(r"Red flag\s*$"))
    status = page.locator("#status-message")
    expect(status).to_contain_text("Saved.")
    expect(status).to_contain_text("1 red flag.")
    expect(page.locator(f"#q-{red.slug}-no")).to_be_focused()

    # Add a note, then save it with the question's own button.
    page.keyboard.press("Tab")
    page.keyboard.type("They said the licence is coming.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(f"#q-{red.slug}-note")).to_have_value("They said the licence is coming.")

    # Next question: "Not sure" becomes a question to ask.
    tab_to(page, f"#q-{unsure.slug}-yes")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(summary.get_by_text(unsure.ask_clinic)).to_be_visible()
    expect(summary.get_by_text("2 of")).to_have_count(1)
    expect(page.locator(":focus")).to_have_count(1)
    assert_no_axe_violations(page)

    # A note over the limit: the question comes back with its error, focused.
    page.keyboard.press("Tab")
    page.keyboard.insert_text("n" * 2100)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    error = page.locator(f"#q-{unsure.slug}-note-error")
    expect(error).to_contain_text("2,000 characters or fewer")
    expect(error).to_be_focused()
    expect(page.locator(f"#q-{unsure.slug}-note")).to_have_value("n" * 2100)
    expect(status).to_contain_text("There is a problem")
    assert_no_axe_violations(page)
    page.locator(f"#q-{unsure.slug}-note").fill("")
    page.locator(f"#q-{unsure.slug} button").click()
    expect(error).to_have_count(0)
    expect(page.locator("[aria-busy=true]")).to_have_count(0)  # the last save has finished

    page.reload()
    expect(page.locator(f"#q-{red.slug}-no")).to_be_checked()
    expect(page.locator(f"#q-{unsure.slug}-not_sure")).to_be_checked()
    expect(page.locator(f"#q-{red.slug}-note")).to_have_value("They said the licence is coming.")

    # A second clinic, then compare the two by keyboard.
    add_clinic_by_keyboard(page, "Clinic Beta")
    page.goto(reverse("clinics:index"))
    page.locator("h1").focus()
    for checkbox in page.locator("input[name=clinics]").all():
        tab_to(page, f"#{checkbox.get_attribute('id')}")
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Clinic Alpha")).to_be_visible()
    expect(table.get_by_role("rowheader", name=red.text)).to_be_visible()
    expect(table.get_by_role("row", name=re.compile(re.escape(red.text)))).to_contain_text(
        "Red flag"
    )
    assert_no_axe_violations(page)

    # Delete the plan.
    page.goto(reverse("plan:detail"))
    assert_no_axe_violations(page)
    page.locator("h1").focus()
    tab_to(page, "a[href$='/plan/delete/']", 400)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Yes, delete my plan")).to_be_visible()
    assert_no_axe_violations(page)
    tab_to(page, "button.button--warning")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your plan and everything in it have been deleted.")).to_be_visible()
    assert not Plan.objects.exists() and not ClinicAnswer.objects.exists()


def test_checklist_flow_without_javascript(page_without_js, content):
    page = page_without_js
    questions = checklist_questions("en")
    red = next(q for q in questions if q.red_flag_answer == "yes")

    add_clinic_by_keyboard(page, "Clinic Gamma")
    page.locator("h1").focus()
    tab_to(page, f"#q-{red.slug}-yes")
    page.keyboard.press("Space")
    tab_to(page, f"#q-{red.slug} button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#q-"))
    expect(page.locator("#checklist-summary")).to_contain_text("1 red flag")
    expect(page.locator(f"#q-{red.slug}-yes")).to_be_checked()

    # A note that is too long comes back with the message and the text kept.
    question = questions[0]
    page.locator(f"#q-{question.slug}-note").fill("z" * 2100)
    page.locator(f"#q-{question.slug}-no").check()
    page.locator(f"#q-{question.slug} button").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(f"#q-{question.slug}-note")).to_have_value("z" * 2100)
    # (axe needs JavaScript; the JavaScript flow checks the error state.)

    add_clinic_by_keyboard(page, "Clinic Delta")
    page.goto(reverse("clinics:index"))
    for checkbox in page.locator("input[name=clinics]").all():
        checkbox.check()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("columnheader", name="Clinic Delta")).to_be_visible()

    page.goto(reverse("plan:delete"))
    page.get_by_role("button", name="Yes, delete my plan").click()
    expect(page.get_by_text("Your plan and everything in it have been deleted.")).to_be_visible()
    assert not Plan.objects.exists()


def test_compare_stacks_on_a_phone(browser, live_server, content):
    context = browser.new_context(viewport={"width": 390, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    add_clinic_by_keyboard(page, "Phone A")
    add_clinic_by_keyboard(page, "Phone B")
    page.goto(reverse("clinics:index"))
    for checkbox in page.locator("input[name=clinics]").all():
        checkbox.check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".compare-stacked")).to_be_visible()
    expect(page.get_by_role("table")).to_be_hidden()
    expect_no_sideways_scroll(page)
    assert_no_axe_violations(page)
    context.close()
