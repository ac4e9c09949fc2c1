import re

import pytest
from django.urls import reverse

from clinics.models import ClinicAnswer
from clinics.selectors import checklist_questions
from guide.models import Plan
from tests.conftest import assert_no_axe_violations

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
    page.get_by_role("heading", name=f"Checklist: {name}").wait_for()


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
    summary.get_by_text("1 red flag").wait_for()
    assert red.text in summary.inner_text()
    assert page.locator(f"#flag-{red.slug}").inner_text().strip().endswith("Red flag")
    status = page.locator("#status-message")
    status.get_by_text("1 red flag.").wait_for(state="attached")
    assert "Saved." in status.text_content()
    assert page.evaluate("document.activeElement.id") == f"q-{red.slug}-no"

    # Add a note, then save it with the question's own button.
    page.keyboard.press("Tab")
    page.keyboard.type("They said the licence is coming.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "slug => document.querySelector(`#q-${slug} textarea`).value.length > 0", arg=red.slug
    )

    # Next question: "Not sure" becomes a question to ask.
    tab_to(page, f"#q-{unsure.slug}-yes")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    summary.get_by_text(unsure.ask_clinic).wait_for()
    assert summary.get_by_text("2 of").count() == 1
    assert page.evaluate("document.activeElement.isConnected")
    assert_no_axe_violations(page)

    # A note over the limit: the question comes back with its error, focused.
    page.keyboard.press("Tab")
    page.keyboard.insert_text("n" * 2100)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    error = page.locator(f"#q-{unsure.slug}-note-error")
    error.wait_for()
    assert "2,000 characters or fewer" in error.inner_text()
    page.wait_for_function(
        "id => document.activeElement.id === id", arg=f"q-{unsure.slug}-note-error"
    )
    assert page.locator(f"#q-{unsure.slug}-note").input_value() == "n" * 2100
    assert "There is a problem" in page.locator("#status-message").text_content()
    assert_no_axe_violations(page)
    page.locator(f"#q-{unsure.slug}-note").fill("")
    page.locator(f"#q-{unsure.slug} button").click()
    page.locator(f"#q-{unsure.slug}-note-error").wait_for(state="detached", timeout=5000)

    page.wait_for_function(
        "() => !document.querySelector('[aria-busy=true]')"
    )  # the last save has finished
    page.reload()
    assert page.locator(f"#q-{red.slug}-no").is_checked()
    assert page.locator(f"#q-{unsure.slug}-not_sure").is_checked()
    assert page.locator(f"#q-{red.slug}-note").input_value() == "They said the licence is coming."

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
    table.wait_for()
    assert table.get_by_role("columnheader", name="Clinic Alpha").is_visible()
    assert table.get_by_role("rowheader", name=red.text).is_visible()
    assert "Red flag" in table.get_by_role("row", name=re.compile(re.escape(red.text))).inner_text()
    assert_no_axe_violations(page)

    # Delete the plan.
    page.goto(reverse("plan:detail"))
    assert_no_axe_violations(page)
    page.locator("h1").focus()
    tab_to(page, "a[href$='/plan/delete/']", 400)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Yes, delete my plan").wait_for()
    assert_no_axe_violations(page)
    tab_to(page, "button.button--warning")
    page.keyboard.press("Enter")
    page.get_by_text("Your plan and everything in it have been deleted.").wait_for()
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
    page.wait_for_url(re.compile(r"#q-"))
    summary = page.locator("#checklist-summary")
    assert "1 red flag" in summary.inner_text()
    assert page.locator(f"#q-{red.slug}-yes").is_checked()

    # A note that is too long comes back with the message and the text kept.
    question = questions[0]
    page.locator(f"#q-{question.slug}-note").fill("z" * 2100)
    page.locator(f"#q-{question.slug}-no").check()
    page.locator(f"#q-{question.slug} button").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.locator(f"#q-{question.slug}-note").input_value() == "z" * 2100
    # (axe needs JavaScript; the JavaScript flow checks the error state.)

    add_clinic_by_keyboard(page, "Clinic Delta")
    page.goto(reverse("clinics:index"))
    for checkbox in page.locator("input[name=clinics]").all():
        checkbox.check()
    page.get_by_role("button", name="Compare").click()
    assert page.get_by_role("columnheader", name="Clinic Delta").is_visible()

    page.goto(reverse("plan:delete"))
    page.get_by_role("button", name="Yes, delete my plan").click()
    assert page.get_by_text("Your plan and everything in it have been deleted.").is_visible()
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
    assert not page.get_by_role("table").is_visible()
    assert page.locator(".compare-stacked").is_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert_no_axe_violations(page)
    context.close()
    assert overflow <= 0
