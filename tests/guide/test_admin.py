import datetime
import json

import pytest
from django.urls import reverse

from guide.models import Section, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model, content):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "x" * 20)
    client.force_login(user)
    return client


def make_overdue(slug: str) -> Section:
    section = Section.objects.get(slug=slug, language="en")
    section.next_review_due = datetime.date(2020, 1, 1)
    section.save()
    return section


def test_section_list_warns_about_sections_past_their_review_date(editor):
    make_overdue("risks")
    html = editor.get(reverse("admin:guide_section_changelist")).content.decode()
    assert "1 section(s) are past their review date." in html


def test_review_status_filter_lists_only_overdue_sections(editor):
    make_overdue("costs")
    url = reverse("admin:guide_section_changelist") + "?review=overdue"
    response = editor.get(url)
    assert [s.slug for s in response.context["cl"].result_list] == ["costs"]


def test_section_edit_page_warns_and_shows_reading_grade(editor):
    section = make_overdue("timeline")
    html = editor.get(reverse("admin:guide_section_change", args=[section.pk])).content.decode()
    assert "This section is past its review date" in html
    assert "reading grade (flesch–kincaid, aim ≤ 8)" in html.lower()
    grade = html.split("aim ≤ 8)", 1)[1].split('<div class="readonly">', 1)[1].split("<", 1)[0]
    assert 0 < float(grade) <= 8


def test_editing_a_source_updates_the_sections_that_cite_it(editor):
    source = Source.objects.get(key="fawcett-2007")
    data = {
        "key": source.key,
        "authors": source.authors,
        "title": "A corrected title for the test",
        "publication": source.publication,
        "year": source.year,
        "url": source.url,
        "doi": source.doi,
        "kind": source.kind,
        "checked_on": "2026-11-27",
        "checked_what": "Title against the journal's page.",
        "editor_note": "Only editors see this.",
    }
    response = editor.post(reverse("admin:guide_source_change", args=[source.pk]), data)
    assert response.status_code == 302
    timeline = Section.objects.get(slug="timeline", language="en")
    assert "A corrected title for the test" in timeline.sources_html


def test_editing_a_checklist_question_in_the_admin_renders_its_reason(editor):
    from clinics.models import CheckQuestion

    question = CheckQuestion.objects.get(slug="cofepris-cell-licence", language="en")
    data = {
        "group": question.group_id,
        "slug": question.slug,
        "language": question.language,
        "order": question.order,
        "text": question.text,
        "why_it_matters": "A new reason from the editor [@chavez-2021].",
        "ask_clinic": question.ask_clinic,
        "red_flag_answer": question.red_flag_answer,
        "caution_answer": question.caution_answer,
        "source": question.source_id,
    }
    url = reverse("admin:clinics_checkquestion_change", args=[question.pk])
    assert editor.post(url, data).status_code == 302
    question.refresh_from_db()
    assert "A new reason from the editor" in question.why_it_matters_html
    assert 'href="/guide/sources/#src-chavez-2021"' in question.why_it_matters_html


def test_checklist_groups_are_listed_in_the_admin(editor):
    response = editor.get(reverse("admin:clinics_questiongroup_changelist"))
    assert "Licenses and accreditation" in response.content.decode()


def test_options_and_their_notes_are_edited_in_the_admin(editor):
    from guide.models import Option

    option = Option.objects.filter(language="en").first()
    html = editor.get(reverse("admin:guide_option_changelist")).content.decode()
    assert option.name in html
    page = editor.get(reverse("admin:guide_option_change", args=[option.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, getattr(option, name, "")) for name in form.fields}
    data["cost"] = "Edited in the admin: nothing to pay."
    notes = list(option.notes.all())
    data |= {
        "notes-TOTAL_FORMS": str(len(notes)),
        "notes-INITIAL_FORMS": str(len(notes)),
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
    }
    for number, note in enumerate(notes):
        data |= {
            f"notes-{number}-id": str(note.pk),
            f"notes-{number}-option": str(option.pk),
            f"notes-{number}-applies_when": note.applies_when,
            f"notes-{number}-text": note.text,
        }
    response = editor.post(reverse("admin:guide_option_change", args=[option.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    option.refresh_from_db()
    assert "Edited in the admin: nothing to pay." in option.rendered["cost"]


def test_quiz_questions_are_edited_in_the_admin_and_rendered(editor):
    from guide.models import QuizQuestion

    question = QuizQuestion.objects.filter(language="en").first()
    url = reverse("admin:guide_quizquestion_change", args=[question.pk])
    data = {
        "slug": question.slug, "language": question.language, "order": question.order,
        "text": question.text, "choices": json.dumps(question.choices),
        "correct": question.correct, "section": question.section_id,
        "explanation": "Edited in the admin [@fawcett-2007].",
    }  # fmt: skip
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert "Edited in the admin" in question.explanation_html
    assert 'class="cite"' in question.explanation_html
