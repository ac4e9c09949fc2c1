"""The visitor's private plan: see and fill it in, resume it elsewhere, download it, delete it."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.http import HtmxHttpRequest
from guide.models import Option, OptionNote, Page, Question, QuizQuestion

from . import access, decide, services, throttle
from . import pdf as plan_pdf
from .forms import (
    AboutMeForm,
    NotesForm,
    OwnQuestionForm,
    PrioritiesForm,
    QuizForm,
    ResumeCodeForm,
    SureForm,
)
from .models import Plan
from .overview import plan_overview
from .pdf import PaperSize, PdfUnavailable, pdf_filename


def plan_page(request: HtmxHttpRequest, plan: Plan | None, *, status: int = 200, **bound):
    """The plan page, with any form that failed validation passed in bound."""
    blank = plan or Plan()
    forms = {
        "about_form": bound.get("about_form") or AboutMeForm(instance=blank),
        "priorities_form": bound.get("priorities_form") or PrioritiesForm.for_plan(blank),
        "question_form": bound.get("question_form") or OwnQuestionForm(),
        "notes_form": bound.get("notes_form") or NotesForm(instance=blank),
    }
    context = {
        "plan": plan,
        "overview": plan_overview(plan),
        "paper_sizes": PaperSize.choices,
        "error_forms": list(forms.values()),
        **forms,
    }
    if plan is not None:
        context["resume_url"] = request.build_absolute_uri(
            reverse("plan:resume_link", args=[plan.token])
        )
    return render(request, "plans/plan.html", context, status=status)


@require_safe
@never_cache
def plan_detail(request: HtmxHttpRequest) -> HttpResponse:
    return plan_page(request, access.current_plan(request))


def saved(request: HtmxHttpRequest, anchor: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    return redirect(f"{reverse('plan:detail')}#{anchor}")


@require_POST
def save_about_me(request: HtmxHttpRequest) -> HttpResponse:
    plan = access.current_plan(request)
    form = AboutMeForm(request.POST)
    if not form.is_valid():
        return plan_page(request, plan, status=400, about_form=form)
    services.save_plan_form(plan=plan or access.start_plan(request), form=form)
    return saved(request, "about-me")


@require_POST
def save_priorities(request: HtmxHttpRequest) -> HttpResponse:
    plan = access.current_plan(request)
    form = PrioritiesForm(request.POST)
    if not form.is_valid():
        return plan_page(request, plan, status=400, priorities_form=form)
    services.save_priorities(plan=plan or access.start_plan(request), form=form)
    return saved(request, "priorities")


@require_POST
def add_own_question(request: HtmxHttpRequest) -> HttpResponse:
    plan = access.current_plan(request)
    form = OwnQuestionForm(
        request.POST, questions_in_plan=plan.own_questions.count() if plan else 0
    )
    if not form.is_valid():
        return plan_page(request, plan, status=400, question_form=form)
    services.add_own_question(plan=plan or access.start_plan(request), form=form)
    return saved(request, "questions")


@require_POST
def remove_own_question(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not services.remove_own_question(plan=access.current_plan(request), pk=pk):
        raise Http404("No such question in this plan.")
    messages.success(request, _("Question removed."))
    return redirect(f"{reverse('plan:detail')}#questions")


@require_POST
def save_notes(request: HtmxHttpRequest) -> HttpResponse:
    plan = access.current_plan(request)
    form = NotesForm(request.POST)
    if not form.is_valid():
        return plan_page(request, plan, status=400, notes_form=form)
    services.save_plan_form(plan=plan or access.start_plan(request), form=form)
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
    adding = request.POST.get("action") != "remove"
    services.set_question_saved(
        plan=access.get_or_create_plan(request), question=question, saved=adding
    )
    message = _("Added to your plan.") if adding else _("Removed from your plan.")
    if request.htmx:
        context = {
            "question": question,
            "saved_question_ids": {question.pk} if adding else set(),
            "status": message,
        }
        return render(request, "guide/section.html#question-item-with-status", context)
    messages.success(request, message)
    if request.POST.get("next") == "plan":
        return redirect(f"{reverse('plan:detail')}#questions")
    return redirect(f"{question.section.get_absolute_url()}#question-{question.pk}")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def resume_link(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Open a plan from its private link.

    A GET only asks, and looks nothing up: a link followed from another site
    (or an image tag pointing here) can neither open a plan on this device
    nor count as a wrong try. The POST checks the link first, so the right
    link always opens the plan, and counts only a wrong one.
    """
    if request.method != "POST":
        context = {"token": token, "holds_plan": access.holds_plan(request)}
        return render(request, "plans/resume_link.html", context)
    plan = access.find_plan_by_token(token)
    if plan is not None:
        return opened(request, plan)
    standing = throttle.note_failed_resume(request)
    context = {"form": ResumeCodeForm(), "link_not_found": True, "standing": standing}
    return render(request, "plans/resume.html", context, status=429 if standing.blocked else 404)


