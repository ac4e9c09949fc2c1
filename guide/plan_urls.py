from django.urls import path

from . import plan_views

app_name = "plan"

urlpatterns = [
    path("", plan_views.plan_detail, name="detail"),
    path("resume/", plan_views.resume_with_code, name="resume"),
    path("resume/<str:token>/", plan_views.resume_link, name="resume_link"),
    path("delete/", plan_views.delete_plan, name="delete"),
    path("forget/", plan_views.forget_on_this_device, name="forget"),
    path("about-me/", plan_views.save_about_me, name="about_me"),
    path("priorities/", plan_views.save_priorities, name="priorities"),
    path("costs/", plan_views.save_costs, name="costs"),
    path("notes/", plan_views.save_notes, name="notes"),
    path("questions/", plan_views.add_own_question, name="add_question"),
    path("questions/own/<int:pk>/remove/", plan_views.remove_own_question, name="remove_question"),
    path("questions/<int:pk>/toggle/", plan_views.toggle_question, name="toggle_question"),
    path("summary.pdf", plan_views.summary_pdf, name="summary_pdf"),
]
