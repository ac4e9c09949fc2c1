"""The plan summary as a tagged, accessible PDF (WeasyPrint).

WeasyPrint fetches every stylesheet, image and font the HTML names. The
fetcher here serves only this site's own static files (and tiny data: URLs)
and refuses everything else, so no visitor text could make the server read a
local file or call another host, even if it ever reached the HTML unescaped.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils._os import safe_join
from django.utils.translation import gettext_lazy as _

from guide.content import Renderer
from guide.markers import strip_glossary_links
from guide.models import KeyPoint, Source

from .models import Plan
from .overview import WATCH_LIST, plan_overview

PDF_BASE_URL = "https://pdf.invalid/"  # never resolved: the fetcher answers for it
MAX_DATA_URL = 2048
KEY_POINTS_PER_SECTION = 2


class PaperSize(models.TextChoices):
    LETTER = "letter", _("US Letter")
    A4 = "a4", _("A4")


def static_file(relative: str) -> Path | None:
    """A file under STATIC_ROOT (collected, hashed names) or, in development, a finder's."""
    try:
        candidate = Path(safe_join(settings.STATIC_ROOT, relative))
    except SuspiciousFileOperation:  # tried to climb out of STATIC_ROOT
        return None
    if candidate.is_file():
        return candidate
    if settings.DEBUG:
        found = finders.find(relative)
        return Path(found) if found else None
    return None


def make_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") and len(url) <= MAX_DATA_URL:
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if url.startswith(PDF_BASE_URL) and parts.path.startswith(settings.STATIC_URL):
                path = static_file(unquote(parts.path.removeprefix(settings.STATIC_URL)))
                if path is not None:
                    content_type = mimetypes.guess_type(path.name)[0] or "text/plain"
                    return URLFetcherResponse(
                        url, body=path.read_bytes(), headers={"Content-Type": content_type}
                    )
            # Not fatal: a refused resource is left out and the PDF still renders.
            raise URLFetchingError(f"refused: {url[:80]}")

    return StaticOnlyFetcher()


def pdf_context(plan: Plan | None, paper: str) -> dict:
    """Everything the PDF shows, with citations numbered for this document."""
    sources = {source.key: source for source in Source.objects.all()}
    renderer = Renderer(known_sources=sources, known_terms={})
    watch_list = [
        (item, [renderer.number_for(key) for key in item.source_keys if key in sources])
        for item in WATCH_LIST
    ]
    key_facts = []
    points = KeyPoint.objects.filter(
        section__language=translation.get_language(), order__lte=KEY_POINTS_PER_SECTION
    ).select_related("section")
    for point in points.order_by("section__order", "order"):
        key_facts.append((point.section.title, renderer.inline(strip_glossary_links(point.text))))
    cited = sorted(renderer.numbers.items(), key=lambda item: item[1])
    return {
        "overview": plan_overview(plan),
        "watch_list": watch_list,
        "key_facts": key_facts,
        "sources": [(number, sources[key]) for key, number in cited],
        "today": timezone.localdate(),
        "paper": paper,
    }


def render_summary_pdf(plan: Plan | None, paper: str = "letter") -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string("plans/pdf/summary.html", pdf_context(plan, paper))
    page_size = "A4" if paper == PaperSize.A4 else "letter"
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=make_fetcher()).write_pdf(
        stylesheets=[CSS(string=f"@page {{ size: {page_size}; }}")],
        pdf_variant="pdf/ua-1",
    )
