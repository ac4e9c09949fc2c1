"""A copy of the database shows none of what a visitor wrote, nor their link or code."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import TextField, Value
from django.test import Client
from django.urls import reverse

from clinics.models import AdvertFinding, AdvertSign, Clinic, ClinicAnswer, ClinicCost
from clinics.selectors import checklist_questions
from plans import crypto
from plans.crypto import WrongKey
from plans.fields import open_value, seal_value, sealed_fields
from tests.factories import plan_of
from tests.stored import found_in_database, stored_values

pytestmark = pytest.mark.django_db(transaction=True)


def fill_every_sealed_field(obj, marker: str) -> list[str]:
    """Give every typed field a value of its own; return the text markers used."""
    used = []
    for field in sealed_fields(type(obj)):
        if field.choices:
            setattr(obj, field.name, field.choices[-1][0])
        elif getattr(field, "max_length", None):
            text = f"{marker}-{field.name}"[: field.max_length]
            if field.name == "website":
                text = f"https://{marker.lower()}.example/"
            setattr(obj, field.name, text)
            if len(text) >= 8:  # "MAR" (a currency code's room) could be anywhere
                used.append(text)
    obj.save()
    return used


def fill_through_the_site(client, name: str, city: str, note: str, notes: str):
    """A plan made as a visitor makes it: a clinic, one answer with a note, and
    the plan's notes. Returns the plan, its clinic and the question answered."""
    client.post(reverse("clinics:add"), {"name": name, "city": city})
    clinic = plan_of(client).clinics.get()
    question = checklist_questions("en")[0]
    client.post(
        reverse("clinics:answer", args=[clinic.public_id, question.slug]),
        {f"q-{question.slug}-value": "no", f"q-{question.slug}-note": note},
    )
    client.post(reverse("plan:notes"), {"notes": notes})
    return plan_of(client), clinic, question


def test_nothing_a_visitor_typed_is_readable_in_the_database(client, content):
    plan, clinic, question = fill_through_the_site(
        client, "Clinica-MARKER-NAME", "MARKER-CITY", "MARKER-ANSWER-NOTE",
        "MARKER-PLAN-NOTES via the form",
    )  # fmt: skip
    markers = ["Clinica-MARKER-NAME", "MARKER-CITY", "MARKER-ANSWER-NOTE", "MARKER-PLAN-NOTES"]
    markers += fill_every_sealed_field(plan, "MARKERPLAN")
    plan.injury_date, plan.motor_score = datetime.date(1999, 12, 31), 77
    plan.exchange_rate = Decimal("19.8765")
    plan.priorities = {"note": "MARKER-PRIORITY"}
    plan.sure = {"before": {"sure": "MARKER-SURE"}}
    plan.save()
    markers += ["MARKER-PRIORITY", "MARKER-SURE", "1999-12-31", "19.8765"]
    markers += fill_every_sealed_field(plan.clinics.get(), "MARKERCLINIC")
    markers += fill_every_sealed_field(
        plan.own_questions.create(text="x", audience="doctor"), "MARKERQUESTION"
    )
    ClinicCost.objects.create(clinic=clinic, key="other_1", label="MARKER-COST-LABEL",
                              amount=Decimal("98765.43"), currency="MXN")  # fmt: skip
    markers += ["MARKER-COST-LABEL", "98765.43"]
    sign = AdvertSign.objects.first()
    AdvertFinding.objects.create(clinic=clinic, sign=sign, phrase="MARKER-ADVERT-PHRASE")
    markers.append("MARKER-ADVERT-PHRASE")
    device = client.session["plan_device"]

    found = found_in_database(*markers, plan.token, plan.resume_code, device)
    assert found == []
    # The scan can see: public content is there in plain text, as it should be.
    assert found_in_database(question.text) == [question.text]


def test_every_visitor_column_holds_only_sealed_values(client, content):
    client.post(reverse("clinics:add"), {"name": "Sealed"})
    plan_of(client)
    quote = connection.ops.quote_name
    for model in apps.get_models():
        fields = sealed_fields(model)
        if not fields:
            continue
        with connection.cursor() as cursor:
            columns = ", ".join(quote(field.column) for field in fields)
            cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)}")  # noqa: S608
            for row in cursor.fetchall():
                assert all(value.startswith("v1:") for value in row), model.__name__
    assert ClinicAnswer._meta.get_field("note") in sealed_fields(ClinicAnswer)
    assert b"v1:" in stored_values()


