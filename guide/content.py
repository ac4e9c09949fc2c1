"""Turning editors' Markdown into safe HTML, once, when content changes.

Text fields hold Markdown with two markers:

* ``[@source-key]`` (or ``[@a, @b]``) cites sources. Within a section the
  sources are numbered in order of first use across key points, body and
  comparisons, so the reader sees ``[1]``, ``[2]``... linked to the list at
  the foot of the page.
* ``[[term-slug|words]]`` links the words to the glossary.

``render_section`` writes the rendered HTML onto the section row, so a page
view reads it back in one query instead of rendering on every request.
"""

import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from .models import Citation, GlossaryTerm, Page, Section, Source

CITATION = re.compile(r"\[@([a-z0-9-]+(?:\s*,\s*@?[a-z0-9-]+)*)\]")
GLOSSARY_LINK = re.compile(r"\[\[([a-z0-9-]+)\|([^\]]+)\]\]")

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "h4",
    "blockquote", "span", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class"},
    "span": {"class"},
    "th": {"scope"},
    "h2": {"id"},
    "h3": {"id"},
}


def citation_keys(text: str) -> list[str]:
    """Source keys cited in ``text``, in order of appearance."""
    keys = []
    for group in CITATION.findall(text):
        keys += [key.strip().lstrip("@") for key in group.split(",")]
    return keys


def glossary_slugs(text: str) -> list[str]:
    return [slug for slug, _words in GLOSSARY_LINK.findall(text)]


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


@dataclass
class Renderer:
    """Renders the text fields of one section, numbering citations as it goes."""

    known_sources: dict[str, Source]
    known_terms: dict[str, GlossaryTerm]
    numbers: dict[str, int] = field(default_factory=dict)
    terms_used: list[str] = field(default_factory=list)

    def number_for(self, key: str) -> int | None:
        if key not in self.known_sources:
            return None
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def _citation_html(self, match: re.Match) -> str:
        links = []
        for key in citation_keys(match.group(0)):
            number = self.number_for(key)
            if number is None:
                links.append("?")
                continue
            links.append(
                f'<a class="cite" href="#source-{number}">'
                f'<span class="visually-hidden">source </span>{number}</a>'
            )
        return f'<span class="cite-group"> [{", ".join(links)}]</span>'

    def _glossary_html(self, match: re.Match) -> str:
        slug, words = match.group(1), match.group(2)
        if slug not in self.known_terms:
            return escape(words)
        if slug not in self.terms_used:
            self.terms_used.append(slug)
        href = f"{reverse('guide:glossary')}#term-{slug}"
        return f'<a class="term" href="{href}">{escape(words)}</a>'

    def inline(self, text: str) -> str:
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html

    def block(self, text: str) -> str:
        text = CITATION.sub(self._citation_html, text)
        text = GLOSSARY_LINK.sub(self._glossary_html, text)
        return sanitise(markdown.markdown(text, extensions=["sane_lists"]))


def render_markdown(text: str) -> str:
    """Render a page's Markdown to safe HTML; headings get ids to link to."""
    return sanitise(markdown.markdown(text, extensions=["sane_lists", "toc"]))


def all_sources() -> dict[str, Source]:
    return {source.key: source for source in Source.objects.all()}


def terms_in(language: str) -> dict[str, GlossaryTerm]:
    return {term.slug: term for term in GlossaryTerm.objects.filter(language=language)}


