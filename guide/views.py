from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.http import HtmxHttpRequest
from config.pagecache import cache_for_everyone

from .forms import MistakeReportForm, MonthsSinceInjuryForm
from .models import Citation, GlossaryTerm, Page, Section, Source
from .timeline import describe_months, phase_for, timeline_chart

TIMELINE_SLUG = "timeline"
SESSION_MONTHS = "months_since_injury"
CLINIC_CLAIM_SOURCE = "placidway-blog"
TIMELINE_CHART_SOURCES = ("fawcett-2007", "kirshblum-2021", CLINIC_CLAIM_SOURCE)


@require_safe
@cache_for_everyone
def home(request: HtmxHttpRequest) -> HttpResponse:
    sections = Section.objects.in_language(get_language()).only("slug", "title", "summary", "order")
    return render(request, "guide/home.html", {"sections": sections})


@require_safe
@cache_for_everyone
def index(request: HtmxHttpRequest) -> HttpResponse:
    sections = Section.objects.in_language(get_language()).only(
        "slug", "title", "summary", "order", "last_reviewed"
    )
    return render(request, "guide/index.html", {"sections": sections})


def section_with_neighbours(slug: str, language: str) -> Section:
    """One query: the section, its neighbours for previous/next, and "N of M"."""
    siblings = Section.objects.in_language(language)
    before = siblings.filter(order__lt=OuterRef("order")).order_by("-order")
    after = siblings.filter(order__gt=OuterRef("order")).order_by("order")

    def count(queryset):
        return Subquery(
            queryset.order_by().values("language").annotate(n=Count("pk")).values("n")[:1]
        )

    queryset = siblings.annotate(
        previous_slug=Subquery(before.values("slug")[:1]),
        previous_title=Subquery(before.values("title")[:1]),
        next_slug=Subquery(after.values("slug")[:1]),
        next_title=Subquery(after.values("title")[:1]),
        position=count(siblings.filter(order__lte=OuterRef("order"))),
        total=count(siblings),
    )
    return get_object_or_404(queryset, slug=slug)


def citation_links(section: Section, keys: tuple[str, ...]) -> list[dict]:
    """Links for sources the timeline tool cites, numbered as on the page.

    A source the section itself does not cite links to the sources page.
    """
    numbers = dict(
        Citation.objects.filter(section=section, source__key__in=keys).values_list(
            "source__key", "number"
        )
    )
    links = []
    for key in keys:
        if key in numbers:
            links.append({"href": f"#source-{numbers[key]}", "label": str(numbers[key])})
        else:
            links.append({"href": f"{reverse('guide:sources')}#src-{key}", "label": key})
    return links


def timeline_context(section: Section, months: int | None) -> dict:
    phase = phase_for(months) if months is not None else None
    keys = (*(phase.source_keys if phase else ()), *TIMELINE_CHART_SOURCES)
    links = citation_links(section, tuple(dict.fromkeys(keys)))
    by_key = dict(zip(dict.fromkeys(keys), links, strict=True))
    return {
        "months": months,
        "months_text": describe_months(months) if months is not None else "",
        "phase": phase,
        "phase_citations": [by_key[key] for key in phase.source_keys] if phase else [],
        "chart_citations": [by_key[key] for key in TIMELINE_CHART_SOURCES],
        "claim_citations": [by_key[CLINIC_CLAIM_SOURCE]],
        "chart": timeline_chart(months),
    }


def section_response(
    request: HtmxHttpRequest,
    section: Section,
    *,
    months_form: MonthsSinceInjuryForm | None = None,
) -> HttpResponse:
    context = {"section": section, "questions": section.questions.all()}
    if section.slug == TIMELINE_SLUG:
        months = request.session.get(SESSION_MONTHS) if months_form is None else None
        if months_form is not None and months_form.is_valid():
            months = months_form.cleaned_data["months"]
        context |= timeline_context(section, months)
        context["months_form"] = months_form or MonthsSinceInjuryForm(
            initial={"months": months} if months is not None else None
        )
    return render(request, section_templates(section.slug), context)


def section_templates(slug: str) -> list[str]:
    """A section with a tool or panel of its own has a template named after it
    (``guide/sections/timeline.html``) that extends the shared one."""
    return [f"guide/sections/{slug}.html", "guide/section.html"]


@require_safe
@cache_for_everyone
def section_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    section = section_with_neighbours(slug, get_language())
    return section_response(request, section)