def sealed_columns_opened_with(key: bytes) -> tuple[int, int]:
    """How many stored sealed values open with ``key``, and how many do not."""
    quote = connection.ops.quote_name
    opened = refused = 0
    for model in apps.get_models():
        for field in sealed_fields(model):
            with connection.cursor() as cursor:
                table = quote(model._meta.db_table)
                cursor.execute(f"SELECT {quote(field.column)} FROM {table}")  # noqa: S608
                for (value,) in cursor.fetchall():
                    try:
                        open_value(value, key, field.seal_context)
                        opened += 1
                    except WrongKey:
                        refused += 1
    return opened, refused


def test_a_new_link_and_code_reseal_everything_under_a_new_data_key(client, content):
    plan, clinic, _question = fill_through_the_site(
        client, "Clinica Renovada", "Tijuana", "They would not say", "Ask about the flight home"
    )
    plan.own_questions.create(text="Who checks the cells?", audience="doctor")
    ClinicCost.objects.create(clinic=clinic, key="other_1", label="Hotel for my brother",
                              amount=Decimal("98765.43"), currency="MXN")  # fmt: skip
    AdvertFinding.objects.create(
        clinic=clinic, sign=AdvertSign.objects.first(), phrase="walk again in weeks"
    )
    old_key = plan.data_key
    before, _ = sealed_columns_opened_with(old_key)
    assert before >= 60  # the plan's 37 fields, the clinic's 16, and the rest

    assert client.post(reverse("plan:new_link")).status_code == 302

    renewed = plan_of(client)
    assert renewed.data_key != old_key
    assert sealed_columns_opened_with(old_key) == (0, before)
    assert sealed_columns_opened_with(renewed.data_key) == (before, 0)
    assert renewed.notes == "Ask about the flight home"
    assert [q.text for q in renewed.own_questions.all()] == ["Who checks the cells?"]
    clinic = renewed.clinics.get()
    assert (clinic.name, clinic.city) == ("Clinica Renovada", "Tijuana")
    assert clinic.answers.get().note == "They would not say"
    assert clinic.costs.get(key="other_1").amount == Decimal("98765.43")
    assert clinic.advert_findings.get().phrase == "walk again in weeks"
    overview = client.get(reverse("clinics:checklist", args=[clinic.public_id])).content.decode()
    assert "They would not say" in overview


def test_a_save_under_way_during_a_new_link_and_code_is_kept(client, content):
    """Another device that opened the plan just before a new link and code
    can still save under the old key: that value opens, and the next new
    link and code re-seals it under the newest key."""
    client.post(reverse("clinics:add"), {"name": "Clinica Estable", "city": "Tijuana"})
    plan = plan_of(client)
    clinic, old_key = plan.clinics.get(), plan.data_key
    assert client.post(reverse("plan:new_link")).status_code == 302
    late_save = seal_value("Ensenada", old_key, "clinics.clinic.city")
    Clinic.objects.filter(pk=clinic.pk).update(city=Value(late_save, output_field=TextField()))

    response = client.get(reverse("clinics:checklist", args=[clinic.public_id]))

    assert response.status_code == 200 and "Ensenada" in response.content.decode()
    assert client.post(reverse("plan:new_link")).status_code == 302
    newest = plan_of(client)
    assert newest.clinics.get().city == "Ensenada"
    assert sealed_columns_opened_with(old_key)[0] == 0
    assert sealed_columns_opened_with(newest.data_key)[1] == 0


def test_with_both_its_keys_a_plan_still_cannot_read_another_plans_rows(client, content):
    client.post(reverse("clinics:add"), {"name": "Mine"})
    client.post(reverse("plan:new_link"))
    stranger = Client()
    stranger.post(reverse("clinics:add"), {"name": "Theirs"})
    theirs, mine = plan_of(stranger), plan_of(client)
    replaced = crypto.unwrap(bytes(mine.replaced_key), mine.data_key)
    token = crypto.replaced_key.set(replaced)
    try:
        with crypto.using_key(mine.data_key), pytest.raises(WrongKey):
            Clinic.objects.get(plan=theirs)
    finally:
        crypto.replaced_key.reset(token)
