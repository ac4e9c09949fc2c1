"""The plan summary as a tagged, accessible PDF (WeasyPrint).

WeasyPrint fetches every stylesheet, image and font the HTML names. The
fetcher here serves only this site's own static files (and tiny data: URLs)
and refuses everything else, so no visitor text could make the server read a
local file or call another host, even if it ever reached the HTML unescaped.
"""

import hashlib
import hmac
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils._os import safe_join
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guide.content import Renderer
from guide.markers import SPACED_CITATION, citation_keys, strip_glossary_links
from guide.models import KeyPoint, Option, Source

from . import bounded, crypto, throttle
from .decide import notes_that_apply
from .models import Plan
from .overview import plan_overview
from .safety import DYSREFLEXIA_RISE_MMHG, DYSREFLEXIA_SOURCES, RECORDS_TO_BRING_HOME, WARNING_SIGNS

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


# Page 1 must fit on one page whatever was typed: a longer text is never cut,
# it moves to the later pages and page 1 points to it.
PAGE_ONE_TEXT = 90  # characters of a typed field shown on page 1
PAGE_ONE_QUESTION = 160
PAGE_ONE_QUESTIONS = 3
PAGE_ONE_FINDINGS = 2
# A note on a checklist answer is shown up to this length in the PDF, then
# marked as shortened: 40 questions x 10 clinics of full notes would be a
# 400-page document no doctor reads (the whole note stays in the plan).
PDF_NOTE_LENGTH = 300


def fits(text: str, limit: int = PAGE_ONE_TEXT) -> str | None:
    """The text if it fits its place on page 1, or None (page 1 then points onward)."""
    return text if len(text) <= limit else None


@dataclass
class PageOneClinic:
    """A clinic on the doctor's first page: each part whole, or a pointer to the rest."""

    number: int
    name: str | None
    city: str | None
    cells: str | None
    route_and_dose: str | None
    sessions: str | None
    deadline: str | None
    findings: list[str]
    more_findings: int
    card: object


def page_one_clinic(number: int, card, crowded: bool) -> PageOneClinic:
    """With four or five clinics each row gets less room: shorter texts, one finding."""
    clinic = card.clinic
    room = 0.7 if crowded else 1.0
    cells = "; ".join(filter(None, [clinic.cell_type, clinic.cell_source]))
    # The split by route says it all ("50 million by spinal tap, 50 million into a vein").
    route_and_dose = clinic.dose_by_route or "; ".join(filter(None, [clinic.route, clinic.dose]))
    deadline = clinic.decision_deadline.isoformat() if clinic.decision_deadline else ""
    if clinic.deposit:
        deadline = "; ".join(filter(None, [deadline, clinic.deposit]))
    findings = [finding.text for finding in card.summary.red_flags]
    return PageOneClinic(
        number=number,
        name=fits(clinic.name, 60),
        city=fits(clinic.city, 40),
        cells=fits(cells, int(PAGE_ONE_TEXT * room)),
        route_and_dose=fits(route_and_dose, int(120 * room)),
        sessions=fits(clinic.sessions, 40),
        deadline=fits(deadline, 60),
        findings=findings[: 1 if crowded else PAGE_ONE_FINDINGS],
        more_findings=max(0, len(findings) - (1 if crowded else PAGE_ONE_FINDINGS)),
        card=card,
    )


def numbered_plain_text(text: str, cite) -> str:
    """Guide text as plain words with "[1, 2]" for its citations (no links:
    the PDF's sources list is a page away, and plain text lays out fastest)."""

    def numbers(match) -> str:
        found = cite(citation_keys(match.group(0)))
        return f" [{', '.join(map(str, found))}]" if found else ""

    plain = SPACED_CITATION.sub(numbers, strip_glossary_links(text))
    return plain.replace("**", "").replace("__", "")


def pdf_context(plan: Plan | None, paper: str) -> dict:
    """Everything the PDF shows, with citations numbered for this document."""
    sources = {source.key: source for source in Source.objects.all()}
    renderer = Renderer(known_sources=sources, known_terms={})

    def cite(keys) -> list[int]:
        return [n for key in keys if key in sources and (n := renderer.number_for(key))]

    overview = plan_overview(plan)
    warning_signs = [
        (timing.when, [(sign, cite(sign.source_keys)) for sign in timing.signs])
        for timing in WARNING_SIGNS
    ]
    dysreflexia_citations = cite(DYSREFLEXIA_SOURCES)
    key_facts = []
    points = KeyPoint.objects.filter(
        section__language=translation.get_language(), order__lte=KEY_POINTS_PER_SECTION
    ).select_related("section")
    for point in points.order_by("section__order", "order"):
        key_facts.append((point.section.title, numbered_plain_text(point.text, cite)))
    goals = overview.plan.goals if plan else ""
    applies = notes_that_apply(plan)
    options = [
        (
            option.name,
            [(str(label), numbered_plain_text(text, cite)) for (_k, text), (_k2, label)
             in zip(option.cells(), Option.ROWS, strict=True)],
            [numbered_plain_text(note.text, cite) for note in option.notes.all()
             if note.applies_when in applies],
        )
        for option in Option.objects.filter(language=translation.get_language())
        .prefetch_related("notes")
    ]  # fmt: skip
    today = timezone.localdate()
    return {
        "overview": overview,
        "voice": overview.voice,
        "prepared_by": overview.voice.prepared_by % {"date": date_format(today, "DATE_FORMAT")},
        "page_one_clinics": [
            page_one_clinic(n, card, crowded=len(overview.clinics) > 3)
            for n, card in enumerate(overview.clinics, start=1)
        ],
        "page_one_goals": fits(goals, 200),
        "page_one_questions": [
            fits(question, PAGE_ONE_QUESTION)
            for question in overview.doctor_questions[:PAGE_ONE_QUESTIONS]
        ],
        "more_doctor_questions": max(0, len(overview.doctor_questions) - PAGE_ONE_QUESTIONS),
        "warning_signs": warning_signs,
        "dysreflexia_citations": dysreflexia_citations,
        "dysreflexia_rise": DYSREFLEXIA_RISE_MMHG,
        "records": RECORDS_TO_BRING_HOME,
        "options": options,
        "key_facts": key_facts,
        "sources": renderer.cited_sources(),
        "today": today,
        "paper": paper,
        "note_length": PDF_NOTE_LENGTH,
    }