@transaction.atomic
def render_section(
    section: Section,
    sources: dict[str, Source] | None = None,
    terms: dict[str, GlossaryTerm] | None = None,
) -> None:
    """Render a section and its parts to HTML and renumber its citations.

    ``sources`` and ``terms`` may be passed in when many sections are
    rendered at once, so they are read from the database only once.
    """
    renderer = Renderer(
        known_sources=sources if sources is not None else all_sources(),
        known_terms=terms if terms is not None else terms_in(section.language),
    )
    key_points = [renderer.inline(point.text) for point in section.key_points.all()]
    body_html = renderer.block(section.body)
    comparisons = [
        {
            "topic": comparison.topic,
            "clinic_claim": renderer.inline(comparison.clinic_claim),
            "research_shows": renderer.inline(comparison.research_shows),
        }
        for comparison in section.comparisons.all()
    ]
    cited = sorted(renderer.numbers.items(), key=lambda item: item[1])
    sources = [(number, renderer.known_sources[key]) for key, number in cited]
    terms = [renderer.known_terms[slug] for slug in renderer.terms_used]

    with translation.override(section.language):
        section.key_points_html = render_to_string(
            "guide/_key_points.html", {"key_points": key_points}
        )
        section.body_html = body_html
        section.comparisons_html = render_to_string(
            "guide/_comparisons.html", {"comparisons": comparisons}
        )
        section.terms_html = render_to_string(
            "guide/_terms.html",
            {"terms": [(term, strip_markers(term.definition)) for term in terms]},
        )
        section.sources_html = render_to_string("guide/_sources.html", {"sources": sources})
    section.rendered_at = timezone.now()
    section.save()

    Citation.objects.filter(section=section).delete()
    Citation.objects.bulk_create(
        Citation(section=section, source=source, number=number) for number, source in sources
    )


def strip_markers(text: str) -> str:
    """Plain words for places that show no citation numbers (definitions)."""
    text = CITATION.sub("", text)
    return GLOSSARY_LINK.sub(r"\2", text)


def render_all_sections(sources: dict[str, Source] | None = None) -> int:
    sources = sources if sources is not None else all_sources()
    terms_by_language: dict[str, dict[str, GlossaryTerm]] = {}
    sections = list(Section.objects.all())
    for section in sections:
        if section.language not in terms_by_language:
            terms_by_language[section.language] = terms_in(section.language)
        render_section(section, sources, terms_by_language[section.language])
    return len(sections)


def short_label(source: Source) -> str:
    """ "Chavez J, Smith A" (2021) -> "Chavez 2021", for links outside a section."""
    first = source.authors.split(",")[0].split("(")[0].strip()
    surname = first.split()[0] if " " in first and first.split()[-1].isupper() else first
    return f"{surname} {source.year}"


def render_with_source_links(text: str, sources: dict[str, Source]) -> str:
    """Markdown whose citations link to the sources page (no section numbering).

    Used where a text stands alone: glossary definitions, checklist reasons.
    """
    sources_url = reverse("guide:sources")

    def link(match: re.Match) -> str:
        links = ", ".join(
            f'<a class="cite" href="{sources_url}#src-{key}">'
            f'<span class="visually-hidden">source: </span>'
            f"{escape(short_label(sources[key]) if key in sources else key)}</a>"
            for key in citation_keys(match.group(0))
        )
        return f'<span class="cite-group"> [{links}]</span>'

    text = GLOSSARY_LINK.sub(r"\2", text)
    return sanitise(markdown.markdown(CITATION.sub(link, text)))


def render_definition(term: GlossaryTerm, sources: dict[str, Source] | None = None) -> None:
    sources = sources if sources is not None else all_sources()
    term.definition_html = render_with_source_links(term.definition, sources)
    term.save(update_fields=["definition_html"])


def render_page(page: Page) -> None:
    page.body_html = render_markdown(page.body)
    page.save(update_fields=["body_html"])


def render_check_question(question, sources: dict[str, Source] | None = None) -> None:
    sources = sources if sources is not None else all_sources()
    text = question.why_it_matters
    if not citation_keys(text) and question.source_id:
        text += f" [@{question.source.key}]"  # the question's main source
    question.why_it_matters_html = render_with_source_links(text, sources)
    question.save(update_fields=["why_it_matters_html"])


def render_everything() -> None:
    from clinics.models import CheckQuestion

    sources = all_sources()
    for term in GlossaryTerm.objects.all():
        render_definition(term, sources)
    for question in CheckQuestion.objects.select_related("source"):
        render_check_question(question, sources)
    for page in Page.objects.all():
        render_page(page)
    render_all_sections(sources)
