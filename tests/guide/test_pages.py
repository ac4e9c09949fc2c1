import datetime

import pytest
from django.urls import reverse

from guide.content import render_page, render_section
from guide.models import MistakeReport, Page, Section
from tests.factories import make_section, make_source, make_term

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)


def make_page(slug: str, body: str, **fields) -> Page:
    values = {"title": slug.title(), "body": body, "last_reviewed": TODAY,
              "next_review_due": TODAY + datetime.timedelta(days=365)} | fields  # fmt: skip
    page, _created = Page.objects.update_or_create(slug=slug, language="en", defaults=values)
    render_page(page)
    return page


def test_start_here_renders_citations_and_meanings_on_the_same_page(client, content):
    source = make_source(checked_on=TODAY, checked_what="Title.")
    term = make_term(definition="A plain meaning of the word.")
    make_page(
        "start-here",
        f"Most people improve a little [@{source.key}]. Your [[{term.slug}|grade]] matters.",
        title="Can it help me? Start here",
        max_grade=6,
    )
    html = client.get(reverse("guide:start_here")).content.decode()
    assert "<h1>Can it help me? Start here</h1>" in html
    assert 'href="#source-1"' in html and 'id="source-1"' in html
    assert f'href="#define-{term.slug}"' in html and f'id="define-{term.slug}"' in html
    assert "A plain meaning of the word." in html


def test_home_page_offers_start_here_first(client, content):
    html = client.get(reverse("home")).content.decode()
    html = html[html.index("<main") :]  # the site's menu comes before
    start = html.index(f'href="{reverse("guide:start_here")}"')
    assert start < html.index(f'href="{reverse("guide:index")}"')
    assert start < html.index(f'href="{reverse("clinics:index")}"')


def test_home_page_offers_the_ready_to_decide_check_before_reading(client, content):
    """SURE "before" is offered before the guide is read, not only from the plan."""
    html = client.get(reverse("home")).content.decode()
    html = html[html.index("<main") :]
    before = html.index(f'href="{reverse("plan:sure")}?when=before"')
    assert before < html.index('class="section-list"')
    page = client.get(f"{reverse('plan:sure')}?when=before").content.decode()
    assert 'name="when" value="before"' in page


def test_a_section_with_detail_links_to_its_detail_page(client, content):
    section = make_section(
        key_points=["One.", "Two.", "Three."],
        detail="## Each study\n\nLonger words here.",
        detail_title="More about the studies",
    )
    render_section(section)
    html = client.get(section.get_absolute_url()).content.decode()
    assert f'href="{section.get_detail_url()}">More detail: More about the studies</a>' in html
    detail = client.get(section.get_detail_url())
    assert detail.status_code == 200
    assert "<h1>More about the studies</h1>" in detail.content.decode()


def test_a_section_without_detail_has_no_detail_page(client, content):
    section = make_section(key_points=["One.", "Two.", "Three."])
    render_section(section)
    assert client.get(section.get_detail_url()).status_code == 404
    assert "More detail:" not in client.get(section.get_absolute_url()).content.decode()


def test_a_mistake_report_is_saved_for_the_editors(client, content):
    response = client.post(
        reverse("guide:report_mistake"),
        {"page": "What could go wrong?", "message": "The CDC year should be 2022."},
    )
    assert response.status_code == 302
    assert response.url == reverse("guide:about") + "#found-a-mistake"
    report = MistakeReport.objects.get()
    assert report.message == "The CDC year should be 2022." and report.contact == ""
    page = client.get(response.url).content.decode()
    assert "Thank you. The editors will read your report." in page


@pytest.mark.parametrize(
    ("message", "error"),
    [("", "Say what is wrong."), ("x" * 3001, "Keep your report to 3,000 characters or fewer.")],
)
def test_a_bad_mistake_report_is_refused_at_the_field_and_kept(client, content, message, error):
    response = client.post(reverse("guide:report_mistake"), {"page": "Costs", "message": message})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and error in html
    assert 'value="Costs"' in html
    assert not MistakeReport.objects.exists()


def test_the_report_form_never_shows_without_its_page(client, content):
    Page.objects.filter(slug="about").delete()
    assert client.get(reverse("guide:about")).status_code == 404
    assert Section.objects.exists()  # the rest of the guide is still there
