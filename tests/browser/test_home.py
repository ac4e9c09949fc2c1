import pytest
from playwright.sync_api import expect

from tests.conftest import assert_no_axe_violations, expect_no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_axe_violations(page):
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)


def test_first_tab_reaches_a_working_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_in_viewport()  # it is shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_home_page_reflows_on_a_phone_without_sideways_scrolling(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    expect(phone.locator("h1")).to_be_visible()
    expect_no_sideways_scroll(phone)
    context.close()
