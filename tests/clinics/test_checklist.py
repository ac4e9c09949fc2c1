import threading

import pytest
from django.db import connection

from clinics.checklist import CAUTION, RED_FLAG, flag_for, save_answer, summarise
from clinics.models import CheckQuestion, ClinicAnswer
from clinics.selectors import checklist_questions
from guide.plans import create_plan

pytestmark = pytest.mark.django_db


def question(red="", caution=""):
    return CheckQuestion(pk=1, slug="q", text="?", red_flag_answer=red, caution_answer=caution)


@pytest.mark.parametrize(
    ("red", "caution", "value", "expected"),
    [
        ("no", "", "no", RED_FLAG),
        ("no", "", "yes", None),
        ("yes", "", "yes", RED_FLAG),
        ("", "no", "no", CAUTION),
        ("", "no", "not_sure", None),
        ("no", "", "", None),
    ],
)
def test_flag_for_answer(red, caution, value, expected):
    assert flag_for(question(red, caution), value) == expected


def test_summary_counts_flags_and_turns_open_answers_into_questions_to_ask(content):
    questions = checklist_questions("en")
    red = next(q for q in questions if q.red_flag_answer == "no")
    caution = next(q for q in questions if q.caution_answer == "no")
    unsure, not_asked = [q for q in questions if q not in (red, caution)][:2]
    answers = {
        red.pk: ClinicAnswer(value="no"),
        caution.pk: ClinicAnswer(value="no"),
        unsure.pk: ClinicAnswer(value="not_sure"),
        not_asked.pk: ClinicAnswer(value="not_asked"),
    }
    summary = summarise(questions, answers)
    assert summary.total == len(questions) >= 30
    assert summary.answered == 4
    assert summary.red_flags == [red]
    assert summary.cautions == [caution]
    assert summary.to_ask == sorted([unsure, not_asked], key=questions.index)
    assert summary.unanswered == len(questions) - 4


@pytest.fixture
def plan_clinic(content):
    plan = create_plan()
    return plan.clinics.create(name="Test clinic")


def test_answer_save_keeps_other_answers(plan_clinic):
    first, second = checklist_questions("en")[:2]
    save_answer(clinic=plan_clinic, question=first, value="yes", note="one")
    save_answer(clinic=plan_clinic, question=second, value="no", note="two")
    save_answer(clinic=plan_clinic, question=first, value="not_sure", note="changed")
    answers = {a.question_id: (a.value, a.note) for a in plan_clinic.answers.all()}
    assert answers == {first.pk: ("not_sure", "changed"), second.pk: ("no", "two")}


@pytest.mark.django_db(transaction=True)
def test_two_competing_saves_leave_one_answer_per_question(content):
    plan = create_plan()
    clinic = plan.clinics.create(name="Race clinic")
    first, second = checklist_questions("en")[:2]
    barrier = threading.Barrier(4)
    errors = []

    def save(question, value):
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                save_answer(clinic=clinic, question=question, value=value, note=value)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=args)
        for args in [(first, "yes"), (first, "no"), (second, "not_sure"), (second, "not_asked")]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(ClinicAnswer.objects.filter(clinic=clinic).values_list("question_id", "value"))
    assert len(rows) == 2
    values = dict(rows)
    assert values[first.pk] in {"yes", "no"}
    assert values[second.pk] in {"not_sure", "not_asked"}
