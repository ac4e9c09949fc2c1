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
        red.slug: ClinicAnswer(value="no"),
        caution.slug: ClinicAnswer(value="no"),
        unsure.slug: ClinicAnswer(value="not_sure"),
        not_asked.slug: ClinicAnswer(value="not_asked"),
        yes.slug: ClinicAnswer(value="yes"),
    }
    summary = summarise(questions, answers)
    assert summary.total == 6
    assert summary.answered == 5
    assert [finding.question for finding in summary.red_flags] == [red]
    assert [finding.question for finding in summary.cautions] == [caution]
    assert summary.to_ask == [unsure, not_asked]


def test_a_finding_reads_as_what_was_found_and_keeps_the_note():
    red = make_check_question(red_flag_answer="no", finding="No written list of risks was given.")
    summary = summarise([red], {red.slug: ClinicAnswer(value="no", note="They laughed")})
    (finding,) = summary.red_flags
    assert (finding.text, finding.note) == ("No written list of risks was given.", "They laughed")


@pytest.mark.parametrize(
    ("answered", "flags", "headline"),
    [
        (0, 0, "Checked 0 of 3 — not checked yet"),
        (1, 0, "Checked 1 of 3 — 0 red flags so far"),
        (2, 1, "Checked 2 of 3 — 1 red flag so far"),
        (3, 2, "All 3 checked — 2 red flags"),
    ],
)
def test_the_headline_never_calls_an_unchecked_clinic_clean(answered, flags, headline):
    questions = [make_check_question(red_flag_answer="no") for _ in range(3)]
    values = ["no"] * flags + ["yes"] * (answered - flags)
    answers = {q.slug: ClinicAnswer(value=v) for q, v in zip(questions, values, strict=False)}
    assert summarise(questions, answers).headline == headline


def test_a_note_without_an_answer_is_not_counted_as_answered():
    question = make_check_question()
    summary = summarise([question], {question.slug: ClinicAnswer(value="", note="later")})
    assert summary.answered == 0 and not summary.started
