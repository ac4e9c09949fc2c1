"""axe on the pages the flows do not reach, in their awkward states too."""

import pytest
from django.urls import reverse

from guide.plans import create_plan
from tests.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resume_pages_have_no_axe_violations(page, content):
    page.goto(reverse("plan:resume"))
    assert_no_axe_violations(page)
    page.get_by_label("Your resume code").fill("wrong words entirely here now")
    page.get_by_role("button", name="Open my plan").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_no_axe_violations(page)

    plan = create_plan()
    page.goto(reverse("plan:resume_link", args=[plan.token]))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Open this plan").click()
    page.get_by_text("Welcome back. Your plan is open.").wait_for()

    page.goto(reverse("plan:resume_link", args=["x" * 43]))
    assert page.get_by_text("We could not open a plan with that link").is_visible()
    assert_no_axe_violations(page)


def test_error_and_edit_pages_have_no_axe_violations(page, content):
    page.goto("/no-such-page/")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_no_axe_violations(page)

    page.goto(reverse("clinics:index"))
    page.get_by_label("Clinic name").fill("N" * 300)
    page.get_by_role("button", name="Add clinic").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_label("Clinic name").input_value() == "N" * 300
    assert_no_axe_violations(page)

    page.get_by_label("Clinic name").fill("Edit me")
    page.get_by_role("button", name="Add clinic").click()
    page.get_by_role("link", name="Edit clinic details").click()
    page.get_by_label("Dose (number of cells)").fill("50 million")
    page.get_by_label("Website (optional)").fill("not a website")
    page.get_by_role("button", name="Save details").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_label("Dose (number of cells)").input_value() == "50 million"
    assert_no_axe_violations(page)

    page.goto(reverse("clinics:compare") + "?clinics=nope")
    assert_no_axe_violations(page)
