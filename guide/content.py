"""Turning editors' Markdown into safe HTML, once, when content changes.

Text fields hold Markdown with the markers of ``guide.markers``. Within a
section, cited sources are numbered in order of first use across key
points, body and comparisons, so the reader sees ``[1]``, ``[2]``... linked
to the list at the foot of the page.

``render_section`` writes the rendered HTML onto the section row, so a page
view reads it back in one query instead of rendering on every request.
Other apps render their own content (the checklist's reasons, say) through
the ``render_content`` hook on their AppConfig; ``render_everything`` calls
each one.
"""

import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from .markers import CITATION, GLOSSARY_LINK, citation_keys, strip_markers
from .models import Citation, GlossaryTerm, Option, Page, QuizQuestion, Section, Source

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


NOT_TRANSLATED_PATHS = ("/static/", "/i18n/", "/healthz", "/favicon.ico")


def localised_href(element: str, attribute: str, value: str) -> str:
    """A link to one of our own pages, in the language being rendered.

    Content links to pages by their English address ("/guide/costs/"); a
    Spanish row is rendered with Spanish active, so its links go to
    "/es/guide/costs/". Other links are left alone.
    """
    language = translation.get_language()
    if (
        attribute != "href"
        or not value.startswith("/")
        or value.startswith("//")
        or not language
        or language == settings.LANGUAGE_CODE
        or value.startswith((f"/{language}/", *NOT_TRANSLATED_PATHS))
    ):
        return value
    return f"/{language}{value}"


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        attribute_filter=localised_href,
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
                f'<span class="visually-hidden">{gettext("source")} </span>{number}</a>'
            )
        return f'<span class="cite-group"> [{", ".join(links)}]</span>'

    def _glossary_html(self, match: re.Match) -> str:
        slug, words = match.group(1), match.group(2)
        if slug not in self.known_terms:
            return escape(words)
        if slug not in self.terms_used:
            self.terms_used.append(slug)
        # The meaning is on the same page, in "Words used on this page".
        return f'<a class="term" href="#define-{slug}">{escape(words)}</a>'

    def cited_sources(self) -> list[tuple[int, Source]]:
        """(number, source) for every source cited so far, in number order."""
        cited = sorted(self.numbers.items(), key=lambda item: item[1])
        return [(number, self.known_sources[key]) for key, number in cited]

    def terms_html(self) -> str:
        """ "Words used on this page": the meaning of every glossary term used."""
        terms = [self.known_terms[slug] for slug in self.terms_used]
        return render_to_string(
            "guide/rendered/terms.html",
            {"terms": [(term, strip_markers(term.definition)) for term in terms]},
        )

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
    with translation.override(section.language):  # its links go to pages in its language
        in_short_html = renderer.block(section.in_short)
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
        detail_html = renderer.block(section.detail) if section.detail else ""
    sources = renderer.cited_sources()

    with translation.override(section.language):
        section.in_short_html = in_short_html
        section.key_points_html = render_to_string(
            "guide/rendered/key_points.html", {"key_points": key_points}
        )
        section.body_html = body_html
        section.detail_html = detail_html
        section.comparisons_html = render_to_string(
            "guide/rendered/comparisons.html", {"comparisons": comparisons}
        )
        section.terms_html = renderer.terms_html()
        section.sources_html = render_to_string("guide/rendered/sources.html", {"sources": sources})
    section.rendered_at = timezone.now()
    section.save()

    Citation.objects.filter(section=section).delete()
    Citation.objects.bulk_create(
        Citation(section=section, source=source, number=number) for number, source in sources
    )


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
    if not source.authors:
        words = source.title.split()
        return " ".join(words[:3]) + (" …" if len(words) > 3 else "") + f" {source.year}"
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
            f'<span class="visually-hidden">{gettext("source")}: </span>'
            f"{escape(short_label(sources[key]) if key in sources else key)}</a>"
            for key in citation_keys(match.group(0))
        )
        return f'<span class="cite-group"> [{links}]</span>'

    text = GLOSSARY_LINK.sub(r"\2", text)
    return sanitise(markdown.markdown(CITATION.sub(link, text)))


