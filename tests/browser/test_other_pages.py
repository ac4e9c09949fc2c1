"""axe on the pages the flows do not reach, in their awkward states too."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plans.access import create_plan
from tests.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resume_pages_have_no_axe_violations(page, content):
    page.goto(reverse("plan:resume"))
    assert_no_axe_violations(page)
    page.get_by_label("Your resume code").fill("wrong words entirely here now")
    page.get_by_role("button", name="Open my plan").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(page)

    plan = create_plan()
    page.goto(reverse("plan:resume_link", args=[plan.token]))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Open this plan").click()
    expect(page.get_by_text("Welcome back. Your plan is open.")).to_be_visible()

    page.goto(reverse("plan:resume_link", args=["x" * 43]))
    page.get_by_role("button", name="Open this plan").click()
    expect(page.get_by_text("We could not open a plan with that link")).to_be_visible()
    assert_no_axe_violations(page)


def test_error_and_edit_pages_have_no_axe_violations(page, content):
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(reverse("clinics:index"))
    page.get_by_label("Clinic name").fill("N" * 300)
    page.get_by_role("button", name="Add clinic").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Clinic name")).to_have_value("N" * 300)
    assert_no_axe_violations(page)

    page.get_by_label("Clinic name").fill("Edit me")
    page.get_by_role("button", name="Add clinic").click()
    page.get_by_role("link", name="Edit me", exact=True).click()
    page.get_by_role("link", name="The treatment they proposed").click()
    page.get_by_label("Dose (number of cells)").fill("50 million")
    page.get_by_label("Website (optional)").fill("not a website")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Dose (number of cells)")).to_have_value("50 million")
    assert_no_axe_violations(page)

    page.goto(reverse("clinics:compare") + "?clinics=nope")
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)


def test_no_page_scrolls_sideways_on_a_390_pixel_phone(browser, live_server, content):
    """Long citation links, source lists, tables and forms all wrap on a phone."""
    from guide.models import Section
    from tests.conftest import expect_no_sideways_scroll

    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    phone = context.new_page()
    phone.goto(reverse("clinics:index"))
    phone.get_by_label("Clinic name").fill("Clínica con un nombre muy largo de verdad")
    phone.get_by_role("button", name="Add clinic").click()
    expect(phone.get_by_role("heading", name=re.compile("^Checklist:"))).to_be_visible()
    clinic_url = "/" + "/".join(phone.url.split("/")[3:5]) + "/"
    paths = [reverse("home"), reverse("guide:index"), reverse("guide:start_here"),
             reverse("guide:glossary"), reverse("guide:sources"), reverse("guide:about"),
             reverse("plan:detail"), reverse("clinics:index"), clinic_url,
             clinic_url + "costs/", clinic_url + "edit/", clinic_url + "key-questions/",
             reverse("clinics:advert"), reverse("plan:options"), reverse("plan:sure"),
             reverse("plan:quiz"), reverse("plan:trials"), reverse("plan:quick"),
             reverse("plan:resume")]  # fmt: skip
    paths += [f"{clinic_url}group/{n}/" for n in range(1, 9)]
    for section in Section.objects.filter(language="en"):
        paths.append(section.get_absolute_url())
        if section.detail_html:
            paths.append(section.get_detail_url())
    for path in paths:
        phone.goto(path)
        expect(phone.locator("h1")).to_have_count(1)
        try:
            expect_no_sideways_scroll(phone)
        except Exception as error:
            raise AssertionError(f"{path} scrolls sideways at 390 px") from error
    # The advert checker's results: long quoted phrases and explanations.
    phone.goto(reverse("clinics:advert"))
    phone.get_by_label("Paste the advert, message or quote here").fill(
        "Stem cells helped Juan walk again! Only $19,900, results in 3 months. "
        "Guaranteedresultswithoutanywaitinglistwhatsoeverforeveryonewhocomestoday."
    )
    phone.get_by_role("button", name="Check for warning signs").click()
    expect(phone.locator("#advert-results")).to_contain_text("walk again")
    expect_no_sideways_scroll(phone)
    context.close()
