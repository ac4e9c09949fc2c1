"""Every translated row exists in Spanish and is never older than its English."""

import pytest

from clinics.models import CheckQuestion
from guide.checks import content_problems
from guide.models import GlossaryTerm, KeyPoint, Section, TranslationReview
from guide.translations import record_reviews, translated_models

pytestmark = pytest.mark.django_db


def problems() -> list[str]:
    return [str(problem) for problem in content_problems()]


def test_the_shipped_spanish_is_complete_and_reviewed_against_todays_english(content):
    assert {m._meta.label_lower for m in translated_models()} >= {
        "guide.section", "guide.keypoint", "guide.comparison", "guide.question",
        "guide.glossaryterm", "guide.page", "guide.option", "guide.optionnote",
        "guide.quizquestion", "clinics.questiongroup", "clinics.checkquestion",
        "clinics.advertsign",
    }  # fmt: skip
    assert [p for p in problems() if "(es)" in p] == []
    english = Section.objects.filter(language="en").count()
    assert english and Section.objects.filter(language="es").count() == english


def test_an_english_change_makes_its_spanish_out_of_date_until_reviewed(content):
    section = Section.objects.get(slug="risks", language="en")
    section.in_short += " One more sentence [@kirshblum-2021]."
    section.save()
    assert any("section 'risks' (es): is older than its English source" in p for p in problems())
    record_reviews()
    assert not any("'risks' (es)" in p for p in problems())


def test_a_missing_spanish_row_is_reported(content):
    KeyPoint.objects.filter(section__slug="costs", section__language="es", order=1).delete()
    CheckQuestion.objects.filter(slug="cofepris-cell-licence", language="es").delete()
    found = problems()
    assert "key point 'costs/1' (es): is missing: the English has no translation" in found
    assert any("checklist question 'cofepris-cell-licence' (es): is missing" in p for p in found)


def test_a_spanish_row_without_an_english_original_is_reported(content):
    GlossaryTerm.objects.create(slug="solo-es", language="es", term="Solo", definition="Algo.")
    assert "glossary term 'solo-es' (es): has no English original" in problems()


def test_a_spanish_row_never_reviewed_is_reported(content):
    TranslationReview.objects.filter(model="guide.glossaryterm", key="ais-grade").delete()
    assert "glossary term 'ais-grade' (es): has never been reviewed against its English" in (
        problems()
    )
