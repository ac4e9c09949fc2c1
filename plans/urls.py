from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("", views.plan_detail, name="detail"),
    path("resume/", views.resume_with_code, name="resume"),
    path("resume/<str:token>/", views.resume_link, name="resume_link"),
    path("delete/", views.delete_plan, name="delete"),
    path("forget/", views.forget_on_this_device, name="forget"),
    path("new-link/", views.new_link_and_code, name="new_link"),
    path("about-me/", views.save_about_me, name="about_me"),
    path("priorities/", views.save_priorities, name="priorities"),
    path("notes/", views.save_notes, name="notes"),
    path("questions/", views.add_own_question, name="add_question"),
    path("questions/own/<int:pk>/remove/", views.remove_own_question, name="remove_question"),
    path("questions/<int:pk>/toggle/", views.toggle_question, name="toggle_question"),
    path("summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("options/", views.options, name="options"),
    path("ready/", views.sure, name="sure"),
    path("check-what-i-know/", views.quiz, name="quiz"),
    path("check-what-i-know/save/", views.quiz_save, name="quiz_save"),
    path("check-what-i-know/<slug:slug>/", views.quiz_check, name="quiz_check"),
    path("find-a-trial/", views.trials, name="trials"),
    path("quick/", views.quick, name="quick"),
]