def opened(request: HtmxHttpRequest, plan: Plan) -> HttpResponse:
    access.remember(request, plan)
    access.touch(plan)
    messages.success(request, _("Welcome back. Your plan is open."))
    return redirect("plan:detail")


@require_http_methods(["GET", "POST"])
@never_cache
def resume_with_code(request: HtmxHttpRequest) -> HttpResponse:
    form = ResumeCodeForm(request.POST or None)
    if request.method != "POST":
        return render(request, "plans/resume.html", {"form": form})
    if not form.is_valid():  # nothing typed, or far too long: not a try
        return render(request, "plans/resume.html", {"form": form}, status=400)
    plan = access.find_plan_by_code(form.cleaned_data["code"])
    if plan is not None:
        return opened(request, plan)
    standing = throttle.note_failed_resume(request)
    # The same words whether the code is malformed or simply unknown.
    form.add_error(
        "code", _("We could not open a plan with that code. Check the six words and try again.")
    )
    context = {"form": form, "standing": standing}
    return render(request, "plans/resume.html", context, status=429 if standing.blocked else 400)


@require_POST
def new_link_and_code(request: HtmxHttpRequest) -> HttpResponse:
    """Replace the plan's link and code; the old ones, and every other
    device's key, stop working at once."""
    plan = access.current_plan(request)
    if plan is None:
        messages.info(request, _("There is no plan on this device yet."))
        return redirect("plan:detail")
    access.new_link_and_code(request, plan)
    messages.success(
        request,
        _(
            "Your plan has a new link and a new resume code. The old ones no longer work, "
            "and other devices must open the plan again with the new ones. Write the new code down."
        ),
    )
    return redirect(f"{reverse('plan:detail')}#keep-heading")


@require_http_methods(["GET", "POST"])
@never_cache
def delete_plan(request: HtmxHttpRequest) -> HttpResponse:
    plan = access.current_plan(request)
    if request.method == "POST":
        access.forget(request)
        if plan is None:
            messages.info(request, _("There was no plan on this device to delete."))
            return redirect("home")
        services.delete_plan(plan=plan)
        messages.success(request, _("Your plan and everything in it have been deleted."))
        return redirect("home")
    return render(request, "plans/delete.html", {"plan": plan})


@require_POST
def forget_on_this_device(request: HtmxHttpRequest) -> HttpResponse:
    access.forget(request)
    messages.success(
        request,
        _("This browser no longer holds your plan. Use your resume link or code to open it again."),
    )
    return redirect("home")


@require_safe
@never_cache
def summary_pdf(request: HtmxHttpRequest) -> HttpResponse:
    """The plan as a PDF to hand to a doctor. Never stored by the browser or a
    proxy; kept on the server only sealed, until the plan changes."""
    paper = request.GET.get("paper", PaperSize.LETTER)
    if paper not in PaperSize.values:
        paper = PaperSize.LETTER
    plan = access.current_plan(request)
    try:
        pdf = plan_pdf.summary_pdf(plan, paper)
    except PdfUnavailable as unavailable:
        context = {"reason": unavailable.reason, "paper": paper}
        response = render(request, "plans/pdf_unavailable.html", context, status=503)
        if unavailable.reason == "rate":
            response.status_code = 429
        response["Retry-After"] = str(unavailable.retry_after)
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(plan, paper)}"'
    return response


