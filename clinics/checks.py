"""What every checklist question must have before it is published."""

from guide.checks import Problem
from guide.markers import citation_keys
from guide.readability import uncited_figures

from .models import CheckQuestion


def check_question_problems(question: CheckQuestion, source_kinds: dict[str, str]):
    where = f"checklist question '{question.slug}'"
    for key in citation_keys(question.why_it_matters):
        if key not in source_kinds:
            yield Problem(where, f"cites [@{key}], which is not a source")
    for sentence in uncited_figures(question.why_it_matters):
        yield Problem(where, f"states a figure without a citation: {sentence!r}")
    if not citation_keys(question.why_it_matters) and question.source_id is None:
        yield Problem(where, "has no source")


def checklist_problems(source_kinds: dict[str, str]) -> list[Problem]:
    problems = []
    for question in CheckQuestion.objects.all():
        problems += check_question_problems(question, source_kinds)
    return problems
