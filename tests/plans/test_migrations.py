"""A database made before plans/ existed, and before plans were sealed, migrates
forward with every plan intact, and sealed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plans import access
from tests.stored import found_in_database

BEFORE_THE_MOVE = [("guide", "0001_initial"), ("clinics", "0001_initial"), ("plans", None)]


def migrate(targets):
    """Migrate the test database to ``targets``; return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_a_plan_made_before_the_move_and_before_sealing_opens_with_its_token_and_code():
    old = migrate(BEFORE_THE_MOVE)
    Plan = old.get_model("guide", "Plan")
    section = old.get_model("guide", "Section").objects.create(
        slug="old-section", order=99, title="Old", summary="s", body="b",
        last_reviewed=datetime.date(2026, 1, 1), next_review_due=datetime.date(2027, 1, 1),
    )  # fmt: skip
    guide_question = old.get_model("guide", "Question").objects.create(
        section=section, order=1, audience="doctor", text="Is it safe for me?"
    )
    group = old.get_model("clinics", "QuestionGroup").objects.create(
        slug="old-group", order=99, title="Old group"
    )
    check = old.get_model("clinics", "CheckQuestion").objects.create(
        group=group, slug="old-check", order=1, text="Licence?", why_it_matters="Because.",
        ask_clinic="Show me?", red_flag_answer="no",
    )  # fmt: skip
    plan = Plan.objects.create(
        token="T" * 43, resume_code="maple tiger river cloud stone apple",
        injury_level="cervical", months_since_injury=30, notes="My own words",
        currency="USD", exchange_rate=Decimal("17.5"),
    )  # fmt: skip
    plan.saved_questions.add(guide_question)
    old.get_model("guide", "PlanQuestion").objects.create(
        plan=plan, audience="clinic", text="Who made the cells?"
    )
    for key, amount in [("quote", "25000"), ("travel", "1200"), ("time_off", "3000")]:
        old.get_model("guide", "CostItem").objects.create(
            plan=plan, key=key, amount=Decimal(amount), currency="USD"
        )
    plan.quote_sessions = 4
    plan.save()
    costs_only = Plan.objects.create(token="C" * 43, resume_code="a b c d e f")
    old.get_model("guide", "CostItem").objects.create(
        plan=costs_only, key="lodging", amount=Decimal("900"), currency="MXN"
    )
    clinic = old.get_model("clinics", "Clinic").objects.create(plan=plan, name="Clínica Uno")
    old.get_model("clinics", "ClinicAnswer").objects.create(
        clinic=clinic, question=check, value="no", note="No licence shown"
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    by_token = access.find_plan_by_token("T" * 43)
    by_code = access.find_plan_by_code("Maple Tiger river cloud stone apple")
    assert by_token is not None and by_token == by_code
    assert (by_token.injury_level, by_token.months_since_injury, by_token.notes) == (
        "cervical",
        30,
        "My own words",
    )
    assert by_token.exchange_rate == Decimal("17.5")
    assert [q.text for q in by_token.saved_questions.all()] == ["Is it safe for me?"]
    assert [q.text for q in by_token.own_questions.all()] == ["Who made the cells?"]
    (moved_clinic,) = by_token.clinics.all()
    assert moved_clinic.name == "Clínica Uno"
    assert [(a.value, a.note) for a in moved_clinic.answers.all()] == [("no", "No licence shown")]
    # Each clinic now has its own worksheet: the plan's costs went to its clinic.
    costs = {c.key: c.amount for c in moved_clinic.costs.all()}
    assert costs == {"quote": 25000, "flights": 1200, "lost_income": 3000}
    assert moved_clinic.quote_sessions == 4
    (holder,) = access.find_plan_by_token("C" * 43).clinics.all()
    assert [(c.key, c.amount, c.currency) for c in holder.costs.all()] == [
        ("lodging", Decimal("900.00"), "MXN")
    ]
    assert "plans_plan" in connection.introspection.table_names()
    # Sealed in place: none of it is readable in the database any more.
    assert found_in_database(
        "My own words", "Who made the cells?", "Clínica Uno", "No licence shown", "T" * 43,
        "maple tiger river",
    ) == []  # fmt: skip
