"""A visitor's clinics: add and edit them, answer the checklist one group at a
time, fill in each clinic's whole-trip costs, and compare clinics."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from config.http import HtmxHttpRequest
from plans import access

from .advert import check_advert, compile_signs
from .checklist import ChecklistSummary, summarise
from .forms import AdvertForm, AdvertSaveForm, AnswerForm, ClinicForm, CompareForm, CostWorksheet
from .models import Answer, Clinic, QuestionGroup
from .selectors import (
    Group,
    advert_signs,
    answers_by_question,
    checklist_groups,
    checklist_questions,
    clinic_summaries,
    costs_by_clinic,
    question_rows,
    summaries_for,
)
from .services import keep_advert_findings, mark_not_asked, save_answer, save_cost_worksheet

COMPARE_ROWS = [
    ("city", _lazy("City")),
    ("cells", _lazy("Cells and where they come from")),
    ("route", _lazy("How the cells are given")),
    ("dose", _lazy("Dose")),
    ("sessions", _lazy("Sessions")),
    ("quote", _lazy("Quote (headline price)")),
    ("total", _lazy("Whole trip: money at risk")),
    ("deadline", _lazy("Decision deadline")),
    ("progress", _lazy("Checklist")),
    ("flags", _lazy("Red flags found")),
    ("cautions", _lazy("Cautions found")),
    ("link", _lazy("Details")),
]


def owned_clinic(request: HtmxHttpRequest, public_id) -> Clinic:
    """The clinic, if it belongs to the plan in this visitor's session."""
    plan = access.current_plan(request)
    clinic = Clinic.objects.filter(public_id=public_id, plan=plan).first() if plan else None
    if clinic is None:
        raise Http404("No such clinic in this plan.")
    clinic.plan = plan
    return clinic


def status_message(question_number: int, summary: ChecklistSummary) -> str:
    """The one announcement after a deliberate save."""
    return _("Saved question %(n)d. %(progress)s.") % {
        "n": question_number,
        "progress": summary.headline,
    }


def clinic_list_page(request: HtmxHttpRequest, form: ClinicForm, status: int = 200):
    plan = access.current_plan(request)
    summaries = clinic_summaries(plan) if plan else []
    clinics = [item.clinic for item in summaries]
    compare_form = CompareForm(clinics=clinics, initial=CompareForm.initial_for(clinics))
    context = {"summaries": summaries, "form": form, "compare_form": compare_form}
    return render(request, "clinics/index.html", context, status=status)


@require_safe
@never_cache
def clinic_list(request: HtmxHttpRequest) -> HttpResponse:
    return clinic_list_page(request, ClinicForm())


@require_POST
def add_clinic(request: HtmxHttpRequest) -> HttpResponse:
    plan = access.current_plan(request)
    form = ClinicForm(request.POST, clinics_in_plan=plan.clinics.count() if plan else 0)
    if not form.is_valid():
        return clinic_list_page(request, form, status=400)
    clinic = form.save(commit=False)
    clinic.plan = plan or access.start_plan(request)
    clinic.save()
    messages.success(request, _("%(name)s was added to your plan.") % {"name": clinic.name})
    return redirect("clinics:group", clinic.public_id, 1)


@require_http_methods(["GET", "POST"])
@never_cache
def edit_clinic(request: HtmxHttpRequest, public_id) -> HttpResponse:
    clinic = owned_clinic(request, public_id)
    form = ClinicForm(request.POST if request.method == "POST" else None, instance=clinic)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The clinic's details were saved."))
            return redirect(clinic)
        return render(request, "clinics/edit.html", {"clinic": clinic, "form": form}, status=400)
    return render(request, "clinics/edit.html", {"clinic": clinic, "form": form})


@require_POST
def remove_clinic(request: HtmxHttpRequest, public_id) -> HttpResponse:
    clinic = owned_clinic(request, public_id)
    clinic.delete()
    messages.success(
        request, _("%(name)s and its answers were removed from your plan.") % {"name": clinic.name}
    )
    return redirect("clinics:index")


