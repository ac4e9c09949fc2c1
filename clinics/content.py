"""Rendering the checklist's cited "why this matters" text once, when content changes."""

from django.utils import translation

from guide.content import all_sources, render_with_source_links
from guide.markers import citation_keys
from guide.models import Source

from .models import CheckQuestion


def render_check_question(
    question: CheckQuestion, sources: dict[str, Source] | None = None
) -> None:
    sources = sources if sources is not None else all_sources()
    text = question.why_it_matters
    if not citation_keys(text) and question.source_id:
        text += f" [@{question.source.key}]"  # the question's main source
    with translation.override(question.language):  # links to its language's pages
        question.why_it_matters_html = render_with_source_links(text, sources)
    question.save(update_fields=["why_it_matters_html"])


def render_checklist(sources: dict[str, Source]) -> None:
    for question in CheckQuestion.objects.select_related("source"):
        render_check_question(question, sources)
    render_advert_signs(sources)


def render_advert_signs(sources: dict[str, Source]) -> None:
    from .models import AdvertSign

    for sign in AdvertSign.objects.all():
        render_advert_sign(sign, sources)


def render_advert_sign(sign, sources: dict[str, Source] | None = None) -> None:
    sources = sources if sources is not None else all_sources()
    with translation.override(sign.language):
        sign.explanation_html = render_with_source_links(sign.explanation, sources)
    sign.save(update_fields=["explanation_html"])
