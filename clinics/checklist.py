"""Scoring a clinic's checklist: plain functions the views and tests call."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@dataclass(frozen=True)
class Finding:
    """A red flag or caution as what was found, with the visitor's own note."""

    question: CheckQuestion
    note: str

    @property
    def text(self) -> str:
        return self.question.finding or self.question.text


@dataclass
class ChecklistSummary:
    total: int
    answered: int = 0
    red_flags: list[Finding] = field(default_factory=list)
    cautions: list[Finding] = field(default_factory=list)
    to_ask: list[CheckQuestion] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.answered > 0

    @property
    def complete(self) -> bool:
        return self.answered >= self.total

    @property
    def headline(self) -> str:
        """What the checklist shows so far, in words that never pass an
        unchecked clinic off as clean: "0 red flags" only when all is answered."""
        if not self.started:
            return _("Checked 0 of %(total)d — not checked yet") % {"total": self.total}
        flags = ngettext("%(n)d red flag", "%(n)d red flags", len(self.red_flags)) % {
            "n": len(self.red_flags)
        }
        if self.complete:
            return _("All %(total)d checked — %(flags)s") % {"total": self.total, "flags": flags}
        return _("Checked %(answered)d of %(total)d — %(flags)s so far") % {
            "answered": self.answered,
            "total": self.total,
            "flags": flags,
        }


def summarise(questions: list[CheckQuestion], answers: dict[str, ClinicAnswer]) -> ChecklistSummary:
    """Count answers, and list red flags, cautions and what to ask next.

    Not sure and Not asked yet count as answered (the visitor has looked at
    the question) and each becomes a question to put to the clinic.
    """
    summary = ChecklistSummary(total=len(questions))
    for question in questions:
        answer = answers.get(question.slug)
        if answer is None or not answer.value:  # not answered, or only a note so far
            continue
        summary.answered += 1
        flag = flag_for(question, answer.value)
        if flag == RED_FLAG:
            summary.red_flags.append(Finding(question, answer.note))
        elif flag == CAUTION:
            summary.cautions.append(Finding(question, answer.note))
        if answer.value in OPEN_ANSWERS:
            summary.to_ask.append(question)
    return summary
