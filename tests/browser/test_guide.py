import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import assert_no_axe_violations, expect_no_sideways_scroll
from tests.guide.test_sections import SECTION_SLUGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE_PAGES = [
    reverse("guide:index"),
    *(reverse("guide:section", args=[slug]) for slug in SECTION_SLUGS),
    reverse("guide:glossary"),
    reverse("guide:sources"),
    reverse("guide:about"),
]
MONTHS = "How many months since your injury?"


def test_every_guide_page_has_no_axe_violations(page, content):
    for path in GUIDE_PAGES:
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        assert_no_axe_violations(page)


def test_every_guide_page_reads_and_navigates_without_javascript(page_without_js, content):
    page = page_without_js
    page.goto(reverse("guide:index"))
    page.get_by_role("link", name=re.compile("When might results show")).click()
    for slug in SECTION_SLUGS[1:]:
        expect(page.get_by_role("heading", name="Key points")).to_be_visible()
        page.get_by_role("link", name=re.compile("^Next")).click()
        expect(page).to_have_url(re.compile(re.escape(reverse("guide:section", args=[slug]))))
    expect(page.get_by_role("link", name=re.compile("^Next"))).to_have_count(0)


def test_timeline_form_works_without_javascript(page_without_js, content):
    page = page_without_js
    page.goto(reverse("guide:section", args=["timeline"]))
    page.get_by_label(MONTHS).fill("abc")
    page.get_by_role("button", name="Show what this means").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label(MONTHS)).to_have_value("abc")
    page.get_by_label(MONTHS).fill("5")
    page.get_by_role("button", name="Show what this means").click()
    expect(page).to_have_url(re.compile("#your-timeline$"))
    expect(page.get_by_text("most natural recovery happens").first).to_be_visible()
    expect(page.get_by_role("cell", name="You are here")).to_be_visible()


def test_timeline_form_updates_in_place_with_javascript_by_keyboard(page, content):
    page.goto(reverse("guide:section", args=["timeline"]))
    page.get_by_label(MONTHS).focus()
    page.keyboard.type("-3")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_no_axe_violations(page)

    page.evaluate("window.__marker = 'same page'")
    field = page.get_by_label(MONTHS)
    field.fill("")
    field.focus()
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    expect(page.get_by_text("little natural change", exact=False).first).to_be_visible()
    result = page.locator("#timeline-result")
    expect(result).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(":focus")).to_have_count(1)  # focus was kept on the page
    expect(page.locator("#status-message")).to_contain_text("About 2 years, 6 months")
    page.wait_for_function("window.__marker === 'same page'", timeout=2_000)  # not reloaded
    assert_no_axe_violations(page)
    page.reload()
    expect(page.get_by_label(MONTHS)).to_have_value("30")


def test_guide_page_reflows_on_a_phone_and_at_double_zoom(browser, live_server, content):
    for width in (390, 640):  # 640 CSS px is a 1280 px window at 200% zoom
        context = browser.new_context(viewport={"width": width, "height": 900})
        phone = context.new_page()
        phone.goto(live_server.url + reverse("guide:section", args=["timeline"]))
        expect(phone.locator("h1")).to_be_visible()
        expect_no_sideways_scroll(phone)
        context.close()
