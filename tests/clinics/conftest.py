import pytest
from django.test import Client
from django.urls import reverse

from clinics.models import CheckQuestion, Clinic
from tests.factories import plan_of


def add_clinic(client: Client, name: str = "Clinic One", **fields) -> Clinic:
    response = client.post(reverse("clinics:add"), {"name": name, **fields})
    assert response.status_code == 302, response.content.decode()[:500]
    public_id = response.url.split("/")[2]  # /clinics/<public id>/group/1/
    plan_of(client)  # opens the plan's data key for the test, as the site does
    return Clinic.objects.get(public_id=public_id)


@pytest.fixture
def clinic(client, content):
    return add_clinic(client)


def answer_url(clinic: Clinic, slug: str) -> str:
    return reverse("clinics:answer", args=[clinic.public_id, slug])


def group_url(clinic: Clinic, number: int, *, save: bool = False) -> str:
    return reverse(
        "clinics:save_group" if save else "clinics:group", args=[clinic.public_id, number]
    )


def answer_data(question: CheckQuestion, value: str = "", note: str = "") -> dict:
    """One question's fields, named as the group form names them."""
    return {f"q-{question.slug}-value": value, f"q-{question.slug}-note": note}
