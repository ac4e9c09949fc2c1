"""The editors' admin: reachable by keyboard alone and free of axe violations."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from guide.models import Section
from tests.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-editor-password-0123"


@pytest.fixture
def editor(django_user_model, content):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in_by_keyboard(page) -> None:
    page.goto(reverse("admin_login"))
    assert_no_axe_violations(page)
    page.get_by_label("Username").focus()
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_an_editor_signs_in_and_edits_a_section_by_keyboard(page, editor):
    sign_in_by_keyboard(page)
    assert_no_axe_violations(page)
    section = Section.objects.get(slug="risks", language="en")
    page.goto(reverse("admin:guide_section_change", args=[section.pk]))
    assert_no_axe_violations(page)
    title = page.get_by_label(re.compile(r"^Title:?$"))
    title.focus()
    page.keyboard.press("End")
    page.keyboard.type(" (edited)")
    page.keyboard.press("Enter")  # submits the form from a text field
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert_no_axe_violations(page)
    assert Section.objects.get(pk=section.pk).title.endswith(" (edited)")


def test_every_admin_list_and_form_has_no_axe_violations(page, editor):
    sign_in_by_keyboard(page)
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        page.goto(reverse(f"{name}_changelist"))
        assert_no_axe_violations(page)
        first = model.objects.order_by("pk").first()
        page.goto(reverse(f"{name}_change", args=[first.pk]) if first else reverse(f"{name}_add"))
        assert_no_axe_violations(page)
