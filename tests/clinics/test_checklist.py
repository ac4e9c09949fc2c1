import pytest

from clinics.checklist import CAUTION, RED_FLAG, flag_for, summarise
from clinics.models import CheckQuestion, ClinicAnswer
from tests.factories import make_check_question

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


def test_summary_counts_flags_and_turns_open_answers_into_questions_to_ask():
    red = make_check_question(red_flag_answer="no")
    caution = make_check_question(caution_answer="no")
    unsure, not_asked, yes, unanswered = (make_check_question() for _ in range(4))
    questions = [red, caution, unsure, not_asked, yes, unanswered]
    answers = {
        red.pk: ClinicAnswer(value="no"),
        caution.pk: ClinicAnswer(value="no"),
        unsure.pk: ClinicAnswer(value="not_sure"),
        not_asked.pk: ClinicAnswer(value="not_asked"),
        yes.pk: ClinicAnswer(value="yes"),
    }
    summary = summarise(questions, answers)
    assert summary.total == 6
    assert summary.answered == 5
    assert summary.red_flags == [red]
    assert summary.cautions == [caution]
    assert summary.to_ask == [unsure, not_asked]
