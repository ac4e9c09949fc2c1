"""The site in Mexican Spanish at /es/: every page, its language, its links, its words.

A Spanish visitor adds a clinic, answers a group of questions and costs it,
then every page they can reach is read as they would read it: served in
Spanish, ``lang="es-MX"``, ``Content-Language: es``, a switch to the same page
in English, links that stay in Spanish, and no English sentence left over
(outside source titles, which stay in their own language).
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from clinics.models import Clinic
from clinics.selectors import checklist_groups, checklist_questions
from guide.models import Section
from tests.factories import cost_worksheet_data, plan_of

pytestmark = pytest.mark.django_db

# Words that are common in any English sentence and are not Spanish words.
# Written in lower case in running text, they mean English was left over;
# capitalised, they may start a name ("The Pew Charitable Trusts").
ENGLISH_ONLY_WORDS = {
    "the", "and", "with", "your", "you", "what", "this", "that", "for", "from",
    "when", "which", "have", "are", "will", "does", "should", "about", "their",
    "they", "before", "after", "how", "can", "not", "yes", "save", "saved",
}  # fmt: skip
PUBLIC_PAGES = [
    "", "guide/", "guide/glossary/", "guide/sources/", "guide/about/", "guide/start-here/",
    "clinics/", "clinics/compare/", "clinics/advert/", "plan/", "plan/resume/",
    "plan/options/", "plan/ready/", "plan/check-what-i-know/", "plan/find-a-trial/",
    "plan/quick/",
]  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class ReadableText(HTMLParser):
    """The words a reader sees, leaving out what is rightly not Spanish:
    source titles (``cite``, the source list, citation links), anything marked
    with an English ``lang`` (the "English" switch), scripts and styles."""

    def __init__(self):
        super().__init__()
        self.open_tags: list[bool] = []
        self.skipping = 0
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        skip = (
            tag in ("script", "style", "cite", "title")
            or {"source-list", "cite", "source"} & set(classes)
            or (attributes.get("lang") or "").startswith("en")
        )
        self.open_tags.append(bool(skip))
        self.skipping += bool(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self.open_tags:
            self.skipping -= self.open_tags.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.words.append(data)

    def english_left_over(self) -> list[str]:
        text = " ".join(self.words)
        return [
            text[max(0, found.start() - 50) : found.end() + 30]
            for found in re.finditer(r"\b[a-z]+\b", text)
            if found.group() in ENGLISH_ONLY_WORDS
        ]


def english_in(html: str) -> list[str]:
    reader = ReadableText()
    reader.feed(html)
    return reader.english_left_over()


def switch_on(html: str) -> tuple[str, str]:
    """The language the page's switch offers, and the address it sends."""
    form = re.search(r'<form class="language-switch".*?</form>', html, re.S)
    assert form, "no language switch"
    next_page = re.search(r'name="next" value="([^"]*)"', form.group()).group(1)
    language = re.search(r'name="language" value="([^"]*)"', form.group()).group(1)
    return language, next_page


def spanish(path: str) -> str:
    return "/es/" + path.lstrip("/")


@pytest.fixture
def spanish_visitor(content) -> tuple[Client, Clinic]:
    """A visitor who started in Spanish: one clinic, group 1 answered, costs filled."""
    client = Client()
    response = client.post(spanish("clinics/add/"), {"name": "Clínica Ejemplo", "city": "Tijuana"})
    assert response.status_code == 302
    assert response.url.startswith("/es/clinics/")
    plan_of(client)
    clinic = Clinic.objects.get()
    group = checklist_groups(checklist_questions("es"))[0]
    data = {"action": "next"}
    for question in group.questions:
        data |= {f"q-{question.slug}-value": "no", f"q-{question.slug}-note": "Sin respuesta"}
    response = client.post(spanish(f"clinics/{clinic.public_id}/group/1/save/"), data)
    assert response.status_code == 302 and response.url.startswith("/es/")
    costs = cost_worksheet_data(quote=("25,000", "USD"), flights=("800", "USD"))
    response = client.post(spanish(f"clinics/{clinic.public_id}/costs/"), costs)
    assert response.status_code == 302 and response.url.startswith("/es/")
    return client, clinic


def pages_of(clinic: Clinic) -> list[str]:
    sections = list(Section.objects.filter(language="es").values_list("slug", "detail"))
    own = f"clinics/{clinic.public_id}/"
    return [
        *PUBLIC_PAGES,
        *(f"guide/{slug}/" for slug, _detail in sections),
        *(f"guide/{slug}/more/" for slug, detail in sections if detail),
        own, f"{own}edit/", f"{own}costs/", f"{own}key-questions/",
        *(f"{own}group/{number}/" for number in range(1, 9)),
    ]  # fmt: skip


def test_every_page_a_spanish_visitor_reaches_is_in_spanish(spanish_visitor):
    client, clinic = spanish_visitor
    problems = {}
    for path in pages_of(clinic):
        response = client.get(spanish(path))
        html = response.content.decode()
        found = []
        if response.status_code != 200:
            found.append(f"status {response.status_code}")
        if '<html lang="es-MX"' not in html:
            found.append("html lang is not es-MX")
        if response.headers.get("Content-Language") != "es":
            found.append(f"Content-Language {response.headers.get('Content-Language')}")
        if switch_on(html) != ("en", f"/{path}"):
            found.append("no switch to this page in English")
        leaving = [
            href
            for href in re.findall(r'href="(/[^"]*)"', html)
            if not href.startswith(("/es/", "/static/"))
        ]
        if leaving:
            found.append(f"links out of Spanish: {leaving[:3]}")
        if english := english_in(html):
            found.append(f"English left over: {english[:3]}")
        if found:
            problems[path] = found
    assert problems == {}


