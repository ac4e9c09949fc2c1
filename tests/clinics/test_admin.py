import pytest
from django.urls import reverse

from clinics.admin import pattern_lines_problem
from clinics.models import AdvertSign

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model, content):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "x" * 20)
    client.force_login(user)
    return client


def sign_data(sign: AdvertSign, **changes) -> dict:
    fields = ["slug", "language", "order", "name", "explanation", "ask", "patterns", "exceptions"]
    return {name: getattr(sign, name) for name in fields} | changes


def test_a_broken_pattern_is_named_by_its_line():
    assert pattern_lines_problem("cure\n\nguarantee") is None
    problem = str(pattern_lines_problem("cure\n(unclosed"))
    assert problem.startswith("Line 2 is not a pattern the checker can use")


def test_advert_signs_are_listed_and_edited_in_the_admin(editor):
    sign = AdvertSign.objects.get(slug="cure-guarantee", language="en")
    html = editor.get(reverse("admin:clinics_advertsign_changelist")).content.decode()
    assert sign.name in html
    url = reverse("admin:clinics_advertsign_change", args=[sign.pk])
    new_explanation = (
        "Edited in the admin: no treatment can promise this [@fda-stem-cell-consumer-info]."
    )
    response = editor.post(url, sign_data(sign, explanation=new_explanation))
    assert response.status_code == 302
    sign.refresh_from_db()
    assert "Edited in the admin" in sign.explanation_html
    assert 'class="cite"' in sign.explanation_html  # the citation is rendered as a link


def test_a_pattern_that_does_not_compile_is_refused_at_the_field(editor):
    sign = AdvertSign.objects.get(slug="cure-guarantee", language="en")
    url = reverse("admin:clinics_advertsign_change", args=[sign.pk])
    response = editor.post(url, sign_data(sign, patterns="guarantee[d\nworks"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 1 is not a pattern the checker can use" in html
    assert "guarantee[d" in html  # the editor's input is kept
    sign.refresh_from_db()
    assert "guarantee[d" not in sign.patterns
