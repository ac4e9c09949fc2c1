from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from config.http import HtmxHttpRequest
from plans import access

from .checklist import summarise
from .forms import AnswerForm, ClinicForm, CompareForm
from .models import Answer, Clinic
from .selectors import answers_by_question, checklist_questions, clinic_summaries, question_rows
from .services import save_answer


def owned_clinic(request: HtmxHttpRequest, public_id) -> Clinic:
    """The clinic, if it belongs to the plan in this visitor's session."""
    plan = access.current_plan(request)
    clinic = Clinic.objects.filter(public_id=public_id, plan=plan).first() if plan else None
    if clinic is None:
        raise Http404("No such clinic in this plan.")
    clinic.plan = plan
    return clinic


def status_message(summary) -> str:
    flags = len(summary.red_flags)
    return _("Saved. %(answered)d of %(total)d answered. %(flags)s") % {
        "answered": summary.answered,
        "total": summary.total,
        "flags": ngettext("%(n)d red flag.", "%(n)d red flags.", flags) % {"n": flags},
    }


def clinic_list_page(request: HtmxHttpRequest, form: ClinicForm, status: int = 200):
    plan = access.current_plan(request)
    summaries = clinic_summaries(plan) if plan else []
    compare_form = CompareForm(clinics=[s.clinic for s in summaries])
    context = {"summaries": summaries, "form": form, "compare_form": compare_form}
    return render(request, "clinics/index.html", context, status=status)


@require_safe
@never_cache
def clinic_list(request: HtmxHttpRequest) -> HttpResponse:
    return clinic_list_page(request, ClinicForm())


@require_POST
def add_clinic(request: HtmxHttpRequest) -> HttpResponse:
    form = ClinicForm(request.POST)
    if not form.is_valid():
        return clinic_list_page(request, form, status=400)
    clinic = form.save(commit=False)
    clinic.plan = access.get_or_create_plan(request)
    clinic.save()
    messages.success(request, _("%(name)s was added to your plan.") % {"name": clinic.name})
    return redirect(clinic)


@require_http_methods(["GET", "POST"])
@never_cache
def edit_clinic(request: HtmxHttpRequest, public_id) -> HttpResponse:
    clinic = owned_clinic(request, public_id)
    form = ClinicForm(request.POST or None, instance=clinic)
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


def checklist_context(clinic: Clinic, questions, answers, typed=None) -> dict:
    return {
        "clinic": clinic,
        "rows": question_rows(questions, answers, typed=typed),
        "summary": summarise(questions, answers),
        "answer_choices": Answer.choices,
    }


@require_safe
@never_cache
def checklist(request: HtmxHttpRequest, public_id) -> HttpResponse:
    clinic = owned_clinic(request, public_id)
    questions = checklist_questions()
    answers = answers_by_question([clinic])[clinic.pk]
    return render(request, "clinics/checklist.html", checklist_context(clinic, questions, answers))


@require_POST
def answer(request: HtmxHttpRequest, public_id, slug: str) -> HttpResponse:
    """Save one answer (an upsert), then show the updated summary.

    htmx: the summary partial, plus the question's flag and the live status
    message out of band. Without JavaScript: POST/redirect/GET to the next
    question. Invalid input comes back at the field with what was typed.
    """
    clinic = owned_clinic(request, public_id)
    questions = checklist_questions()
    question = next((q for q in questions if q.slug == slug), None)
    if question is None:
        raise Http404("No such question.")
    form = AnswerForm(request.POST, question=question)
    if form.is_valid():
        save_answer(
            clinic=clinic,
            question=question,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
        answers = answers_by_question([clinic])[clinic.pk]
        if request.htmx:
            context = checklist_context(clinic, questions, answers)
            context["saved_row"] = next(r for r in context["rows"] if r.question == question)
            # A note that was refused is re-sent without its error marking;
            # otherwise the field is left alone, as the visitor may be typing.
            context["replace_note"] = "had_note_error" in request.POST
            context["status"] = status_message(context["summary"])
            return render(request, "clinics/checklist.html#answer-saved", context)
        following = questions.index(question) + 1
        anchor = (
            f"q-{questions[following].slug}" if following < len(questions) else "checklist-summary"
        )
        return redirect(f"{clinic.get_absolute_url()}#{anchor}")

    answers = answers_by_question([clinic])[clinic.pk]
    typed = {
        question.pk: (
            request.POST.get("value", ""),
            request.POST.get("note", ""),
            form.errors,
        )
    }
    context = checklist_context(clinic, questions, answers, typed=typed)
    context["answer_form"] = form
    if request.htmx:
        context["row"] = next(r for r in context["rows"] if r.question == question)
        context["status"] = _("There is a problem with your answer. It was not saved.")
        response = render(request, "clinics/checklist.html#question-with-status", context)
        return reswap(retarget(response, f"#q-{question.slug}"), "outerHTML")
    return render(request, "clinics/checklist.html", context, status=400)


@require_safe
@never_cache
def compare(request: HtmxHttpRequest) -> HttpResponse:
    plan = access.current_plan(request)
    clinics = list(plan.clinics.all()) if plan else []
    form = CompareForm(request.GET or None, clinics=clinics)
    context = {"form": form, "clinics": clinics}
    if form.is_valid():
        chosen = set(form.cleaned_data["clinics"])
        selected = [c for c in clinics if str(c.public_id) in chosen]
        questions = checklist_questions()
        answers = answers_by_question(selected)
        context["columns"] = [
            {"clinic": c, "summary": summarise(questions, answers[c.pk])} for c in selected
        ]
        context["table"] = [
            {
                "question": q,
                "cells": [
                    {"clinic": c, "answer": question_rows([q], answers[c.pk])[0]} for c in selected
                ],
            }
            for q in questions
        ]
        context["answer_choices"] = Answer.choices
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "clinics/compare.html", context, status=status)