@require_http_methods(["GET", "HEAD", "POST"])
def timeline_months(request: HtmxHttpRequest) -> HttpResponse:
    """Answer "How long since your injury?" and explain what it means.

    Without JavaScript: POST, then redirect back to the page (POST/redirect/GET).
    With htmx: the same template's ``timeline-tool`` partial, swapped in place.
    The answer lives only in the visitor's own session cookie, never in a URL.
    """
    if request.method != "POST":  # e.g. reloading the page after an error
        return redirect(reverse("guide:section", args=[TIMELINE_SLUG]) + "#your-timeline")
    form = MonthsSinceInjuryForm(request.POST)
    if form.is_valid():
        request.session[SESSION_MONTHS] = form.cleaned_data["months"]
        if not request.htmx:
            return redirect(reverse("guide:section", args=[TIMELINE_SLUG]) + "#your-timeline")
    if request.htmx:
        section = get_object_or_404(Section, slug=TIMELINE_SLUG, language=get_language())
        context = {"section": section, "months_form": form}
        months = form.cleaned_data["months"] if form.is_valid() else None
        context |= timeline_context(section, months)
        context["status"] = timeline_status(context)
        return render(request, "guide/sections/timeline.html#timeline-tool-with-status", context)
    section = section_with_neighbours(TIMELINE_SLUG, get_language())
    return section_response(request, section, months_form=form)


def timeline_status(context: dict) -> str:
    """The short message screen readers hear after the tool updates in place."""
    if context["phase"] is None:
        return gettext("There is a problem with the number of months.")
    return gettext("About %(when)s since injury: %(phase)s.") % {
        "when": context["months_text"],
        "phase": context["phase"].label,
    }


@require_safe
@cache_for_everyone
def glossary(request: HtmxHttpRequest) -> HttpResponse:
    terms = GlossaryTerm.objects.filter(language=get_language())
    return render(request, "guide/glossary.html", {"terms": terms})


@require_safe
@cache_for_everyone
def sources(request: HtmxHttpRequest) -> HttpResponse:
    citations = Citation.objects.filter(section__language=get_language()).select_related("section")
    # Only checked sources are public: an unchecked record is an editor's lead, not evidence.
    all_sources = (
        Source.objects.filter(checked_on__isnull=False)
        .prefetch_related(
            Prefetch("citations", queryset=citations.order_by("section__order"), to_attr="uses")
        )
        .order_by("authors", "year")
    )
    # Grouped in the order of Source.Kind: regulators first, marketing last.
    groups: dict[str, list[Source]] = {label: [] for label in Source.Kind.labels}
    for source in all_sources:
        groups[source.get_kind_display()].append(source)
    groups = {label: items for label, items in groups.items() if items}
    return render(request, "guide/sources.html", {"groups": groups, "count": len(all_sources)})


def page_response(
    request: HtmxHttpRequest, slug: str, *, status: int = 200, **context
) -> HttpResponse:
    """A stand-alone page; ``guide/pages/<slug>.html`` may add to the shared template."""
    try:
        page = Page.objects.get(slug=slug, language=get_language())
    except Page.DoesNotExist as missing:
        raise Http404(f"No page '{slug}' has been loaded.") from missing
    templates = [f"guide/pages/{slug}.html", "guide/page.html"]
    return render(request, templates, {"page": page, **context}, status=status)


@require_safe
@cache_for_everyone
def about(request: HtmxHttpRequest) -> HttpResponse:
    return page_response(request, "about", report_form=MistakeReportForm())


@require_POST
def report_mistake(request: HtmxHttpRequest) -> HttpResponse:
    """Save a reader's report of a mistake for the editors (read in the admin)."""
    form = MistakeReportForm(request.POST)
    if not form.is_valid():
        return page_response(request, "about", status=400, report_form=form)
    form.save()
    messages.success(request, gettext("Thank you. The editors will read your report."))
    return redirect(reverse("guide:about") + "#found-a-mistake")


@require_safe
@cache_for_everyone
def start_here(request: HtmxHttpRequest) -> HttpResponse:
    """ "Can it help me? Start here": the plain answer for someone fresh from an advert."""
    return page_response(request, "start-here")


@require_safe
@cache_for_everyone
def section_more(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A section's longer material, on its own page."""
    section = get_object_or_404(
        Section.objects.exclude(detail_html=""), slug=slug, language=get_language()
    )
    return render(request, "guide/section_detail.html", {"section": section})
