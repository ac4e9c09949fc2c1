"""Reading a plan's clinics, answers and costs in a constant number of queries."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.utils.translation import get_language

from .checklist import ChecklistSummary, flag_for, summarise
from .costs import Totals, worksheet_totals
from .models import (
    AdvertFinding,
    AdvertSign,
    CheckQuestion,
    Clinic,
    ClinicAnswer,
    ClinicCost,
    QuestionGroup,
)


def advert_signs(language: str | None = None) -> list[AdvertSign]:
    """The warning signs explained in ``language``, each with the patterns of
    its English row (they match English and Spanish text alike)."""
    language = language or get_language()
    rows = list(AdvertSign.objects.filter(language__in={language, settings.LANGUAGE_CODE}))
    patterns = {
        sign.slug: (sign.patterns, sign.exceptions)
        for sign in rows
        if sign.language == settings.LANGUAGE_CODE
    }
    signs = [sign for sign in rows if sign.language == language]
    for sign in signs:
        if not sign.patterns.strip() and sign.slug in patterns:
            sign.patterns, sign.exceptions = patterns[sign.slug]
    return signs


def checklist_questions(language: str | None = None) -> list[CheckQuestion]:
    return list(
        CheckQuestion.objects.filter(language=language or get_language())
        .select_related("group", "source")
        .order_by("group__order", "order")
    )


@dataclass
class Group:
    """One group of the checklist, numbered from 1, with its questions."""

    group: QuestionGroup
    number: int
    questions: list[CheckQuestion] = field(default_factory=list)


def checklist_groups(questions: list[CheckQuestion]) -> list[Group]:
    groups: list[Group] = []
    for question in questions:
        if not groups or groups[-1].group.pk != question.group_id:
            groups.append(Group(question.group, len(groups) + 1))
        groups[-1].questions.append(question)
    return groups


def answers_by_question(clinics: list[Clinic]) -> dict[int, dict[str, ClinicAnswer]]:
    """{clinic pk: {question slug: answer}} for several clinics in one query.

    Keyed by the question's slug, not its row: an answer given on the English
    checklist is the same answer on the Spanish one.
    """
    result: dict[int, dict[str, ClinicAnswer]] = {clinic.pk: {} for clinic in clinics}
    answers = ClinicAnswer.objects.filter(clinic__in=clinics).annotate(slug=F("question__slug"))
    for answer in answers:
        result[answer.clinic_id][answer.slug] = answer
    return result


def costs_by_clinic(clinics: list[Clinic]) -> dict[int, list[ClinicCost]]:
    """{clinic pk: its cost lines} for several clinics in one query."""
    result: dict[int, list[ClinicCost]] = {clinic.pk: [] for clinic in clinics}
    for cost in ClinicCost.objects.filter(clinic__in=clinics):
        result[cost.clinic_id].append(cost)
    return result


def advert_findings_by_clinic(clinics: list[Clinic]) -> dict[int, list[AdvertFinding]]:
    """{clinic pk: the advert phrases kept for it} in one query."""
    result: dict[int, list[AdvertFinding]] = {clinic.pk: [] for clinic in clinics}
    findings = list(AdvertFinding.objects.filter(clinic__in=clinics).select_related("sign"))
    if findings:
        # A sign kept on the English page reads in Spanish on the Spanish one.
        here = {sign.slug: sign for sign in AdvertSign.objects.filter(language=get_language())}
        for finding in findings:
            finding.sign = here.get(finding.sign.slug, finding.sign)
            result[finding.clinic_id].append(finding)
    return result


@dataclass
class ClinicSummary:
    clinic: Clinic
    summary: ChecklistSummary
    costs: list[ClinicCost] = field(default_factory=list)
    totals: Totals | None = None


def summaries_for(plan, clinics: list[Clinic], questions=None) -> list[ClinicSummary]:
    """Each clinic with its checklist summary and whole-trip totals (3 queries)."""
    if not clinics:
        return []
    questions = questions if questions is not None else checklist_questions()
    answers = answers_by_question(clinics)
    costs = costs_by_clinic(clinics)
    return [
        ClinicSummary(
            clinic,
            summarise(questions, answers[clinic.pk]),
            costs[clinic.pk],
            worksheet_totals(costs[clinic.pk], plan.currency, plan.exchange_rate)
            if costs[clinic.pk]
            else None,
        )
        for clinic in clinics
    ]


def clinic_summaries(plan) -> list[ClinicSummary]:
    """Every clinic in a plan (4 queries)."""
    return summaries_for(plan, list(plan.clinics.all()))


@dataclass
class QuestionRow:
    """One checklist question as shown to the visitor, with their answer."""

    question: CheckQuestion
    number: int
    value: str
    note: str
    flag: str | None
    errors: dict | None = None


def question_rows(
    questions: list[CheckQuestion],
    answers: dict[str, ClinicAnswer],
    *,
    numbers: dict[int, int] | None = None,
    typed: dict[int, tuple[str, str, dict]] | None = None,
) -> list[QuestionRow]:
    """Rows for the checklist, numbered across the whole checklist. ``typed``
    carries what the visitor just sent for questions whose answer failed
    validation, so it is shown back."""
    rows = []
    for position, question in enumerate(questions, start=1):
        answer = answers.get(question.slug)
        value, note = (answer.value, answer.note) if answer else ("", "")
        errors = None
        if typed and question.pk in typed:
            value, note, errors = typed[question.pk]
        number = numbers[question.pk] if numbers else position
        rows.append(QuestionRow(question, number, value, note, flag_for(question, value), errors))
    return rows
