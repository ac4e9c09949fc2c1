import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clinics.models import CheckQuestion, ClinicAnswer
from plans import access

BEFORE = [
    ("clinics", "0006_answer_may_be_a_note_alone"),
    ("plans", "0003_about_me_for_a_clinician"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_answer_to_the_removed_trial_question_moves_to_the_one_kept(content):
    old = migrate(BEFORE)
    Question = old.get_model("clinics", "CheckQuestion")
    kept = Question.objects.get(slug="trial-matches", language="en")  # the shipped question
    removed = Question.objects.create(
        group_id=kept.group_id, slug="trial-registration-number", language="en", order=90,
        text="?", why_it_matters=".", ask_clinic="?",
    )  # fmt: skip
    plan = old.get_model("plans", "Plan").objects.create(token="t" * 43, resume_code="a b c d e f")
    Clinic = old.get_model("clinics", "Clinic")
    only_old, both = (Clinic.objects.create(plan=plan, name=n) for n in ("One", "Two"))
    Answer = old.get_model("clinics", "ClinicAnswer")
    Answer.objects.create(clinic=only_old, question=removed, value="no", note="none given")
    Answer.objects.create(clinic=both, question=removed, value="yes")
    Answer.objects.create(clinic=both, question=kept, value="no", note="wrong condition")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert not CheckQuestion.objects.filter(slug="trial-registration-number").exists()
    access.find_plan_by_token("t" * 43)  # opens the (now sealed) plan
    answers = {
        a.clinic.name: (a.value, a.note) for a in ClinicAnswer.objects.select_related("clinic")
    }
    assert answers == {"One": ("no", "none given"), "Two": ("no", "wrong condition")}