def test_the_english_pages_have_no_spanish_switch_target_but_their_own(client, content):
    html = client.get("/guide/costs/").content.decode()
    assert '<html lang="en"' in html
    assert switch_on(html) == ("es", "/es/guide/costs/")
    assert 'value="es" lang="es-MX"' in html and ">Español</button>" in html
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert ("es-MX", "http://testserver/es/guide/costs/") in alternates
    assert ("en", "http://testserver/guide/costs/") in alternates


def test_the_heuristic_finds_english_left_on_a_spanish_page():
    """The check above can fail: an English sentence is found, a source title is not."""
    page = (
        "<main><p>Las células madre no curan.</p><p>Ask the clinic for the trial.</p>"
        "<ol class='source-list'><li><cite>What the evidence shows</cite></li></ol>"
        "<button lang='en'>English</button></main>"
    )
    found = english_in(page)
    assert len(found) == 3  # "the", "for", "the"
    assert all("Ask the clinic" in snippet for snippet in found)
    assert not any("evidence" in snippet or "English" in snippet for snippet in found)


def switch(client: Client, page: str) -> str:
    """Press the page's language button, as a browser without JavaScript would;
    the address it lands on."""
    language, next_page = switch_on(client.get(page).content.decode())
    response = client.post(reverse("set_language"), {"language": language, "next": next_page})
    assert response.status_code == 302
    return response.url


@pytest.mark.parametrize("chosen_before", [None, "en", "es"])
def test_the_language_switch_keeps_the_reader_on_the_same_page(client, content, chosen_before):
    """Whatever language was chosen before (the cookie set_language answers in),
    the switch goes to the same page in the other language, and back."""
    if chosen_before:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = chosen_before
    assert switch(client, "/guide/costs/") == "/es/guide/costs/"
    assert switch(client, "/es/guide/costs/") == "/guide/costs/"
    assert switch(client, "/es/") == "/"
    assert switch(client, "/") == "/es/"


def test_the_switch_keeps_a_clinic_page_with_its_address(spanish_visitor):
    client, clinic = spanish_visitor
    english = switch(client, f"/es/clinics/{clinic.public_id}/costs/")
    assert english == f"/clinics/{clinic.public_id}/costs/"
    assert '<html lang="en"' in client.get(english).content.decode()  # the same plan


@pytest.mark.parametrize(
    ("accept_language", "lands_on"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "/es/"),
        ("es", "/es/"),
        ("en-US,en;q=0.9,es;q=0.8", None),
        ("fr-FR,es;q=0.5", "/es/"),  # French first, then Spanish before English
        ("", None),
    ],
)
def test_the_browsers_languages_choose_on_a_first_visit(client, content, accept_language, lands_on):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    if lands_on:
        assert response.status_code == 302 and response.url == lands_on
    else:
        assert response.status_code == 200
        assert '<html lang="en"' in response.content.decode()
    assert "Accept-Language" in response.headers["Vary"]


def test_a_chosen_language_is_never_overridden_by_the_browser(client, content):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_spanish_content_links_to_spanish_pages_and_english_to_english(content):
    from guide.content import localised_href

    with translation.override("es"):
        assert localised_href("a", "href", "/guide/costs/") == "/es/guide/costs/"
        assert localised_href("a", "href", "/es/guide/costs/") == "/es/guide/costs/"
        assert localised_href("a", "href", "/static/x.svg") == "/static/x.svg"
        assert localised_href("a", "href", "//example.org/") == "//example.org/"
        assert localised_href("a", "href", "https://example.org/") == "https://example.org/"
        assert localised_href("a", "href", "#source-1") == "#source-1"
        assert localised_href("a", "title", "/guide/") == "/guide/"
    with translation.override("en"):
        assert localised_href("a", "href", "/guide/costs/") == "/guide/costs/"


def test_dates_are_written_as_in_mexico():
    day = datetime.date(2026, 11, 27)
    with translation.override("es"):
        assert formats.date_format(day, "DATE_FORMAT") == "27 de noviembre de 2026"
        assert formats.number_format(1234.5, 2, force_grouping=True) == "1,234.50"
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "27 November 2026"


def test_the_page_cache_keeps_each_language_apart(client, content):
    english = client.get("/guide/costs/").content.decode()
    spanish_page = client.get("/es/guide/costs/").content.decode()
    assert '<html lang="en"' in english and '<html lang="es-MX"' in spanish_page
    assert '<html lang="en"' in client.get("/guide/costs/").content.decode()  # from the cache
    assert '<html lang="es-MX"' in client.get("/es/guide/costs/").content.decode()


def test_a_spanish_section_takes_as_few_queries_as_an_english_one(
    client, content, django_assert_max_num_queries
):
    for path in ("/guide/costs/", "/es/guide/costs/", "/es/clinics/", "/es/plan/"):
        with django_assert_max_num_queries(8):
            assert client.get(path).status_code == 200


def test_a_spanish_visitors_errors_are_in_spanish_at_the_field(client, content):
    response = client.post(spanish("clinics/add/"), {"name": "", "city": "Tijuana"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="es-MX"' in html and 'value="Tijuana"' in html
    assert english_in(html) == []
