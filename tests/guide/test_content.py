import datetime

import pytest

from guide.checks import content_problems
from guide.content import citation_keys, render_section
from guide.models import (
    Abbreviation,
    Citation,
    Comparison,
    GlossaryTerm,
    KeyPoint,
    Section,
    Source,
)
from guide.readability import plain_text, reading_grade, uncited_figures


@pytest.fixture
def sources(db):
    return [
        Source.objects.create(
            key=key,
            authors=key.title(),
            title=f"Study {key}",
            year=2020,
            kind=kind,
            checked_on=datetime.date(2026, 11, 27),
            checked_what="Title against the journal page.",
            editor_note="EDITOR-ONLY: DOI from memory",
        )  # fmt: skip
        for key, kind in [
            ("test-alpha", Source.Kind.SYSTEMATIC_REVIEW),
            ("test-beta", Source.Kind.REGULATOR),
            ("test-advert", Source.Kind.CLINIC_MARKETING),
        ]
    ]


@pytest.fixture
def section(sources):
    GlossaryTerm.objects.create(slug="test-term", term="Test term", definition="A letter A to E.")
    section = Section.objects.create(
        slug="sample",
        order=99,
        title="Sample",
        summary="A sample section.",
        in_short="Most people get a bit better on their own. Ask your own doctor.",
        body=(
            "## Plain heading\n\nMost people improve a little [@test-beta]. "
            "Your [[test-term|Test term]] matters [@test-alpha, @test-beta].\n\n"
            "<script>alert('x')</script>"
        ),
        last_reviewed=datetime.date(2026, 11, 20),
        next_review_due=datetime.date(2027, 11, 20),
    )
    for n, text in enumerate(["First point [@test-alpha].", "Second point.", "Third point."]):
        KeyPoint.objects.create(section=section, order=n, text=text)
    Comparison.objects.create(
        section=section,
        order=1,
        topic="Speed",
        clinic_claim="Fast results [@test-advert].",
        research_shows="Slow and uncertain [@test-beta].",
    )
    render_section(section)
    section.refresh_from_db()
    return section


def test_citations_are_numbered_by_first_use_across_the_section(section):
    numbers = dict(Citation.objects.filter(section=section).values_list("source__key", "number"))
    assert numbers == {"test-alpha": 1, "test-beta": 2, "test-advert": 3}
    assert 'href="#source-1"' in section.key_points_html
    assert 'href="#source-2"' in section.body_html
    assert 'href="#source-3"' in section.comparisons_html
    assert 'id="source-3"' in section.sources_html
    assert "Clinic marketing" in section.sources_html


def test_glossary_markers_link_to_the_glossary_and_define_the_term(section):
    assert 'href="#define-test-term">Test term</a>' in section.body_html
    assert 'id="define-test-term"' in section.terms_html
    assert "A letter A to E." in section.terms_html


def test_rendering_strips_scripts_from_editor_markdown(section):
    assert "<script" not in section.body_html
    assert "alert(" not in section.body_html or "&lt;" in section.body_html


def test_rerendering_renumbers_and_drops_sources_no_longer_cited(section):
    section.body = "Only this source now [@test-beta]."
    section.save()
    KeyPoint.objects.filter(section=section).update(text="No citation here.")
    render_section(section)
    numbers = dict(Citation.objects.filter(section=section).values_list("source__key", "number"))
    assert numbers == {"test-beta": 1, "test-advert": 2}
    assert "test-alpha" not in section.sources_html.lower()
    assert Citation.objects.filter(section=section).count() == 2


def problems_for(section):
    """Problems with this section itself (its missing translation is another test's)."""
    where = f"'{section.slug}' ({section.language})"
    return [str(p) for p in content_problems() if where in p.where]


def test_content_check_passes_a_complete_section(section):
    assert problems_for(section) == []


def test_content_check_fails_a_section_without_key_points(section):
    section.key_points.all().delete()
    assert any("0 key points" in p for p in problems_for(section))


def test_content_check_fails_a_citation_that_does_not_resolve(section):
    section.body += "\n\nA claim [@no-such-source]."
    section.save()
    assert any("[@no-such-source], which is not a source" in p for p in problems_for(section))


def test_content_check_fails_with_fewer_than_two_independent_sources(section):
    section.body = "Nothing cited here."
    section.save()
    section.key_points.update(text="Plain point.")
    problems = problems_for(section)
    assert any("cites 1 independent sources" in p for p in problems)


def test_content_check_fails_an_uncited_figure(section):
    section.body += "\n\nAbout 40 percent get better."
    section.save()
    assert any("figure without a citation" in p for p in problems_for(section))


def test_content_check_fails_reversed_review_dates(section):
    section.next_review_due = section.last_reviewed - datetime.timedelta(days=1)
    section.save()
    assert any("due for review before" in p for p in problems_for(section))


