"""The content check: what every page must have before it is published.

``content_problems`` runs every installed app's ``content_problems`` hook
(see ``guide.content.content_hooks``): the guide's own below, the
checklist's in ``clinics.checks``. Each hook is given every source by key.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .content import all_sources, content_hooks
from .markers import citation_keys, glossary_slugs
from .models import Abbreviation, GlossaryTerm, Option, Page, QuizQuestion, Section, Source
from .readability import plain_text, reading_ease_es, reading_grade, uncited_figures, word_count
from .translations import translation_problems

MIN_KEY_POINTS, MAX_KEY_POINTS = 3, 5
MIN_INDEPENDENT_SOURCES = 2
MAX_GUIDE_GRADE = 8  # every section's main text and detail (Flesch–Kincaid)
MAX_IN_SHORT_GRADE = 6
# Spanish is measured by Fernández-Huerta reading ease (higher is easier).
MIN_SPANISH_EASE = 70  # main texts, pages, definitions, reasons, explanations
MIN_SPANISH_IN_SHORT_EASE = 80
MAX_IN_SHORT_WORDS = 120
MAX_MAIN_TEXT_WORDS = 1200


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def text_problems(
    where: str, texts: Iterable[str], sources: dict[str, Source], term_slugs: set[str]
) -> Iterator[Problem]:
    """Citations that resolve to a checked source, known glossary terms, cited figures."""
    for text in texts:
        for key in citation_keys(text):
            if key not in sources:
                yield Problem(where, f"cites [@{key}], which is not a source")
            elif not sources[key].is_checked:
                yield Problem(where, f"cites [@{key}], which has not been checked")
        for slug in glossary_slugs(text):
            if slug not in term_slugs:
                yield Problem(where, f"links [[{slug}]], which is not in the glossary")
        for sentence in uncited_figures(text):
            yield Problem(where, f"states a figure without a citation: {sentence!r}")


def abbreviation_problems(
    where: str, texts: Iterable[str], abbreviations: Iterable[Abbreviation]
) -> Iterator[Problem]:
    """Each abbreviation is spelled out where a page first uses it.

    "spinal cord injury (SCI)" and "SCI (spinal cord injury)" both pass: the
    spelled-out words must stand right beside the first use.
    """
    text = " ".join(plain_text(text) for text in texts)
    for abbreviation in abbreviations:
        first = re.search(rf"\b{re.escape(abbreviation.short)}s?\b", text)
        if first is None:
            continue
        reach = len(abbreviation.expansion) + 6
        nearby = text[max(0, first.start() - reach) : first.end() + reach].lower()
        if abbreviation.expansion.lower() not in nearby:
            yield Problem(
                where,
                f"uses {abbreviation.short} without spelling it out first "
                f"({abbreviation.expansion})",
            )


def section_texts(section: Section) -> list[str]:
    """The section page's text in reading order: what a reader meets first comes first."""
    texts = [section.title, section.in_short]
    texts += [point.text for point in section.key_points.all()]
    texts.append(section.body)
    for comparison in section.comparisons.all():
        texts += [comparison.topic, comparison.clinic_claim, comparison.research_shows]
    texts += [question.text for question in section.questions.all()]
    return texts


def section_problems(
    section: Section,
    sources: dict[str, Source],
    term_slugs: set[str],
    abbreviations: list[Abbreviation],
) -> Iterator[Problem]:
    where = f"section '{section.slug}' ({section.language})"
    key_points = list(section.key_points.all())
    texts = section_texts(section)

    if not MIN_KEY_POINTS <= len(key_points) <= MAX_KEY_POINTS:
        yield Problem(where, f"has {len(key_points)} key points; it needs 3 to 5")
    if not section.last_reviewed or not section.next_review_due:
        yield Problem(where, "has no review dates")
    elif section.next_review_due <= section.last_reviewed:
        yield Problem(where, "is due for review before it was last reviewed")
    if not section.body_html:
        yield Problem(where, "has not been rendered (run manage.py load_content)")

    yield from readability_problems(where, section)
    yield from text_problems(where, [*texts, section.detail], sources, term_slugs)
    yield from abbreviation_problems(where, texts, abbreviations)
    if section.detail:
        detail_where = f"{where}, detail page"
        yield from abbreviation_problems(
            detail_where, [section.detail_title, section.detail], abbreviations
        )
    for slug in dict.fromkeys(slug for text in texts for slug in glossary_slugs(text)):
        if f'id="define-{slug}"' not in section.terms_html:
            yield Problem(where, f"uses [[{slug}]] but does not show its meaning on the page")

    cited = dict.fromkeys(key for text in texts for key in citation_keys(text) if key in sources)
    independent = [key for key in cited if sources[key].kind not in Source.NOT_INDEPENDENT]
    if len(independent) < MIN_INDEPENDENT_SOURCES:
        yield Problem(where, f"cites {len(independent)} independent sources; it needs at least 2")


