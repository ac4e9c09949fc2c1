from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from . import access


def saved_questions(request: HttpRequest) -> dict:
    """``saved_question_ids``: the guide questions already in this visitor's plan.

    Lazy, so only a page that shows questions reads the plan. The guide's
    templates use it without the guide app knowing about plans.
    """

    def ids() -> set[int]:
        plan = access.current_plan(request)
        if plan is None:
            return set()
        return set(plan.saved_questions_in(get_language()).values_list("pk", flat=True))

    return {"saved_question_ids": SimpleLazyObject(ids)}
