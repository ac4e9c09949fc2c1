"""Writes to a visitor's clinics, answers and costs. Views validate, then call these."""

from django.conf import settings
from django.db import transaction

from .forms import CostWorksheet
from .models import AdvertFinding, Answer, CheckQuestion, Clinic, ClinicAnswer, ClinicCost


def canonical(questions: list[CheckQuestion]) -> list[CheckQuestion]:
    """The English rows of these questions: answers are stored against them,
    so one answer serves the checklist in every language (read by slug)."""
    english = {
        question.slug: question
        for question in CheckQuestion.objects.filter(
            language=settings.LANGUAGE_CODE, slug__in=[q.slug for q in questions]
        )
    }
    return [english.get(question.slug, question) for question in questions]


def save_answer(*, clinic: Clinic, question: CheckQuestion, value: str, note: str) -> None:
    """Insert or update the one answer for this clinic and question.

    One ``INSERT ... ON CONFLICT DO UPDATE`` on the (clinic, question) unique
    constraint: two tabs saving different questions never touch each other's
    rows, and two saving the same question at once leave exactly one row
    holding the later answer. An answer left with neither a choice nor a
    note is removed, so an emptied question reads as unanswered.
    """
    if question.language != settings.LANGUAGE_CODE:
        (question,) = canonical([question])
    if not value and not note.strip():
        ClinicAnswer.objects.filter(clinic=clinic, question=question).delete()
        return
    ClinicAnswer.objects.bulk_create(
        [ClinicAnswer(clinic=clinic, question=question, value=value, note=note)],
        update_conflicts=True,
        unique_fields=["clinic", "question"],
        update_fields=["value", "note", "updated_at"],
    )


def mark_not_asked(*, clinic: Clinic, questions: list[CheckQuestion]) -> int:
    """Answer every still-unanswered question "Not asked yet", keeping any note.

    Returns how many were marked; each becomes a question to ask the clinic.
    """
    questions = canonical(questions)
    existing = {
        answer.question_id: answer
        for answer in ClinicAnswer.objects.filter(clinic=clinic, question__in=questions)
    }
    marked = [
        ClinicAnswer(
            clinic=clinic,
            question=question,
            value=Answer.NOT_ASKED,
            note=existing[question.pk].note if question.pk in existing else "",
        )
        for question in questions
        if question.pk not in existing or not existing[question.pk].value
    ]
    ClinicAnswer.objects.bulk_create(
        marked,
        update_conflicts=True,
        unique_fields=["clinic", "question"],
        update_fields=["value", "updated_at"],
    )
    return len(marked)


PLAN_SETTINGS = ("currency", "exchange_rate")  # shared by every clinic in the plan


@transaction.atomic
def save_cost_worksheet(*, clinic: Clinic, worksheet: CostWorksheet) -> None:
    """Save every setting and line that passed validation, even when another
    has an error: the visitor never loses a good amount to a bad one."""
    settings = worksheet.valid_settings()
    plan_settings = {name: value for name, value in settings.items() if name in PLAN_SETTINGS}
    for name, value in plan_settings.items():
        setattr(clinic.plan, name, value)
    if plan_settings:
        clinic.plan.save(update_fields=list(plan_settings))
    if "quote_sessions" in settings:
        clinic.quote_sessions = settings["quote_sessions"]
        clinic.save(update_fields=["quote_sessions"])
    lines = worksheet.valid_lines()
    ClinicCost.objects.filter(
        clinic=clinic, key__in=[key for key, (amount, _c, _l) in lines.items() if amount is None]
    ).delete()
    ClinicCost.objects.bulk_create(
        [
            ClinicCost(clinic=clinic, key=key, amount=amount, currency=currency, label=label)
            for key, (amount, currency, label) in lines.items()
            if amount is not None
        ],
        update_conflicts=True,
        unique_fields=["clinic", "key"],
        update_fields=["amount", "currency", "label"],
    )


def keep_advert_findings(*, clinic: Clinic, check) -> int:
    """Keep each sign's matched phrases for a clinic; never the advert itself."""
    findings = [
        AdvertFinding(
            clinic=clinic, sign=found.sign, phrase=phrase[: AdvertFinding.PHRASE_MAX_LENGTH]
        )
        for found in check.found
        for phrase in found.phrases
    ]
    AdvertFinding.objects.bulk_create(findings)
    return len(findings)
