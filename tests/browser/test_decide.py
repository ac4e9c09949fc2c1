import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clinics.models import AdvertFinding
from plans.models import Plan
from tests.browser.test_clinics import add_clinic_by_keyboard
from tests.conftest import assert_no_axe_violations, plan_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADVERT = (
    "Stem cells helped Juan walk again! Only $19,900, results in 3 months. "
    "70% of our patients improve. Limited spots this month."
)


def test_the_quick_path_with_javascript(page, content):
    page.goto(reverse("home"))
    page.get_by_role("link", name="The quick path: about five minutes").click()
    expect(page.get_by_role("heading", name="The quick path: about five minutes")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Check the clinic's advert or quote for warning signs").click()
    page.get_by_label("Paste the advert, message or quote here").fill(ADVERT)
    page.get_by_role("button", name="Check for warning signs").click()
    results = page.locator("#advert-results")
    expect(results.get_by_role("heading", name=re.compile("warning signs? found"))).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    expect(page.locator("#advert-results")).to_be_focused()
    assert_no_axe_violations(page)

    add_clinic_by_keyboard(page, "Clínica Rápida")
    page.goto(reverse("plan:quick"))
    page.get_by_role("link", name=re.compile("^Answer the 8 most important questions")).click()
    expect(page.locator("#checklist-progress")).to_contain_text("The most important questions")
    for answer in page.get_by_role("radio", name=re.compile("^Not sure, question")).all():
        answer.check()
    page.get_by_role("button", name="Save and check if you are ready").click()
    expect(page.get_by_role("heading", name="Am I ready to decide?")).to_be_visible()
    for label in ("Do you feel sure about the best choice for you?",
                  "Do you know the benefits and risks of each option?"):  # fmt: skip
        page.get_by_role("group", name=label).get_by_label("No").check()
    for label in ("Are you clear about which benefits and risks matter most to you?",
                  "Do you have enough support and advice to make a choice?"):  # fmt: skip
        page.get_by_role("group", name=label).get_by_label("Yes").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("2 of 4 answered yes.")).to_be_visible()
    assert_no_axe_violations(page)
    assert plan_in(page).sure["after"]["sure"] == "no"

    page.goto(reverse("plan:detail"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF summary").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_advert_checker_and_quiz_work_without_javascript(page_without_js, content):
    page = page_without_js
    add_clinic_by_keyboard(page, "Clínica Lenta")
    page.goto(reverse("clinics:advert"))
    page.get_by_label("Paste the advert, message or quote here").fill(ADVERT)
    page.get_by_role("button", name="Check for warning signs").click()
    expect(page.get_by_role("heading", name=re.compile("warning signs? found"))).to_be_visible()
    page.get_by_label("Clínica Lenta").check()
    page.get_by_role("button", name="Keep them in my plan").click()
    expect(page.get_by_text(re.compile("kept with Clínica Lenta"))).to_be_visible()
    plan_in(page)
    phrases = [finding.phrase for finding in AdvertFinding.objects.all()]
    assert phrases and not any("Juan walk again! Only" in phrase for phrase in phrases)

    page.goto(reverse("plan:quiz"))
    first = page.locator("fieldset").first
    first.get_by_role("radio").first.check()
    page.get_by_role("button", name="Check my answers").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^You got \d of 1 right\.$"))
    ).to_be_visible()
    expect(page.locator(".quiz-feedback").first).to_contain_text("Read more:")


def test_the_quiz_answers_at_once_with_javascript(page, content):
    page.goto(reverse("plan:quiz"))
    first = page.locator("fieldset").first
    first.get_by_role("radio").first.check()
    expect(first.locator(".quiz-feedback")).to_contain_text(re.compile("Right.|Not quite."))
    assert_no_axe_violations(page)
    assert not Plan.objects.exists()


def test_decision_pages_are_accessible(page, content):
    add_clinic_by_keyboard(page, "Clínica Axe")
    paths = ("plan:options", "plan:sure", "plan:trials", "plan:quiz", "clinics:advert",
             "plan:detail", "plan:quick")  # fmt: skip
    for path in map(reverse, paths):
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        assert_no_axe_violations(page)