def hard_to_read(text: str, language: str, *, in_short: bool = False, grade: float = 8) -> str:
    """Why ``text`` is too hard for its language, or "" if it is not.

    English: Flesch–Kincaid grade at most ``grade`` (6 for an "In short").
    Spanish: Fernández-Huerta reading ease at least 70 (80 for "En resumen").
    """
    if not text.strip():
        return ""
    if language == "es":
        floor = MIN_SPANISH_IN_SHORT_EASE if in_short else MIN_SPANISH_EASE
        ease = reading_ease_es(text)
        return f"reading ease {ease:.1f}; the floor is {floor}" if ease < floor else ""
    limit = MAX_IN_SHORT_GRADE if in_short else grade
    level = reading_grade(text)
    return f"grade {level:.1f}; the limit is {limit:g}" if level > limit else ""


def readability_problems(where: str, section: Section) -> Iterator[Problem]:
    if not section.in_short.strip():
        yield Problem(where, "has no “In short”")
    else:
        words = word_count(section.in_short)
        if words > MAX_IN_SHORT_WORDS:
            yield Problem(where, f"has an “In short” of {words} words; the limit is 120")
        if why := hard_to_read(section.in_short, section.language, in_short=True):
            yield Problem(where, f"has an “In short” at {why}")
    words = word_count(section.body)
    if words > MAX_MAIN_TEXT_WORDS:
        yield Problem(
            where, f"has {words} words of main text; the limit is 1,200 (move detail out)"
        )
    for name, text in (("main text", section.body), ("detail", section.detail)):
        if why := hard_to_read(text, section.language):
            yield Problem(where, f"has its {name} at {why}")


def page_problems(
    page: Page,
    sources: dict[str, Source],
    term_slugs: set[str],
    abbreviations: list[Abbreviation],
) -> Iterator[Problem]:
    where = f"page '{page.slug}' ({page.language})"
    yield from text_problems(where, [page.body], sources, term_slugs)
    yield from abbreviation_problems(where, [page.title, page.body], abbreviations)
    if why := hard_to_read(page.body, page.language, grade=page.max_grade):
        yield Problem(where, f"reads at {why}")


NO_RELIABLE_NUMBERS = "no reliable numbers"


def option_problems(
    option: Option, sources: dict[str, Source], term_slugs: set[str]
) -> Iterator[Problem]:
    """Every option fills every row; an unknown says so; every figure is cited."""
    where = f"option '{option.slug}' ({option.language})"
    for key, text in option.cells():
        if not text.strip():
            yield Problem(where, f"leaves the row '{key}' empty (say “No reliable numbers”?)")
    texts = [text for _key, text in option.cells()] + [note.text for note in option.notes.all()]
    yield from text_problems(where, texts, sources, term_slugs)
    for key, text in option.cells():
        if why := hard_to_read(text, option.language, grade=MAX_GUIDE_GRADE + 1):
            yield Problem(where, f"has its '{key}' row at {why}")


def quiz_problems(
    question: QuizQuestion, sources: dict[str, Source], term_slugs: set[str]
) -> Iterator[Problem]:
    where = f"quiz question '{question.slug}' ({question.language})"
    choices = question.choices if isinstance(question.choices, list) else []
    if len(choices) < 2:
        yield Problem(where, "needs at least 2 answers")
    elif not 0 <= question.correct < len(choices):
        yield Problem(where, "names a right answer that is not one of its answers")
    yield from text_problems(where, [question.explanation], sources, term_slugs)
    if not citation_keys(question.explanation):
        yield Problem(where, "cites no source for its explanation")
    if why := hard_to_read(question.explanation, question.language):
        yield Problem(where, f"explains at {why}")


MAX_DEFINITION_GRADE = 7


def glossary_problems(term: GlossaryTerm) -> Iterator[Problem]:
    if why := hard_to_read(term.definition, term.language, grade=MAX_DEFINITION_GRADE):
        yield Problem(f"glossary term '{term.slug}' ({term.language})", f"reads at {why}")


def guide_problems(sources: dict[str, Source]) -> list[Problem]:
    term_slugs = set(GlossaryTerm.objects.values_list("slug", flat=True))
    abbreviations = list(Abbreviation.objects.all())
    sections = Section.objects.prefetch_related("key_points", "comparisons", "questions")
    problems = []
    for section in sections:
        language_abbreviations = [a for a in abbreviations if a.language == section.language]
        problems += section_problems(section, sources, term_slugs, language_abbreviations)
    if not sections:
        problems.append(Problem("guide", "has no sections (run manage.py load_content)"))
    for page in Page.objects.all():
        language_abbreviations = [a for a in abbreviations if a.language == page.language]
        problems += page_problems(page, sources, term_slugs, language_abbreviations)
    for option in Option.objects.prefetch_related("notes"):
        problems += option_problems(option, sources, term_slugs)
    for question in QuizQuestion.objects.all():
        problems += quiz_problems(question, sources, term_slugs)
    for term in GlossaryTerm.objects.all():
        problems += glossary_problems(term)
    problems += [Problem(where, what) for where, what in translation_problems()]
    return problems


def content_problems() -> list[Problem]:
    """Every reason the site's content is not fit to publish (empty if none)."""
    sources = all_sources()
    problems = []
    for app_problems in content_hooks("content_problems"):
        problems += app_problems(sources)
    return problems