@require_safe
@never_cache
def checklist(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """One clinic at a glance: what was found, what to ask, the groups to answer."""
    clinic = owned_clinic(request, public_id)
    questions = checklist_questions()
    (item,) = summaries_for(clinic.plan, [clinic], questions)
    answers = answers_by_question([clinic])[clinic.pk]
    groups = [
        (group, sum(1 for q in group.questions if q.slug in answers and answers[q.slug].value))
        for group in checklist_groups(questions)
    ]
    context = {"clinic": clinic, "item": item, "summary": item.summary, "groups": groups}
    return render(request, "clinics/checklist.html", context)


KEY_QUESTIONS = 0  # the quick path's "group": the most important questions from every group


def group_context(clinic: Clinic, number: int, *, typed=None, forms=None) -> dict:
    questions = checklist_questions()
    groups = checklist_groups(questions)
    if number == KEY_QUESTIONS:
        title = _("The most important questions")
        group = Group(QuestionGroup(title=title), KEY_QUESTIONS, [q for q in questions if q.is_key])
    elif 1 <= number <= len(groups):
        group: Group = groups[number - 1]
    else:
        raise Http404("No such group.")
    answers = answers_by_question([clinic])[clinic.pk]
    numbers = {question.pk: n for n, question in enumerate(questions, start=1)}
    return {
        "clinic": clinic,
        "group": group,
        "group_count": len(groups),
        "next_group": number + 1 if KEY_QUESTIONS < number < len(groups) else None,
        "rows": question_rows(group.questions, answers, numbers=numbers, typed=typed),
        "summary": summarise(questions, answers),
        "answer_choices": Answer.choices,
        "answer_forms": forms or [],
    }


@require_safe
@never_cache
def group(request: HtmxHttpRequest, public_id, number: int) -> HttpResponse:
    """One group of questions: the answers first, the reasons folded away."""
    if number == KEY_QUESTIONS:
        raise Http404("Groups are numbered from 1.")
    return group_page(request, owned_clinic(request, public_id), number)


def group_page(request: HtmxHttpRequest, clinic: Clinic, number: int) -> HttpResponse:
    context = group_context(clinic, number)
    context["saved_slug"] = request.GET.get("saved", "")
    if not context["saved_slug"]:
        # Arriving at a group: the keyboard starts at its first open question.
        first_open = next((row for row in context["rows"] if not row.value), None)
        context["autofocus_slug"] = first_open.question.slug if first_open else ""
    return render(request, "clinics/group.html", context)


@require_safe
@never_cache
def key_questions(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """The quick path: the most important questions from every group, on one page."""
    return group_page(request, owned_clinic(request, public_id), KEY_QUESTIONS)


@require_POST
def save_group(request: HtmxHttpRequest, public_id, number: int) -> HttpResponse:
    """Save every answer and note in a group at once (the no-JavaScript path).

    Each question stands alone: a refused note never loses the other
    answers. A question's own "Save answer" button brings the visitor back to
    that question with its flag in view; "Mark the rest Not asked yet" fills
    every question still unanswered; otherwise on to the next group.
    """
    clinic = owned_clinic(request, public_id)
    context = group_context(clinic, number)
    forms = [AnswerForm(request.POST, question=row.question) for row in context["rows"]]
    typed = {}
    for form in forms:
        if form.is_valid():
            save_answer(clinic=clinic, question=form.question, **form.cleaned_data)
        else:
            typed[form.question.pk] = form.as_typed()
    if typed:
        context = group_context(clinic, number, typed=typed, forms=forms)
        return render(request, "clinics/group.html", context, status=400)
    if request.POST.get("action") == "rest":
        marked = mark_not_asked(clinic=clinic, questions=context["group"].questions)
        messages.success(
            request,
            _("Saved. %(n)d questions marked “Not asked yet”: they are on your list to ask.")
            % {"n": marked},
        )
    group_url = (
        reverse("clinics:key_questions", args=[clinic.public_id])
        if number == KEY_QUESTIONS
        else reverse("clinics:group", args=[clinic.public_id, number])
    )
    saved = request.POST.get("save", "")
    if any(row.question.slug == saved for row in context["rows"]):
        return redirect(f"{group_url}?saved={saved}#q-{saved}")
    if number == KEY_QUESTIONS:  # the quick path goes on to "Am I ready?"
        messages.success(request, _("Saved. Next: are you ready to decide?"))
        return redirect(reverse("plan:sure") + "?when=after")
    if context["next_group"]:
        messages.success(request, _("Group %(n)d saved.") % {"n": number})
        return redirect("clinics:group", clinic.public_id, context["next_group"])
    messages.success(request, _("Every group is saved. Here is what you found."))
    return redirect(clinic)


@require_POST
def answer(request: HtmxHttpRequest, public_id, slug: str) -> HttpResponse:
    """Save one question's answer and note together (an upsert).

    The page's script sends this once the visitor has paused or left the
    question, so arrowing through the choices saves only the last one. The
    response is the updated summary, with the question's flag and one status
    message out of band. Invalid input comes back at the field, as typed.
    """
    clinic = owned_clinic(request, public_id)
    questions = checklist_questions()
    question = next((q for q in questions if q.slug == slug), None)
    if question is None:
        raise Http404("No such question.")
    number = questions.index(question) + 1
    group_number = next(g.number for g in checklist_groups(questions) if question in g.questions)
    if request.POST.get("group") == str(KEY_QUESTIONS) and question.is_key:
        group_number = KEY_QUESTIONS  # answered on the quick path's page
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        typed = {question.pk: form.as_typed()}
        context = group_context(clinic, group_number, typed=typed, forms=[form])
        if not request.htmx:
            return render(request, "clinics/group.html", context, status=400)
        context["row"] = next(r for r in context["rows"] if r.question == question)
        context["status"] = _("There is a problem with your answer to question %(n)d.") % {
            "n": number
        }
        response = render(request, "clinics/group.html#question-with-status", context)
        return reswap(retarget(response, f"#q-{question.slug}"), "outerHTML")
    save_answer(clinic=clinic, question=question, **form.cleaned_data)
    if not request.htmx:
        url = reverse("clinics:group", args=[clinic.public_id, group_number])
        return redirect(f"{url}?saved={slug}#q-{slug}")
    context = group_context(clinic, group_number)
    context["saved_row"] = next(r for r in context["rows"] if r.question == question)
    context["status"] = status_message(number, context["summary"])
    return render(request, "clinics/group.html#answer-saved", context)


@require_http_methods(["GET", "POST"])
@never_cache
def costs(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """This clinic's whole-trip cost worksheet. Every valid line is saved,
    even when another line has an error."""
    clinic = owned_clinic(request, public_id)
    lines = costs_by_clinic([clinic])[clinic.pk]
    data = request.POST if request.method == "POST" else None
    worksheet = CostWorksheet(data, clinic=clinic, costs=lines)
    status = 200
    if request.method == "POST":
        valid = worksheet.is_valid()
        save_cost_worksheet(clinic=clinic, worksheet=worksheet)
        if valid:
            messages.success(request, _("Saved."))
            return redirect(reverse("clinics:costs", args=[clinic.public_id]) + "#totals")
        status = 400
    (item,) = summaries_for(clinic.plan, [clinic])
    context = {"clinic": clinic, "worksheet": worksheet, "item": item}
    return render(request, "clinics/costs.html", context, status=status)


@require_safe
@never_cache
def compare(request: HtmxHttpRequest) -> HttpResponse:
    """Up to five clinics side by side: the treatment, the money and what was found."""
    plan = access.current_plan(request)
    clinics = list(plan.clinics.all()) if plan else []
    form = CompareForm(request.GET or None, clinics=clinics)
    if not request.GET and 2 <= len(clinics) <= CompareForm.MAX:
        form = CompareForm({"clinics": [str(c.public_id) for c in clinics]}, clinics=clinics)
    context = {"form": form, "clinics": clinics}
    if form.is_valid():
        chosen = set(form.cleaned_data["clinics"])
        selected = [c for c in clinics if str(c.public_id) in chosen]
        context["columns"] = summaries_for(plan, selected)
        context["rows"] = COMPARE_ROWS
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "clinics/compare.html", context, status=status)


def advert_page(request: HtmxHttpRequest, form, *, status: int = 200, check=None):
    plan = access.current_plan(request)
    clinics = list(plan.clinics.all()) if plan else []
    save_form = None
    if check is not None and check.found and clinics:
        save_form = AdvertSaveForm(initial={"text": form.cleaned_data["text"]}, clinics=clinics)
    context = {"form": form, "check": check, "save_form": save_form, "clinics": clinics}
    template = "clinics/advert.html"
    if request.htmx and request.method == "POST":
        template += "#results"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def advert(request: HtmxHttpRequest) -> HttpResponse:
    """Check an advert or a quote: the warning signs highlighted in the
    visitor's own text, each explained, cited and turned into a question.
    The text is read in memory here and kept nowhere."""
    form = AdvertForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return advert_page(request, form)
    if not form.is_valid():
        return advert_page(request, form, status=400)
    signs = advert_signs()
    check = check_advert(form.cleaned_data["text"], compile_signs(signs))
    return advert_page(request, form, check=check)


@require_POST
def advert_save(request: HtmxHttpRequest) -> HttpResponse:
    """Keep the phrases the checker found (not the advert) with one of the visitor's clinics."""
    plan = access.current_plan(request)
    clinics = list(plan.clinics.all()) if plan else []
    form = AdvertSaveForm(request.POST, clinics=clinics)
    if not form.is_valid():
        return advert_page(request, AdvertForm(), status=400)
    clinic = form.chosen_clinic()
    signs = advert_signs()
    kept = keep_advert_findings(
        clinic=clinic, check=check_advert(form.cleaned_data["text"], compile_signs(signs))
    )
    messages.success(
        request,
        ngettext(
            "%(n)d warning sign phrase kept with %(name)s.",
            "%(n)d warning sign phrases kept with %(name)s.",
            kept,
        )
        % {"n": kept, "name": clinic.name},
    )
    return redirect(clinic)
