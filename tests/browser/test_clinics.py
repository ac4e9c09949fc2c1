import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clinics.models import ClinicAnswer
from clinics.selectors import checklist_groups, checklist_questions
from plans.models import Plan
from tests.conftest import assert_no_axe_violations, expect_no_sideways_scroll, plan_in

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
    expect(page.get_by_role("heading", name=f"Checklist: {name}")).to_be_visible()


class Keys:
    """A keyboard that counts every key pressed, as a mouth-stick user would."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, key: str) -> None:
        self.count += 1
        self.page.keyboard.press(key)


def test_the_whole_checklist_by_keyboard_takes_at_most_130_key_presses(page, content):
    groups = checklist_groups(checklist_questions("en"))
    total = sum(len(group.questions) for group in groups)
    add_clinic_by_keyboard(page, "Clinic Alpha")  # lands on group 1, first answer focused
    keys = Keys(page)
    for group in groups:
        expect(page.locator("#checklist-progress")).to_contain_text(f"Group {group.number} of")
        for position, question in enumerate(group.questions):
            if position:  # the first answer of a group already has the keyboard
                keys.press("Tab")
            expect(page.locator(f"#q-{question.slug}-yes")).to_be_focused()
            keys.press("Space")  # "Yes"
            keys.press("Tab")  # past "Why this matters, and your note"
        keys.press("Tab")
        expect(page.locator("button[value=next]")).to_be_focused()
        keys.press("Enter")
    expect(page.get_by_text("Every group is saved.")).to_be_visible()
    print(f"\nWhole checklist ({total} questions) by keyboard: {keys.count} key presses")
    assert keys.count <= 130
    assert ClinicAnswer.objects.filter(value="yes").count() == total


def test_answering_by_voice_needs_no_number_picks(page, content):
    """Every control a voice user names is unique on the page: "click No, question 7"."""
    add_clinic_by_keyboard(page, "Clinic Voice")
    for group in checklist_groups(checklist_questions("en"))[:2]:
        numbers = [checklist_questions("en").index(q) + 1 for q in group.questions]
        for number in numbers:
            answer = page.get_by_role("radio", name=f"No, question {number}", exact=True)
            expect(answer).to_have_count(1)
            answer.click()
            expect(page.get_by_role("group").filter(has=answer)).to_have_count(1)
            more = page.get_by_label(
                f"Why this matters, and your note, question {number}", exact=True
            )
            expect(more).to_have_count(1)
        expect(page.get_by_role("button", name=re.compile("^Save and go to group"))).to_have_count(
            1
        )
        page.get_by_role("button", name=re.compile("^Save and go to group")).click()
    expect(page).to_have_url(re.compile(r"/group/3/$"))  # the second group's save is done
    assert ClinicAnswer.objects.filter(value="no").count() == sum(
        len(g.questions) for g in checklist_groups(checklist_questions("en"))[:2]
    )


def test_arrowing_through_the_choices_saves_and_announces_once(page, content):
    add_clinic_by_keyboard(page, "Clinic Arrow")
    question = checklist_groups(checklist_questions("en"))[0].questions[0]
    saves = []
    page.on("request", lambda r: saves.append(r.url) if "/answers/" in r.url else None)
    expect(page.locator(f"#q-{question.slug}-yes")).to_be_focused()
    for _ in range(3):  # Yes -> No -> Not sure -> Not asked yet, passing a red flag on the way
        page.keyboard.press("ArrowRight")
    expect(page.locator("#status-message")).to_contain_text("Saved question 1.")
    page.wait_for_timeout(1500)  # long enough for a second save, if there were one
    assert len(saves) == 1
    plan_in(page)
    answer = ClinicAnswer.objects.get()
    assert answer.value == "not_asked"
    expect(page.locator(f"#flag-{question.slug}")).to_contain_text("On your list to ask")


def test_a_note_typed_then_left_is_saved_and_marked_unsaved_until_then(page, content):
    add_clinic_by_keyboard(page, "Clinic Note")
    question = checklist_groups(checklist_questions("en"))[0].questions[0]
    page.locator(f"#q-{question.slug} summary").click()
    note = page.locator(f"#q-{question.slug}-note")
    note.click()
    page.keyboard.type("Asked twice, no licence.")
    state = page.locator(f"#q-{question.slug}-note-state")
    expect(state).to_have_text("Not saved yet")
    page.keyboard.press("Tab")  # leave the question
    page.keyboard.press("Tab")
    expect(state).to_have_text("Saved")
    plan_in(page)
    answer = ClinicAnswer.objects.get()
    assert (answer.value, answer.note) == ("", "Asked twice, no licence.")


def test_a_group_is_accessible_with_and_without_errors(page, content):
    add_clinic_by_keyboard(page, "Clinic Axe")
    assert_no_axe_violations(page)
    question = checklist_groups(checklist_questions("en"))[0].questions[0]
    page.locator(f"#q-{question.slug} summary").click()
    page.locator(f"#q-{question.slug}-note").fill("n" * 2100)
    page.locator(f"#q-{question.slug}-yes").click()
    page.locator(f"#q-{question.slug}-yes").press("Tab")
    page.keyboard.press("Tab")
    error = page.locator(f"#q-{question.slug}-note-error")
    expect(error).to_contain_text("2,000 characters or fewer")
    expect(error).to_be_focused()
    expect(page.locator(f"#q-{question.slug}-note")).to_have_value("n" * 2100)
    assert_no_axe_violations(page)


def test_checklist_without_javascript_returns_to_the_question_saved_with_its_flag(
    page_without_js, content
):
    page = page_without_js
    questions = checklist_questions("en")
    red = next(q for q in questions if q.red_flag_answer == "no")
    number = questions.index(red) + 1
    add_clinic_by_keyboard(page, "Clinic Gamma")
    group = next(g for g in checklist_groups(questions) if red in g.questions)
    page.goto(reverse("clinics:group", args=[_clinic_id(page), group.number]))
    page.get_by_role("radio", name=f"No, question {number}", exact=True).check()
    page.get_by_role("button", name=f"Save answer to question {number}", exact=True).click()
    expect(page).to_have_url(re.compile(f"saved={red.slug}#q-{red.slug}$"))
    flag = page.locator(f"#flag-{red.slug}")
    expect(flag).to_contain_text("Red flag")
    expect(flag).to_contain_text("Saved.")
    expect(flag).to_be_in_viewport()
    page.get_by_role("button", name="Mark the rest of this group “Not asked yet”").click()
    expect(page.get_by_text("marked “Not asked yet”")).to_be_visible()
    add_clinic_by_keyboard(page, "Clinic Delta")
    page.goto(reverse("clinics:index"))
    page.get_by_role("button", name="Compare").click()  # both start ticked
    expect(page.get_by_role("columnheader", name="Clinic Delta")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Red flags found"))).to_contain_text(
        "Not checked yet"
    )
    page.goto(reverse("plan:delete"))
    page.get_by_role("button", name="Yes, delete my plan").click()
    expect(page.get_by_text("Your plan and everything in it have been deleted.")).to_be_visible()
    assert not Plan.objects.exists()


def _clinic_id(page) -> str:
    return re.search(r"/clinics/([0-9a-f-]{36})/", page.url).group(1)


def test_compare_by_keyboard_and_on_a_phone(browser, live_server, content):
    context = browser.new_context(viewport={"width": 390, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    add_clinic_by_keyboard(page, "Phone A")
    add_clinic_by_keyboard(page, "Phone B")
    page.goto(reverse("clinics:index"))
    expect(page.locator("input[name=clinics]:checked")).to_have_count(2)  # all ticked
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".compare-stacked")).to_be_visible()
    expect(page.locator(".compare-stacked")).to_contain_text("Not checked yet")
    expect(page.get_by_role("table")).to_be_hidden()
    expect_no_sideways_scroll(page)
    assert_no_axe_violations(page)
    for url in (reverse("clinics:index"), reverse("plan:detail")):
        page.goto(url)
        expect_no_sideways_scroll(page)
    page.goto(reverse("clinics:group", args=[_clinic_id_of(page, "Phone A"), 1]))
    expect_no_sideways_scroll(page)
    context.close()


def _clinic_id_of(page, name: str) -> str:
    (clinic,) = [clinic for clinic in plan_in(page).clinics.all() if clinic.name == name]
    return str(clinic.public_id)
