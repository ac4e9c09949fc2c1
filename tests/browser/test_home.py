import pytest

from tests.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_axe_violations(page):
    page.goto("/")
    assert page.locator("h1").is_visible()
    assert_no_axe_violations(page)


def test_first_tab_reaches_a_working_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # it is shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_home_page_reflows_on_a_phone_without_sideways_scrolling(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 390
