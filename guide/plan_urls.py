from django.urls import path

from . import plan_views

app_name = "plan"

urlpatterns = [
    path("", plan_views.plan_detail, name="detail"),
    path("resume/", plan_views.resume_with_code, name="resume"),
    path("resume/<str:token>/", plan_views.resume_link, name="resume_link"),
    path("delete/", plan_views.delete_plan, name="delete"),
    path("forget/", plan_views.forget_on_this_device, name="forget"),
]