def render_definition(term: GlossaryTerm, sources: dict[str, Source] | None = None) -> None:
    sources = sources if sources is not None else all_sources()
    with translation.override(term.language):
        term.definition_html = render_with_source_links(term.definition, sources)
    term.save(update_fields=["definition_html"])


def render_page(
    page: Page,
    sources: dict[str, Source] | None = None,
    terms: dict[str, GlossaryTerm] | None = None,
) -> None:
    """A stand-alone page: headings get ids; citations and terms as on a section."""
    renderer = Renderer(
        known_sources=sources if sources is not None else all_sources(),
        known_terms=terms if terms is not None else terms_in(page.language),
    )
    with translation.override(page.language):
        text = CITATION.sub(renderer._citation_html, page.body)
        text = GLOSSARY_LINK.sub(renderer._glossary_html, text)
        page.body_html = render_markdown(text)
        page.terms_html = renderer.terms_html()
        page.sources_html = (
            render_to_string("guide/rendered/sources.html", {"sources": renderer.cited_sources()})
            if renderer.numbers
            else ""
        )
    page.save(update_fields=["body_html", "terms_html", "sources_html"])


def content_hooks(name: str) -> list:
    """Each installed app's content hook called ``name``, in INSTALLED_APPS order.

    An app that owns content says so on its AppConfig (``content_fixtures``,
    ``render_content(sources)``, ``content_problems(sources)``), so the
    guide's commands reach the checklist without importing it.
    """
    return [getattr(config, name) for config in apps.get_app_configs() if hasattr(config, name)]


def render_everything() -> None:
    """Render every app's content, reading the sources once."""
    sources = all_sources()
    for render_content in content_hooks("render_content"):
        render_content(sources)


def render_guide(sources: dict[str, Source]) -> None:
    for term in GlossaryTerm.objects.all():
        render_definition(term, sources)
    for page in Page.objects.exclude(slug=OPTIONS_PAGE):
        render_page(page, sources)
    render_all_sections(sources)
    for language in Option.objects.values_list("language", flat=True).distinct():
        render_options(language, sources)
    for question in QuizQuestion.objects.all():
        render_quiz_question(question, sources)


def render_quiz_question(question: QuizQuestion, sources: dict[str, Source] | None = None) -> None:
    sources = sources if sources is not None else all_sources()
    with translation.override(question.language):
        question.explanation_html = render_with_source_links(question.explanation, sources)
    question.save(update_fields=["explanation_html"])


OPTIONS_PAGE = "options"


@transaction.atomic
def render_options(language: str, sources: dict[str, Source] | None = None) -> None:
    """The options table and its page, with one numbering of sources for both.

    Each option's cells and notes are rendered onto the option; the options
    page (a Page with slug "options") holds the introduction and the list of
    every source the table cites.
    """
    renderer = Renderer(
        known_sources=sources if sources is not None else all_sources(),
        known_terms=terms_in(language),
    )
    page = Page.objects.filter(slug=OPTIONS_PAGE, language=language).first()
    with translation.override(language):
        if page is not None:
            text = CITATION.sub(renderer._citation_html, page.body)
            page.body_html = render_markdown(GLOSSARY_LINK.sub(renderer._glossary_html, text))
        for option in Option.objects.filter(language=language).prefetch_related("notes"):
            option.rendered = {key: renderer.inline(text) for key, text in option.cells()}
            option.save(update_fields=["rendered"])
            for note in option.notes.all():
                note.text_html = renderer.inline(note.text)
                note.save(update_fields=["text_html"])
    if page is not None:
        with translation.override(language):
            page.terms_html = renderer.terms_html()
            page.sources_html = render_to_string(
                "guide/rendered/sources.html", {"sources": renderer.cited_sources()}
            )
        page.save(update_fields=["body_html", "terms_html", "sources_html"])