def pdf_language(plan: Plan | None) -> str:
    """The plan's own language, or the page's for a visitor with no plan yet."""
    languages = dict(settings.LANGUAGES)
    if plan is not None and plan.language in languages:
        return plan.language
    return translation.get_language() or settings.LANGUAGE_CODE


def pdf_filename(plan: Plan | None, paper: str) -> str:
    """ "my-plan-2026-11-27-a4.pdf" ("mi-plan-…" in Spanish): the day it was
    made and its paper size."""
    with translation.override(pdf_language(plan)):
        name = slugify(gettext("my plan"))
    return f"{name}-{timezone.localdate():%Y-%m-%d}-{paper}.pdf"


def summary_html(plan: Plan | None, paper: str = "letter") -> str:
    """The PDF's HTML, in the plan's language whatever page asked for it."""
    with translation.override(pdf_language(plan)):
        return render_to_string("plans/pdf/summary.html", pdf_context(plan, paper))


def html_to_pdf(html: str, paper: str = "letter") -> bytes:
    from weasyprint import CSS, HTML

    page_size = "A4" if paper == PaperSize.A4 else "letter"
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=make_fetcher()).write_pdf(
        stylesheets=[CSS(string=f"@page {{ size: {page_size}; }}")],
        pdf_variant="pdf/ua-1",
    )


def render_summary_pdf(plan: Plan | None, paper: str = "letter") -> bytes:
    """The PDF, made here and now (tests and benchmarks; the site uses summary_pdf)."""
    return html_to_pdf(summary_html(plan, paper), paper)


class PdfUnavailable(Exception):
    """No PDF this time; ``reason`` says why, for a friendly page."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


PDF_CACHE_SECONDS = 24 * 60 * 60
PDF_RETRY_AFTER_RATE = 10 * 60
PDF_CACHE_CONTEXT = "plans.pdf"


def pdf_cache_key(plan: Plan | None, html: str, paper: str) -> str:
    """Names the PDF of exactly this page. For a plan, keyed with the plan's
    own data key, so the name says nothing about what is in it."""
    if plan is None:
        digest = hashlib.sha256(html.encode()).hexdigest()
    else:
        digest = hmac.new(plan.data_key, html.encode(), hashlib.sha256).hexdigest()
    return f"pdf:{paper}:{digest}"


def summary_pdf(plan: Plan | None, paper: str = "letter") -> bytes:
    """The plan's PDF: the cached copy if nothing has changed, else a new one.

    A new one is made in a child process with a time limit, in one of a few
    machine-wide slots, and at most ``PDF_PER_PLAN`` times per window for a
    plan (a "busy" answer is not counted: nothing was made).
    The cached copy of a plan's PDF is sealed with the plan's data key.
    """
    html = summary_html(plan, paper)
    key = pdf_cache_key(plan, html, paper)
    cached = cache.get(key)
    if cached is not None:
        if plan is None:
            return cached
        try:
            return crypto.open_bytes(cached, plan.data_key, PDF_CACHE_CONTEXT)
        except crypto.WrongKey:
            pass  # not ours after all: make it afresh
    if plan is not None and throttle.pdf_renders_blocked(plan.pk).blocked:
        raise PdfUnavailable("rate", retry_after=PDF_RETRY_AFTER_RATE)
    try:
        pdf = bounded.run(
            lambda: html_to_pdf(html, paper),
            timeout=settings.PDF_TIMEOUT_SECONDS,
            wait=settings.PDF_QUEUE_SECONDS,
            directory=Path(settings.PDF_SLOT_DIR),
            slots=settings.PDF_SLOTS,
        )
    except bounded.Busy as error:
        raise PdfUnavailable("busy", retry_after=10) from error
    except (bounded.TimedOut, bounded.Failed) as error:
        if plan is not None:
            throttle.note_pdf_render(plan.pk)  # it took its time, so it counts
        raise PdfUnavailable("slow", retry_after=60) from error
    if plan is not None:
        throttle.note_pdf_render(plan.pk)
    stored = pdf if plan is None else crypto.seal_bytes(pdf, plan.data_key, PDF_CACHE_CONTEXT)
    cache.set(key, stored, PDF_CACHE_SECONDS)
    return pdf
