import pytest
from django.test import Client
from django.urls import reverse

from clinics.models import Clinic


def add_clinic(client: Client, name: str = "Clinic One", **fields) -> Clinic:
    response = client.post(reverse("clinics:add"), {"name": name, **fields})
    assert response.status_code == 302, response.content.decode()[:500]
    return Clinic.objects.get(public_id=response.url.rstrip("/").split("/")[-1])


@pytest.fixture
def clinic(client, content):
    return add_clinic(client)


def answer_url(clinic: Clinic, slug: str) -> str:
    return reverse("clinics:answer", args=[clinic.public_id, slug])
