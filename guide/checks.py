"""The content check: what every section must have before it is published.

``content_problems`` runs every installed app's ``content_problems`` hook
(see ``guide.content.content_hooks``): the guide's own below, the
checklist's in ``clinics.checks``.
"""

from dataclasses import dataclass

from .content import content_hooks
from .markers import citation_keys, glossary_slugs
from .models import GlossaryTerm, Section, Source
from .readability import uncited_figures

MIN_KEY_POINTS, MAX_KEY_POINTS = 3, 5
MIN_INDEPENDENT_SOURCES = 2


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def section_problems(section: Section, source_kinds: dict[str, str], term_slugs: set[str]):
    where = f"section '{section.slug}' ({section.language})"
    key_points = list(section.key_points.all())
    comparisons = list(section.comparisons.all())
    texts = [point.text for point in key_points] + [section.body]
    for comparison in comparisons:
        texts += [comparison.clinic_claim, comparison.research_shows]

    if not MIN_KEY_POINTS <= len(key_points) <= MAX_KEY_POINTS:
        yield Problem(where, f"has {len(key_points)} key points; it needs 3 to 5")
    if not section.last_reviewed or not section.next_review_due:
        yield Problem(where, "has no review dates")
    elif section.next_review_due <= section.last_reviewed:
        yield Problem(where, "is due for review before it was last reviewed")
    if not section.body_html:
        yield Problem(where, "has not been rendered (run manage.py load_content)")

    cited = []
    for text in texts:
        for key in citation_keys(text):
            if key not in source_kinds:
                yield Problem(where, f"cites [@{key}], which is not a source")
            elif key not in cited:
                cited.append(key)
        for slug in glossary_slugs(text):
            if slug not in term_slugs:
                yield Problem(where, f"links [[{slug}]], which is not in the glossary")
        for sentence in uncited_figures(text):
            yield Problem(where, f"states a figure without a citation: {sentence!r}")
    independent = [key for key in cited if source_kinds[key] != Source.Kind.CLINIC_MARKETING]
    if len(independent) < MIN_INDEPENDENT_SOURCES:
        yield Problem(where, f"cites {len(independent)} independent sources; it needs at least 2")


def guide_problems(source_kinds: dict[str, str]) -> list[Problem]:
    term_slugs = set(GlossaryTerm.objects.values_list("slug", flat=True))
    sections = Section.objects.prefetch_related("key_points", "comparisons")
    problems = []
    for section in sections:
        problems += section_problems(section, source_kinds, term_slugs)
    if not sections:
        problems.append(Problem("guide", "has no sections (run manage.py load_content)"))
    return problems


def content_problems() -> list[Problem]:
    """Every reason the site's content is not fit to publish (empty if none)."""
    source_kinds = dict(Source.objects.values_list("key", "kind"))
    problems = []
    for app_problems in content_hooks("content_problems"):
        problems += app_problems(source_kinds)
    return problems
