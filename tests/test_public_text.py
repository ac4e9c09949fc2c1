"""Editors' notes stay in the admin: no public page and no PDF shows them."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from guide.models import Page, Section, Source
from tests.plans.test_pdf import fullest_plan, read, text_of

pytestmark = pytest.mark.django_db

EDITORIAL = re.compile(r"from memory|check before display|not recorded", re.IGNORECASE)


def public_paths(client: Client, plan) -> list[str]:
    paths = [reverse("home"), reverse("guide:index"), reverse("guide:glossary"),
             reverse("guide:sources"), reverse("clinics:index"), reverse("plan:detail"),
             reverse("plan:resume")]  # fmt: skip
    special = {"about": reverse("guide:about"), "options": reverse("plan:options")}
    paths += [special.get(page.slug, f"/guide/{page.slug}/")
              for page in Page.objects.filter(language="en")]  # fmt: skip
    for section in Section.objects.filter(language="en"):
        paths.append(section.get_absolute_url())
        if section.detail_html:
            paths.append(section.get_detail_url())
    clinics = list(plan.clinics.all())
    paths += [clinic.get_absolute_url() for clinic in clinics]
    paths.append(reverse("clinics:compare") + "?" + "&".join(
        f"clinics={clinic.public_id}" for clinic in clinics[:2]))  # fmt: skip
    return paths


def test_no_public_page_or_pdf_shows_an_editors_note(client, content):
    plan = fullest_plan(clinics=2)
    client.post(reverse("plan:resume_link", args=[plan.token]))  # open it, as a visitor would
    notes = [
        note for note in Source.objects.values_list("editor_note", flat=True) if len(note) > 20
    ]
    assert notes, "the shipped sources carry editors' notes to look for"
    pages = {}
    for path in public_paths(client, plan):
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    pdf = client.get(reverse("plan:summary_pdf"))
    pages["summary.pdf"] = text_of(read(pdf.content))
    for where, text in pages.items():
        assert not EDITORIAL.search(text), (where, EDITORIAL.search(text).group(0))
        for note in notes:
            assert note not in text, (where, note[:60])
