"""Scoring a clinic's checklist: plain functions the views and tests call."""

from dataclasses import dataclass, field

from .models import Answer, CheckQuestion, ClinicAnswer

RED_FLAG = "red_flag"
CAUTION = "caution"
OPEN_ANSWERS = {Answer.NOT_SURE, Answer.NOT_ASKED}


def flag_for(question: CheckQuestion, value: str | None) -> str | None:
    """ "red_flag", "caution" or None for one answer to one question."""
    if not value:
        return None
    if question.red_flag_answer and value == question.red_flag_answer:
        return RED_FLAG
    if question.caution_answer and value == question.caution_answer:
        return CAUTION
    return None


@dataclass
class ChecklistSummary:
    total: int
    answered: int = 0
    red_flags: list[CheckQuestion] = field(default_factory=list)
    cautions: list[CheckQuestion] = field(default_factory=list)
    to_ask: list[CheckQuestion] = field(default_factory=list)


def summarise(questions: list[CheckQuestion], answers: dict[int, ClinicAnswer]) -> ChecklistSummary:
    """Count answers, and list red flags, cautions and what to ask next.

    Not sure and Not asked yet count as answered (the visitor has looked at
    the question) and each becomes a question to put to the clinic.
    """
    summary = ChecklistSummary(total=len(questions))
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None:
            continue
        summary.answered += 1
        flag = flag_for(question, answer.value)
        if flag == RED_FLAG:
            summary.red_flags.append(question)
        elif flag == CAUTION:
            summary.cautions.append(question)
        if answer.value in OPEN_ANSWERS:
            summary.to_ask.append(question)
    return summary