def test_content_check_fails_a_source_that_has_not_been_checked(section):
    Source.objects.filter(key="test-alpha").update(checked_on=None)
    assert any("[@test-alpha], which has not been checked" in p for p in problems_for(section))


def test_content_check_fails_a_missing_long_or_hard_in_short(section):
    section.in_short = ""
    section.save()
    assert any("has no “In short”" in p for p in problems_for(section))
    section.in_short = "You can ask your doctor about it. " * 20  # 140 words
    section.save()
    assert any("“In short” of 140 words" in p for p in problems_for(section))
    section.in_short = (
        "Autologous mesenchymal transplantation demonstrates heterogeneous neurological "
        "improvement, notwithstanding methodological limitations [@test-beta]."
    )
    section.save()
    assert any("“In short” at grade" in p for p in problems_for(section))


def test_content_check_fails_main_text_over_1200_words(section):
    section.body = "Rest helps. " * 601 + "[@test-alpha] [@test-beta]"
    section.save()
    assert any("1202 words of main text" in p for p in problems_for(section))


def test_content_check_fails_an_abbreviation_not_spelled_out_on_first_use(section):
    Abbreviation.objects.create(short="QZI", expansion="quiet zebra injury")
    section.body = (
        "QZI changes lives [@test-alpha]. A quiet zebra injury (QZI) is hard [@test-beta]."
    )
    section.save()
    assert any("uses QZI without spelling it out" in p for p in problems_for(section))
    section.body = (
        "A quiet zebra injury (QZI) is hard [@test-beta]. QZI changes lives [@test-alpha]."
    )
    section.save()
    assert not any("QZI" in p for p in problems_for(section))


def test_content_check_fails_a_glossary_term_without_its_meaning_on_the_page(section):
    Section.objects.filter(pk=section.pk).update(terms_html="")
    assert any("[[test-term]] but does not show its meaning" in p for p in problems_for(section))


def test_editors_notes_never_reach_the_section_page(client, section):
    Section.objects.filter(pk=section.pk).update(language="en")
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Study test-alpha" in html  # the source is listed...
    assert "EDITOR-ONLY" not in html  # ...without the editors' note


@pytest.mark.django_db
def test_the_shipped_content_passes_the_content_check(content):
    assert [str(p) for p in content_problems()] == []


def test_citation_keys_reads_single_and_grouped_markers():
    assert citation_keys("A [@one]. B [@two, @three] and [@one].") == [
        "one",
        "two",
        "three",
        "one",
    ]


def test_plain_text_drops_markers_and_closes_list_items():
    text = "## Heading\n\n- item one [@a]\n- see [[ais-grade|AIS grade]]"
    assert plain_text(text) == "Heading. item one. see AIS grade."


def test_reading_grade_scores_the_seed_article_as_hard():
    seed = (
        "The journey to recovery after stem cell treatment for spinal cord injury is not "
        "instantaneous; it's a gradual process involving complex neurological regeneration "
        "and comprehensive multidisciplinary rehabilitation interventions."
    )
    assert reading_grade(seed) > 12
    assert reading_grade("Most people get some movement back. It takes time.") < 6


def test_uncited_figures_finds_only_sentences_with_digits_and_no_citation():
    text = "Costs vary [@a]. It costs 9,000 dollars. About 3 in 10 improve [@b]. Ask why."
    assert uncited_figures(text) == ["It costs 9,000 dollars."]


def test_content_check_covers_checklist_questions(content):
    from clinics.models import CheckQuestion

    question = CheckQuestion.objects.first()
    question.why_it_matters = "Half of clinics, 50 of 100, do this [@no-such-key]. And 12 more."
    question.save()
    problems = [str(p) for p in content_problems() if question.slug in p.where]
    assert any("[@no-such-key], which is not a source" in p for p in problems)
    assert any("figure without a citation: 'And 12 more.'" in p for p in problems)


def test_every_shipped_option_fills_every_row(content):
    from guide.models import Option

    options = list(Option.objects.filter(language="en"))
    assert len(options) == 6
    for option in options:
        for key, text in option.cells():
            assert text.strip(), (option.slug, key)
            assert option.rendered[key], (option.slug, key)


def test_content_check_fails_an_empty_option_row_and_an_uncited_figure(sources):
    from guide.checks import NO_RELIABLE_NUMBERS
    from tests.factories import make_option

    option = make_option(cost="", harm_risk="About 40 in 100 people are harmed.")
    problems = [str(p) for p in content_problems() if f"'{option.slug}'" in p.where]
    assert any("leaves the row 'cost' empty" in p for p in problems)
    assert any("figure without a citation" in p for p in problems)
    assert NO_RELIABLE_NUMBERS == "no reliable numbers"
