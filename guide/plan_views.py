"""The visitor's private plan: see and fill it in, resume it elsewhere, download it, delete it."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import plans
from .models import CostItem, Plan, PlanQuestion, Question
from .pdf import render_summary_pdf
from .plan_forms import (
    AboutMeForm,
    CostWorksheetForm,
    NotesForm,
    OwnQuestionForm,
    PrioritiesForm,
    ResumeCodeForm,
)
from .summary import plan_overview
from .views import HtmxHttpRequest


def plan_page(request: HtmxHttpRequest, plan: Plan | None, *, status: int = 200, **forms):
    """The plan page, with any form that failed validation passed in bound."""
    blank = plan or Plan()
    context = {
        "plan": plan,
        "overview": plan_overview(plan),
        "about_form": forms.get("about_form") or AboutMeForm(instance=blank),
        "priorities_form": forms.get("priorities_form") or PrioritiesForm.for_plan(blank),
        "costs_form": forms.get("costs_form")
        or (
            CostWorksheetForm.for_plan(plan)
            if plan
            else CostWorksheetForm(initial={"currency": "USD"})
        ),
        "question_form": forms.get("question_form") or OwnQuestionForm(),
        "notes_form": forms.get("notes_form") or NotesForm(instance=blank),
        "paper_sizes": Plan.PaperSize.choices,
        "error_forms": list(forms.values()),
    }
    if plan is not None:
        context["resume_url"] = request.build_absolute_uri(
            reverse("plan:resume_link", args=[plan.token])
        )
    return render(request, "guide/plan.html", context, status=status)


@require_safe
@never_cache
def plan_detail(request: HtmxHttpRequest) -> HttpResponse:
    return plan_page(request, plans.plan_for_request(request))


def saved(request: HtmxHttpRequest, anchor: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    return redirect(f"{reverse('plan:detail')}#{anchor}")


def scratch_copy(plan: Plan | None) -> Plan:
    """A copy for a form to validate against: a ModelForm writes what it was
    sent onto its instance, and a refused answer must not show as saved."""
    return Plan.objects.get(pk=plan.pk) if plan else Plan()


@require_POST
def save_about_me(request: HtmxHttpRequest) -> HttpResponse:
    plan = plans.plan_for_request(request)
    form = AboutMeForm(request.POST, instance=scratch_copy(plan))
    if not form.is_valid():
        return plan_page(request, plan, status=400, about_form=form)
    save_fields(plans.get_or_create_plan(request), form)
    return saved(request, "about-me")


def save_fields(plan: Plan, form) -> None:
    """Copy a validated plan form onto the plan (which may have just been created)."""
    for name in form.Meta.fields:
        setattr(plan, name, form.cleaned_data[name])
    plan.save(update_fields=form.Meta.fields)


@require_POST
def save_priorities(request: HtmxHttpRequest) -> HttpResponse:
    form = PrioritiesForm(request.POST)
    if not form.is_valid():
        return plan_page(request, plans.plan_for_request(request), status=400, priorities_form=form)
    plan = plans.get_or_create_plan(request)
    plan.priorities = form.to_priorities()
    plan.save(update_fields=["priorities"])
    return saved(request, "priorities")


@require_POST
def save_costs(request: HtmxHttpRequest) -> HttpResponse:
    """Save every valid line, even when another line has an error."""
    form = CostWorksheetForm(request.POST)
    form.is_valid()
    plan = plans.get_or_create_plan(request)
    save_cost_lines(plan, form)
    if form.errors:
        return plan_page(request, plan, status=400, costs_form=form)
    return saved(request, "costs")


def save_cost_lines(plan: Plan, form: CostWorksheetForm) -> None:
    data = form.cleaned_data
    for name in ("currency", "exchange_rate", "quote_sessions"):
        if name not in form.errors and name in data:
            setattr(plan, name, data[name])
    plan.save(update_fields=["currency", "exchange_rate", "quote_sessions"])
    lines = form.valid_lines()
    CostItem.objects.filter(
        plan=plan, key__in=[key for key, (amount, _c, _l) in lines.items() if amount is None]
    ).delete()
    keep = [
        CostItem(plan=plan, key=key, amount=amount, currency=currency, label=label)
        for key, (amount, currency, label) in lines.items()
        if amount is not None
    ]
    CostItem.objects.bulk_create(
        keep,
        update_conflicts=True,
        unique_fields=["plan", "key"],
        update_fields=["amount", "currency", "label"],
    )


@require_POST
def add_own_question(request: HtmxHttpRequest) -> HttpResponse:
    form = OwnQuestionForm(request.POST)
    if not form.is_valid():
        return plan_page(request, plans.plan_for_request(request), status=400, question_form=form)
    question = form.save(commit=False)
    question.plan = plans.get_or_create_plan(request)
    question.save()
    return saved(request, "questions")


@require_POST
def remove_own_question(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = plans.plan_for_request(request)
    deleted, _by_model = PlanQuestion.objects.filter(pk=pk, plan=plan).delete() if plan else (0, {})
    if not deleted:
        raise Http404("No such question in this plan.")
    messages.success(request, _("Question removed."))
    return redirect(f"{reverse('plan:detail')}#questions")


@require_POST
def save_notes(request: HtmxHttpRequest) -> HttpResponse:
    plan = plans.plan_for_request(request)
    form = NotesForm(request.POST, instance=scratch_copy(plan))
    if not form.is_valid():
        return plan_page(request, plan, status=400, notes_form=form)
    save_fields(plans.get_or_create_plan(request), form)
    return saved(request, "notes")


@require_POST
def toggle_question(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add a guide question to the plan, or take it out again.

    The button says which ("add" or "remove"), so a second tab or a stale page
    can never undo what the visitor meant. From a guide page with htmx: the
    same page's question partial, swapped in place, with a short message for
    screen readers. Without JavaScript, or from the plan page: back to where
    the visitor was.
    """
    question = get_object_or_404(Question.objects.select_related("section"), pk=pk)
    plan = plans.get_or_create_plan(request)
    if request.POST.get("action") == "remove":
        plan.saved_questions.remove(question)
        added, message = False, _("Removed from your plan.")
    else:
        plan.saved_questions.add(question)  # adding twice keeps one
        added, message = True, _("Added to your plan.")
    if request.htmx:
        context = {"question": question, "is_saved": added, "status": message}
        return render(request, "guide/section.html#question-item-with-status", context)
    messages.success(request, message)
    if request.POST.get("next") == "plan":
        return redirect(f"{reverse('plan:detail')}#questions")
    return redirect(f"{question.section.get_absolute_url()}#question-{question.pk}")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def resume_link(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Open a plan from its private link.

    A GET only asks; the POST opens it. So a link followed from another site
    can never swap the plan open on this device without the visitor's say.
    """
    if plans.resume_blocked(request):
        context = {"form": ResumeCodeForm(), "blocked": True}
        return render(request, "guide/plan_resume.html", context, status=429)
    plan = plans.find_plan_by_token(token)
    if plan is None:
        plans.note_failed_resume(request)
        context = {"form": ResumeCodeForm(), "link_not_found": True}
        return render(request, "guide/plan_resume.html", context, status=404)
    current = plans.plan_for_request(request)
    if request.method == "POST":
        plans.remember(request, plan)
        plans.touch(plan)
        messages.success(request, _("Welcome back. Your plan is open."))
        return redirect("plan:detail")
    context = {"token": token, "replaces_other_plan": current is not None and current != plan}
    return render(request, "guide/plan_resume_link.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def resume_with_code(request: HtmxHttpRequest) -> HttpResponse:
    form = ResumeCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if plans.resume_blocked(request):
            return render(
                request, "guide/plan_resume.html", {"form": form, "blocked": True}, status=429
            )
        if form.is_valid():
            plan = plans.find_plan_by_code(form.cleaned_data["code"])
            if plan is not None:
                plans.remember(request, plan)
                plans.touch(plan)
                messages.success(request, _("Welcome back. Your plan is open."))
                return redirect("plan:detail")
            plans.note_failed_resume(request)
            # The same words whether the code is malformed or simply unknown.
            form.add_error(
                "code",
                _("We could not open a plan with that code. Check the six words and try again."),
            )
        status = 400
    return render(request, "guide/plan_resume.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def delete_plan(request: HtmxHttpRequest) -> HttpResponse:
    plan = plans.plan_for_request(request)
    if request.method == "POST":
        plans.forget(request)
        if plan is None:
            messages.info(request, _("There was no plan on this device to delete."))
            return redirect("home")
        plan.delete()  # cascades to clinics, answers and everything else in it
        messages.success(request, _("Your plan and everything in it have been deleted."))
        return redirect("home")
    return render(request, "guide/plan_delete.html", {"plan": plan})


@require_POST
def forget_on_this_device(request: HtmxHttpRequest) -> HttpResponse:
    plans.forget(request)
    messages.success(
        request,
        _("This browser no longer holds your plan. Use your resume link or code to open it again."),
    )
    return redirect("home")


@require_safe
@never_cache
def summary_pdf(request: HtmxHttpRequest) -> HttpResponse:
    """The plan as a PDF to hand to a doctor. Never cached; never shared."""
    paper = request.GET.get("paper", "letter")
    if paper not in Plan.PaperSize.values:
        paper = "letter"
    pdf = render_summary_pdf(plans.plan_for_request(request), paper)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-stem-cell-plan.pdf"'
    return response
