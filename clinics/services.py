"""Writes to a visitor's clinics and answers. Views validate, then call these."""

from .models import CheckQuestion, Clinic, ClinicAnswer


def save_answer(*, clinic: Clinic, question: CheckQuestion, value: str, note: str) -> None:
    """Insert or update the one answer for this clinic and question.

    One ``INSERT ... ON CONFLICT DO UPDATE`` on the (clinic, question) unique
    constraint: two tabs saving different questions never touch each other's
    rows, and two saving the same question at once leave exactly one row
    holding the later answer.
    """
    ClinicAnswer.objects.bulk_create(
        [ClinicAnswer(clinic=clinic, question=question, value=value, note=note)],
        update_conflicts=True,
        unique_fields=["clinic", "question"],
        update_fields=["value", "note", "updated_at"],
    )
