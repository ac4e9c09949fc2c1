import pytest
from django import forms
from django.urls import reverse

from guide.forms import parse_months
from guide.timeline import PHASES, phase_for, timeline_chart

TIMELINE = reverse("guide:section", args=["timeline"])
ANSWER = reverse("guide:timeline_months")


@pytest.mark.parametrize(
    ("months", "phase"),
    [(0, "fastest"), (2, "fastest"), (3, "most"), (8, "most"), (9, "slowing"), (17, "slowing"),
     (18, "settled"), (240, "settled")],
)  # fmt: skip
def test_phase_for_months_since_injury(months, phase):
    assert phase_for(months).key == phase


def test_phases_cover_every_month_without_gaps():
    for earlier, later in zip(PHASES, PHASES[1:], strict=False):
        assert earlier.end == later.start
    assert PHASES[0].start == 0 and PHASES[-1].end is None


def test_chart_places_the_clinic_window_after_the_visitors_month():
    chart = timeline_chart(14)
    assert (chart.claim_start, chart.claim_end) == (17, 38)
    assert chart.axis_months == 48
    assert chart.marker_x == pytest.approx(14 / 48 * 600, abs=0.1)
    assert [band.is_current for band in chart.bands] == [False, False, True, False]


def test_chart_without_an_answer_shows_phases_only():
    chart = timeline_chart(None)
    assert chart.marker_x is None and chart.claim_x is None
    assert chart.axis_months == 36


pytestmark = pytest.mark.django_db


def test_answer_without_javascript_redirects_back_and_explains(client, content):
    response = client.post(ANSWER, {"months": "14"})
    assert response.status_code == 302
    assert response.url == TIMELINE + "#your-timeline"
    html = client.get(TIMELINE).content.decode()
    assert "About 1 year, 2 months since injury" in html
    assert "small natural gains still possible" in html
    assert 'value="14"' in html
    assert "17 to 38 months after your injury" in html


def test_answer_with_htmx_returns_only_the_tool(client, content):
    response = client.post(ANSWER, {"months": "30"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Key points" not in html
    assert "little natural change" in html
    assert client.session["months_since_injury"] == 30


def test_answer_is_kept_only_in_the_session_not_the_url(client, content):
    client.post(ANSWER, {"months": "7"})
    assert client.session["months_since_injury"] == 7
    assert "7" not in client.get(TIMELINE).request["PATH_INFO"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-3", "cannot be less than 0"),
        ("abc", "whole number, like 18"),
        ("10,000", "up to 1,200"),
        ("", "Enter the number of months since your injury"),
        ("1.5", "whole number, like 18"),
        ("²", "whole number, like 18"),
    ],
)
def test_invalid_months_still_renders_page_with_message_and_input(client, content, typed, message):
    response = client.post(ANSWER, {"months": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert f'value="{typed}"' in html
    assert "Key points" in html  # the whole page, not a bare error


def test_invalid_months_with_htmx_returns_the_tool_with_the_error(client, content):
    response = client.post(ANSWER, {"months": "abc"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "whole number, like 18" in html and 'value="abc"' in html


def test_reloading_the_answer_url_goes_back_to_the_tool(client, content):
    response = client.get(ANSWER)
    assert response.status_code == 302
    assert response.url == TIMELINE + "#your-timeline"


def test_htmx_answer_tells_screen_readers_what_it_means(client, content):
    response = client.post(ANSWER, {"months": "14"}, headers={"HX-Request": "true"})
    assert (
        'id="status-message" data-hx-swap-oob="innerHTML">About 1 year, 2 months since injury: '
        "Small natural gains still possible." in response.content.decode()
    )


def test_thousands_separator_is_understood(client, content):
    client.post(ANSWER, {"months": "1,200"})
    assert client.session["months_since_injury"] == 1200


@pytest.mark.parametrize(
    ("typed", "months"),
    [("2 years 6 months", 30), ("2 years and 6 months", 30), ("3 years", 36), ("18 months", 18),
     ("a year", 12), ("2 años 6 meses", 30), ("2 años y 6 meses", 30), ("un año", 12),
     ("3 Años", 36), ("2 anos", 24), ("18 meses", 18), ("1 mes", 1), ("un año y un mes", 13),
     ("  2   años ", 24)],
)  # fmt: skip
def test_months_said_in_years_in_either_language(typed, months):
    assert parse_months(typed) == months


@pytest.mark.parametrize("typed", ["años", "dos años", "2 años 6", "6 meses 2 años"])
def test_words_that_are_not_a_time_are_refused(typed):
    with pytest.raises(forms.ValidationError):
        parse_months(typed)


def test_the_spanish_example_in_the_help_text_is_understood(client, content):
    """The Spanish form suggests "2 años y 6 meses": saying it works."""
    html = client.get("/es/guide/timeline/").content.decode()
    assert "2 años y 6 meses" in html
    response = client.post("/es/guide/timeline/how-long/", {"months": "2 años y 6 meses"})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert 'aria-invalid="true"' not in html
    assert "Cerca de 2 años, 6 meses desde la lesión" in html
