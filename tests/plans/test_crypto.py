"""Sealing a plan's data: the primitives and the model fields built on them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction

from clinics.models import Clinic
from plans import crypto
from plans.models import Plan, PlanQuestion
from tests.factories import make_clinic, make_plan, use


def test_a_sealed_value_opens_only_with_its_key_and_in_its_field():
    key, other = crypto.new_data_key(), crypto.new_data_key()
    sealed = crypto.seal("Baclofen 10 mg", key, "plans.plan.medicines")
    assert sealed.startswith("v1:") and "Baclofen" not in sealed
    assert crypto.open_sealed(sealed, key, "plans.plan.medicines") == "Baclofen 10 mg"
    with pytest.raises(crypto.WrongKey):
        crypto.open_sealed(sealed, other, "plans.plan.medicines")
    with pytest.raises(crypto.WrongKey):  # moved into another field
        crypto.open_sealed(sealed, key, "plans.plan.notes")


def test_a_changed_or_mangled_value_does_not_open():
    key = crypto.new_data_key()
    sealed = crypto.seal("C6", key, "f")
    flipped = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    for broken in (flipped, "v1:%%%", "plain text", sealed.removeprefix("v1:")):
        with pytest.raises(crypto.WrongKey):
            crypto.open_sealed(broken, key, "f")


def test_sealing_twice_gives_different_text_and_hides_short_lengths():
    key = crypto.new_data_key()
    assert crypto.seal("A", key, "f") != crypto.seal("A", key, "f")  # a fresh nonce each time
    lengths = {len(crypto.seal(value, key, "f")) for value in ("", "A", "not_sure", "x" * 30)}
    assert len(lengths) == 1  # padded to the same length
    assert len(crypto.seal("x" * 32, key, "f")) > lengths.pop()


def test_a_wrapped_key_opens_only_with_the_secret_it_was_wrapped_under():
    data_key, salt = crypto.new_data_key(), crypto.new_salt()
    by_code = crypto.wrap(data_key, crypto.key_from_code("maple tiger river", salt))
    assert crypto.unwrap(by_code, crypto.key_from_code("maple tiger river", salt)) == data_key
    for wrong in (crypto.key_from_code("maple tiger rivers", salt),
                  crypto.key_from_code("maple tiger river", crypto.new_salt()),
                  crypto.key_from_token("link", "maple tiger river")):  # fmt: skip
        with pytest.raises(crypto.WrongKey):
            crypto.unwrap(by_code, wrong)
    assert crypto.key_from_token("link", "t") != crypto.key_from_token("device", "t")


def test_lookup_hashes_differ_by_kind_and_never_contain_the_secret():
    assert crypto.lookup_hash("link", "abc") != crypto.lookup_hash("device", "abc")
    assert "abc" not in crypto.lookup_hash("link", "abc")


@pytest.mark.django_db
def test_every_kind_of_sealed_field_comes_back_as_it_went_in():
    plan = make_plan()
    plan.injury_date, plan.motor_score, plan.exchange_rate = (
        datetime.date(2022, 3, 1), 34, Decimal("17.2500"),
    )  # fmt: skip
    plan.priorities, plan.months_since_injury, plan.ais_grade = {"risk": "avoid"}, None, "B"
    plan.save()
    fresh = Plan.objects.get(pk=plan.pk)
    assert fresh.injury_date == datetime.date(2022, 3, 1) and fresh.motor_score == 34
    assert fresh.exchange_rate == Decimal("17.25") and fresh.priorities == {"risk": "avoid"}
    assert fresh.months_since_injury is None and fresh.ais_grade == "B"
    with connection.cursor() as cursor:
        cursor.execute("SELECT ais_grade, motor_score FROM plans_plan WHERE id = %s", [plan.pk])
        assert all(value.startswith("v1:") for value in cursor.fetchone())


@pytest.mark.django_db
def test_without_the_plans_key_nothing_reads_or_writes_its_fields():
    clinic = make_clinic(name="Clínica Cerrada")
    crypto.active_key.set(None)
    with pytest.raises(crypto.PlanLocked):
        Clinic.objects.get(pk=clinic.pk)
    with pytest.raises(crypto.PlanLocked), transaction.atomic():
        PlanQuestion.objects.create(plan=clinic.plan, text="?", audience="doctor")
    assert Clinic.objects.filter(pk=clinic.pk).exists()  # plain columns still work


@pytest.mark.django_db
def test_another_plans_key_cannot_read_this_plans_rows():
    mine = make_clinic(name="Mine")
    other = make_plan()  # its key is now the open one
    assert use(other) is other
    with pytest.raises(crypto.WrongKey):
        Clinic.objects.get(pk=mine.pk)


@pytest.mark.django_db
def test_sealed_fields_cannot_be_searched_by_the_database():
    make_clinic(name="Findable?")
    with pytest.raises(TypeError, match="sealed"):
        Clinic.objects.filter(name="Findable?").exists()
