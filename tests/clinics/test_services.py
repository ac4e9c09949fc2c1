import threading

import pytest
from django.db import connection

from clinics.models import ClinicAnswer
from clinics.services import save_answer
from tests.factories import make_check_question, make_clinic, use

pytestmark = pytest.mark.django_db


def test_answer_save_keeps_other_answers():
    clinic = make_clinic()
    first, second = make_check_question(), make_check_question()
    save_answer(clinic=clinic, question=first, value="yes", note="one")
    save_answer(clinic=clinic, question=second, value="no", note="two")
    save_answer(clinic=clinic, question=first, value="not_sure", note="changed")
    answers = {a.question_id: (a.value, a.note) for a in clinic.answers.all()}
    assert answers == {first.pk: ("not_sure", "changed"), second.pk: ("no", "two")}


@pytest.mark.django_db(transaction=True)
def test_two_competing_saves_leave_one_answer_per_question():
    clinic = make_clinic(name="Race clinic")
    first, second = make_check_question(), make_check_question()
    barrier = threading.Barrier(4)
    errors = []

    def save(question, value):
        try:
            use(clinic.plan)  # a new thread starts with no plan open
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
