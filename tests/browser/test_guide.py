import re

import pytest
from django.urls import reverse

from tests.conftest import assert_no_axe_violations
from tests.guide.test_sections import SECTION_SLUGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE_PAGES = [
    reverse("guide:index"),
    *(reverse("guide:section", args=[slug]) for slug in SECTION_SLUGS),
    reverse("guide:glossary"),
    reverse("guide:sources"),
    reverse("guide:about"),
]


def test_every_guide_page_has_no_axe_violations(page, content):
    for path in GUIDE_PAGES:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)


def test_every_guide_page_reads_and_navigates_without_javascript(page_without_js, content):
    page = page_without_js
    page.goto(reverse("guide:index"))
    page.get_by_role("link", name=re.compile("When might results show")).click()
    for _ in SECTION_SLUGS[1:]:
        assert page.get_by_role("heading", name="Key points").is_visible()
        page.get_by_role("link", name=re.compile("^Next")).click()
    assert page.url.endswith(reverse("guide:section", args=[SECTION_SLUGS[-1]]))
    assert page.get_by_role("link", name=re.compile("^Next")).count() == 0


def test_timeline_form_works_without_javascript(page_without_js, content):
    page = page_without_js
    page.goto(reverse("guide:section", args=["timeline"]))
    page.get_by_label("How many months since your injury?").fill("abc")
    page.get_by_role("button", name="Show what this means").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.get_by_label("How many months since your injury?").input_value() == "abc"
    page.get_by_label("How many months since your injury?").fill("5")
    page.get_by_role("button", name="Show what this means").click()
    assert page.url.endswith("#your-timeline")
    assert page.get_by_text("most natural recovery happens").first.is_visible()
    assert page.get_by_role("cell", name="You are here").is_visible()


def test_timeline_form_updates_in_place_with_javascript_by_keyboard(page, content):
    page.goto(reverse("guide:section", args=["timeline"]))
    field = page.get_by_label("How many months since your injury?")
    field.focus()
    page.keyboard.type("-3")
    page.keyboard.press("Enter")
    error = page.get_by_role("heading", name="There is a problem")
    error.wait_for()
    assert page.locator(".error-summary").evaluate("el => el === document.activeElement")
    assert_no_axe_violations(page)

    page.evaluate("window.__marker = 'same page'")
    field = page.get_by_label("How many months since your injury?")
    field.fill("")
    field.focus()
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    page.get_by_text("little natural change", exact=False).first.wait_for()
    assert page.evaluate("window.__marker") == "same page"  # swapped, not reloaded
    assert page.locator("#timeline-result").get_attribute("aria-busy") is None
    focused = page.evaluate("document.activeElement && document.activeElement.isConnected")
    assert focused
    assert_no_axe_violations(page)
    page.reload()
    assert page.get_by_label("How many months since your injury?").input_value() == "30"


def test_guide_page_reflows_on_a_phone_and_at_double_zoom(browser, live_server, content):
    for width in (390, 640):  # 640 CSS px is a 1280 px window at 200% zoom
        context = browser.new_context(viewport={"width": width, "height": 900})
        phone = context.new_page()
        phone.goto(live_server.url + reverse("guide:section", args=["timeline"]))
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        context.close()
        assert overflow <= 0, width
