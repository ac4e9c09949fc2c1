"""Every write to a visitor's plan. Views validate with forms, then call these."""

from django.conf import settings
from django.forms import ModelForm
from django.forms.models import construct_instance

from guide.models import Question

from .forms import OwnQuestionForm, PrioritiesForm
from .models import Plan, PlanQuestion


def save_plan_form(*, plan: Plan, form: ModelForm) -> None:
    """Copy a validated plan form (about me, notes) onto the visitor's plan.

    The form was validated against a blank plan, so a refused answer never
    touched this one; only the form's own fields are written.
    """
    fields = list(form.Meta.fields)
    construct_instance(form, plan, fields=fields)
    plan.save(update_fields=fields)


def save_priorities(*, plan: Plan, form: PrioritiesForm) -> None:
    plan.priorities = form.to_priorities()
    plan.save(update_fields=["priorities"])


def add_own_question(*, plan: Plan, form: OwnQuestionForm) -> PlanQuestion:
    question = form.save(commit=False)
    question.plan = plan
    question.save()
    return question


def remove_own_question(*, plan: Plan | None, pk: int) -> bool:
    if plan is None:
        return False
    deleted, _by_model = PlanQuestion.objects.filter(pk=pk, plan=plan).delete()
    return bool(deleted)


def set_question_saved(*, plan: Plan, question: Question, saved: bool) -> None:
    """Add a guide question to the plan or take it out; doing either twice is harmless.

    Whatever language it was read in, the question is the same in every one:
    its rows are those with the same section and place.
    """
    same = Question.objects.filter(section__slug=question.section.slug, order=question.order)
    if saved:
        english = same.filter(section__language=settings.LANGUAGE_CODE).first()
        plan.saved_questions.add(english or question)
    else:
        plan.saved_questions.remove(*same)


def delete_plan(*, plan: Plan) -> None:
    plan.delete()  # cascades to clinics, answers, costs and questions


def save_sure(*, plan: Plan, when: str, answers: dict[str, str]) -> None:
    plan.sure = {**(plan.sure or {}), when: answers}
    plan.save(update_fields=["sure"])


def save_quiz_score(*, plan: Plan, right: int, answered: int) -> None:
    plan.quiz_score, plan.quiz_total = right, answered
    plan.save(update_fields=["quiz_score", "quiz_total"])
