"""The visitor's private plan: see it, resume it elsewhere, delete it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinics.selectors import clinic_summaries

from . import plans
from .plan_forms import ResumeCodeForm
from .views import HtmxHttpRequest


@require_GET
@never_cache
def plan_detail(request: HtmxHttpRequest) -> HttpResponse:
    plan = plans.plan_for_request(request)
    context = {"plan": plan}
    if plan is not None:
        context["resume_url"] = request.build_absolute_uri(
            reverse("plan:resume_link", args=[plan.token])
        )
        context["clinics"] = clinic_summaries(plan)
    return render(request, "guide/plan.html", context)


@require_GET
@never_cache
def resume_link(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Open a plan from its private link, then drop the token from the address bar."""
    if plans.resume_blocked(request):
        return render(
            request,
            "guide/plan_resume.html",
            {"form": ResumeCodeForm(), "blocked": True},
            status=429,
        )
    plan = plans.find_plan_by_token(token)
    if plan is None:
        plans.note_failed_resume(request)
        return render(
            request,
            "guide/plan_resume.html",
            {"form": ResumeCodeForm(), "link_not_found": True},
            status=404,
        )
    plans.remember(request, plan)
    plans.touch(plan)
    messages.success(request, _("Welcome back. Your plan is open."))
    return redirect("plan:detail")


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
        if plan is not None:
            plan.delete()  # cascades to clinics, answers and everything else in it
        plans.forget(request)
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
