import pytest
from django.urls import reverse

from guide.models import Citation, Section
from guide.readability import reading_grade

SECTION_SLUGS = [
    "timeline",
    "factors",
    "improvements",
    "durability",
    "risks",
    "costs",
    "rehabilitation",
    "regulation",
    "why-mexico",
    "choosing-a-clinic",
    "other-options",
    "travel",
    "after-you-get-home",
]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", SECTION_SLUGS)
def test_section_page_shows_key_points_sources_review_dates_at_grade_eight(client, content, slug):
    section = Section.objects.get(slug=slug, language="en")
    response = client.get(reverse("guide:section", args=[slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Key points" in html
    assert 3 <= section.key_points.count() <= 5
    assert "Last reviewed:" in html and "Next review due:" in html
    assert section.next_review_due.strftime("%Y-%m-%d") in html
    independent = Citation.objects.filter(section=section).exclude(source__kind="clinic_marketing")
    assert independent.count() >= 2
    assert html.count('<li id="source-') == Citation.objects.filter(section=section).count()
    assert reading_grade(section.body) <= 8.0, f"{slug} reads above grade 8"
    assert f"Section {section.order} of {len(SECTION_SLUGS)}" in html
    assert "Questions to ask" in html


def test_guide_index_lists_every_section_in_reading_order(client, content):
    html = client.get(reverse("guide:index")).content.decode()
    positions = [html.index(reverse("guide:section", args=[slug])) for slug in SECTION_SLUGS]
    assert positions == sorted(positions)


def test_sections_link_to_their_neighbours(client, content):
    html = client.get(reverse("guide:section", args=["risks"])).content.decode()
    assert f'href="{reverse("guide:section", args=["durability"])}" rel="prev"' in html
    assert f'href="{reverse("guide:section", args=["costs"])}" rel="next"' in html
    first = client.get(reverse("guide:section", args=["timeline"])).content.decode()
    assert 'rel="prev"' not in first


def test_sections_that_differ_from_clinic_claims_show_both_side_by_side(client, content):
    html = client.get(reverse("guide:section", args=["timeline"])).content.decode()
    assert "What clinics say" in html and "What research shows" in html


def test_section_page_takes_a_small_constant_number_of_queries(
    client, content, django_assert_max_num_queries
):
    for slug in ("timeline", "other-options"):
        with django_assert_max_num_queries(3):
            assert client.get(reverse("guide:section", args=[slug])).status_code == 200


def test_unknown_section_is_a_404_page_not_an_error(client, content):
    response = client.get("/guide/no-such-section/")
    assert response.status_code == 404


def test_glossary_page_defines_every_term_with_an_anchor(client, content):
    html = client.get(reverse("guide:glossary")).content.decode()
    assert 'id="term-ais-grade"' in html
    assert 'id="term-intrathecal"' in html


def test_every_glossary_link_in_the_guide_has_a_target(client, content):
    glossary = client.get(reverse("guide:glossary")).content.decode()
    for section in Section.objects.all():
        for fragment in section.body_html.split('href="/guide/glossary/#')[1:]:
            anchor = fragment.split('"', 1)[0]
            assert f'id="{anchor}"' in glossary, (section.slug, anchor)


def test_sources_page_lists_every_source_with_its_kind(client, content):
    html = client.get(reverse("guide:sources")).content.decode()
    assert 'id="src-fawcett-2007"' in html
    assert "Systematic review" in html and "Clinic marketing" in html


def test_about_page_states_independence_update_policy_and_reading_level(client, content):
    html = client.get(reverse("guide:about")).content.decode()
    for phrase in ("12 months", "grade 8", "no commercial funding"):
        assert phrase.lower() in html.lower(), phrase
    assert 'id="found-a-mistake"' in html


def test_guide_pages_take_few_queries(client, content, django_assert_max_num_queries):
    for name in ("guide:index", "guide:glossary", "guide:about", "guide:sources"):
        with django_assert_max_num_queries(3):
            assert client.get(reverse(name)).status_code == 200
