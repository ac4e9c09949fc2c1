"""What every checklist question must have before it is published."""

from django.conf import settings

from guide.checks import Problem, hard_to_read, text_problems
from guide.markers import citation_keys
from guide.models import GlossaryTerm, Source

from .models import CheckQuestion


def check_question_problems(
    question: CheckQuestion, sources: dict[str, Source], term_slugs: set[str]
):
    where = f"checklist question '{question.slug}' ({question.language})"
    yield from text_problems(where, [question.why_it_matters], sources, term_slugs)
    if why := hard_to_read(question.why_it_matters, question.language):
        yield Problem(where, f"gives its reason at {why}")
    if not citation_keys(question.why_it_matters):
        if question.source_id is None:
            yield Problem(where, "has no source")
        elif not question.source.is_checked:
            yield Problem(where, f"cites {question.source.key}, which has not been checked")


def checklist_problems(sources: dict[str, Source]) -> list[Problem]:
    term_slugs = set(GlossaryTerm.objects.values_list("slug", flat=True))
    problems = []
    for question in CheckQuestion.objects.select_related("source"):
        problems += check_question_problems(question, sources, term_slugs)
    return problems + advert_sign_problems(sources, term_slugs)


def advert_sign_problems(sources: dict[str, Source], term_slugs: set[str]) -> list[Problem]:
    """Every sign cites a checked source and every pattern compiles."""
    import re

    from .models import AdvertSign

    problems = []
    signs = list(AdvertSign.objects.all())
    english = {sign.slug for sign in signs if sign.language == settings.LANGUAGE_CODE}
    for sign in signs:
        where = f"advert warning sign '{sign.slug}' ({sign.language})"
        problems += text_problems(where, [sign.explanation], sources, term_slugs)
        if not citation_keys(sign.explanation):
            problems.append(Problem(where, "cites no source"))
        if why := hard_to_read(sign.explanation, sign.language):
            problems.append(Problem(where, f"explains at {why}"))
        for line in (sign.patterns + "\n" + sign.exceptions).splitlines():
            try:
                re.compile(line.strip())
            except re.error as error:
                problems.append(Problem(where, f"has a pattern that does not compile: {error}"))
        if sign.language == settings.LANGUAGE_CODE and not sign.patterns.strip():
            problems.append(Problem(where, "has no patterns"))
        elif sign.language != settings.LANGUAGE_CODE and sign.slug not in english:
            problems.append(Problem(where, "has no English row to take its patterns from"))
    return problems
