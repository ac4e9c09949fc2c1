"""Reading a plan's clinics and answers in a constant number of queries."""

from dataclasses import dataclass

from django.utils.translation import get_language

from .checklist import ChecklistSummary, flag_for, summarise
from .models import CheckQuestion, Clinic, ClinicAnswer


def checklist_questions(language: str | None = None) -> list[CheckQuestion]:
    return list(
        CheckQuestion.objects.filter(language=language or get_language())
        .select_related("group", "source")
        .order_by("group__order", "order")
    )


def answers_by_question(clinics: list[Clinic]) -> dict[int, dict[int, ClinicAnswer]]:
    """{clinic pk: {question pk: answer}} for several clinics in one query."""
    result: dict[int, dict[int, ClinicAnswer]] = {clinic.pk: {} for clinic in clinics}
    for answer in ClinicAnswer.objects.filter(clinic__in=clinics):
        result[answer.clinic_id][answer.question_id] = answer
    return result


@dataclass
class ClinicSummary:
    clinic: Clinic
    summary: ChecklistSummary


def clinic_summaries(plan) -> list[ClinicSummary]:
    """Every clinic in a plan with its red flags and open questions (3 queries)."""
    clinics = list(plan.clinics.all())
    if not clinics:
        return []
    questions = checklist_questions()
    answers = answers_by_question(clinics)
    return [ClinicSummary(clinic, summarise(questions, answers[clinic.pk])) for clinic in clinics]


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
    answers: dict[int, ClinicAnswer],
    *,
    typed: dict[int, tuple[str, str, dict]] | None = None,
) -> list[QuestionRow]:
    """Rows for the checklist. ``typed`` carries what the visitor just sent
    for a question whose answer failed validation, so it is shown back."""
    rows = []
    for number, question in enumerate(questions, start=1):
        answer = answers.get(question.pk)
        value, note = (answer.value, answer.note) if answer else ("", "")
        errors = None
        if typed and question.pk in typed:
            value, note, errors = typed[question.pk]
        rows.append(QuestionRow(question, number, value, note, flag_for(question, value), errors))
    return rows
