"""axe on the pages the flows do not reach, in their awkward states too."""

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