@require_safe
@never_cache
def options(request: HtmxHttpRequest) -> HttpResponse:
    """Every option side by side, the same rows for each, with the notes that
    fit this person's injury and their own answers beside: never a ranking."""
    plan = access.current_plan(request)
    language = get_language()
    page = Page.objects.filter(slug="options", language=language).first()
    applies = decide.notes_that_apply(plan)
    option_list = list(Option.objects.filter(language=language).prefetch_related("notes"))
    columns = [
        (option, [note for note in option.notes.all() if note.applies_when in applies])
        for option in option_list
    ]
    rows = [(key, label) for key, label in Option.ROWS]
    context = {
        "page": page,
        "columns": columns,
        "rows": rows,
        "overview": plan_overview(plan),
        "applies": [label for key, label in OptionNote.When.choices if key in applies],
    }
    return render(request, "plans/options.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def sure(request: HtmxHttpRequest) -> HttpResponse:
    """Am I ready? The SURE test, before and after using the guide."""
    when = request.GET.get("when") or request.POST.get("when") or "before"
    if when not in dict(decide.SURE_WHEN):
        when = "before"
    plan = access.current_plan(request)
    form = SureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            services.save_sure(
                plan=plan or access.start_plan(request), when=when, answers=form.cleaned_data
            )
            messages.success(request, _("Saved."))
            return redirect(reverse("plan:sure") + f"?when={when}#result")
        return render(request, "plans/sure.html", sure_context(plan, when, form), status=400)
    return render(request, "plans/sure.html", sure_context(plan, when, form))


def sure_context(plan: Plan | None, when: str, form: SureForm) -> dict:
    results = {result.when: result for result in decide.sure_results(plan)}
    return {
        "form": form,
        "when": when,
        "when_label": dict(decide.SURE_WHEN)[when],
        "result": results.get(when),
        "results": list(results.values()),
        "items": decide.SURE_ITEMS,
    }


def quiz_questions():
    return list(QuizQuestion.objects.filter(language=get_language()).select_related("section"))


@require_http_methods(["GET", "POST"])
@never_cache
def quiz(request: HtmxHttpRequest) -> HttpResponse:
    """Check what I know. Answers are checked and shown at once, and kept
    nowhere: the score goes into the plan only if the visitor asks."""
    questions = quiz_questions()
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions)
    context = {"form": form, "checked": False}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            context |= {"checked": True, "results": form.results(), "score": form.score()}
        else:
            status = 400
    return render(request, "plans/quiz.html", context, status=status)


@require_POST
def quiz_check(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """With JavaScript: the feedback for one question, the moment it is answered."""
    question = get_object_or_404(QuizQuestion, slug=slug, language=get_language())
    form = QuizForm(request.POST, questions=[question])
    if not form.is_valid() or form.cleaned_data.get(slug) is None:
        return HttpResponse(status=204)
    ((_question, chosen, right),) = form.results()
    context = {"question": question, "chosen": chosen, "right": right}
    return render(request, "plans/quiz.html#feedback", context)


@require_POST
def quiz_save(request: HtmxHttpRequest) -> HttpResponse:
    """Keep the score in the plan, worked out again from the answers sent."""
    form = QuizForm(request.POST, questions=quiz_questions())
    if not form.is_valid():
        return redirect("plan:quiz")
    right, answered = form.score()
    if answered:
        plan = access.get_or_create_plan(request)
        services.save_quiz_score(plan=plan, right=right, answered=answered)
        messages.success(request, _("Your score is saved in your plan."))
    return redirect(f"{reverse('plan:detail')}#ready")


@require_safe
@never_cache
def trials(request: HtmxHttpRequest) -> HttpResponse:
    """Where to look for a registered trial: links only, with search words from the plan."""
    plan = access.current_plan(request)
    context = {
        "searches": decide.trial_searches(plan),
        "terms": decide.trial_search_terms(plan),
    }
    return render(request, "plans/trials.html", context)


@require_safe
@never_cache
def quick(request: HtmxHttpRequest) -> HttpResponse:
    """The quick path: about five minutes, in five steps, on the same plan."""
    plan = access.current_plan(request)
    first_clinic = plan.clinics.first() if plan else None
    results = {result.when: result for result in decide.sure_results(plan)}
    context = {"plan": plan, "clinic": first_clinic, "sure": results}
    return render(request, "plans/quick.html", context)
