"""A new link and code, and the messages of the resume throttle, as a person meets them."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plans import throttle
from plans.access import create_plan
from tests.browser.test_clinics import add_clinic_by_keyboard, tab_to
from tests.conftest import _open_page, assert_no_axe_violations
from tests.factories import in_one_throttle_window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_with_code(page, code: str) -> None:
    page.goto(reverse("plan:resume"))
    page.get_by_label("Your resume code").fill(code)
    page.get_by_role("button", name="Open my plan").click()


def test_a_new_link_and_code_by_keyboard_lock_out_the_old_ones(page, browser, live_server, content):
    add_clinic_by_keyboard(page, "Clinic Kept")
    page.goto(reverse("plan:detail"))
    old_code = page.locator(".resume-code").inner_text()
    old_link = page.locator("#resume-link").input_value()
    other_context, laptop, _foreign = _open_page(browser, live_server)
    open_with_code(laptop, old_code)
    expect(laptop.get_by_text("Welcome back. Your plan is open.")).to_be_visible()

    page.locator("h1").focus()
    tab_to(page, "form[action$='/new-link/'] button", 200)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your plan has a new link and a new resume code.")).to_be_visible()
    expect(page.locator(".resume-code")).not_to_have_text(old_code)
    expect(page.get_by_text("Clinic Kept").first).to_be_visible()
    assert_no_axe_violations(page)
    new_code = page.locator(".resume-code").inner_text()

    laptop.goto(reverse("plan:detail"))  # the laptop's key went with the old code
    expect(laptop.get_by_text("Your plan starts the first time")).to_be_visible()
    open_with_code(laptop, old_code)
    expect(laptop.get_by_text("We could not open a plan with that code.").first).to_be_visible()
    laptop.goto(old_link)
    laptop.get_by_role("button", name="Open this plan").click()
    expect(laptop.get_by_text("We could not open a plan with that link")).to_be_visible()
    open_with_code(laptop, new_code)
    expect(laptop.get_by_text("Welcome back. Your plan is open.")).to_be_visible()
    expect(laptop.get_by_text("Clinic Kept").first).to_be_visible()
    other_context.close()


def test_the_throttle_counts_down_then_still_lets_the_right_code_in(page, content):
    in_one_throttle_window(throttle.RESUME_PER_CLIENT, margin_seconds=60)
    plan = create_plan()
    open_with_code(page, "wrong words entirely here now")
    left = throttle.RESUME_PER_CLIENT.failures - 1
    expect(page.locator("#tries")).to_contain_text(f"You can make {left} more wrong tries")
    assert_no_axe_violations(page)
    for _ in range(left):
        page.get_by_label("Your resume code").fill("still the wrong words here now")
        page.get_by_role("button", name="Open my plan").click()
    expect(page.locator("#tries")).to_contain_text("too many wrong tries")
    expect(page.locator("#tries")).to_contain_text("Your right code or link still works")
    assert_no_axe_violations(page)
    page.get_by_label("Your resume code").fill(plan.resume_code)
    page.get_by_role("button", name="Open my plan").click()
    expect(page.get_by_text("Welcome back. Your plan is open.")).to_be_visible()
